//===- Summation.h - Closed forms of sums over an index ---------*- C++ -*-===//
///
/// \file
/// Sums of formulas over a range of an index symbol in closed form: the
/// polynomial part in the index is summed term by term with Faulhaber's
/// formula, so `sum(i = 0 .. n - 1) of a * i^2 + b` becomes
/// `a * (2 * n^3 - 3 * n^2 + n) / 6 + b * n` exactly, with rational
/// coefficients and any expression (a symbol, a sum) as the count n. This is
/// what prices generation: N decode steps over a cache that grows by one
/// token per step are one closed form in N (docs/Expand.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SYMBOLIC_SUMMATION_H
#define MODCOST_SYMBOLIC_SUMMATION_H

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace modcost::sym {

/// The Bernoulli number B_k with B_1 = -1/2 (the convention for sums that
/// stop one short of the count).
Rational bernoulli(unsigned K);

/// The closed form of `sum(i = 0 .. Count - 1) of i^K` (Faulhaber), a
/// polynomial of degree K + 1 in \p Count.
const Expr *powerSum(unsigned K, const Expr *Count);

/// The closed form of `sum(Index = 0 .. Count - 1) of E`. \p E must be a
/// polynomial in the symbol \p Index: it may occur only as a factor with a
/// non-negative exponent, never inside floor, ceil, max, min or a divisor;
/// otherwise the result is an error naming the offending part. \p Count
/// must not contain \p Index.
llvm::Expected<const Expr *> sumOverRange(const Expr *E, llvm::StringRef Index,
                                          const Expr *Count);

} // namespace modcost::sym

#endif // MODCOST_SYMBOLIC_SUMMATION_H
