//===- OpCatalog.h - Cost rules of tensor operations ------------*- C++ -*-===//
///
/// \file
/// The op catalog: for every known tensor operation, its family, the
/// formula for FLOPs, bytes read and bytes written as functions of operand
/// shapes and element sizes, and how its result's shape is found. The
/// entries live in OpCatalog.def (one table, also the source of
/// docs/CostModel.md); this header exposes lookup and the cost computation
/// over plain tensor descriptions, so the catalog does not depend on how the
/// analysis represents values.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SEMANTICS_OPCATALOG_H
#define MODCOST_SEMANTICS_OPCATALOG_H

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace modcost {

/// How an op's cost is computed (see OpCatalog.cpp for each formula).
enum class OpFamily {
  MatMul,
  MatMulAdd,
  Einsum,
  Linear,
  Conv,
  SDPA,
  FusedMHA,
  /// Transposed convolution: priced on its input.
  ConvTranspose,
  /// A whole recurrent network (`_VF.lstm`, `gru`, `rnn_tanh`, `rnn_relu`):
  /// priced layer by layer and step by step (RecurrentCost.cpp).
  Recurrent,
  Elementwise,
  InPlace,
  Softmax,
  Norm,
  /// A loss: a per-element constant over its first input (the reduction's
  /// add included); the result's shape follows `reduction`.
  Loss,
  Reduction,
  TopK,
  Copy,
  Cast,
  Reshape,
  Embedding,
  Gather,
  Factory,
  Identity,
  Pool,
  /// Resampling (interpolate, grid_sampler): a per-output-element constant
  /// that depends on the mode, given by CostExtras::PerOutput.
  Resample,
  /// Short-time Fourier transforms (`stft`, `istft`): framing, window,
  /// FFT and overlap-add as aten's CPU path runs them (SpectralCost.cpp).
  Spectral,
  View,
  /// Known to the shape rules only: no cost formula. lookupOp() does not
  /// find these entries, so a call of one is an op without a cost rule.
  ShapeOnly,
};

/// How an op's result shape is found. The interpreter's torch-function
/// shape rules read Same, Identity, Broadcast and MethodForm from the
/// catalog; Operator and Rule name where the shape code has its own case.
enum class OpShape {
  /// A new tensor of the first input's shape (element-wise functions of one
  /// tensor, activations, normalizations).
  Same,
  /// The input itself, not a copy (eval-mode dropout).
  Identity,
  /// The broadcast shape of the two operands; with a scalar operand, as
  /// Same.
  Broadcast,
  /// `torch.f(x, ...)` is shaped as the Tensor method `x.f(...)`.
  MethodForm,
  /// A Python operator: the operator code broadcasts its operands (`@`:
  /// as matmul).
  Operator,
  /// A rule of its own in the shape code (docs/Shapes.md).
  Rule,
};

/// One catalog entry.
struct OpInfo {
  llvm::StringRef Name;
  OpFamily Family;
  int FlopsPerElement;
  OpShape Shape;
  llvm::StringRef Rule;
};

/// The entry that prices \p Name, or nullptr. ShapeOnly entries are not
/// found: for the cost side and for deciding whether a torch function is a
/// catalog op, they are unknown names.
const OpInfo *lookupOp(llvm::StringRef Name);

/// The entry for \p Name, ShapeOnly ones included, or nullptr: for the
/// shape rules, which know more ops than the cost model prices.
const OpInfo *lookupAnyOp(llvm::StringRef Name);

/// Every entry (ShapeOnly ones included), in table order.
llvm::ArrayRef<OpInfo> allOps();

/// True for the families that count matrix-product FLOPs (matmul, linear,
/// convolution, attention).
bool isMatrixFamily(OpFamily F);

/// The family's name for listings.
llvm::StringRef getFamilyName(OpFamily F);

/// The shape rule's name for listings.
llvm::StringRef getShapeName(OpShape S);

/// A tensor operand or result as the catalog sees it.
struct TensorDesc {
  /// Dimensions; a null entry is an unknown extent.
  std::vector<const sym::Expr *> Dims;
  bool Known = false;
  /// `a_bytes`, `w_bytes` or a literal size such as `4`.
  std::string Bytes = "a_bytes";
  bool Contiguous = true;
};

/// Op-specific quantities the shapes alone do not give.
struct CostExtras {
  /// Einsum: the product of the contracted index extents.
  const sym::Expr *Contracted = nullptr;
  /// Pooling: the number of window elements.
  const sym::Expr *Window = nullptr;
  /// Resampling: FLOPs per output element of the mode, and FLOPs added per
  /// element of the last input (grid_sampler's grid coordinates).
  const sym::Expr *PerOutput = nullptr;
  int64_t PerLastInput = 0;
  /// Linear/conv: whether a bias is added.
  bool HasBias = false;
  /// Fused attention: the number of heads.
  const sym::Expr *Heads = nullptr;
  /// Recurrent networks: layers, directions (1 or 2), and whether the
  /// input is batch-first.
  int64_t Layers = 1;
  int64_t Directions = 1;
  bool BatchFirst = false;
  /// Short-time Fourier transforms: the FFT size, the hop, the frames, the
  /// batch (the product of the leading extents, 1 for one signal), the
  /// signal's length after overlap-add and trimming (istft), whether a
  /// window is given, whether frames are centered (istft), and whether the
  /// FFTs are complex-to-complex (a complex signal for stft, a two-sided
  /// spectrum for istft) rather than real.
  const sym::Expr *FftSize = nullptr;
  const sym::Expr *Hop = nullptr;
  const sym::Expr *Frames = nullptr;
  const sym::Expr *Batch = nullptr;
  const sym::Expr *Length = nullptr;
  bool Windowed = false;
  bool Center = true;
  bool ComplexSignal = false;
};

/// FLOPs and bytes of one op application; null members are unknown.
struct OpCost {
  const sym::Expr *Flops = nullptr;
  /// The part of Flops from matrix products, convolutions and attention.
  const sym::Expr *MatmulFlops = nullptr;
  const sym::Expr *Read = nullptr;
  const sym::Expr *Write = nullptr;
  /// True for views, metadata and eval-mode identities: no kernel at all.
  bool Free = false;
  /// True when an op that may be a matrix product could not be priced:
  /// MatmulFlops is then a lower bound and is reported as unknown.
  bool MatmulUnknown = false;
  /// One line on how the numbers were obtained.
  std::string Detail;

  bool known() const { return Free || (Flops && Read && Write); }
};

/// Applies the catalog rule of \p Op. \p Inputs are the tensor operands in
/// the op's argument order (for linear: input, weight, bias), \p Outputs
/// the tensor results.
OpCost computeOpCost(const OpInfo &Op, llvm::ArrayRef<TensorDesc> Inputs,
                     llvm::ArrayRef<TensorDesc> Outputs,
                     const CostExtras &Extras, sym::ExprContext &Ctx);

/// The cost of a whole recurrent network op (family Recurrent): \p Inputs
/// are the input sequence, the initial state tensors and then the flat
/// weights (w_ih, w_hh[, b_ih, b_hh] per layer and direction).
OpCost recurrentCost(const OpInfo &Op, llvm::ArrayRef<TensorDesc> Inputs,
                     llvm::ArrayRef<TensorDesc> Outputs,
                     const CostExtras &Extras, sym::ExprContext &Ctx);

/// The cost of a short-time Fourier transform (family Spectral): \p
/// Inputs are the signal (stft) or spectrum (istft), then the window if
/// given (SpectralCost.cpp).
OpCost spectralCost(const OpInfo &Op, llvm::ArrayRef<TensorDesc> Inputs,
                    llvm::ArrayRef<TensorDesc> Outputs,
                    const CostExtras &Extras, sym::ExprContext &Ctx);

/// Element count of \p T, or null if an extent is unknown.
const sym::Expr *numElements(const TensorDesc &T, sym::ExprContext &Ctx);

/// Bytes per element of \p T as an expression (`a_bytes`, `4`).
const sym::Expr *elementBytes(const TensorDesc &T, sym::ExprContext &Ctx);

/// A cost of zero FLOPs and bytes (the start of a sum).
OpCost zeroCost(sym::ExprContext &Ctx);

/// Sum of two costs (unknown if either is).
OpCost addCosts(const OpCost &A, const OpCost &B, sym::ExprContext &Ctx);

/// \p C scaled by \p Factor (a loop trip count).
OpCost scaleCost(const OpCost &C, const sym::Expr *Factor,
                 sym::ExprContext &Ctx);

} // namespace modcost

#endif // MODCOST_SEMANTICS_OPCATALOG_H
