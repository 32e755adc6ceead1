//===- Rational.h - Exact arbitrary-precision numbers -----------*- C++ -*-===//
///
/// \file
/// BigInt and Rational: the exact numbers behind symbolic constants and
/// evaluation results. FLOP counts of large models multiplied out exceed
/// 2^63, so nothing here ever wraps: BigInt stores an llvm::APInt whose width
/// grows as needed (it is kept at the smallest multiple of 64 bits that holds
/// the value in two's complement, so equal values have equal representations)
/// and Rational is a normalized fraction of two BigInts.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SYMBOLIC_RATIONAL_H
#define MODCOST_SYMBOLIC_RATIONAL_H

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace llvm {
class FoldingSetNodeID;
class raw_ostream;
} // namespace llvm

namespace modcost::sym {

/// A signed integer of unbounded size. Arithmetic never overflows.
class BigInt {
public:
  /// Zero.
  BigInt() : V(64, 0) {}
  /// The value \p X.
  BigInt(int64_t X) : V(64, static_cast<uint64_t>(X), /*isSigned=*/true) {}
  /// The value of \p A read as signed (\p IsSigned) or unsigned.
  static BigInt fromAPInt(const llvm::APInt &A, bool IsSigned);
  /// Parses an optionally signed decimal integer; std::nullopt unless all of
  /// \p Text is consumed.
  static std::optional<BigInt> fromString(llvm::StringRef Text);

  /// The value as an APInt in its canonical width (signed interpretation).
  const llvm::APInt &getAPInt() const { return V; }
  /// True if the value is 0.
  bool isZero() const { return V.isZero(); }
  /// True if the value is 1.
  bool isOne() const { return V.isOne(); }
  /// True if the value is below 0.
  bool isNegative() const { return V.isNegative(); }
  /// -1, 0 or 1 according to the sign.
  int signum() const { return isNegative() ? -1 : (isZero() ? 0 : 1); }
  /// The value if it fits in int64_t.
  std::optional<int64_t> tryGetInt64() const;

  /// The absolute value.
  BigInt abs() const { return isNegative() ? -*this : *this; }
  /// The negated value.
  BigInt operator-() const;
  /// Exact sum.
  friend BigInt operator+(const BigInt &A, const BigInt &B);
  /// Exact difference.
  friend BigInt operator-(const BigInt &A, const BigInt &B);
  /// Exact product.
  friend BigInt operator*(const BigInt &A, const BigInt &B);
  /// Adds \p B in place.
  BigInt &operator+=(const BigInt &B) { return *this = *this + B; }
  /// Subtracts \p B in place.
  BigInt &operator-=(const BigInt &B) { return *this = *this - B; }
  /// Multiplies by \p B in place.
  BigInt &operator*=(const BigInt &B) { return *this = *this * B; }

  /// Floor division: \p Q = floor(A / B), \p R = A - Q * B (sign of \p B).
  /// \p B must not be zero.
  static void divModFloor(const BigInt &A, const BigInt &B, BigInt &Q,
                          BigInt &R);
  /// floor(A / B); \p B must not be zero.
  static BigInt floorDiv(const BigInt &A, const BigInt &B);
  /// The non-negative greatest common divisor (gcd(0, 0) = 0).
  static BigInt gcd(const BigInt &A, const BigInt &B);
  /// \p Base raised to \p Exp (Exp >= 0).
  static BigInt pow(const BigInt &Base, uint64_t Exp);
  /// -1, 0 or 1 as \p A is less than, equal to or greater than \p B.
  static int compare(const BigInt &A, const BigInt &B);

  /// Equality.
  friend bool operator==(const BigInt &A, const BigInt &B) {
    return compare(A, B) == 0;
  }
  /// Inequality.
  friend bool operator!=(const BigInt &A, const BigInt &B) {
    return compare(A, B) != 0;
  }
  /// Less-than.
  friend bool operator<(const BigInt &A, const BigInt &B) {
    return compare(A, B) < 0;
  }
  /// Greater-than.
  friend bool operator>(const BigInt &A, const BigInt &B) {
    return compare(A, B) > 0;
  }
  /// Less-or-equal.
  friend bool operator<=(const BigInt &A, const BigInt &B) {
    return compare(A, B) <= 0;
  }
  /// Greater-or-equal.
  friend bool operator>=(const BigInt &A, const BigInt &B) {
    return compare(A, B) >= 0;
  }

