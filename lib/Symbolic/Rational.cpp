//===- Rational.cpp - Exact arbitrary-precision numbers -------------------===//
///
/// \file
/// BigInt on top of llvm::APInt with automatic width growth, and Rational as
/// a normalized pair of BigInts. Every operation widens its operands enough
/// that the APInt result is exact, then shrinks back to the canonical width.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Rational.h"

#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>

using namespace llvm;

namespace modcost::sym {

//===----------------------------------------------------------------------===//
// BigInt
//===----------------------------------------------------------------------===//

void BigInt::normalize() {
  unsigned Width = std::max<unsigned>(64, alignTo(V.getSignificantBits(), 64));
  if (Width != V.getBitWidth())
    V = V.sextOrTrunc(Width);
}

/// Sign-extends \p A and \p B to a common width with \p Extra spare bits.
static std::pair<APInt, APInt> widen(const APInt &A, const APInt &B,
                                     unsigned Extra) {
  unsigned Width = std::max(A.getBitWidth(), B.getBitWidth()) + Extra;
  return {A.sext(Width), B.sext(Width)};
}

BigInt BigInt::fromAPInt(const APInt &A, bool IsSigned) {
  return BigInt(IsSigned ? A : A.zext(A.getBitWidth() + 1));
}

std::optional<BigInt> BigInt::fromString(StringRef Text) {
  bool Negative = Text.consume_front("-");
  if (!Negative)
    Text.consume_front("+");
  if (Text.empty() || !llvm::all_of(Text, [](char C) { return isDigit(C); }))
    return std::nullopt;
  BigInt Result;
  // Eighteen decimal digits always fit in a uint64_t chunk.
  while (!Text.empty()) {
    StringRef Chunk = Text.take_front(18);
    Text = Text.drop_front(Chunk.size());
    uint64_t ChunkValue = 0;
    Chunk.getAsInteger(10, ChunkValue);
    Result = Result * BigInt::pow(10, Chunk.size()) +
             BigInt(static_cast<int64_t>(ChunkValue));
  }
  return Negative ? -Result : Result;
}

std::optional<int64_t> BigInt::tryGetInt64() const {
  if (V.getBitWidth() != 64)
    return std::nullopt;
  return V.getSExtValue();
}

BigInt BigInt::operator-() const {
  APInt Wide = V.sext(V.getBitWidth() + 1);
  Wide.negate();
  return BigInt(std::move(Wide));
}

BigInt operator+(const BigInt &A, const BigInt &B) {
  auto [X, Y] = widen(A.V, B.V, 1);
  return BigInt(X + Y);
}

BigInt operator-(const BigInt &A, const BigInt &B) {
  auto [X, Y] = widen(A.V, B.V, 1);
  return BigInt(X - Y);
}

BigInt operator*(const BigInt &A, const BigInt &B) {
  unsigned Width = A.V.getBitWidth() + B.V.getBitWidth();
  return BigInt(A.V.sext(Width) * B.V.sext(Width));
}

void BigInt::divModFloor(const BigInt &A, const BigInt &B, BigInt &Q,
                         BigInt &R) {
  assert(!B.isZero() && "division by zero");
  auto [X, Y] = widen(A.V, B.V, 1);
  APInt QI, RI;
  APInt::sdivrem(X, Y, QI, RI);
  if (!RI.isZero() && RI.isNegative() != Y.isNegative()) {
    QI -= 1;
    RI += Y;
  }
  Q = BigInt(std::move(QI));
  R = BigInt(std::move(RI));
}

BigInt BigInt::floorDiv(const BigInt &A, const BigInt &B) {
  BigInt Q, R;
  divModFloor(A, B, Q, R);
  return Q;
}

BigInt BigInt::gcd(const BigInt &A, const BigInt &B) {
  BigInt AbsA = A.abs(), AbsB = B.abs();
  auto [X, Y] = widen(AbsA.V, AbsB.V, 1);
  return BigInt(APIntOps::GreatestCommonDivisor(std::move(X), std::move(Y)));
}

BigInt BigInt::pow(const BigInt &Base, uint64_t Exp) {
  BigInt Result = 1, Square = Base;
  while (Exp) {
    if (Exp & 1)
      Result *= Square;
    Exp >>= 1;
    if (Exp)
      Square *= Square;
  }
  return Result;
}

int BigInt::compare(const BigInt &A, const BigInt &B) {
  if (A.V.getBitWidth() == B.V.getBitWidth()) {
    if (A.V == B.V)
      return 0;
    return A.V.slt(B.V) ? -1 : 1;
  }
  auto [X, Y] = widen(A.V, B.V, 0);
  if (X == Y)
    return 0;
  return X.slt(Y) ? -1 : 1;
}

std::string BigInt::toString() const {
  SmallString<40> Str;
  V.toString(Str, 10, /*Signed=*/true);
  return std::string(Str);
}

void BigInt::print(raw_ostream &OS) const { OS << toString(); }

void BigInt::profile(FoldingSetNodeID &ID) const {
  ID.AddInteger(V.getBitWidth());
  for (unsigned I = 0, E = V.getNumWords(); I != E; ++I)
    ID.AddInteger(V.getRawData()[I]);
}

raw_ostream &operator<<(raw_ostream &OS, const BigInt &X) {
  X.print(OS);
  return OS;
}

//===----------------------------------------------------------------------===//
// Rational
//===----------------------------------------------------------------------===//

Rational::Rational(const BigInt &N, const BigInt &D) {
  assert(!D.isZero() && "zero denominator");
  BigInt G = BigInt::gcd(N, D);
  if (D.isNegative())
    G = -G;
  if (G.isOne()) {
    Num = N;
    Den = D;
    return;
  }
  Num = BigInt::floorDiv(N, G);
  Den = BigInt::floorDiv(D, G);
}

std::optional<Rational> Rational::fromString(StringRef Text) {
  auto [NumText, DenText] = Text.split('/');
  std::optional<BigInt> N = BigInt::fromString(NumText);
  if (!N)
    return std::nullopt;
  if (Text.find('/') == StringRef::npos)
    return Rational(*N);
  std::optional<BigInt> D = BigInt::fromString(DenText);
  if (!D || D->isZero())
    return std::nullopt;
  return Rational(*N, *D);
}

Rational Rational::inverse() const {
  assert(!isZero() && "inverse of zero");
  if (isNegative())
    return Rational(-Den, -Num, Normalized);
  return Rational(Den, Num, Normalized);
}

Rational operator+(const Rational &A, const Rational &B) {
  if (A.Den == B.Den)
    return Rational(A.Num + B.Num, A.Den);
  return Rational(A.Num * B.Den + B.Num * A.Den, A.Den * B.Den);
}

Rational operator-(const Rational &A, const Rational &B) { return A + -B; }

Rational operator*(const Rational &A, const Rational &B) {
  if (A.isInteger() && B.isInteger())
    return Rational(A.Num * B.Num, BigInt(1), Rational::Normalized);
  return Rational(A.Num * B.Num, A.Den * B.Den);
}

Rational operator/(const Rational &A, const Rational &B) {
  return A * B.inverse();
}

Rational Rational::pow(int64_t Exp) const {
  if (Exp < 0)
    return inverse().pow(-Exp);
  // Powers of coprime numbers stay coprime.
  return Rational(BigInt::pow(Num, Exp), BigInt::pow(Den, Exp), Normalized);
}

BigInt Rational::floor() const { return BigInt::floorDiv(Num, Den); }

BigInt Rational::ceil() const { return -BigInt::floorDiv(-Num, Den); }

int Rational::compare(const Rational &A, const Rational &B) {
  if (A.Den == B.Den)
    return BigInt::compare(A.Num, B.Num);
  return BigInt::compare(A.Num * B.Den, B.Num * A.Den);
}

std::string Rational::toString() const {
  if (isInteger())
    return Num.toString();
  return Num.toString() + "/" + Den.toString();
}

void Rational::print(raw_ostream &OS) const { OS << toString(); }

void Rational::profile(FoldingSetNodeID &ID) const {
  Num.profile(ID);
  Den.profile(ID);
}

raw_ostream &operator<<(raw_ostream &OS, const Rational &X) {
  X.print(OS);
  return OS;
}

} // namespace modcost::sym
