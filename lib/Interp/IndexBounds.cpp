//===- IndexBounds.cpp - What an index tensor's values can be -------------===//
///
/// \file
/// The values of an index tensor are data, but their range is not: an
/// index produced by `nonzero()`, `argmax`, `topk`, `sort`, `torch.where`
/// or `arange(n)` over a dimension of extent E lies in [0, E). The MoE
/// experts loop of transformers v5 runs over the rows of
/// `torch.greater(expert_mask.sum(dim=(-1, -2)), 0).nonzero()`, where
/// `expert_mask = one_hot(top_k_index, num_classes=self.num_experts)`, and
/// skips `if expert_idx == self.num_experts`: with the bound, that test is
/// False for every index, whatever the routing (Value::IndexBound).
///
/// The index of a loop over `range(n)` with n symbolic is a symbol of its
/// own, in [0, n) too: `layer_idx >= len(self.layers)` in
/// EncoderDecoderCache's `for layer_idx in range(len(cache))` is False.
///
/// A comparison that the bound settles gives a boolean tensor whose every
/// element is that truth value (Value::Fill), so a one-element result
/// decides an `if` and its reason names the bound.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

Value Evaluator::boundedIndices(Value Idx, const sym::Expr *Extent,
                                StringRef Producer) {
  if (!Extent || !Idx.is(ValueKind::Tensor))
    return Idx;
  Idx.IndexBound = Extent;
  Idx.Why = joinWhy(Idx.Why, "its elements are indices in [0, " +
                                 Extent->str() + ") (" + Producer.str() + ")");
  return Idx;
}

void Evaluator::noteAssumption(StringRef Text) {
  if (!is_contained(Result.Assumptions, Text))
    Result.Assumptions.push_back(Text.str());
}

const sym::Expr *Evaluator::maskTrueCount(const Value &Mask, const Expr *Site) {
  if (Mask.TrueCount)
    return Mask.TrueCount;
  if (!Mask.DimsKnown || is_contained(Mask.Dims, nullptr))
    return nullptr;
  const sym::Expr *All = Sym.mul(Mask.Dims);
  if (Site)
    noteAssumption("the values of the mask `" + Site->Text.str() + "` at " +
                   location(Site->Range) + " are not known: all of its " +
                   All->str() +
                   " elements are taken as true (the upper bound, as for "
                   "`nonzero`)");
  return All;
}

Value Evaluator::withIndexBoundOf(const Value &T, StringRef M, Value R) {
  // Views, copies and casts that keep every value (an index cast to
  // `.long()` or `.to(device)` is the same index); not `new_zeros`,
  // `bool()` or `float()`.
  static const char *const Keep[] = {
      "contiguous", "clone",     "detach",    "long",    "int",
      "to",         "type",      "view",      "reshape", "view_as",
      "reshape_as", "expand",    "expand_as", "repeat",  "flatten",
      "unflatten",  "transpose", "t",         "permute", "unsqueeze",
      "squeeze",    "chunk",     "split",     "unbind",  "repeat_interleave"};
  if (!T.IndexBound || !llvm::is_contained(Keep, M))
    return R;
  if (R.is(ValueKind::Tensor) && !R.IndexBound)
    R.IndexBound = T.IndexBound;
  if (R.is(ValueKind::Tuple))
    for (Value &E : R.Elems)
      if (E.is(ValueKind::Tensor) && !E.IndexBound)
        E.IndexBound = T.IndexBound;
  return R;
}

const sym::Expr *Evaluator::extentOfAll(const Value &T) {
  if (!T.is(ValueKind::Tensor) || !T.DimsKnown ||
      llvm::is_contained(T.Dims, nullptr))
    return nullptr;
  return T.Dims.empty() ? Sym.getOne() : Sym.mul(T.Dims);
}

const sym::Expr *Evaluator::largestExtent(const Value &T) {
  if (!T.is(ValueKind::Tensor) || !T.DimsKnown || T.Dims.empty() ||
      llvm::is_contained(T.Dims, nullptr))
    return nullptr;
  // Identical extents (one dimension, or a square mask) give that extent;
  // otherwise the largest of them.
  if (llvm::all_equal(T.Dims))
    return T.Dims[0];
  return Sym.max(T.Dims);
}

/// Whether A >= B holds for every value of the symbols: their difference
/// is a constant. nullopt when it depends on the sizes.
static std::optional<bool> atLeast(sym::ExprContext &Sym, const sym::Expr *A,
                                   const sym::Expr *B) {
  const sym::Expr *D = Sym.sub(A, B);
  if (!D->isConstant())
    return std::nullopt;
  return !(D->getConstantValue() < sym::Rational(0));
}

std::optional<bool> Evaluator::decideIndexComparison(const Value &L,
                                                     StringRef Op,
                                                     const Value &R,
                                                     std::string &Why) {
  auto Bounded = [](const Value &V) {
    return (V.is(ValueKind::Tensor) || V.is(ValueKind::Symbol)) && V.IndexBound;
  };
  bool IdxLeft = Bounded(L);
  const Value &Idx = IdxLeft ? L : R;
  const Value &Other = IdxLeft ? R : L;
  if (!Bounded(Idx))
    return std::nullopt;
  bool Loop = Idx.is(ValueKind::Symbol);
  // The other side: a number or size, or a tensor whose every element is
  // one (FillArithmetic.cpp: lengths of sequences without padding).
  const sym::Expr *C =
      Other.is(ValueKind::Tensor) ? Other.Fill : dimExpr(Other);
  if (!C)
    return std::nullopt;
  // Put the index on the left: `c < i` is `i > c`.
  StringRef O = Op;
  if (!IdxLeft)
    O = mirroredComparison(Op);
  const sym::Expr *Hi = Idx.IndexBound; // i in [0, Hi)
  const sym::Expr *Zero = Sym.getZero();
  std::optional<bool> PastEnd = atLeast(Sym, C, Hi); // c >= Hi > i
  std::optional<bool> Below = atLeast(Sym, Sym.sub(Zero, Sym.getOne()), C);
  // c <= -1 < i
  std::optional<bool> AtMostZero = atLeast(Sym, Zero, C); // c <= 0 <= i
  std::optional<bool> LastOrPast =
      atLeast(Sym, C, Sym.sub(Hi, Sym.getOne())); // c >= Hi - 1 >= i
  auto Yes = [](std::optional<bool> B) { return B && *B; };
  // `i > c` is `not i <= c`, and `i >= c` is `not i < c`.
  bool Negated = O == ">" || O == ">=";
  StringRef Base = O == ">" ? "<=" : O == ">=" ? "<" : O;
  std::optional<bool> Out;
  if (Base == "==" || Base == "!=") {
    if (Yes(PastEnd) || Yes(Below))
      Out = Base == "!=";
  } else if (Base == "<") {
    if (Yes(PastEnd))
      Out = true;
    else if (Yes(AtMostZero))
      Out = false;
  } else if (Base == "<=") {
    if (Yes(LastOrPast))
      Out = true;
    else if (Yes(Below))
      Out = false;
  }
  if (!Out)
    return std::nullopt;
  if (Negated)
    Out = !*Out;
  Why = std::string(Loop ? "the loop index i"
                         : "every element of the index tensor") +
        " is in [0, " + Hi->str() + "), so `" +
        std::string(IdxLeft ? "i" : C->str()) + " " + Op.str() + " " +
        std::string(IdxLeft ? C->str() : "i") + "` is " +
        (*Out ? "True" : "False") +
        (Loop ? " in every iteration" : " for each");
  if (!Idx.Why.empty())
    Why += " (" + Idx.Why + ")";
  return Out;
}

} // namespace modcost
