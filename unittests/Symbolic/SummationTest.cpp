//===- SummationTest.cpp - Tests for closed-form sums ---------------------===//
///
/// \file
/// Bernoulli numbers, Faulhaber's power sums and sumOverRange() against the
/// explicit sum term by term, for symbolic coefficients and counts.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Summation.h"
#include "modcost/Symbolic/Parser.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

using namespace modcost::sym;

namespace {

class SummationTest : public ::testing::Test {
protected:
  ExprContext Ctx;

  const Expr *P(llvm::StringRef Text) {
    llvm::Expected<const Expr *> E = parse(Text, Ctx);
    if (!E) {
      ADD_FAILURE() << llvm::toString(E.takeError());
      return Ctx.getZero();
    }
    return *E;
  }

  std::string sum(llvm::StringRef E, llvm::StringRef Index,
                  llvm::StringRef Count) {
    llvm::Expected<const Expr *> S = sumOverRange(P(E), Index, P(Count));
    if (!S)
      return "error: " + llvm::toString(S.takeError());
    return (*S)->str();
  }

  /// The explicit sum of \p E for Index = 0 .. N - 1, as a formula.
  const Expr *explicitSum(const Expr *E, llvm::StringRef Index, int64_t N) {
    const Expr *S = Ctx.getZero();
    for (int64_t I = 0; I < N; ++I) {
      llvm::Expected<const Expr *> T =
          substitute(E, {{Index.str(), Ctx.constant(I)}});
      EXPECT_TRUE(bool(T));
      if (T)
        S = Ctx.add(S, *T);
    }
    return S;
  }
};

TEST_F(SummationTest, BernoulliNumbers) {
  EXPECT_EQ(bernoulli(0).toString(), "1");
  EXPECT_EQ(bernoulli(1).toString(), "-1/2");
  EXPECT_EQ(bernoulli(2).toString(), "1/6");
  EXPECT_EQ(bernoulli(3).toString(), "0");
  EXPECT_EQ(bernoulli(4).toString(), "-1/30");
  EXPECT_EQ(bernoulli(6).toString(), "1/42");
  EXPECT_EQ(bernoulli(12).toString(), "-691/2730");
}

TEST_F(SummationTest, PowerSumsAreFaulhaber) {
  const Expr *N = Ctx.symbol("n");
  EXPECT_EQ(powerSum(0, N)->str(), "n");
  EXPECT_EQ(powerSum(1, N), P("n^2 / 2 - n / 2"));
  EXPECT_EQ(powerSum(2, N), P("n^3 / 3 - n^2 / 2 + n / 6"));
  EXPECT_EQ(powerSum(3, N), P("n^4 / 4 - n^3 / 2 + n^2 / 4"));
  // Numerically, up to the 10th power and 20 terms.
  for (unsigned K = 0; K <= 10; ++K)
    for (int64_t Count = 0; Count <= 20; ++Count) {
      Rational Want;
      for (int64_t I = 0; I < Count; ++I)
        Want = Want + Rational(I).pow(K);
      llvm::Expected<Rational> Got = evaluate(powerSum(K, N), {{"n", Count}});
      ASSERT_TRUE(bool(Got));
      EXPECT_EQ(Got->toString(), Want.toString())
          << "k=" << K << " n=" << Count;
    }
}

TEST_F(SummationTest, SymbolicCoefficientsAndCount) {
  // A decode step over a cache of cache_len = seq_len + i tokens.
  EXPECT_EQ(sum("a * i + b", "i", "n"),
            P("a * n^2 / 2 - a * n / 2 + b * n")->str());
  EXPECT_EQ(sum("4 * h * (s + i)", "i", "n"),
            P("2 * h * n^2 + 4 * h * s * n - 2 * h * n")->str());
  // A count that is a sum.
  EXPECT_EQ(sum("i", "i", "m + 1"), P("m^2 / 2 + m / 2")->str());
  // Atoms and divisions without the index are coefficients.
  EXPECT_EQ(sum("ceil(d / 2) * i^2 / h", "i", "n"),
            P("ceil(d / 2) * (n^3 / 3 - n^2 / 2 + n / 6) / h")->str());
  // Nothing to sum: n copies.
  EXPECT_EQ(sum("7", "i", "n"), "7 * n");
  EXPECT_EQ(sum("0", "i", "n"), "0");
}

TEST_F(SummationTest, AgreesWithTheExplicitSum) {
  const Expr *E =
      P("3 * b * h * (s + i)^3 + 2 * b * (s + i) * d / 5 - 7 * w + i^4");
  for (int64_t N = 0; N <= 9; ++N) {
    llvm::Expected<const Expr *> S = sumOverRange(E, "i", Ctx.constant(N));
    ASSERT_TRUE(bool(S));
    EXPECT_EQ(*S, explicitSum(E, "i", N)) << "n=" << N;
  }
}

TEST_F(SummationTest, NoClosedFormIsAnError) {
  EXPECT_EQ(sum("max(i, s)", "i", "n"),
            "error: no closed form for a sum over 'i': it occurs in "
            "`max(i, s)`");
  EXPECT_EQ(sum("h / (s + i)", "i", "n"),
            "error: no closed form for a sum over 'i': it occurs in `i + s`");
  EXPECT_EQ(sum("h / i", "i", "n"),
            "error: no closed form for a sum of 'i' to a negative power");
  EXPECT_EQ(sum("i", "i", "i + 1"),
            "error: the count of a sum over 'i' must not depend on it");
}

} // namespace
