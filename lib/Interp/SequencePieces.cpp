//===- SequencePieces.cpp - Sequences of symbolic length in pieces --------===//
///
/// \file
/// A list of symbolic length is a run of pieces, each one value standing for
/// a count of alike elements (Value::Segments, as LayerSegments.cpp builds a
/// layer stack split by index). The MLP heads of DETR and its kin build
/// theirs with list algebra:
///
///     h = [hidden_dim] * (num_layers - 1)
///     nn.ModuleList(nn.Linear(n, k) for n, k in zip([input_dim] + h,
///                                                     h + [output_dim]))
///
/// `[x] * n` is one piece of n, `+` joins pieces, zip() aligns them (here:
/// one, num_layers - 2, one) and a comprehension builds one element per
/// piece. Where zip() must cut a piece of symbolic count at a constant, the
/// count is assumed to be at least that constant, and the assumption is
/// reported. A `for` loop over such a list runs its body once per piece
/// (forSegments); the index enumerate() gives a piece is exact or bounded by
/// the piece's ends, and the counts and bounds are facts a comparison of
/// the index is decided by (`i < self.num_layers - 1`: true on the first
/// num_layers - 1 layers, false on the last).
///
//===----------------------------------------------------------------------===//

#include "SequencePieces.h"
#include "modcost/Interp/Evaluator.h"

#include "modcost/Interp/LayerSegments.h"
#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

std::optional<std::vector<SequencePieces::SeqPiece>>
SequencePieces::pieces(const Value &Seq) {
  if (!Seq.is(ValueKind::Tuple))
    return std::nullopt;
  std::vector<SeqPiece> Out;
  if (!Seq.Segments.empty()) {
    // Elements alike by index modulo a stride are not consecutive pieces.
    if (Seq.Segments.size() != Seq.Elems.size() || Seq.SegmentStride)
      return std::nullopt;
    for (size_t I = 0; I < Seq.Elems.size(); ++I)
      Out.push_back({Seq.Elems[I], Seq.Segments[I]});
  } else if (Seq.RepeatCount) {
    if (Seq.Elems.size() != 1)
      return std::nullopt;
    Out.push_back({Seq.Elems[0], Seq.RepeatCount});
  } else {
    for (const Value &E : Seq.Elems)
      Out.push_back({E, Sym.getOne()});
  }
  return Out;
}

Value SequencePieces::fromPieces(std::vector<SeqPiece> Ps, StringRef Why) {
  // Pieces of no element go; a list of single elements is an exact list.
  llvm::erase_if(Ps, [](const SeqPiece &P) { return P.Count->isZero(); });
  std::vector<Value> Elems;
  std::vector<const sym::Expr *> Counts;
  bool Exact = true;
  for (SeqPiece &P : Ps) {
    Exact &= P.Count->isOne();
    Elems.push_back(std::move(P.Elem));
    Counts.push_back(P.Count);
  }
  Value T = Value::tuple(std::move(Elems), Why);
  if (Exact)
    return T;
  T.RepeatCount = Sym.add(ArrayRef<const sym::Expr *>(Counts));
  if (Counts.size() > 1)
    T.Segments = std::move(Counts);
  return T;
}

std::optional<Value> SequencePieces::piecewiseBinary(const Value &L,
                                                     const Value &R,
                                                     StringRef Op,
                                                     StringRef Why) {
  if (!L.is(ValueKind::Tuple) && !R.is(ValueKind::Tuple))
    return std::nullopt;
  if (Op == "+" && (L.RepeatCount || R.RepeatCount)) {
    auto A = pieces(L), B = pieces(R);
    if (!A || !B)
      return std::nullopt;
    append_range(*A, *B);
    return fromPieces(std::move(*A), Why);
  }
  // `[x] * n` of a symbolic n: one piece of n copies.
  const Value &Seq = L.is(ValueKind::Tuple) ? L : R;
  const Value &Count = L.is(ValueKind::Tuple) ? R : L;
  const sym::Expr *N = Eval.dimExpr(Count);
  if (Op != "*" || Seq.RepeatCount || Seq.Elems.size() != 1 || !N ||
      N->isConstant())
    return std::nullopt;
  Value T = Value::tuple({Seq.Elems[0]}, joinWhy(Why, Count.Why));
  T.RepeatCount = N;
  return T;
}

