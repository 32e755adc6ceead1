//===- TensorOpRules.h - The families of tensor shape rules -----*- C++ -*-===//
///
/// \file
/// The families of shape rules Evaluator::tensorMethod (TensorMethods.cpp)
/// and Evaluator::tensorFunction (TensorFunctions.cpp) try in turn, with
/// those of Resampling.cpp, SpectralFunctions.cpp and SignalFunctions.cpp:
/// each returns nullopt for an op that is not of its family. A helper of
/// the Evaluator, private to lib/Interp; it keeps no state of its own.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_TENSOROPRULES_H
#define MODCOST_LIB_INTERP_TENSOROPRULES_H

#include "EvaluatorImpl.h"

#include <optional>

namespace modcost {

/// The shape rules of tensor methods and torch functions, by family, for
/// the Evaluator \p Eval (its symbols, dimensions and element facts).
class TensorOpRules {
public:
  explicit TensorOpRules(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  // Tensor methods (TensorMethods.cpp).
  /// `dim()`, `size()`, `numel()`, and methods whose value is no tensor
  /// (`item()`, `any()`): unknown.
  std::optional<Value> methodMetadata(const Value &T, llvm::StringRef M,
                                      const CallArgs &Args);
  /// `contiguous`, `clone`, `detach` and dtype casts (`float`, `to`,
  /// `type_as`): the receiver's shape, maybe the receiver itself.
  std::optional<Value> methodCopyOrCast(const Value &T, llvm::StringRef M,
                                        const CallArgs &Args);
  /// `view`/`reshape` (one `-1` solved), `*_as`, `expand`, `repeat`,
  /// `repeat_interleave` and `new_*`: a new shape from the arguments.
  std::optional<Value> methodReshape(const Value &T, llvm::StringRef M,
                                     const CallArgs &Args);
  /// `flatten` and `unflatten`.
  std::optional<Value> methodFlatten(const Value &T, llvm::StringRef M,
                                     const CallArgs &Args);
  /// `transpose`, `t`, `permute`, `unsqueeze`, `squeeze`: the dimensions
  /// reordered, added or dropped; the layout may become strided.
  std::optional<Value> methodDimOrder(const Value &T, llvm::StringRef M,
                                      const CallArgs &Args);
  /// `chunk`, `split`, `unbind`: a tuple of pieces.
  std::optional<Value> methodSplit(const Value &T, llvm::StringRef M,
                                   const CallArgs &Args);
  /// Reductions over `dim` (`sum`, `mean`, `max`, `var`, `argmax`, ...)
  /// and `topk`.
  std::optional<Value> methodReduction(const Value &T, llvm::StringRef M,
                                       const CallArgs &Args);
  /// `gather` and `nonzero`.
  std::optional<Value> methodIndexing(const Value &T, llvm::StringRef M,
                                      const CallArgs &Args);
  /// Element-wise and in-place methods: the receiver's shape, broadcast
  /// with a tensor operand.
  std::optional<Value> methodElementwise(const Value &T, llvm::StringRef M,
                                         const CallArgs &Args);

  // Torch functions (TensorFunctions.cpp).
  /// `zeros`, `ones`, `full`, `*_like`, `arange`, `meshgrid`, ...: shapes
  /// from size arguments.
  std::optional<Value> functionFactory(llvm::StringRef Op,
                                       const CallArgs &Args);
  /// Matrix products, `linear`, `einsum` and attention.
  std::optional<Value> functionProduct(llvm::StringRef Op,
                                       const CallArgs &Args);
  /// Convolution, pooling, `pad` and resampling.
  std::optional<Value> functionSpatial(llvm::StringRef Op,
                                       const CallArgs &Args);
  /// `cat`, `concat`, `stack`.
  std::optional<Value> functionJoin(llvm::StringRef Op, const CallArgs &Args);
  /// `where(mask)`, `nonzero`, `one_hot`, `embedding`.
  std::optional<Value> functionIndexing(llvm::StringRef Op,
                                        const CallArgs &Args);
  /// Element-wise functions with a rule of their own: comparisons,
  /// `where(c, a, b)`, `glu`.
  std::optional<Value> functionElementwise(llvm::StringRef Op,
                                           const CallArgs &Args);
  /// The shape rule the op catalog gives \p Op (OpCatalog.def's SHAPE:
  /// Same, Identity, Broadcast, MethodForm), shape-only entries included.
  std::optional<Value> functionFromCatalog(llvm::StringRef Op,
                                           const CallArgs &Args);
  /// `F.interpolate`/`F.upsample` by size or scale factor and
  /// `torch.grid_sampler` at a grid's points (Resampling.cpp).
  std::optional<Value> functionResample(llvm::StringRef Op,
                                        const CallArgs &Args);
  /// `torch.tensor`/`torch.as_tensor` of a (nested) list of numbers or of
  /// a tensor (Resampling.cpp).
  std::optional<Value> functionFromData(llvm::StringRef Op,
                                        const CallArgs &Args);
  /// Short-time Fourier transforms (aten's `stft`, `istft`), complex views
  /// and window factories (SpectralFunctions.cpp).
  std::optional<Value> functionSpectral(llvm::StringRef Op,
                                        const CallArgs &Args);
  /// The FFT size, hop, frames and batch of an stft or istft call, for its
  /// cost (SpectralCost.cpp).
  CostExtras spectralExtras(llvm::StringRef Op, const CallArgs &Args);
  /// `torch.embedding_bag` and `max_unpool2d/3d`: rows gathered into bags,
  /// pooled values scattered back (BagFunctions.cpp).
  std::optional<Value> functionBags(llvm::StringRef Op, const CallArgs &Args);
  /// Losses (`F.mse_loss`, `F.cross_entropy`, ...): a 0-d tensor for
  /// reduction 'mean', 'sum' or 'batchmean', the elements or rows for
  /// 'none' (LossFunctions.cpp).
  std::optional<Value> functionLoss(llvm::StringRef Op, const CallArgs &Args);
  /// Whole recurrent networks (`_VF.lstm`) and transposed convolutions
  /// (SignalFunctions.cpp).
  std::optional<Value> functionRecurrent(llvm::StringRef Op,
                                         const CallArgs &Args);

private:
  Evaluator &Eval;
  sym::ExprContext &Sym;

  /// The result of the transposed convolution \p Op (`conv_transpose2d`):
  /// each spatial extent `(in - 1) * stride - 2 * padding + dilation *
  /// (kernel - 1) + output_padding + 1` (SignalFunctions.cpp).
  Value convTransposeShape(llvm::StringRef Op, const CallArgs &Args);
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_TENSOROPRULES_H
