//===- TensorShapes.h - Helpers of the tensor shape rules -------*- C++ -*-===//
///
/// \file
/// Small helpers shared by the tensor shape rules (TensorShapes.cpp,
/// TensorMethods.cpp, TensorFunctions.cpp): dimension indices, argument
/// lookup, element sizes. Private to lib/Interp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_TENSORSHAPES_H
#define MODCOST_LIB_INTERP_TENSORSHAPES_H

#include "EvaluatorImpl.h"

#include "llvm/ADT/StringSwitch.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

using Dims = std::vector<const sym::Expr *>;

/// True for a tensor whose rank nothing fixes (an input priced on the
/// profile's `rank_shape.free` symbols): its dimensions stand for the
/// product of the leading ones and the last one, its rank is unknown.
inline bool isFreeRank(const Value &T) { return T.DimsKnown && T.Rank < 0; }

/// Normalizes a possibly negative dimension index.
inline std::optional<size_t> normDim(const Value &D, size_t Rank) {
  if (!D.is(ValueKind::Int))
    return std::nullopt;
  int64_t I = D.I < 0 ? D.I + int64_t(Rank) : D.I;
  if (I < 0 || I >= int64_t(Rank))
    return std::nullopt;
  return size_t(I);
}

/// The keyword argument \p Name if given, else positional argument \p Pos.
inline Value keywordOr(const CallArgs &Args, llvm::StringRef Name, size_t Pos) {
  if (std::optional<Value> V = Args.keyword(Name))
    return *V;
  return Args.arg(Pos);
}

/// The `dim` argument: by keyword, else positional argument \p Pos.
inline Value dimArg(const CallArgs &Args, size_t Pos) {
  return keywordOr(Args, "dim", Pos);
}

/// The element size of a result computed from \p T: T's, except that a
/// weight's (`w_bytes`) becomes an activation's (`a_bytes`).
inline std::string resultBytes(const Value &T) {
  return T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes;
}

/// Bytes per element of a legacy tensor type name (`torch.LongTensor`,
/// `torch.cuda.HalfTensor`), or empty.
inline std::string bytesOfTypeName(llvm::StringRef Name) {
  llvm::StringRef T =
      Name.rsplit('.').second.empty() ? Name : Name.rsplit('.').second;
  return llvm::StringSwitch<std::string>(T)
      .Cases("DoubleTensor", "LongTensor", "8")
      .Cases("FloatTensor", "IntTensor", "4")
      .Cases("HalfTensor", "BFloat16Tensor", "ShortTensor", "2")
      .Cases("BoolTensor", "ByteTensor", "CharTensor", "1")
      .Default("");
}

/// \p V as Python's `__index__` reads it: a zero-dimensional tensor whose
/// one value is a known integer (its stated Fill, or its concrete element:
/// `range(lengths[j])`) is that int; anything else is returned as is.
inline Value indexValue(const Value &V) {
  if (!V.is(ValueKind::Tensor) || !V.DimsKnown || !V.Dims.empty())
    return V;
  if (V.Elems.size() == 1 && V.Elems[0].is(ValueKind::Int))
    return V.Elems[0];
  if (V.Fill && V.Fill->isConstant() && V.Fill->getConstantValue().isInteger())
    if (auto I = V.Fill->getConstantValue().getNumerator().tryGetInt64())
      return Value::integer(*I, V.Why);
  return V;
}

/// A new tensor of \p T's shape: no name or provenance, an activation's
/// element size, no known values, no role (not a registered parameter or
/// buffer), contiguous unless \p KeepContiguous (then T's layout).
inline Value sameShape(const Value &T, bool KeepContiguous = false) {
  Value R = T;
  R.Name.clear();
  R.Why.clear();
  R.Role = TensorRole::Other;
  R.Fill = nullptr;
  R.IndexBound = nullptr;
  R.TrueCount = nullptr;
  R.Elems.clear(); // Values (ConcreteTensors.cpp) are not carried over.
  if (!KeepContiguous) {
    R.Contiguous = true;
    R.Order.clear();
  }
  if (R.Bytes == "w_bytes")
    R.Bytes = "a_bytes";
  return R;
}

/// A view of \p T (a piece from chunk/split/unbind, a reshape, a
/// transpose): like sameShape, but \p T's element size is kept, so a view
/// of a weight (`in_proj_weight.chunk(3)`) is still priced as a weight.
inline Value viewOf(const Value &T, bool KeepContiguous = false) {
  Value R = sameShape(T, KeepContiguous);
  R.Bytes = T.Bytes;
  R.IndexBound = T.IndexBound; // A view holds the same elements.
  R.Fill = T.Fill;             // The same elements.
  return R;
}

/// The operand that N equal tensors \p T read together (a list of N copies
/// passed to `torch.stack`): \p T with a leading extent \p N, or of
/// unknown shape if \p T's is unknown.
inline Value repeatedOperand(const Value &T, const sym::Expr *N) {
  Value R = T;
  if (R.DimsKnown) {
    R.Dims.insert(R.Dims.begin(), N);
    R.Rank = int(R.Dims.size());
  }
  return R;
}

/// Bytes per element after a conversion to dtype \p D, or empty if unknown.
std::string bytesOfDtype(const Value &D);

/// The layers, directions, bias and layout of a call of a whole recurrent
/// network op (`_VF.lstm(input, hx, weights, ...)`); nullopt for any other
/// call (SignalFunctions.cpp).
std::optional<CostExtras> recurrentExtras(llvm::StringRef Op,
                                          const CallArgs &Args);

/// The resampling mode's FLOPs of a call of `interpolate`, `upsample` or
/// `grid_sampler` with result \p Out (Resampling.cpp); PerOutput stays
/// null for a mode not known.
CostExtras resampleExtras(llvm::StringRef Op, const CallArgs &Args,
                          const Value &Out, sym::ExprContext &Ctx);

/// True for a positive constant, a size symbol other than `cache_len`, or
/// a product of such (with a positive coefficient): an extent of at least 1
/// (TensorShapes.cpp).
bool isPositiveSizeProduct(const sym::Expr *D);

/// Complex element sizes (SpectralFunctions.cpp): `2*B` is a complex tensor
/// whose real and imaginary parts are B bytes each (`2*4`: complex64).
bool isComplexBytes(llvm::StringRef Bytes);
/// The element size of the complex counterpart of elements of \p Bytes.
std::string complexBytes(llvm::StringRef Bytes);
/// The element size of the real (or imaginary) part of \p Bytes; \p Bytes
/// itself if it is not complex.
std::string realPartBytes(llvm::StringRef Bytes);

/// The shape of `einsum(Equation, *Operands)` (`"bhqd,bhkd->bhqk"`),
/// \p Operands starting with the equation; the operands may come as one
/// tuple or list (EinsumShapes.cpp).
Value einsumShape(const Value &Equation, std::vector<Value> Operands);

/// The product of the extents an einsum contracts (its operands'
/// subscripts absent from the output) over operands \p Ins; null when an
/// extent is unknown or the equation is not one parseEinsum models
/// (EinsumShapes.cpp).
const sym::Expr *einsumContracted(llvm::StringRef Equation,
                                  llvm::ArrayRef<Value> Ins,
                                  sym::ExprContext &Ctx);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_TENSORSHAPES_H