/// \p E as `X >= c` text: `num_layers >= 2` for `num_layers - 2`.
static std::string atLeastZero(const sym::Expr *E, sym::ExprContext &Sym) {
  if (E->getKind() == sym::ExprKind::Add)
    for (const sym::Expr *Op : E->operands())
      if (Op->isConstant())
        return Sym.sub(E, Op)->str() + " >= " + Sym.neg(Op)->str();
  return E->str() + " >= 0";
}

void SequencePieces::notePieceAssumption(const sym::Expr *NonNeg,
                                         const std::string &What) {
  std::string Text = What + " (assumes " + atLeastZero(NonNeg, Sym) + ")";
  if (!is_contained(Eval.Result.Assumptions, Text))
    Eval.Result.Assumptions.push_back(Text);
}

std::optional<Value> SequencePieces::zipPieces(const CallArgs &Args,
                                               const Expr &Call) {
  std::vector<std::vector<SeqPiece>> In;
  bool Symbolic = false;
  for (const Value &A : Args.Positional) {
    auto P = pieces(A);
    if (!P)
      return std::nullopt;
    Symbolic |= bool(A.RepeatCount);
    In.push_back(std::move(*P));
  }
  if (!Symbolic)
    return std::nullopt;
  std::vector<size_t> At(In.size(), 0);
  std::vector<const sym::Expr *> Left(In.size());
  for (size_t K = 0; K < In.size(); ++K)
    Left[K] = In[K].empty() ? nullptr : In[K][0].Count;
  std::vector<SeqPiece> Out;
  while (llvm::all_of(Left, [](const sym::Expr *C) { return C; })) {
    // The shortest current piece: its count less than or equal to every
    // other's by a constant, or a constant where another is symbolic (the
    // symbolic one then assumed at least as long).
    const sym::Expr *M = Left[0];
    for (const sym::Expr *C : Left) {
      const sym::Expr *D = Sym.sub(C, M);
      if (D->isConstant()) {
        if (D->getConstantValue() < sym::Rational(0))
          M = C;
      } else if (C->isConstant() && !M->isConstant()) {
        M = C;
      } else if (!(M->isConstant() && !C->isConstant())) {
        return std::nullopt; // Two symbolic counts of no known order.
      }
    }
    std::vector<Value> Row;
    for (size_t K = 0; K < In.size(); ++K) {
      Row.push_back(In[K][At[K]].Elem);
      const sym::Expr *Rest = Sym.sub(Left[K], M);
      if (!Rest->isConstant())
        notePieceAssumption(Rest, "zip() at " + location(Call.Range) +
                                      " pairs its arguments piece by piece");
      if (Rest->isZero()) {
        ++At[K];
        Left[K] = At[K] < In[K].size() ? In[K][At[K]].Count : nullptr;
      } else {
        Left[K] = Rest;
      }
    }
    Out.push_back({Value::tuple(std::move(Row)), M});
  }
  return fromPieces(std::move(Out), "");
}

std::optional<Value> SequencePieces::comprehensionPieces(const Expr &E,
                                                         const Value &Iter,
                                                         Frame &F) {
  if (E.Op == "dict" || E.numOps() != 2 || Iter.Segments.empty())
    return std::nullopt;
  auto Ps = pieces(Iter);
  if (!Ps)
    return std::nullopt;
  const Expr &For = *E.op(1);
  StringMap<Value> Saved = F.Locals;
  for (SeqPiece &P : *Ps) {
    Eval.assign(*For.op(0), P.Elem, F);
    P.Elem = Eval.eval(*E.op(0), F);
  }
  F.Locals = std::move(Saved);
  return fromPieces(std::move(*Ps), Iter.Why);
}

