//===- LossFunctions.cpp - Shapes of torch's loss functions ---------------===//
///
/// \file
/// The result of a loss (`F.mse_loss`, `F.cross_entropy`, ... : the op
/// catalog's Loss family). Its `reduction` argument decides: 'mean' (the
/// default), 'sum' and kl_div's 'batchmean' give a 0-d tensor; 'none' gives
/// one value per element of the broadcast operands (element-wise losses),
/// per element without the class dimension 1 (cross_entropy, nll_loss) or
/// per row (the margin and embedding losses). A reduction that is not known
/// leaves the shape unknown. docs/Shapes.md lists the rules.
///
//===----------------------------------------------------------------------===//

#include "TensorOpRules.h"
#include "TensorShapes.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost {

namespace {

/// What one value of a loss's unreduced result stands for.
enum class LossGrain {
  /// One per element of the broadcast input and target.
  Element,
  /// One per element of the input without its class dimension 1.
  ClassDropped,
  /// One per row: the input without its last dimension.
  Row,
};

/// The reduction a call asks for: its `reduction` keyword, else its first
/// string argument (the only one these functions take), else 'mean'; aten's
/// enum (0 none, 1 mean, 2 sum) when given as an int keyword. Empty when
/// not known.
std::string reductionOf(const CallArgs &Args) {
  std::optional<Value> R = Args.keyword("reduction");
  if (!R)
    for (const Value &V : Args.Positional)
      if (V.is(ValueKind::Str)) {
        R = V;
        break;
      }
  if (!R)
    return "mean";
  if (R->is(ValueKind::Str))
    return R->Name;
  if (R->is(ValueKind::Int) && R->I >= 0 && R->I <= 2)
    return R->I == 0 ? "none" : R->I == 1 ? "mean" : "sum";
  return "";
}

} // namespace

std::optional<Value> TensorOpRules::functionLoss(StringRef Op,
                                                 const CallArgs &Args) {
  const OpInfo *Info = lookupOp(Op);
  if (!Info || Info->Family != OpFamily::Loss)
    return std::nullopt;
  Value X = Args.arg(0);
  std::string Reduction = reductionOf(Args);
  if (Reduction == "mean" || Reduction == "sum" || Reduction == "batchmean")
    return Value::shaped({}, resultBytes(X));
  if (Reduction != "none")
    return Value::tensor(-1,
                         "the reduction of `" + Op.str() + "` is not known");
  LossGrain Grain =
      StringSwitch<LossGrain>(Op)
          .Cases("cross_entropy", "nll_loss", LossGrain::ClassDropped)
          .Cases("multi_margin_loss", "multilabel_margin_loss",
                 "multilabel_soft_margin_loss", "cosine_embedding_loss",
                 "triplet_margin_loss", LossGrain::Row)
          .Default(LossGrain::Element);
  if (Grain == LossGrain::Element) {
    Value Y = Args.arg(1);
    return Y.is(ValueKind::Tensor) ? Eval.broadcast(X, Y) : sameShape(X);
  }
  // The dimension dropped depends on the rank.
  if (!X.DimsKnown || isFreeRank(X))
    return Value::tensor(-1);
  Value R = sameShape(X);
  R.Bytes = resultBytes(X);
  if (R.Dims.empty())
    return R;
  size_t Drop =
      Grain == LossGrain::Row || R.Dims.size() == 1 ? R.Dims.size() - 1 : 1;
  R.Dims.erase(R.Dims.begin() + Drop);
  R.Rank = int(R.Dims.size());
  return R;
}

} // namespace modcost
