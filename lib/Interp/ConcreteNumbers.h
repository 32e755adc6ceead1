//===- ConcreteNumbers.h - The numbers of a tensor whose values are known -===//
///
/// \file
/// Shared by ConcreteTensors.cpp (element-wise arithmetic, tolist/item) and
/// ConcreteFactories.cpp (linspace, constructors, split, iteration,
/// reductions): a tensor whose values are known keeps them in
/// Value::Elems, one Int or Float per element. It is one-dimensional, or
/// zero-dimensional with one element (an element of an iterated tensor,
/// a reduction).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_CONCRETENUMBERS_H
#define MODCOST_LIB_INTERP_CONCRETENUMBERS_H

#include "modcost/Interp/Value.h"
#include "modcost/Symbolic/Expr.h"

#include <optional>
#include <vector>

namespace modcost {
namespace concrete {

/// Longest tensor whose values are kept.
constexpr size_t MaxElements = 4096;

/// The values of a concrete tensor or a number: one element per value, and
/// whether all are integers (an int64 tensor).
struct Numbers {
  std::vector<double> V;
  bool Integral = true;
  bool Scalar = false; ///< A Python number (broadcasts, keeps torch's dtype).
};

/// True for a tensor whose values are known: one-dimensional of a constant
/// length with one element per position, or zero-dimensional with one.
bool isConcrete(const Value &V);
/// True for a Python int, float or bool.
bool isNumber(const Value &V);
/// The number \p V holds (a bool as 0 or 1).
double asNumber(const Value &V);
/// The values of a concrete tensor or a number.
std::optional<Numbers> numbersOf(const Value &V);
/// A Python list or tuple of numbers (`torch.tensor([...])`).
std::optional<Numbers> numbersOfList(const Value &V);
/// A one-dimensional tensor holding \p N: int64, or float32 with each value
/// rounded to float; float64 if \p Double (numpy's arrays).
Value makeTensor(const Numbers &N, sym::ExprContext &Sym, bool Double = false);
/// A zero-dimensional tensor holding \p X (int64 if \p Integral, else a
/// float of \p Bytes bytes).
Value makeScalarTensor(double X, bool Integral, llvm::StringRef Bytes);

} // namespace concrete
} // namespace modcost

#endif // MODCOST_LIB_INTERP_CONCRETENUMBERS_H