std::optional<bool> SequencePieces::decideByFacts(const sym::Expr *A,
                                                  StringRef Op,
                                                  const sym::Expr *B,
                                                  std::string &Why,
                                                  bool *ByConvention) {
  if (!A || !B)
    return std::nullopt;
  // The facts of the loops being run, then the phase's convention: while
  // prefilling, a sequence (the decoder's too) has at least two tokens; a
  // step of one token is a decode step.
  std::vector<std::pair<const sym::Expr *, std::string>> Facts =
      Eval.NonNegative;
  size_t Stated = Facts.size();
  const ProfileEntry *Phase = Eval.fact("phase");
  if (Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "prefill")
    for (StringRef Len : {"seq_len", "decoder_seq_len"})
      Facts.push_back(
          {Sym.sub(Sym.symbol(Len), Sym.constant(2)),
           "while prefilling a sequence has at least two tokens, `" +
               Len.str() + " >= 2` (profile facts.phase = 'prefill', " +
               Phase->Origin + ")"});
  if (Facts.empty())
    return std::nullopt;
  // A - B = F + d with F >= 0 gives A - B >= d; = d - F gives <= d.
  const sym::Expr *D = Sym.sub(A, B);
  std::optional<sym::Rational> Lo, Hi;
  size_t LoFact = 0, HiFact = 0;
  for (size_t I = 0; I < Facts.size(); ++I) {
    const auto &[Fact, Reason] = Facts[I];
    const sym::Expr *Above = Sym.sub(D, Fact), *Below = Sym.add(D, Fact);
    if (Above->isConstant() && (!Lo || *Lo < Above->getConstantValue())) {
      Lo = Above->getConstantValue();
      LoFact = I;
    }
    if (Below->isConstant() && (!Hi || Below->getConstantValue() < *Hi)) {
      Hi = Below->getConstantValue();
      HiFact = I;
    }
  }
  sym::Rational Zero(0);
  std::optional<bool> R;
  bool Pos = Lo && Zero < *Lo, NonNeg = Lo && !(*Lo < Zero);
  bool Neg = Hi && *Hi < Zero, NonPos = Hi && !(Zero < *Hi);
  if (Op == "<")
    R = Neg ? std::optional(true) : NonNeg ? std::optional(false) : R;
  else if (Op == "<=")
    R = NonPos ? std::optional(true) : Pos ? std::optional(false) : R;
  else if (Op == ">")
    R = Pos ? std::optional(true) : NonPos ? std::optional(false) : R;
  else if (Op == ">=")
    R = NonNeg ? std::optional(true) : Neg ? std::optional(false) : R;
  else if (Op == "==" && (Pos || Neg))
    R = false;
  else if (Op == "!=" && (Pos || Neg))
    R = true;
  if (!R)
    return R;
  // The bound that decided (see the table above).
  bool FromLo = Op == "<"    ? !Neg
                : Op == "<=" ? !NonPos
                : Op == ">"  ? Pos
                : Op == ">=" ? NonNeg
                             : Pos;
  size_t Used = FromLo ? LoFact : HiFact;
  Why = Facts[Used].second;
  if (ByConvention)
    *ByConvention = Used >= Stated;
  return R;
}

void SequencePieces::pushPieceFacts(const Value &Iter, size_t I,
                                    const Value &Elem, unsigned Line) {
  std::string Reason =
      "the loop at line " + std::to_string(Line) + " runs in pieces of ";
  for (size_t K = 0; K < Iter.Segments.size(); ++K)
    Reason += (K ? ", " : "") + Iter.Segments[K]->str();
  Reason += " iterations, none of negative count";
  for (const sym::Expr *N : Iter.Segments)
    if (!N->isConstant())
      Eval.NonNegative.push_back({N, Reason});
  // The index (of `range()`, or the one enumerate() gives the piece) lies
  // between the piece's ends.
  const Value &Index = Elem.is(ValueKind::Tuple) && Elem.Elems.size() == 2
                           ? Elem.Elems[0]
                           : Elem;
  if (plainLoopIndex(Index).empty())
    return;
  const sym::Expr *Start = Sym.getZero();
  for (size_t K = 0; K < I; ++K)
    Start = Sym.add(Start, Iter.Segments[K]);
  const sym::Expr *Last =
      Sym.sub(Sym.add(Start, Iter.Segments[I]), Sym.getOne());
  std::string Range = "the index runs from " + Start->str() + " to " +
                      Last->str() + " in this piece";
  Eval.NonNegative.push_back({Sym.sub(Index.Sym, Start), Range});
  Eval.NonNegative.push_back({Sym.sub(Last, Index.Sym), Range});
}

