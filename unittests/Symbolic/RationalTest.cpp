//===- RationalTest.cpp - Tests for BigInt and Rational -------------------===//
///
/// \file
/// Exactness of the number classes behind symbolic constants: growth past 64
/// bits, floor semantics with negative operands, normalization and text.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Rational.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <limits>

using namespace modcost::sym;

namespace {

BigInt big(const char *Text) { return *BigInt::fromString(Text); }

TEST(BigIntTest, SmallArithmetic) {
  EXPECT_EQ((BigInt(7) + BigInt(-10)).toString(), "-3");
  EXPECT_EQ((BigInt(7) - BigInt(-10)).toString(), "17");
  EXPECT_EQ((BigInt(-7) * BigInt(6)).toString(), "-42");
  EXPECT_EQ((-BigInt(0)).toString(), "0");
  EXPECT_TRUE(BigInt(0).isZero());
  EXPECT_TRUE(BigInt(1).isOne());
  EXPECT_EQ(BigInt(-5).signum(), -1);
  EXPECT_EQ(BigInt(5).abs(), BigInt(5));
  EXPECT_EQ(BigInt(-5).abs(), BigInt(5));
}

TEST(BigIntTest, GrowsPast64Bits) {
  BigInt TwoTo64 = BigInt::pow(2, 64);
  EXPECT_EQ(TwoTo64.toString(), "18446744073709551616");
  EXPECT_EQ((TwoTo64 * TwoTo64).toString(),
            "340282366920938463463374607431768211456");
  EXPECT_EQ(BigInt::pow(2, 200).toString(),
            "1606938044258990275541962092341162602522202993782792835301376");
  EXPECT_EQ(BigInt::pow(3, 100).toString(),
            "515377520732011331036461129765621272702107522001");
  // Values shrink back: equal values compare equal whatever their history.
  BigInt Back = TwoTo64 * TwoTo64 - TwoTo64 * TwoTo64 + BigInt(5);
  EXPECT_EQ(Back, BigInt(5));
  EXPECT_EQ(Back.tryGetInt64(), std::optional<int64_t>(5));
  EXPECT_FALSE(TwoTo64.tryGetInt64().has_value());
}

TEST(BigIntTest, Int64Limits) {
  BigInt Min(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Min.toString(), "-9223372036854775808");
  EXPECT_EQ((-Min).toString(), "9223372036854775808");
  EXPECT_EQ(Min.abs().toString(), "9223372036854775808");
  EXPECT_EQ((Min * BigInt(-1)).toString(), "9223372036854775808");
  EXPECT_EQ((Min - BigInt(1)).toString(), "-9223372036854775809");
  BigInt Max(std::numeric_limits<int64_t>::max());
  EXPECT_EQ((Max + BigInt(1)).toString(), "9223372036854775808");
  EXPECT_EQ(BigInt::floorDiv(Min, BigInt(-1)).toString(),
            "9223372036854775808");
}

TEST(BigIntTest, FromStringRoundTrip) {
  const char *Texts[] = {"0",
                         "1",
                         "-1",
                         "18446744073709551615",
                         "-340282366920938463463374607431768211456",
                         "123456789012345678901234567890123456789"};
  for (const char *Text : Texts)
    EXPECT_EQ(big(Text).toString(), Text);
  EXPECT_EQ(big("+42"), BigInt(42));
  EXPECT_EQ(big("007"), BigInt(7));
  EXPECT_FALSE(BigInt::fromString("").has_value());
  EXPECT_FALSE(BigInt::fromString("-").has_value());
  EXPECT_FALSE(BigInt::fromString("12a").has_value());
  EXPECT_FALSE(BigInt::fromString("1.5").has_value());
}

TEST(BigIntTest, FloorDivisionSigns) {
  struct Case {
    int64_t A, B, Q, R;
  } Cases[] = {{7, 2, 3, 1},    {-7, 2, -4, 1}, {7, -2, -4, -1},
               {-7, -2, 3, -1}, {6, 3, 2, 0},   {0, 5, 0, 0}};
  for (const Case &C : Cases) {
    BigInt Q, R;
    BigInt::divModFloor(BigInt(C.A), BigInt(C.B), Q, R);
    EXPECT_EQ(Q, BigInt(C.Q)) << C.A << " / " << C.B;
    EXPECT_EQ(R, BigInt(C.R)) << C.A << " % " << C.B;
  }
  BigInt Huge = BigInt::pow(10, 30) + BigInt(7);
  BigInt Q, R;
  BigInt::divModFloor(Huge, BigInt::pow(10, 15), Q, R);
  EXPECT_EQ(Q, BigInt::pow(10, 15));
  EXPECT_EQ(R, BigInt(7));
}

TEST(BigIntTest, GcdAndCompare) {
  EXPECT_EQ(BigInt::gcd(BigInt(12), BigInt(-18)), BigInt(6));
  EXPECT_EQ(BigInt::gcd(BigInt(0), BigInt(-5)), BigInt(5));
  EXPECT_EQ(BigInt::gcd(BigInt(0), BigInt(0)), BigInt(0));
  EXPECT_EQ(BigInt::gcd(BigInt::pow(2, 100), BigInt::pow(6, 50)),
            BigInt::pow(2, 50));
  EXPECT_LT(BigInt(-1), BigInt(0));
  EXPECT_LT(-BigInt::pow(2, 100), BigInt(-1));
  EXPECT_GT(BigInt::pow(2, 100), BigInt(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(BigInt::compare(BigInt::pow(2, 70), BigInt::pow(2, 70)), 0);
}

TEST(RationalTest, Normalization) {
  Rational R(BigInt(6), BigInt(-4));
  EXPECT_EQ(R.getNumerator(), BigInt(-3));
  EXPECT_EQ(R.getDenominator(), BigInt(2));
  EXPECT_EQ(R.toString(), "-3/2");
  EXPECT_EQ(Rational(BigInt(0), BigInt(-9)).toString(), "0");
  EXPECT_TRUE(Rational(BigInt(8), BigInt(4)).isInteger());
  EXPECT_EQ(Rational(BigInt(8), BigInt(4)), Rational(2));
}

TEST(RationalTest, Arithmetic) {
  Rational Half(BigInt(1), BigInt(2)), Third(BigInt(1), BigInt(3));
  EXPECT_EQ((Half + Third).toString(), "5/6");
  EXPECT_EQ((Half - Third).toString(), "1/6");
  EXPECT_EQ((Half * Third).toString(), "1/6");
  EXPECT_EQ((Half / Third).toString(), "3/2");
  EXPECT_EQ((-Half).toString(), "-1/2");
  EXPECT_EQ(Half.inverse(), Rational(2));
  EXPECT_EQ(Rational(-3).inverse().toString(), "-1/3");
  EXPECT_EQ(Rational(BigInt(2), BigInt(3)).pow(-2).toString(), "9/4");
  EXPECT_EQ(Rational(BigInt(-2), BigInt(3)).pow(3).toString(), "-8/27");
  EXPECT_TRUE(Rational(5).pow(0).isOne());
}

TEST(RationalTest, FloorCeilCompare) {
  Rational A(BigInt(7), BigInt(2)), B(BigInt(-7), BigInt(2));
  EXPECT_EQ(A.floor(), BigInt(3));
  EXPECT_EQ(A.ceil(), BigInt(4));
  EXPECT_EQ(B.floor(), BigInt(-4));
  EXPECT_EQ(B.ceil(), BigInt(-3));
  EXPECT_EQ(Rational(4).floor(), BigInt(4));
  EXPECT_EQ(Rational(-4).ceil(), BigInt(-4));
  EXPECT_LT(B, A);
  EXPECT_LT(Rational(BigInt(1), BigInt(3)), Rational(BigInt(1), BigInt(2)));
  EXPECT_GE(Rational(BigInt(2), BigInt(4)), Rational(BigInt(1), BigInt(2)));
}

TEST(RationalTest, FromString) {
  EXPECT_EQ(Rational::fromString("3/6")->toString(), "1/2");
  EXPECT_EQ(Rational::fromString("-10")->toString(), "-10");
  EXPECT_EQ(Rational::fromString("4/-8")->toString(), "-1/2");
  EXPECT_FALSE(Rational::fromString("1/0").has_value());
  EXPECT_FALSE(Rational::fromString("1/").has_value());
  EXPECT_FALSE(Rational::fromString("x").has_value());
}

} // namespace
