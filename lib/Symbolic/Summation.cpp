//===- Summation.cpp - Closed forms of sums over an index -----------------===//
///
/// \file
/// Faulhaber's formula over the canonical polynomial form: every term of
/// the summand is split into its index-free coefficient and a power of the
/// index, and each power is replaced by its power sum.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Summation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace llvm;

namespace modcost::sym {

/// C(N, K) as an exact integer.
static Rational binomial(unsigned N, unsigned K) {
  Rational R(1);
  for (unsigned I = 1; I <= K; ++I)
    R = R * Rational(int64_t(N - K + I)) / Rational(int64_t(I));
  return R;
}

Rational bernoulli(unsigned K) {
  // B_0 = 1 and sum(j = 0 .. m) C(m + 1, j) B_j = 0 for m >= 1.
  std::vector<Rational> B{Rational(1)};
  for (unsigned M = 1; M <= K; ++M) {
    Rational S;
    for (unsigned J = 0; J < M; ++J)
      S = S + binomial(M + 1, J) * B[J];
    B.push_back(-S / Rational(int64_t(M + 1)));
  }
  return B[K];
}

const Expr *powerSum(unsigned K, const Expr *Count) {
  // sum(i = 0 .. n - 1) i^K = 1/(K+1) * sum(j = 0 .. K) C(K+1, j) B_j
  // n^(K+1-j), with B_1 = -1/2.
  ExprContext &Ctx = Count->getContext();
  const Expr *Sum = Ctx.getZero();
  for (unsigned J = 0; J <= K; ++J) {
    Rational C = binomial(K + 1, J) * bernoulli(J) / Rational(int64_t(K + 1));
    if (C.isZero())
      continue;
    Sum = Ctx.add(Sum, Ctx.mul(Ctx.constant(C), Ctx.pow(Count, K + 1 - J)));
  }
  return Sum;
}

/// True if the symbol \p Index occurs anywhere in \p E.
static bool mentions(const Expr *E, StringRef Index) {
  return llvm::is_contained(freeSymbols(E), Index);
}

Expected<const Expr *> sumOverRange(const Expr *E, StringRef Index,
                                    const Expr *Count) {
  ExprContext &Ctx = E->getContext();
  if (mentions(Count, Index))
    return createStringError("the count of a sum over '" + Index +
                             "' must not depend on it");
  const Expr *Sum = Ctx.getZero();
  for (const Term &T : terms(E)) {
    const Expr *Coefficient = Ctx.constant(T.Coefficient);
    int64_t Power = 0;
    for (const Factor &F : T.Factors) {
      if (F.Base->isSymbol() && F.Base->getName() == Index) {
        if (F.Exponent < 0)
          return createStringError("no closed form for a sum of '" + Index +
                                   "' to a negative power");
        Power = F.Exponent;
        continue;
      }
      if (mentions(F.Base, Index)) {
        std::string Text;
        raw_string_ostream OS(Text);
        F.Base->print(OS);
        return createStringError("no closed form for a sum over '" + Index +
                                 "': it occurs in `" + Text + "`");
      }
      Coefficient = Ctx.mul(Coefficient, Ctx.pow(F.Base, F.Exponent));
    }
    Sum = Ctx.add(Sum, Ctx.mul(Coefficient, powerSum(Power, Count)));
  }
  return Sum;
}

} // namespace modcost::sym
