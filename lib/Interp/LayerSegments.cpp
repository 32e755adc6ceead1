//===- LayerSegments.cpp - Layer stacks whose layers differ by index ------===//
///
/// \file
/// A list comprehension over `range(n)` of symbolic length builds one
/// representative element, its index a symbol of its own (builtinRange).
/// Built under a probe, the comparisons of that index with constants that
/// stay undecided are noted (evalCompare calls noteIndexComparison): T5's
/// `bool(i == 0)`, DeepSeek-V3's `layer_idx >= config.first_k_dense_replace`.
/// The element is then built once per segment: each index before the last
/// split point on its own, and one representative for the rest, its index
/// bounded below by that point so the comparisons are decided. The list
/// carries the segment counts (Value::Segments), a ModuleList built from it
/// too (ObjectState::ItemSegments); a `for` loop over it runs its body once
/// per segment, priced as many times as the segment has layers.
///
//===----------------------------------------------------------------------===//

#include "modcost/Interp/LayerSegments.h"
#include "EvaluatorImpl.h"
#include "SequencePieces.h"

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/ScopeExit.h"

#include <algorithm>
#include <numeric>

using namespace llvm;

namespace modcost {

/// The longest pattern of layer kinds a stack is split by (Gemma-3's every
/// sixth layer global).
static constexpr int64_t MaxSegmentStride = 12;

bool IndexSplits::addComparison(StringRef Op, int64_t C, bool IndexOnLeft) {
  if (!IndexOnLeft) // c OP i  ==  i OP' c
    Op = mirroredComparison(Op);
  if (Op == "==" || Op == "!=") {
    Points.insert(C);
    Points.insert(C + 1);
  } else if (Op == "<" || Op == ">=") {
    Points.insert(C);
  } else if (Op == ">" || Op == "<=") {
    Points.insert(C + 1);
  } else {
    return false;
  }
  return true;
}

std::optional<int64_t> IndexSplits::tailStart(int64_t Lo,
                                              int64_t MaxPrefix) const {
  if (Points.empty() || *Points.rbegin() <= Lo ||
      *Points.rbegin() - Lo > MaxPrefix)
    return std::nullopt;
  return *Points.rbegin();
}

void IndexSplits::merge(const IndexSplits &O) {
  Points.insert(O.Points.begin(), O.Points.end());
  Opaque.insert(Opaque.end(), O.Opaque.begin(), O.Opaque.end());
  Moduli.insert(O.Moduli.begin(), O.Moduli.end());
}

int64_t IndexSplits::stride(int64_t Max) const {
  int64_t L = 0;
  for (int64_t K : Moduli) {
    L = L ? L / std::gcd(L, K) * K : K;
    if (L > Max)
      return 0;
  }
  return L;
}

bool isLoopIndexSymbol(const sym::Expr *E) {
  return E && E->isSymbol() && E->getName().starts_with("loop_index_line_");
}

const sym::Expr *residueIndex(int64_t Stride, const sym::Expr *J, int64_t R,
                              sym::ExprContext &Sym) {
  return Sym.add(Sym.mul(Sym.constant(Stride), J), Sym.constant(R));
}

const sym::Expr *residueCount(const sym::Expr *N, int64_t R, int64_t Stride,
                              sym::ExprContext &Sym) {
  return Sym.ceilDiv(Sym.sub(N, Sym.constant(R)), Sym.constant(Stride));
}

const sym::Expr *divideLoopIndexForm(const sym::Expr *A, int64_t K,
                                     bool Remainder, sym::ExprContext &Sym) {
  if (K <= 0 || !A)
    return nullptr;
  ArrayRef<const sym::Expr *> Terms =
      A->getKind() == sym::ExprKind::Add ? A->operands() : ArrayRef(A);
  int64_t Constant = 0;
  std::vector<const sym::Expr *> Quotient;
  bool AnyIndex = false;
  for (const sym::Expr *T : Terms) {
    if (std::optional<int64_t> C = sym::integerValue(T)) {
      Constant += *C;
      continue;
    }
    // c * index, or the index alone.
    int64_t Coefficient = 1;
    const sym::Expr *Index = T;
    if (T->getKind() == sym::ExprKind::Mul && T->operands().size() == 2) {
      std::optional<int64_t> C = sym::integerValue(T->operands()[0]);
      if (!C)
        return nullptr;
      Coefficient = *C;
      Index = T->operands()[1];
    }
    if (!isLoopIndexSymbol(Index) || Coefficient % K != 0)
      return nullptr;
    AnyIndex = true;
    Quotient.push_back(Sym.mul(Sym.constant(Coefficient / K), Index));
  }
  if (!AnyIndex)
    return nullptr;
  int64_t Mod = ((Constant % K) + K) % K;
  if (Remainder)
    return Sym.constant(Mod);
  Quotient.push_back(Sym.constant((Constant - Mod) / K));
  return Sym.add(ArrayRef<const sym::Expr *>(Quotient));
}

void Evaluator::noteIndexComparison(const Value &L, StringRef Op,
                                    const Value &R, const Expr &Site) {
  for (auto &[Name, Splits] : IndexProbes) {
    // `(i + 1) % k`: the layers may differ by their index modulo k.
    if (Op == "%" || Op == "//") {
      if (R.is(ValueKind::Int) && R.I > 0 && L.is(ValueKind::Symbol) && L.Sym &&
          is_contained(sym::freeSymbols(L.Sym), StringRef(Name)))
        Splits->addModulus(R.I);
      continue;
    }
    bool Left = plainLoopIndex(L) == Name, Right = plainLoopIndex(R) == Name;
    if (Left == Right)
      continue;
    const Value &Other = Left ? R : L;
    if (!(Other.is(ValueKind::Int) &&
          Splits->addComparison(Op, Other.I, Left)) &&
        Op != "is" && Op != "is not")
      Splits->addOpaque(Site.Text);
  }
}

Value Evaluator::buildElement(const Expr &E, const Value &Index, StringRef Name,
                              IndexSplits &Splits, Frame &F) {
  const Expr &For = *E.op(1);
  StringMap<Value> Saved = F.Locals;
  assign(*For.op(0), Index, F);
  IndexProbes.push_back({Name.str(), &Splits});
  Value V = eval(*E.op(0), F);
  IndexProbes.pop_back();
  F.Locals = std::move(Saved);
  return V;
}

std::optional<Value>
Evaluator::segmentedComprehension(const Expr &E, const Value &Iter, Frame &F) {
  if (E.Op == "dict" || E.numOps() != 2 || !Iter.RepeatCount ||
      Iter.Elems.size() != 1 || !Iter.Segments.empty())
    return std::nullopt;
  const Value &Index = Iter.Elems[0];
  StringRef Name = plainLoopIndex(Index);
  if (Name.empty())
    return std::nullopt;
  IndexSplits Splits;
  // Undecided conditions of the representative wait for the split (a
  // segment's build decides them); then the rest is reported.
  ++Provisional.Depth;
  Value Rep = buildElement(E, Index, Name, Splits, F);
  --Provisional.Depth;
  auto Report = make_scope_exit([&] {
    if (Provisional.Depth)
      return;
    for (const auto &[Index, At] : Provisional.Pending)
      reportUndecided(Diags, Result.Decisions[Index], At);
    Provisional.Pending.clear();
  });
  Value Alike = Value::tuple({Rep}, Iter.Why);
  Alike.RepeatCount = Iter.RepeatCount;
  if (!Splits.any())
    return Alike;
  const Expr &Range = *E.op(1)->op(1);
  if (std::optional<Value> Strided =
          stridedComprehension(E, Iter, Name, Splits, F))
    return *Strided;
  int64_t Lo = Index.MinValue.value_or(0);
  std::optional<int64_t> Tail =
      Index.MinValue ? Splits.tailStart(Lo, MaxSegmentPrefix) : std::nullopt;
  // Built from the split point on, the rest may compare the index with a
  // later point: split there too (a few times at most).
  for (unsigned Round = 0; Tail && Round < 4; ++Round) {
    std::vector<Value> Elems;
    std::vector<const sym::Expr *> Counts;
    IndexSplits More;
    for (int64_t I = Lo; I < *Tail; ++I) {
      Elems.push_back(
          buildElement(E, Value::integer(I, Index.Why), Name, More, F));
      Counts.push_back(Sym.getOne());
    }
    Value Rest = Index;
    Rest.MinValue = *Tail;
    Elems.push_back(buildElement(E, Rest, Name, More, F));
    Counts.push_back(Sym.sub(Iter.RepeatCount, Sym.constant(*Tail - Lo)));
    Splits.merge(More);
    std::optional<int64_t> Next = Splits.tailStart(Lo, MaxSegmentPrefix);
    if (Next == Tail) {
      Value R = Value::tuple(std::move(Elems), Iter.Why);
      R.RepeatCount = Iter.RepeatCount;
      R.Segments = std::move(Counts);
      noteSegmentAssumption(Range, *Tail - Lo, Iter.RepeatCount);
      return R;
    }
    Tail = Next;
  }
  // No segmentation: every element alike, as the representative was built;
  // the comparisons it left undecided say why.
  if (Range.Range.File && !Splits.opaque().empty())
    Diags.report(Range.Range.File->getBufferID(), Range.Range.Begin,
                 DiagLevel::Note,
                 "the elements of `" + Range.Text.str() +
                     "` differ by index (`" + Splits.opaque().front() +
                     "` compares it with a value that is not a constant): "
                     "they are built alike");
  return Alike;
}

std::optional<Value> Evaluator::stridedComprehension(const Expr &E,
                                                     const Value &Iter,
                                                     StringRef Name,
                                                     const IndexSplits &Splits,
                                                     Frame &F) {
  const Value &Index = Iter.Elems[0];
  int64_t Stride = Splits.stride(MaxSegmentStride);
  if (Stride < 2 || !Splits.points().empty() || !Splits.opaque().empty() ||
      Index.MinValue != 0)
    return std::nullopt;
  // Index i = Stride * j + r for residue r, j the probe's symbol (a loop
  // index, so `(i + 1) % Stride` is the constant (r + 1) % Stride).
  const sym::Expr *J = Sym.symbol(Name);
  std::vector<Value> Elems;
  std::vector<const sym::Expr *> Counts;
  IndexSplits More;
  std::string Shown;
  for (int64_t R = 0; R < Stride; ++R) {
    Value At = Value::symbolic(residueIndex(Stride, J, R, Sym), Index.Why);
    At.MinValue = R;
    Elems.push_back(buildElement(E, At, Name, More, F));
    Counts.push_back(residueCount(Iter.RepeatCount, R, Stride, Sym));
    Shown += (R ? ", " : "") + Counts.back()->str();
  }
  Value Out = Value::tuple(std::move(Elems), Iter.Why);
  Out.RepeatCount = Iter.RepeatCount;
  Out.Segments = std::move(Counts);
  Out.SegmentStride = Stride;
  const Expr &Range = *E.op(1)->op(1);
  std::string Text = "the layers of `" + Range.Text.str() + "` at " +
                     location(Range.Range) + " differ by index modulo " +
                     std::to_string(Stride) + ": built once per residue, " +
                     "standing for " + Shown + " layers";
  if (!is_contained(Result.Assumptions, Text))
    Result.Assumptions.push_back(Text);
  return Out;
}

void Evaluator::noteSegmentAssumption(const Expr &Range, int64_t Prefix,
                                      const sym::Expr *Count) {
  std::string Text =
      "the layers of `" + Range.Text.str() + "` at " + location(Range.Range) +
      " differ by index: the first " + std::to_string(Prefix) +
      " are built one by one, the other " +
      Sym.sub(Count, Sym.constant(Prefix))->str() + " alike (assumes " +
      Count->str() + " >= " + std::to_string(Prefix) + ")";
  if (!is_contained(Result.Assumptions, Text))
    Result.Assumptions.push_back(Text);
}

Value Evaluator::itemsTuple(const ObjectState &O, StringRef Why) {
  Value T = Value::tuple(O.Items, Why);
  T.RepeatCount = O.ItemsRepeat;
  T.Segments = O.ItemSegments;
  T.SegmentStride = O.ItemSegmentStride;
  return T;
}

std::vector<const sym::Expr *> Evaluator::segmentStartExprs(const Value &List) {
  std::vector<const sym::Expr *> Out;
  // Residues modulo a stride start at the residue.
  if (List.SegmentStride) {
    for (size_t I = 0; I < List.Segments.size(); ++I)
      Out.push_back(Sym.constant(int64_t(I)));
    return Out;
  }
  const sym::Expr *At = Sym.getZero();
  for (const sym::Expr *N : List.Segments) {
    Out.push_back(At);
    At = Sym.add(At, N);
  }
  return Out;
}

std::vector<std::string> Evaluator::segmentNames(const Value &List) {
  // A start past a segment of symbolic count is an expression
  // (`num_layers-1`, the last of an MLP head's layers).
  std::vector<std::string> Out;
  for (const sym::Expr *S : segmentStartExprs(List)) {
    std::string Text = S->str();
    llvm::erase(Text, ' ');
    Out.push_back(Text);
  }
  return Out;
}

Evaluator::Flow Evaluator::forSegments(const Stmt &S, const Value &Iter,
                                       Frame &F) {
  std::vector<std::string> Starts = segmentNames(Iter);
  for (size_t I = 0; I < Iter.Elems.size(); ++I) {
    const sym::Expr *N = Iter.Segments[I];
    LoopStart Before = loopStart(F);
    assign(*S.Exprs[0], Iter.Elems[I], F);
    size_t Facts = NonNegative.size();
    SequencePieces(*this).pushPieceFacts(Iter, I, Iter.Elems[I], S.Range.Line);
    bool One = N->isOne();
    if (!One) {
      SegmentLoops.push_back(LoopFactors.size());
      std::string Which =
          Iter.SegmentStride
              ? "its layers at index " + Starts[I] + " modulo " +
                    std::to_string(Iter.SegmentStride) + " (alike)"
              : "its layers from index " + Starts[I] + " on (alike)";
      LoopFactors.push_back({N, "runs " + N->str() +
                                    " times: the loop at line " +
                                    std::to_string(S.Range.Line) + " over `" +
                                    S.Exprs[1]->Text.str() + "`, " + Which});
    }
    Flow Fl = execBlock(S.Bodies[0], F);
    NonNegative.resize(Facts);
    if (!One) {
      LoopFactors.pop_back();
      SegmentLoops.pop_back();
    }
    if (Fl == Flow::Returned || Fl == Flow::Raised)
      return Fl;
    if (Fl == Flow::Broke)
      return Flow::Normal;
    if (!One)
      repeatGrownLists(Before, F, N, S);
  }
  return execBlock(S.Bodies[1], F);
}

const sym::Expr *Evaluator::segmentFactor() {
  size_t From = CallStack.empty() ? 0 : CallStack.back().LoopDepth;
  const sym::Expr *N = nullptr;
  for (size_t I : SegmentLoops)
    if (I >= From)
      N = N ? Sym.mul(N, LoopFactors[I].first) : LoopFactors[I].first;
  return N;
}

Value Evaluator::segmentIndex(const Value &List, size_t I, const Expr &Call) {
  const sym::Expr *StartExpr = segmentStartExprs(List)[I];
  std::optional<int64_t> Start = sym::integerValue(StartExpr);
  if (List.SegmentStride) {
    // Index Stride * j + r, j an index of its own: `% Stride` is r.
    const sym::Expr *J = Sym.symbol(loopIndexName(Call.Range.Line));
    Value Index = Value::symbolic(
        residueIndex(List.SegmentStride, J, int64_t(I), Sym),
        "the index of `" + Call.Text.str() + "` at " + location(Call.Range));
    Index.MinValue = Start;
    ++LoopIndexSymbols;
    return Index;
  }
  if (List.Segments[I]->isOne())
    return Start ? Value::integer(*Start, List.Why)
                 : Value::symbolic(StartExpr, List.Why);
  // The rest of the layers: an index of its own, from the segment's start
  // (bounded by its ends while the loop runs, pushPieceFacts).
  Value Index = Value::symbolic(Sym.symbol(loopIndexName(Call.Range.Line)),
                                "the index of `" + Call.Text.str() + "` at " +
                                    location(Call.Range));
  Index.MinValue = Start;
  ++LoopIndexSymbols;
  return Index;
}

std::optional<Value> Evaluator::segmentItem(const ObjectState &O,
                                            const Value &Idx) {
  Value List = itemsTuple(O);
  if (int64_t Stride = O.ItemSegmentStride) {
    // The entry at the index's residue modulo the stride.
    const sym::Expr *R = Idx.is(ValueKind::Int) ? Sym.constant(Idx.I % Stride)
                         : Idx.is(ValueKind::Symbol)
                             ? divideLoopIndexForm(Idx.Sym, Stride,
                                                   /*Remainder=*/true, Sym)
                             : nullptr;
    std::optional<int64_t> At = sym::integerValue(R);
    if (!At || *At < 0 || size_t(*At) >= O.Items.size())
      return std::nullopt;
    return O.Items[size_t(*At)];
  }
  std::vector<std::string> Starts = segmentNames(List);
  // The segment holding a known index, or the last one for an index at
  // least its start (a loop index bounded below).
  std::optional<int64_t> At = Idx.is(ValueKind::Int) ? std::optional(Idx.I)
                              : plainLoopIndex(Idx).empty() ? std::nullopt
                                                            : Idx.MinValue;
  if (!At)
    return std::nullopt;
  if (!Idx.is(ValueKind::Int)) {
    int64_t Start;
    if (StringRef(Starts.back()).getAsInteger(10, Start) || *At < Start)
      return std::nullopt;
    return O.Items.back();
  }
  for (size_t I = O.Items.size(); I-- > 0;) {
    int64_t Start;
    if (StringRef(Starts[I]).getAsInteger(10, Start))
      return std::nullopt;
    if (*At >= Start) {
      return O.Items[I];
    }
  }
  return std::nullopt;
}

} // namespace modcost
