//===- EvaluatorCost.cpp - Per-line kernels recorded during evaluation ----===//
///
/// \file
/// While the evaluator runs the unit's forward(), every tensor operation on
/// a top-level line is priced with the op catalog, and every call of a
/// submodule or Python helper becomes a composite reference whose cost is
/// the sum of what the callee runs, with the caller's actual values. The
/// branch not taken by an undecided condition is evaluated (to keep the
/// facts sound) but not priced. A line inside a loop over N identical
/// items is multiplied by N.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "modcost/Symbolic/StandardSymbols.h"
#include "modcost/Symbolic/Summation.h"

#include "llvm/ADT/StringExtras.h"

#include <set>

using namespace llvm;

namespace modcost {

static TensorDesc describe(const Value &V) {
  TensorDesc D;
  D.Known = V.DimsKnown;
  D.Dims = V.Dims;
  D.Bytes = V.Bytes;
  D.Contiguous = V.Contiguous;
  return D;
}

static std::string shapeText(const Value &V) {
  std::string S = V.str();
  return V.is(ValueKind::Tensor) ? S + " " + V.Bytes : S;
}

void Evaluator::noteSymbol(StringRef Name, StringRef Origin) {
  Result.SymbolOrigins.emplace(Name.str(), Origin.str());
}

void Evaluator::beginEntry(const Stmt &S) {
  // A line of the unit's forward(), or of the callee being priced.
  CallAccumulator *Acc = CallStack.empty() ? nullptr : &CallStack.back();
  auto &Index = Acc ? Acc->EntryIndex : EntryIndex;
  std::vector<KernelEntry> &Kernels = Acc ? Acc->Body->Kernels : Result.Kernels;
  int &Cur = Acc ? Acc->CurEntry : CurEntry;
  auto It = Index.find(&S);
  if (It != Index.end()) {
    Cur = int(It->second);
    return;
  }
  KernelEntry E;
  E.Line = S.Range.Line;
  E.EndLine = S.Range.EndLine;
  bool Compound = S.Kind == StmtKind::If || S.Kind == StmtKind::For ||
                  S.Kind == StmtKind::While || S.Kind == StmtKind::With ||
                  S.Kind == StmtKind::Try;
  StringRef Text = S.Text;
  if (Compound) {
    // The header only: up to the ':' that opens the body.
    Text = Text.take_until([](char C) { return C == '\n'; });
    E.EndLine = E.Line;
  }
  E.Code = Text.str();
  // The loops this line is inside of (within the callee, for a callee).
  size_t From = Acc ? Acc->LoopDepth : 0;
  if (LoopFactors.size() > From) {
    const sym::Expr *T = Sym.getOne();
    for (size_t I = From; I < LoopFactors.size(); ++I) {
      if (is_contained(SegmentLoops, I))
        continue; // Per operation (segmentFactor): segments differ.
      T = Sym.mul(T, LoopFactors[I].first);
      E.TimesWhy += (E.TimesWhy.empty() ? "" : "; ") + LoopFactors[I].second;
    }
    if (!E.TimesWhy.empty()) // Not only segment loops.
      E.Times = T;
  }
  Index[&S] = Kernels.size();
  Cur = int(Kernels.size());
  Kernels.push_back(std::move(E));
}

KernelEntry *Evaluator::currentEntry() {
  if (CallStack.empty())
    return CurEntry >= 0 ? &Result.Kernels[CurEntry] : nullptr;
  CallAccumulator &Acc = CallStack.back();
  if (!Acc.Body || Acc.CurEntry < 0 ||
      size_t(Acc.CurEntry) >= Acc.Body->Kernels.size())
    return nullptr;
  return &Acc.Body->Kernels[Acc.CurEntry];
}

StringRef Evaluator::loopIndexIn(const OpCost &C) const {
  for (const sym::Expr *E : {C.Flops, C.Read, C.Write})
    if (E)
      for (StringRef Name : sym::freeSymbols(E))
        if (Name.starts_with("loop_index_line_"))
          return Name;
  return "";
}

/// True if \p A and \p B are the same formulas.
static bool sameCost(const OpCost &A, const OpCost &B) {
  return A.Flops == B.Flops && A.MatmulFlops == B.MatmulFlops &&
         A.Read == B.Read && A.Write == B.Write;
}

/// \p C summed over the range of every loop index it depends on whose
/// range is known, divided by the range's count: priced once per iteration
/// and scaled by the count, as a loop is, it gives the sum
/// (`attn[..., i, :i]` over `range(1, 64)`). Unchanged if a sum has no
/// closed form. \p Note says which sums were taken.
static OpCost sumOverLoopIndices(
    OpCost C,
    const std::map<std::string, std::pair<const sym::Expr *, const sym::Expr *>>
        &Ranges,
    sym::ExprContext &Sym, std::string &Note) {
  for (const auto &[Name, Range] : Ranges) {
    auto [Start, Count] = Range;
    OpCost Summed = C;
    bool Ok = true;
    for (const sym::Expr **E :
         {&Summed.Flops, &Summed.MatmulFlops, &Summed.Read, &Summed.Write}) {
      if (!*E || !is_contained(sym::freeSymbols(*E), StringRef(Name)))
        continue;
      // Index = Start + k for k = 0 .. Count - 1.
      sym::SubstitutionMap Shift;
      Shift[Name] = Sym.add(Sym.symbol(Name), Start);
      Expected<const sym::Expr *> Shifted = Sym.substitute(*E, Shift);
      Expected<const sym::Expr *> Sum =
          Shifted ? sym::sumOverRange(*Shifted, Name, Count)
                  : Shifted.takeError();
      if (!Sum || Count->isZero()) {
        consumeError(Sum.takeError());
        Ok = false;
        break;
      }
      *E = Sym.div(*Sum, Count);
    }
    if (Ok && !sameCost(C, Summed)) {
      C = Summed;
      Note += "; averaged over `" + Name + "` from " + Start->str() + " to " +
              Sym.sub(Sym.add(Start, Count), Sym.getOne())->str() +
              " (the loop prices it per iteration)";
    }
  }
  return C;
}

void Evaluator::recordOp(KernelOp Op) {
  if (LoopIndexSymbols && !Op.Unknown && !LoopIndexRanges.empty())
    Op.Cost = sumOverLoopIndices(Op.Cost, LoopIndexRanges, Sym, Op.Detail);
  if (LoopIndexSymbols && !Op.Unknown) {
    StringRef Index = loopIndexIn(Op.Cost);
    if (!Index.empty()) {
      // A loop of symbolic length prices one iteration N times: a cost that
      // changes with the index (`x[:, :i]`) would need the sum over it.
      Op.Name += " (its cost depends on the loop index `" + Index.str() +
                 "`, which a loop priced once per iteration cannot sum)";
      Op.Unknown = true;
      Op.Cost.MatmulUnknown = true;
      Op.Detail = "cost depends on `" + Index.str() + "`";
      if (!CallStack.empty())
        CallStack.back().Unknown.push_back(Op.Name);
    }
  }
  if (!CallStack.empty() && !Op.Unknown)
    accumulate(Op.Cost);
  // An unpriced op that may be a matrix product leaves the composite's
  // matrix FLOPs unknown (its other totals are unknown already).
  if (!CallStack.empty() && Op.Unknown && Op.Cost.MatmulUnknown)
    CallStack.back().Cost.MatmulUnknown = true;
  if (KernelEntry *E = currentEntry()) {
    if (const sym::Expr *N = segmentFactor())
      Op.Cost = scaleCost(Op.Cost, N, Sym);
    E->Ops.push_back(std::move(Op));
  }
}

void Evaluator::noteDroppedByGuess() {
  if (Suppress && GuessSuppress && CurEntry >= 0)
    ++DroppedByGuess;
}

void Evaluator::noteUnknown(StringRef Name, bool MayMatmul) {
  noteDroppedByGuess();
  ++OpsNoted;
  // An operand raised: the op does not run (ExceptionFlow.cpp).
  if (Suppress || CurEntry < 0 || !PendingRaise.empty())
    return;
  KernelOp Op;
  Op.Name = Name.str();
  Op.Unknown = true;
  Op.Detail = "no cost rule for `" + Name.str() + "`";
  Op.Cost.MatmulUnknown = MayMatmul;
  if (!CallStack.empty() &&
      !llvm::is_contained(CallStack.back().Unknown, Name.str()))
    CallStack.back().Unknown.push_back(Name.str());
  recordOp(std::move(Op));
}

/// Where the first operand of \p Inputs whose shape is not known came from,
/// read from its provenance (`Value::Why`): the binding that gave it its
/// value (`` `x` set at f.py:12 ``) when one is recorded, else the reason
/// itself when short; empty if nothing says.
std::string unknownOperandSource(ArrayRef<Value> Inputs) {
  for (const Value &V : Inputs) {
    bool Open = V.is(ValueKind::Tensor) ? !V.DimsKnown : V.isUnknown();
    if (!Open)
      continue;
    if (V.Why.empty())
      return "";
    SmallVector<StringRef, 8> Facts;
    StringRef(V.Why).split(Facts, "; ");
    // The last binding recorded is the nearest to the op.
    for (StringRef Fact : llvm::reverse(Facts)) {
      if (Fact.contains("` set at "))
        return Fact.str();
      // `x` = tensor (set at f.py:12), from a binding to a name.
      size_t At = Fact.find(" (set at ");
      if (Fact.starts_with("`") && At != StringRef::npos &&
          Fact.ends_with(")")) {
        size_t End = Fact.find('`', 1);
        if (End != StringRef::npos && End < At)
          return (Fact.take_front(End + 1) + " set at " +
                  Fact.slice(At + 9, Fact.size() - 1))
              .str();
      }
    }
    return V.Why.size() <= 160 ? V.Why : "";
  }
  return "";
}

void Evaluator::noteOp(StringRef Name, ArrayRef<Value> Inputs, const Value &Out,
                       const CostExtras &Extras, StringRef Spelling) {
  noteDroppedByGuess();
  const OpInfo *Info = lookupOp(Name);
  if (Info &&
      (Info->Family == OpFamily::View || Info->Family == OpFamily::Identity))
    return; // Free: no kernel, no entry.
  if (Suppress || CurEntry < 0 || !PendingRaise.empty()) {
    ++OpsNoted;
    return;
  }
  if (!Info) {
    noteUnknown(Spelling.empty() ? Name : Spelling);
    return;
  }
  ++OpsNoted;
  std::vector<TensorDesc> Ins, Outs;
  std::string Operands;
  for (const Value &V : Inputs)
    if (V.is(ValueKind::Tensor)) {
      Ins.push_back(describe(V));
      Operands += (Operands.empty() ? "" : ", ") + shapeText(V);
    }
  if (Out.is(ValueKind::Tensor))
    Outs.push_back(describe(Out));
  else if (Out.is(ValueKind::Tuple))
    for (const Value &E : Out.Elems)
      if (E.is(ValueKind::Tensor))
        Outs.push_back(describe(E));
  OpCost C = computeOpCost(*Info, Ins, Outs, Extras, Sym);
  if (C.Free)
    return;
  if (!C.known()) {
    warnOpenInputs(Inputs);
    // Name where the shape was lost, when the operand's provenance says.
    std::string Source = unknownOperandSource(Inputs);

    noteUnknown((Spelling.empty() ? Name : Spelling).str() +
                    " (operand shapes unknown" +
                    (Source.empty() ? "" : ": " + Source) + ")",
                isMatrixFamily(Info->Family));
    return;
  }
  KernelOp Op;
  Op.Name = (Spelling.empty() ? Name : Spelling).str();
  Op.Cost = C;
  Op.Inputs = Ins;
  std::string Res =
      Outs.empty()
          ? std::string("")
          : " -> " + shapeText(Out.is(ValueKind::Tuple) ? Out.Elems[0] : Out);
  Op.Detail = "`" + Op.Name + "`(" + Operands + ")" + Res + ": " + C.Detail;
  recordOp(std::move(Op));
}

void Evaluator::warnOpenInputs(ArrayRef<Value> Inputs) {
  for (const Value &V : Inputs) {
    if (!V.is(ValueKind::Tensor) || V.DimsKnown || !V.ShapeFromPartner)
      continue;
    auto It = OpenInputs.find(V.Name);
    if (It == OpenInputs.end() || !It->second.File)
      continue;
    Diags.report(It->second.File->getBufferID(), It->second.Begin,
                 DiagLevel::Warning,
                 "input `" + V.Name +
                     "` has no shape: no convention for its name, and "
                     "neither its first consumer nor a tensor it is "
                     "combined with element-wise implies one; the ops it "
                     "reaches are not priced (--input-shape " +
                     V.Name + "=... sets it)");
    OpenInputs.erase(It);
  }
}

std::optional<Value> Evaluator::applyOpRule(StringRef Callee,
                                            const CallArgs &Args,
                                            const Expr &Call) {
  OpCall C;
  C.Callee = Callee.str();
  C.Location = location(Call.Range);
  auto Describe = [&](const Value &V, StringRef Keyword) {
    OpOperand O;
    O.Keyword = Keyword.str();
    O.IsTensor = V.is(ValueKind::Tensor);
    if (O.IsTensor)
      O.Tensor = describe(V);
    else if (V.is(ValueKind::Int) || V.is(ValueKind::Symbol))
      O.Scalar = dimExpr(V);
    O.Text = V.isUnknown() ? std::string("unknown") : shapeText(V);
    return O;
  };
  for (const Value &V : Args.Positional)
    C.Operands.push_back(Describe(V, ""));
  for (const auto &[K, V] : Args.Keywords)
    C.Operands.push_back(Describe(V, K));
  const OpRuleRegistry::Entry *Rule = OpRules->find(C);
  if (!Rule)
    return std::nullopt;
  std::string Label = "`" + Callee.str() + "`";
  Expected<OpRuleResult> R = Rule->Rule->apply(C, Sym);
  if (!R) {
    std::string Msg = toString(R.takeError());
    if (!Suppress && Call.Range.File &&
        RuleFailuresReported.insert(&Call).second)
      Diags.report(Call.Range.File->getBufferID(), Call.Range.Begin,
                   DiagLevel::Warning,
                   "the cost rule from " + Rule->Provider + " does not fit " +
                       Label + ": " + Msg);
    noteUnknown(Callee.str() + " (rule from " + Rule->Provider +
                " failed: " + Msg + ")");
    return Value::tensor(-1);
  }
  std::vector<Value> Results;
  for (const TensorDesc &T : R->Results) {
    Value V = Value::shaped(T.Dims, T.Bytes,
                            "result of " + Label + " (rule from " +
                                Rule->Provider + ")");
    V.Contiguous = T.Contiguous;
    if (!T.Known)
      V = Value::tensor(-1, V.Why);
    Results.push_back(std::move(V));
  }
  Value Out = Results.size() == 1 ? Results[0]
              : Results.empty()   ? Value::none()
                                  : Value::tuple(Results);
  if (!R->Cost.Free)
    noteDroppedByGuess();
  if (Suppress || CurEntry < 0 || R->Cost.Free)
    return Out;
  if (!R->Cost.known()) {
    noteUnknown(Callee.str() + " (rule from " + Rule->Provider +
                " left its cost unknown)");
    return Out;
  }
  if (!R->Cost.MatmulFlops)
    R->Cost.MatmulFlops = Sym.getZero();
  KernelOp Op;
  Op.Name = Callee.str();
  Op.Cost = R->Cost;
  Op.Provider = Rule->Provider;
  std::string Operands;
  for (const OpOperand &O : C.Operands)
    if (O.IsTensor) {
      Op.Inputs.push_back(O.Tensor);
      Operands += (Operands.empty() ? "" : ", ") + O.Text;
    }
  std::string Res = Results.empty() || !Results[0].is(ValueKind::Tensor)
                        ? std::string("")
                        : " -> " + shapeText(Results[0]);
  Op.Detail = Label + "(" + Operands + ")" + Res + ": " + R->Cost.Detail +
              " [rule from " + Rule->Provider + "]";
  recordOp(std::move(Op));
  return Out;
}

void Evaluator::beginCall(unsigned FrameDepth, const PyModule *Mod,
                          const ClassDef *Class, const FunctionDef *Fn) {
  if (!recording())
    return;
  CallAccumulator Acc;
  Acc.Cost = zeroCost(Sym);
  Acc.LoopDepth = LoopFactors.size();
  Acc.FrameDepth = FrameDepth;
  Acc.DroppedAtStart = DroppedByGuess;
  Acc.Body = std::make_shared<CalleeBody>();
  Acc.Body->Mod = Mod;
  Acc.Body->Class = Class;
  Acc.Body->Fn = Fn;
  CallStack.push_back(std::move(Acc));
}

void Evaluator::accumulate(const OpCost &C) {
  CallAccumulator &Acc = CallStack.back();
  OpCost Scaled = C;
  for (size_t I = Acc.LoopDepth; I < LoopFactors.size(); ++I)
    Scaled = scaleCost(Scaled, LoopFactors[I].first, Sym);
  Acc.Cost = addCosts(Acc.Cost, Scaled, Sym);
}

/// True if \p C is exactly 0 FLOPs, 0 bytes read and 0 written.
static bool isZeroCost(const OpCost &C) {
  return C.Flops && C.Read && C.Write && C.Flops->isZero() &&
         C.Read->isZero() && C.Write->isZero();
}

void Evaluator::endCall(const std::string &Callee,
                        std::vector<std::pair<std::string, std::string>> Params,
                        std::vector<std::string> Why,
                        std::shared_ptr<ObjectState> Receiver) {
  if (!recording() || CallStack.empty())
    return;
  CallAccumulator Acc = std::move(CallStack.back());
  CallStack.pop_back();
  CallAccumulator *Parent = CallStack.empty() ? nullptr : &CallStack.back();
  if (Acc.Unknown.empty() && DroppedByGuess > Acc.DroppedAtStart &&
      isZeroCost(Acc.Cost)) {
    // Its priced path computes nothing, but the path an undecided
    // condition left out does: unknown, never a silent zero.
    Acc.Unknown.push_back("`" + Callee +
                          "` (priced at 0 only because an undecided "
                          "condition left its computation out)");
  }
  if (Parent) {
    // The caller's total includes what could be priced; the unknown parts
    // travel with it and make the outermost composite unknown.
    accumulate(Acc.Cost);
    for (const std::string &U : Acc.Unknown)
      if (!llvm::is_contained(Parent->Unknown, U))
        Parent->Unknown.push_back(U);
  }
  if (!Acc.Unknown.empty()) {
    // Part of the callee could not be priced: its total is unknown, not
    // the sum of the parts that could.
    Acc.Cost.Flops = Acc.Cost.Read = Acc.Cost.Write = nullptr;
  }
  // Every symbol of the callee's formulas is bound by name: the ones not
  // bound above are shared with the caller (a config, an input extent).
  std::set<std::string> Free;
  for (const sym::Expr *X : {Acc.Cost.Flops, Acc.Cost.Read, Acc.Cost.Write})
    if (X)
      for (StringRef N : sym::freeSymbols(X))
        Free.insert(N.str());
  std::vector<std::string> Extra(Free.begin(), Free.end());
  llvm::sort(Extra, [](const std::string &A, const std::string &B) {
    return sym::symbolNameLess(A, B);
  });
  auto Mentions = [](StringRef Text, StringRef Word) {
    for (size_t Pos = Text.find(Word); Pos != StringRef::npos;
         Pos = Text.find(Word, Pos + 1)) {
      bool Start =
          Pos == 0 || !(isAlnum(Text[Pos - 1]) || Text[Pos - 1] == '_');
      size_t End = Pos + Word.size();
      bool Stop =
          End >= Text.size() || !(isAlnum(Text[End]) || Text[End] == '_');
      if (Start && Stop)
        return true;
    }
    return false;
  };
  for (const std::string &N : Extra) {
    // Bound already, by name or inside the value of another parameter.
    if (N == "a_bytes" || N == "w_bytes" ||
        llvm::any_of(Params, [&](const auto &P) {
          return P.first == N || Mentions(P.second, N);
        }))
      continue;
    auto It = Result.SymbolOrigins.find(N);
    std::string Where = It != Result.SymbolOrigins.end()
                            ? It->second
                            : std::string("a dimension the caller passes");
    Params.push_back({N, N});
    Why.push_back("`" + N + "` = " + N + ": WHERE " + Where +
                  "; WHY it appears in the callee's FLOP/byte formulas; HOW "
                  "the same quantity in the caller (shared config or input "
                  "extent)");
  }
  CompositeRef R;
  R.Callee = Callee;
  R.Params = std::move(Params);
  R.Justification = std::move(Why);
  R.Cost = Acc.Cost;
  // The layers of a segment: the cost of all, and the count for the calls
  // inside (the module tree).
  R.Times = segmentFactor();
  if (R.Times)
    R.Cost = scaleCost(R.Cost, R.Times, Sym);
  R.UnknownOps = std::move(Acc.Unknown);
  R.Body = std::move(Acc.Body);
  R.Receiver = std::move(Receiver);
  // The caller's line: a line of the parent composite, or of the unit.
  if (KernelEntry *E = currentEntry())
    E->Refs.push_back(std::move(R));
}

/// `K * loop_index + r`, the index of the layers at residue r modulo K
/// (LayerSegments.cpp), as `r (mod K)`; nullopt for another expression.
static std::optional<std::string> residueText(const sym::Expr *E) {
  if (!E)
    return std::nullopt;
  ArrayRef<const sym::Expr *> Terms =
      E->getKind() == sym::ExprKind::Add ? E->operands() : ArrayRef(E);
  std::optional<int64_t> Stride, Residue = 0;
  for (const sym::Expr *T : Terms) {
    if (T->isConstant()) {
      Residue = sym::integerValue(T);
      continue;
    }
    if (Stride || T->getKind() != sym::ExprKind::Mul ||
        T->operands().size() != 2 || !isLoopIndexSymbol(T->operands()[1]))
      return std::nullopt;
    Stride = sym::integerValue(T->operands()[0]);
    if (!Stride)
      return std::nullopt;
  }
  if (!Stride || !Residue)
    return std::nullopt;
  return std::to_string(*Residue) + " (mod " + std::to_string(*Stride) + ")";
}

/// Renders a bound value for a parameter list.
static std::optional<std::string> paramText(const Value &V) {
  // The index of a symbolic-length loop is no size of the callee: every
  // iteration is priced alike (recordOp makes a cost that depends on it
  // unknown). An index of one residue modulo a stride says which layers.
  if (V.is(ValueKind::Symbol) && StringRef(V.Name).contains("loop_index_line_"))
    return residueText(V.Sym);
  switch (V.Kind) {
  case ValueKind::Int:
  case ValueKind::Symbol:
  case ValueKind::Bool:
  case ValueKind::Float:
  case ValueKind::None:
    return V.str();
  case ValueKind::Str:
    return V.StrExact ? std::optional<std::string>("'" + V.Name + "'")
                      : std::nullopt;
  case ValueKind::Tuple: {
    if (V.Elems.size() > 4)
      return std::nullopt;
    std::string S = "(";
    for (size_t I = 0; I < V.Elems.size(); ++I) {
      auto E = paramText(V.Elems[I]);
      if (!E)
        return std::nullopt;
      S += (I ? ", " : "") + *E;
    }
    return S + (V.Elems.size() == 1 ? ",)" : ")") + V.strideSuffix();
  }
  default:
    return std::nullopt;
  }
}

void Evaluator::describeModuleCall(
    const Value &Obj, const FunctionDef &Fwd, const CallArgs &Args,
    Frame &Inner, std::vector<std::pair<std::string, std::string>> &P,
    std::vector<std::string> &Why) {
  const ObjectState &O = *Obj.Obj;
  std::string Short = StringRef(O.ClassName).rsplit('.').second.str();
  // Constructor arguments that size the callee (not plain defaults).
  for (const auto &[Name, V] : O.CtorArgs) {
    if (StringRef(V.Why).starts_with("constructor default"))
      continue;
    std::optional<std::string> T = paramText(V);
    if (!T)
      continue;
    P.push_back({Name, *T});
    Why.push_back("`" + Name + "` = " + *T + ": WHERE " +
                  (V.Why.empty() ? std::string("a literal") : V.Why) +
                  "; WHY constructor argument of `" + Short +
                  "` (sizes its parameters and loops); HOW bound by `" +
                  O.ConstructSite + "`");
  }
  // Input extents, named by the callee's own input convention.
  for (const Param &Pm : Fwd.Params) {
    auto It = Inner.Locals.find(Pm.Name);
    if (It == Inner.Locals.end() || !It->second.is(ValueKind::Tensor) ||
        !It->second.DimsKnown)
      continue;
    const Value &T = It->second;
    const ProfileEntry *Conv =
        shapeConvention(Short + "." + Pm.Name, Fwd.Params, Pm.Name);
    if (!Conv)
      Conv = shapeConvention(Pm.Name, Fwd.Params, Pm.Name);
    std::vector<std::string> Names;
    if (Conv && Conv->Val.is(ValueKind::Str)) {
      SmallVector<StringRef, 6> Parts;
      // `d0, d1 : int64`: the dims before the element type.
      StringRef(Conv->Val.Name).split(':').first.split(Parts, ',');
      for (StringRef X : Parts)
        Names.push_back(X.trim().str());
    }
    if (Names.size() != T.Dims.size()) {
      P.push_back({Pm.Name, T.str()});
      Why.push_back("`" + Pm.Name + "` = " + T.str() +
                    ": WHERE the caller's argument; WHY input of `" + Short +
                    ".forward`; HOW passed at this line");
      continue;
    }
    for (size_t I = 0; I < Names.size(); ++I) {
      if (!T.Dims[I] ||
          llvm::any_of(P, [&](const auto &X) { return X.first == Names[I]; }))
        continue;
      int64_t N;
      if (!StringRef(Names[I]).getAsInteger(10, N))
        continue;
      // A formula (`cache_len + seq_len`) names no parameter.
      if (!llvm::all_of(Names[I],
                        [](char C) { return isAlnum(C) || C == '_'; }))
        continue;
      P.push_back({Names[I], T.Dims[I]->str()});
      Why.push_back("`" + Names[I] + "` = " + T.Dims[I]->str() +
                    ": WHERE dimension " + std::to_string(I) + " of `" +
                    Pm.Name + "` " + T.str() + "; WHY input extent of `" +
                    Short + ".forward` (its convention " + Pm.Name + " = [" +
                    Conv->Val.Name + "]); HOW the caller passes it here");
    }
  }
  (void)Args;
}

} // namespace modcost