/// True if \p E reads sizes only (names, attributes, integers, `+ - *`,
/// `len()`): evaluated ahead of a loop, it has no effect.
static bool readsSizesOnly(const Expr &E) {
  switch (E.Kind) {
  case ExprKind::Name:
  case ExprKind::Int:
    return true;
  case ExprKind::Attribute:
  case ExprKind::UnaryOp:
    return readsSizesOnly(*E.op(0));
  case ExprKind::BinaryOp:
    return (E.Op == "+" || E.Op == "-" || E.Op == "*") &&
           readsSizesOnly(*E.op(0)) && readsSizesOnly(*E.op(1));
  case ExprKind::Call:
    return E.numOps() == 2 && E.op(0)->Kind == ExprKind::Name &&
           E.op(0)->Name == "len" && readsSizesOnly(*E.op(1));
  default:
    return false;
  }
}

/// Collects the comparisons `Index Op X` and `X Op Index` in \p E.
static void collectIndexComparisons(
    const Expr &E, StringRef Index,
    std::vector<std::pair<std::string, const Expr *>> &Out) {
  if (E.Kind == ExprKind::Lambda)
    return;
  if (E.Kind == ExprKind::Compare && E.CompareOps.size() == 1 &&
      E.numOps() == 2) {
    auto IsIndex = [&](const Expr &X) {
      return X.Kind == ExprKind::Name && X.Name == Index;
    };
    bool L = IsIndex(*E.op(0)), R = IsIndex(*E.op(1));
    StringRef Op = E.CompareOps[0];
    if (L != R && readsSizesOnly(*E.op(L ? 1 : 0)))
      Out.push_back({(L ? Op : mirroredComparison(Op)).str(), E.op(L ? 1 : 0)});
  }
  // `self.layer[i]`: noted as `[]` with the indexed value (a layer stack
  // split by index modulo a stride splits the loop too).
  if (E.Kind == ExprKind::Subscript && E.numOps() == 2 &&
      E.op(1)->Kind == ExprKind::Name && E.op(1)->Name == Index &&
      readsSizesOnly(*E.op(0)))
    Out.push_back({"[]", E.op(0)});
  for (size_t I = 0; I < E.numOps(); ++I)
    if (E.op(I))
      collectIndexComparisons(*E.op(I), Index, Out);
}

static void collectIndexComparisons(
    const Block &B, StringRef Index,
    std::vector<std::pair<std::string, const Expr *>> &Out) {
  for (const auto &S : B) {
    if (S->Function || S->Class)
      continue;
    for (const auto &E : S->Exprs)
      if (E)
        collectIndexComparisons(*E, Index, Out);
    for (const Block &Sub : S->Bodies)
      collectIndexComparisons(Sub, Index, Out);
  }
}