  /// The exact decimal form, e.g. `-1180591620717411303424`.
  std::string toString() const;
  /// Prints toString() to \p OS.
  void print(llvm::raw_ostream &OS) const;
  /// Adds the value to a FoldingSet profile.
  void profile(llvm::FoldingSetNodeID &ID) const;

private:
  explicit BigInt(llvm::APInt A) : V(std::move(A)) { normalize(); }
  void normalize();
  llvm::APInt V;
};

/// Prints \p X in decimal.
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const BigInt &X);

/// An exact fraction Num/Den with Den > 0 and gcd(Num, Den) = 1.
class Rational {
public:
  /// Zero.
  Rational() : Num(0), Den(1) {}
  /// The integer \p X.
  Rational(int64_t X) : Num(X), Den(1) {}
  /// The integer \p X.
  Rational(const BigInt &X) : Num(X), Den(1) {}
  /// \p N / \p D, normalized; \p D must not be zero.
  Rational(const BigInt &N, const BigInt &D);
  /// Parses `N` or `N/D` (optional sign, decimal digits, no spaces).
  static std::optional<Rational> fromString(llvm::StringRef Text);

  /// The numerator (carries the sign).
  const BigInt &getNumerator() const { return Num; }
  /// The denominator (always positive).
  const BigInt &getDenominator() const { return Den; }
  /// True if the denominator is 1.
  bool isInteger() const { return Den.isOne(); }
  /// True if the value is 0.
  bool isZero() const { return Num.isZero(); }
  /// True if the value is 1.
  bool isOne() const { return Num.isOne() && Den.isOne(); }
  /// True if the value is below 0.
  bool isNegative() const { return Num.isNegative(); }
  /// -1, 0 or 1 according to the sign.
  int signum() const { return Num.signum(); }

  /// The negated value.
  Rational operator-() const { return Rational(-Num, Den, Normalized); }
  /// The absolute value.
  Rational abs() const { return isNegative() ? -*this : *this; }
  /// 1 / value; the value must not be zero.
  Rational inverse() const;
  /// Exact sum.
  friend Rational operator+(const Rational &A, const Rational &B);
  /// Exact difference.
  friend Rational operator-(const Rational &A, const Rational &B);
  /// Exact product.
  friend Rational operator*(const Rational &A, const Rational &B);
  /// Exact quotient; \p B must not be zero.
  friend Rational operator/(const Rational &A, const Rational &B);
  /// The value raised to \p Exp; the value must not be zero if Exp < 0.
  Rational pow(int64_t Exp) const;
  /// The greatest integer not above the value.
  BigInt floor() const;
  /// The least integer not below the value.
  BigInt ceil() const;

  /// -1, 0 or 1 as \p A is less than, equal to or greater than \p B.
  static int compare(const Rational &A, const Rational &B);
  /// Equality.
  friend bool operator==(const Rational &A, const Rational &B) {
    return A.Num == B.Num && A.Den == B.Den;
  }
  /// Inequality.
  friend bool operator!=(const Rational &A, const Rational &B) {
    return !(A == B);
  }
  /// Less-than.
  friend bool operator<(const Rational &A, const Rational &B) {
    return compare(A, B) < 0;
  }
  /// Greater-than.
  friend bool operator>(const Rational &A, const Rational &B) {
    return compare(A, B) > 0;
  }
  /// Less-or-equal.
  friend bool operator<=(const Rational &A, const Rational &B) {
    return compare(A, B) <= 0;
  }
  /// Greater-or-equal.
  friend bool operator>=(const Rational &A, const Rational &B) {
    return compare(A, B) >= 0;
  }

  /// `N` for integers, `N/D` otherwise (no spaces), e.g. `-3/2`.
  std::string toString() const;
  /// Prints toString() to \p OS.
  void print(llvm::raw_ostream &OS) const;
  /// Adds the value to a FoldingSet profile.
  void profile(llvm::FoldingSetNodeID &ID) const;

private:
  struct NormalizedTag {};
  static constexpr NormalizedTag Normalized{};
  Rational(BigInt N, BigInt D, NormalizedTag)
      : Num(std::move(N)), Den(std::move(D)) {}
  BigInt Num, Den;
};

/// Prints \p X as Rational::toString() does.
llvm::raw_ostream &operator<<(llvm::raw_ostream &OS, const Rational &X);

} // namespace modcost::sym

#endif // MODCOST_SYMBOLIC_RATIONAL_H
