//===- InputInference.cpp - Input shapes implied by their first consumer --===//
///
/// \file
/// A forward() input whose name has no shape convention (`x`,
/// `hidden_state`, `features`) takes the shape its first consumer implies:
/// `x` first passed to `self.gate_proj`, a `Linear(hidden_size, ...)`, is
/// `[batch_size, seq_len, hidden_size]` because Linear's own input
/// convention is `batch_size, seq_len, in_features` and this Linear's
/// `in_features` is `hidden_size`. A consumer without a convention is
/// followed into its forward() (and a method of self into its body), a few
/// levels deep. The choice is reported as an assumption; `--input-shape`
/// overrides it.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

namespace {
/// The first call that passes a name directly as a positional argument.
struct Consumer {
  const Expr *Call = nullptr;
  size_t ArgIndex = 0;
};
} // namespace

static bool findConsumer(const Expr &E, StringRef Name, Consumer &Out) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return false;
  if (E.Kind == ExprKind::Call) {
    size_t Pos = 0;
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *A = E.op(I);
      if (!A || A->Kind == ExprKind::Keyword)
        continue;
      if (A->Kind == ExprKind::Name && A->Name == Name) {
        const Expr *C = E.callee();
        if (C->Kind == ExprKind::Attribute &&
            C->op(0)->Kind == ExprKind::Name && C->op(0)->Name == "self") {
          Out.Call = &E;
          Out.ArgIndex = Pos;
          return true;
        }
      }
      ++Pos;
    }
  }
  for (const auto &Op : E.Ops)
    if (Op && findConsumer(*Op, Name, Out))
      return true;
  return false;
}

static bool findConsumer(const Block &B, StringRef Name, Consumer &Out) {
  for (const auto &S : B) {
    // A statement that rebinds the name ends the search: later uses see
    // another value.
    for (const auto &E : S->Exprs)
      if (E && findConsumer(*E, Name, Out))
        return true;
    if (S->Kind == StmtKind::Assign || S->Kind == StmtKind::AnnAssign)
      for (size_t I = 0; I + 1 < S->Exprs.size(); ++I)
        if (S->Exprs[I] && S->Exprs[I]->Kind == ExprKind::Name &&
            S->Exprs[I]->Name == Name)
          return false;
    for (const Block &Sub : S->Bodies)
      if (findConsumer(Sub, Name, Out))
        return true;
  }
  return false;
}

/// The extent a dimension name of a convention has on object \p O: its
/// attribute of that name (`in_features` of a Linear; the last entry of a
/// `normalized_shape` tuple), else the free symbol.
const sym::Expr *Evaluator::conventionDim(StringRef Part, const ObjectState *O,
                                          StringRef Input) {
  int64_t N;
  if (!Part.getAsInteger(10, N))
    return Sym.constant(N);
  if (O) {
    auto It = O->Attrs.find(Part);
    if (It != O->Attrs.end()) {
      const Value &V = It->second;
      if (V.is(ValueKind::Tuple) && !V.Elems.empty() && !V.RepeatCount)
        return dimExpr(V.Elems.back());
      if (const sym::Expr *D = dimExpr(V))
        return D;
    }
  }
  noteSymbol(Part, "dimension of the input `" + Input.str() +
                       "` (from its first consumer's convention)");
  return Sym.symbol(Part);
}

std::optional<Value> Evaluator::inferInputShape(const Param &P,
                                                const FunctionDef &Fn,
                                                const ObjectState *Self,
                                                unsigned Depth) {
  if (!Self || Depth > 3)
    return std::nullopt;
  Consumer C;
  if (!findConsumer(Fn.Body, P.Name, C))
    return std::nullopt;
  StringRef Attr = C.Call->callee()->Name;
  auto It = Self->Attrs.find(Attr);
  const ObjectState *Target = Self;
  const FunctionDef *Callee = nullptr;
  if (It != Self->Attrs.end()) {
    if (!It->second.is(ValueKind::Object) || !It->second.Obj)
      return std::nullopt;
    Target = It->second.Obj.get();
    if (std::optional<Symbol> S = findOnMRO(*Target, "forward"))
      Callee = S->Class->findMethod("forward");
  } else if (std::optional<Symbol> S = findOnMRO(*Self, Attr)) {
    Callee = S->Class->findMethod(Attr); // A method of self.
  }
  if (!Callee)
    return std::nullopt;
  // The callee's parameter that receives the input (after `self`).
  size_t Index = C.ArgIndex + 1;
  size_t Seen = 0;
  const Param *Q = nullptr;
  for (const Param &X : Callee->Params) {
    if (X.Kind == ParamKind::PositionalOnlyMarker ||
        X.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (X.Kind == ParamKind::VarArgs || X.Kind == ParamKind::VarKeywords)
      break;
    if (Seen++ == Index) {
      Q = &X;
      break;
    }
  }
  if (!Q)
    return std::nullopt;
  StringRef Short = StringRef(Target->ClassName).rsplit('.').second;
  if (Short.empty())
    Short = Target->ClassName;
  const ProfileEntry *Conv =
      Profile.get("input_shape", Short.str() + "." + Q->Name);
  if (!Conv)
    Conv = Profile.get("input_shape", Q->Name);
  if (!Conv || !Conv->Val.is(ValueKind::Str) ||
      StringRef(Conv->Val.Name).contains(';')) {
    std::optional<Value> Deeper =
        inferInputShape(*Q, *Callee, Target, Depth + 1);
    if (Deeper)
      Deeper->Why = "`" + P.Name + "` is passed to `self." + Attr.str() +
                    "` at " + location(C.Call->Range) + "; " + Deeper->Why;
    return Deeper;
  }
  auto [DimText, TypeText] = StringRef(Conv->Val.Name).split(':');
  SmallVector<StringRef, 6> Parts;
  DimText.split(Parts, ',');
  std::vector<const sym::Expr *> D;
  for (StringRef Part : Parts)
    D.push_back(conventionDim(Part.trim(), Target, P.Name));
  std::string Bytes = TypeText.trim() == "int64" ? "8" : "a_bytes";
  std::string Shape;
  for (const sym::Expr *X : D)
    Shape += (Shape.empty() ? "" : ", ") + (X ? X->str() : "?");
  Value T = Value::shaped(
      D, Bytes,
      "`" + P.Name + "` is first passed to `self." + Attr.str() + "` (`" +
          Target->ClassName + "`) at " + location(C.Call->Range) +
          ", whose input `" + Q->Name + "` is [" + Conv->Val.Name + "]");
  T.Name = P.Name;
  if (Depth == 0)
    Result.Assumptions.push_back(
        "input `" + P.Name + "` has shape [" + Shape + "]: " + T.Why +
        " (no convention for its name; --input-shape " + P.Name +
        "=... overrides)");
  return T;
}

} // namespace modcost