std::optional<Evaluator::Flow>
SequencePieces::forIndexPieces(const Stmt &S, const Value &Iter, Frame &F) {
  // `for i in range(n)` or `for i, x in enumerate(seq)`, n symbolic.
  const Expr &Target = *S.Exprs[0];
  const Value &Rep = Iter.Elems[0];
  bool Pair = Target.Kind == ExprKind::Tuple && Target.numOps() == 2 &&
              Rep.is(ValueKind::Tuple) && Rep.Elems.size() == 2;
  const Expr *IndexVar = Pair ? Target.op(0) : &Target;
  if (IndexVar->Kind != ExprKind::Name ||
      (!Pair && plainLoopIndex(Rep).empty()))
    return std::nullopt;
  if (Pair && (S.Exprs[1]->Kind != ExprKind::Call ||
               S.Exprs[1]->op(0)->Text != "enumerate"))
    return std::nullopt;
  std::vector<std::pair<std::string, const Expr *>> Cmps;
  collectIndexComparisons(S.Bodies[0], IndexVar->Name, Cmps);
  if (Cmps.empty())
    return std::nullopt;
  // Split points from the front (`i == 0`, `i > 1`) and from the back
  // (`i < n - 1` is `j > 0` for the index j = n - 1 - i counted from the
  // end).
  const sym::Expr *N = Iter.RepeatCount;
  IndexSplits Front, Back;
  int64_t Stride = 0;
  for (const auto &[Op, X] : Cmps) {
    Value Other = Eval.eval(*X, F);
    if (Op == "[]") {
      Stride = Other.is(ValueKind::Object) ? Other.Obj->ItemSegmentStride
                                           : Other.SegmentStride;
      continue;
    }
    // `i in (2, 5, 8, 11)` (SAM's global-attention layers): the index
    // equals each listed constant somewhere.
    if (Op == "in" || Op == "not in") {
      if (Other.is(ValueKind::Tuple) && !Other.RepeatCount &&
          llvm::all_of(Other.Elems,
                       [](const Value &V) { return V.is(ValueKind::Int); }))
        for (const Value &V : Other.Elems)
          Front.addComparison("==", V.I, true);
      continue;
    }
    const sym::Expr *C = Eval.dimExpr(Other);
    if (!C)
      continue;
    const sym::Expr *FromEnd = Sym.sub(C, N);
    if (auto K = sym::integerValue(C))
      Front.addComparison(Op, *K, true);
    else if (auto K = sym::integerValue(FromEnd))
      Back.addComparison(mirroredComparison(Op), -*K - 1, true);
  }
  int64_t P = Front.tailStart(0, MaxSegmentPrefix).value_or(0);
  int64_t Q = Back.tailStart(0, MaxSegmentPrefix).value_or(0);
  if (!P && !Q && Stride > 1 && F.Context != "__init__")
    return forResidues(S, Iter, Stride, Pair, F);
  if (!P && !Q)
    return std::nullopt;
  // In a constructor, what one iteration appends (a layer to a list or a
  // container of submodules) is counted per piece: the first P one by one,
  // the rest as a segment after them (repeatGrownLists). A segment with
  // single layers after it would need counts the containers do not keep.
  if (F.Context == "__init__" && Q)
    return std::nullopt;
  const sym::Expr *Middle = Sym.sub(N, Sym.constant(P + Q));
  std::vector<SeqPiece> Ps;
  auto Elem = [&](Value Index) {
    return Pair ? Value::tuple({std::move(Index), Rep.Elems[1]}) : Index;
  };
  for (int64_t I = 0; I < P; ++I)
    Ps.push_back({Elem(Value::integer(I, Iter.Why)), Sym.getOne()});
  Value Index =
      Value::symbolic(Sym.symbol(Eval.loopIndexName(S.Range.Line)),
                      "the index of the loop at " + location(S.Range));
  Index.MinValue = P;
  ++Eval.LoopIndexSymbols;
  Ps.push_back({Elem(Index), Middle});
  for (int64_t J = Q; J-- > 0;) {
    const sym::Expr *At = Sym.sub(N, Sym.constant(J + 1));
    Ps.push_back({Elem(Value::symbolic(At, Iter.Why)), Sym.getOne()});
  }
  if (!Middle->isConstant())
    notePieceAssumption(Middle, "the loop at " + location(S.Range) +
                                    " compares its index with the ends: its "
                                    "first " +
                                    std::to_string(P) + " and last " +
                                    std::to_string(Q) +
                                    " iterations run apart from the rest");
  Value T = Value::tuple({}, Iter.Why);
  for (SeqPiece &Pc : Ps) {
    T.Elems.push_back(std::move(Pc.Elem));
    T.Segments.push_back(Pc.Count);
  }
  T.RepeatCount = N;
  return Eval.forSegments(S, T, F);
}

Evaluator::Flow SequencePieces::forResidues(const Stmt &S, const Value &Iter,
                                            int64_t Stride, bool Pair,
                                            Frame &F) {
  const Value &Rep = Iter.Elems[0];
  const sym::Expr *J = Sym.symbol(Eval.loopIndexName(S.Range.Line));
  ++Eval.LoopIndexSymbols;
  Value T = Value::tuple({}, Iter.Why);
  for (int64_t R = 0; R < Stride; ++R) {
    // Index Stride * j + r: the stack's entry of residue r.
    Value Index =
        Value::symbolic(residueIndex(Stride, J, R, Sym),
                        "the index of the loop at " + location(S.Range));
    Index.MinValue = R;
    T.Elems.push_back(Pair ? Value::tuple({Index, Rep.Elems[1]}) : Index);
    T.Segments.push_back(residueCount(Iter.RepeatCount, R, Stride, Sym));
  }
  T.RepeatCount = Iter.RepeatCount;
  T.SegmentStride = Stride;
  return Eval.forSegments(S, T, F);
}

} // namespace modcost
