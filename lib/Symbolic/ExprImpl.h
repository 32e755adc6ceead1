//===- ExprImpl.h - Internals of the expression context ------- -*- C++ -*-===//
///
/// \file
/// The polynomial form that the folding constructors compute in and the
/// state of an ExprContext, shared by Expr.cpp (nodes, uniquing, max/min,
/// substitution) and ExprArith.cpp (sums, products, powers and divisions).
/// Private to lib/Symbolic.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_SYMBOLIC_EXPRIMPL_H
#define MODCOST_LIB_SYMBOLIC_EXPRIMPL_H

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace modcost::sym {

namespace detail {
/// A monomial: factors sorted by canonicalLess, no zero exponents.
using Mono = llvm::SmallVector<Factor, 4>;
/// One coefficient/monomial pair of a polynomial.
struct PTerm {
  Rational C;
  Mono M;
};
/// A polynomial: terms sorted by cmpMono descending, distinct monomials,
/// nonzero coefficients.
using Poly = std::vector<PTerm>;
} // namespace detail

struct ExprContext::Impl {
  explicit Impl(ExprContext &Ctx) : Ctx(Ctx) {}

  ExprContext &Ctx;
  llvm::FoldingSet<Expr> Set;
  std::vector<std::unique_ptr<Expr>> Nodes;
  /// Texts parse() read in this context, and what they gave.
  llvm::StringMap<const Expr *> Parsed;

  const Expr *buildTerm(const detail::PTerm &T);
  const Expr *fromPoly(detail::Poly P);
  const Expr *div(const Expr *A, const Expr *B);
  const Expr *pow(const Expr *A, int64_t N);
  const Expr *roundedDiv(const Expr *A, const Expr *B, bool Ceil);
  const Expr *extremum(llvm::ArrayRef<const Expr *> Ops, ExprKind Kind);
  llvm::Expected<const Expr *>
  substitute(const Expr *E, const SubstitutionMap &Map,
             llvm::DenseMap<const Expr *, const Expr *> &Memo);
};

} // namespace modcost::sym

#endif // MODCOST_LIB_SYMBOLIC_EXPRIMPL_H
