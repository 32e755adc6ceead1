//===- TensorLayout.h - Contiguity and views under torch's rules -*- C++
//-*-===//
///
/// \file
/// The memory layout of tensor values (Value::Contiguous, Value::Order) as
/// torch decides it from strides, for what the layout changes in the cost:
/// `reshape`, `flatten` and `contiguous` are free when torch can take the
/// result as a view, a copy otherwise.
///
/// Two of torch's rules matter: the strides of size-1 dimensions do not
/// count (`is_contiguous`, and reshape's `computeStride`), so a permute or
/// transpose that moves only size-1 dimensions leaves a contiguous tensor;
/// and a reshape is a view when every group of input dimensions merged
/// into output extents is contiguous in memory (splitting one dimension is
/// always a view). A dimension is of size 1 when its extent is the literal
/// 1; a symbol (`batch_size`) is not assumed to be 1.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_TENSORLAYOUT_H
#define MODCOST_INTERP_TENSORLAYOUT_H

#include "modcost/Interp/Value.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <vector>

namespace modcost {
namespace sym {
class ExprContext;
} // namespace sym

/// The memory rank of each of \p T's dimensions (the identity when \p T is
/// contiguous), or nullopt when its strides are not a known permutation.
std::optional<std::vector<uint8_t>> memoryOrder(const Value &T);

/// Gives \p R (whose Dims are set) the layout of a dense buffer whose
/// dimension I has memory rank \p Order[I]: contiguous when the dimensions
/// other than size 1 are in memory order, else strided with that order.
void setMemoryOrder(Value &R, llvm::ArrayRef<uint8_t> Order);

/// The layout of \p R = \p T.permute(\p Perm) (R.Dims permuted already).
void permuteLayout(Value &R, const Value &T, llvm::ArrayRef<size_t> Perm);

/// The layout of \p R = \p T.unsqueeze(\p At) (R.Dims set already).
void unsqueezeLayout(Value &R, const Value &T, size_t At);

/// The layout of \p R, \p T without the dimensions \p Dropped (a squeeze;
/// R.Dims set already).
void squeezeLayout(Value &R, const Value &T, llvm::ArrayRef<size_t> Dropped);

/// The layout of \p T reshaped to \p Out when torch takes the reshape as a
/// view of \p T's strides (ATen's computeStride): a contiguous \p T, or
/// every group of \p T's dimensions merged into output extents contiguous
/// in memory. Returns nullopt when the reshape copies (or when unknown
/// extents leave it open); else a tensor value whose Contiguous and Order
/// are the result's.
std::optional<Value> reshapeLayout(const Value &T,
                                   llvm::ArrayRef<const sym::Expr *> Out,
                                   sym::ExprContext &Ctx);

} // namespace modcost

#endif // MODCOST_INTERP_TENSORLAYOUT_H
