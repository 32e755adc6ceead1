//===- ExprArith.cpp - Sums, products, powers and divisions ---------------===//
///
/// \file
/// The folding arithmetic constructors of ExprContext (add, mul, div, pow,
/// floorDiv, ceilDiv, divideExactly). Each converts its operands to an
/// explicit Laurent polynomial (a sorted vector of coefficient/monomial
/// pairs), computes there, and converts the result back to uniqued nodes in
/// Impl::fromPoly, the one place that produces the canonical form of Expr.h.
///
//===----------------------------------------------------------------------===//

#include "ExprImpl.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <cassert>

#include <set>

using namespace llvm;

namespace modcost::sym {

using namespace detail;

/// Upper bound on the quotient terms tried by exactDivide().
static constexpr unsigned MaxDivisionSteps = 512;

//===----------------------------------------------------------------------===//
// Monomials and polynomials
//===----------------------------------------------------------------------===//

static int64_t addExponents(int64_t A, int64_t B) {
  int64_t R;
  if (__builtin_add_overflow(A, B, &R))
    report_fatal_error("modcost::sym: exponent overflow");
  return R;
}

static int64_t mulExponents(int64_t A, int64_t B) {
  int64_t R;
  if (__builtin_mul_overflow(A, B, &R))
    report_fatal_error("modcost::sym: exponent overflow");
  return R;
}

static int64_t degree(const Mono &M) {
  int64_t D = 0;
  for (const Factor &F : M)
    D = addExponents(D, F.Exponent);
  return D;
}

/// The monomial order: graded, then lexicographic on exponent vectors indexed
/// in variable order. It is compatible with multiplication, which the
/// division algorithm relies on. Returns -1, 0 or 1.
static int cmpMono(const Mono &A, const Mono &B) {
  int64_t DegA = degree(A), DegB = degree(B);
  if (DegA != DegB)
    return DegA > DegB ? 1 : -1;
  size_t I = 0, J = 0;
  while (I < A.size() && J < B.size()) {
    if (A[I].Base == B[J].Base) {
      if (A[I].Exponent != B[J].Exponent)
        return A[I].Exponent > B[J].Exponent ? 1 : -1;
      ++I, ++J;
    } else if (canonicalLess(A[I].Base, B[J].Base)) {
      return A[I].Exponent > 0 ? 1 : -1;
    } else {
      return B[J].Exponent > 0 ? -1 : 1;
    }
  }
  if (I < A.size())
    return A[I].Exponent > 0 ? 1 : -1;
  if (J < B.size())
    return B[J].Exponent > 0 ? -1 : 1;
  return 0;
}

/// Merges two sorted factor lists; \p Combine(EA, EB) gives the exponent of
/// a base (absent bases count as 0) and zero results are dropped.
template <typename CombineFn>
static Mono mergeMono(const Mono &A, const Mono &B, CombineFn Combine) {
  Mono R;
  size_t I = 0, J = 0;
  auto Emit = [&](const Expr *Base, int64_t E) {
    if (E != 0)
      R.push_back({Base, E});
  };
  while (I < A.size() || J < B.size()) {
    if (J == B.size() ||
        (I < A.size() && canonicalLess(A[I].Base, B[J].Base))) {
      Emit(A[I].Base, Combine(A[I].Exponent, 0));
      ++I;
    } else if (I == A.size() || A[I].Base != B[J].Base) {
      Emit(B[J].Base, Combine(0, B[J].Exponent));
      ++J;
    } else {
      Emit(A[I].Base, Combine(A[I].Exponent, B[J].Exponent));
      ++I, ++J;
    }
  }
  return R;
}

static Mono monoMul(const Mono &A, const Mono &B) {
  if (A.empty())
    return B;
  if (B.empty())
    return A;
  return mergeMono(A, B, addExponents);
}

static Mono monoPow(const Mono &A, int64_t K) {
  Mono R;
  if (K == 0)
    return R;
  for (const Factor &F : A)
    R.push_back({F.Base, mulExponents(F.Exponent, K)});
  return R;
}

/// Per base, the smallest exponent over all terms (absent counting as 0).
static Mono commonMono(const Poly &P) {
  Mono Common = P.front().M;
  for (const PTerm &T : ArrayRef(P).drop_front())
    Common = mergeMono(Common, T.M,
                       [](int64_t A, int64_t B) { return std::min(A, B); });
  return Common;
}

static PTerm termMul(const PTerm &A, const PTerm &B) {
  return {A.C * B.C, monoMul(A.M, B.M)};
}

/// Sorts, merges like terms and drops zero terms.
static void normalize(Poly &P) {
  llvm::stable_sort(
      P, [](const PTerm &A, const PTerm &B) { return cmpMono(A.M, B.M) > 0; });
  Poly Out;
  for (PTerm &T : P) {
    if (!Out.empty() && cmpMono(Out.back().M, T.M) == 0)
      Out.back().C = Out.back().C + T.C;
    else
      Out.push_back(std::move(T));
  }
  llvm::erase_if(Out, [](const PTerm &T) { return T.C.isZero(); });
  P = std::move(Out);
}

/// Merges two normalized polynomials.
static Poly polyAdd(const Poly &A, const Poly &B) {
  Poly R;
  R.reserve(A.size() + B.size());
  size_t I = 0, J = 0;
  while (I < A.size() || J < B.size()) {
    int Cmp = I == A.size() ? -1 : J == B.size() ? 1 : cmpMono(A[I].M, B[J].M);
    if (Cmp > 0) {
      R.push_back(A[I++]);
    } else if (Cmp < 0) {
      R.push_back(B[J++]);
    } else {
      Rational Sum = A[I].C + B[J].C;
      if (!Sum.isZero())
        R.push_back({std::move(Sum), A[I].M});
      ++I, ++J;
    }
  }
  return R;
}

/// Multiplies by a nonzero term; the order is preserved.
static Poly polyScale(const Poly &P, const PTerm &T) {
  Poly R;
  R.reserve(P.size());
  for (const PTerm &X : P)
    R.push_back(termMul(X, T));
  return R;
}

static Poly polyMul(const Poly &A, const Poly &B) {
  Poly R;
  R.reserve(A.size() * B.size());
  for (const PTerm &X : A)
    for (const PTerm &Y : B)
      R.push_back(termMul(X, Y));
  normalize(R);
  return R;
}

static Poly polyPow(Poly P, uint64_t K) {
  Poly R = {PTerm{Rational(1), {}}};
  while (K) {
    if (K & 1)
      R = polyMul(R, P);
    K >>= 1;
    if (K)
      P = polyMul(P, P);
  }
  return R;
}

static bool isSumBase(const Expr *E) { return E->getKind() == ExprKind::Add; }

static bool hasPositiveSum(const Poly &P) {
  for (const PTerm &T : P)
    for (const Factor &F : T.M)
      if (isSumBase(F.Base) && F.Exponent > 0)
        return true;
  return false;
}

static void appendTerm(Poly &P, const Expr *T) {
  switch (T->getKind()) {
  case ExprKind::Constant:
    if (!T->isZero())
      P.push_back({T->getConstantValue(), {}});
    return;
  case ExprKind::Mul: {
    PTerm R{Rational(1), {}};
    for (const Expr *Op : T->operands()) {
      if (Op->isConstant())
        R.C = Op->getConstantValue();
      else if (Op->getKind() == ExprKind::Pow)
        R.M.push_back({Op->getBase(), Op->getExponent()});
      else
        R.M.push_back({Op, 1});
    }
    P.push_back(std::move(R));
    return;
  }
  case ExprKind::Pow:
    P.push_back({Rational(1), {{T->getBase(), T->getExponent()}}});
    return;
  default:
    P.push_back({Rational(1), {{T, 1}}});
    return;
  }
}

/// The polynomial form of a canonical expression (already normalized).
static Poly toPoly(const Expr *E) {
  Poly P;
  if (E->getKind() == ExprKind::Add) {
    P.reserve(E->getNumOperands());
    for (const Expr *T : E->operands())
      appendTerm(P, T);
  } else {
    appendTerm(P, E);
  }
  return P;
}

/// Replaces every sum raised to a positive power by its expansion. Sums are
/// atoms only under negative exponents; products such as (a + b)^-1 * (a + b)^2
/// bring them back and must be multiplied out.
static Poly expandPositiveSums(const Poly &P) {
  Poly Out;
  for (const PTerm &T : P) {
    Poly Cur = {PTerm{T.C, {}}};
    Mono Rest;
    for (const Factor &F : T.M) {
      if (isSumBase(F.Base) && F.Exponent > 0)
        Cur = polyMul(Cur, polyPow(toPoly(F.Base), F.Exponent));
      else
        Rest.push_back(F);
    }
    for (PTerm &X : Cur)
      Out.push_back(termMul(X, PTerm{Rational(1), Rest}));
  }
  normalize(Out);
  return Out;
}

/// The smallest and largest exponent of each atom over the terms of \p P
/// (absent counting as 0), for every atom in \p P or \p Other.
static DenseMap<const Expr *, std::pair<int64_t, int64_t>>
exponentRanges(const Poly &P, const Poly &Other) {
  DenseMap<const Expr *, std::pair<int64_t, int64_t>> Ranges;
  for (const Poly *X : {&P, &Other})
    for (const PTerm &T : *X)
      for (const Factor &F : T.M)
        Ranges.try_emplace(F.Base, 0, 0);
  for (auto &[Base, Range] : Ranges) {
    bool First = true;
    for (const PTerm &T : P) {
      int64_t E = 0;
      for (const Factor &F : T.M)
        if (F.Base == Base)
          E = F.Exponent;
      Range.first = First ? E : std::min(Range.first, E);
      Range.second = First ? E : std::max(Range.second, E);
      First = false;
    }
  }
  return Ranges;
}

/// Exact division of polynomials: leading terms are divided out greedily in
/// the monomial order. If B divides A, every quotient term lies in the box
/// given per atom by [min_A - min_B, max_A - max_B] (extreme exponents add
/// under multiplication), so leaving the box proves the division inexact and
/// bounds the loop; the step limit is only a guard against huge boxes.
static bool exactDivide(Poly A, const Poly &B, Poly &Q) {
  Q.clear();
  if (A.empty())
    return true;
  auto RangeA = exponentRanges(A, B), RangeB = exponentRanges(B, A);
  auto InBox = [&](const Mono &M) {
    for (auto &[Base, RA] : RangeA) {
      const auto &RB = RangeB[Base];
      int64_t E = 0;
      for (const Factor &F : M)
        if (F.Base == Base)
          E = F.Exponent;
      if (E < RA.first - RB.first || E > RA.second - RB.second)
        return false;
    }
    return true;
  };
  PTerm LeadInverse{B.front().C.inverse(), monoPow(B.front().M, -1)};
  Poly R = std::move(A);
  for (unsigned Step = 0; !R.empty(); ++Step) {
    if (Step == MaxDivisionSteps)
      return false;
    PTerm T = termMul(R.front(), LeadInverse);
    if (!InBox(T.M))
      return false;
    R = polyAdd(R, polyScale(B, PTerm{-T.C, T.M}));
    Q.push_back(std::move(T));
  }
  return true;
}

static BigInt lcm(const BigInt &A, const BigInt &B) {
  return BigInt::floorDiv(A, BigInt::gcd(A, B)) * B;
}

//===----------------------------------------------------------------------===//
// ExprContext::Impl
//===----------------------------------------------------------------------===//

const Expr *ExprContext::Impl::buildTerm(const PTerm &T) {
  if (T.M.empty())
    return Ctx.constant(T.C);
  SmallVector<const Expr *, 4> Ops;
  if (!T.C.isOne())
    Ops.push_back(Ctx.constant(T.C));
  for (const Factor &F : T.M)
    Ops.push_back(F.Exponent == 1 ? F.Base
                                  : Ctx.uniqueNode(ExprKind::Pow, {F.Base},
                                                   Rational(), {}, F.Exponent));
  if (Ops.size() == 1)
    return Ops.front();
  return Ctx.uniqueNode(ExprKind::Mul, Ops);
}

/// Cancels sums under negative exponents that divide the rest: for each such
/// sum S with largest negative exponent -K, multiplies through by S^K and
/// divides S out exactly as often as possible, so (x / (a + b)) * (a + b) is
/// x. Forms that do not divide are left unchanged. This looks at the whole
/// polynomial, so it is applied only to products (see ExprContext::mul): a
/// sum built term by term must not cancel where its printed form, read back
/// term by term, would not.
static void cancelSums(Poly &P) {
  bool Changed = true;
  while (Changed) {
    Changed = false;
    SmallVector<const Expr *, 2> Sums;
    for (const PTerm &T : P)
      for (const Factor &F : T.M)
        if (isSumBase(F.Base) && F.Exponent < 0 &&
            !llvm::is_contained(Sums, F.Base))
          Sums.push_back(F.Base);
    for (const Expr *S : Sums) {
      int64_t K = 0;
      for (const PTerm &T : P)
        for (const Factor &F : T.M)
          if (F.Base == S)
            K = std::max(K, -F.Exponent);
      Poly Scaled =
          expandPositiveSums(polyScale(P, PTerm{Rational(1), {{S, K}}}));
      Poly Divisor = toPoly(S), Q;
      int64_t Cancelled = 0;
      while (Cancelled < K && exactDivide(Scaled, Divisor, Q)) {
        Scaled = std::move(Q);
        ++Cancelled;
      }
      if (Cancelled == 0)
        continue;
      if (Cancelled < K)
        Scaled = polyScale(Scaled, PTerm{Rational(1), {{S, Cancelled - K}}});
      P = std::move(Scaled);
      Changed = true;
      break;
    }
  }
}

const Expr *ExprContext::Impl::fromPoly(Poly P) {
  if (hasPositiveSum(P))
    P = expandPositiveSums(P);
  if (P.empty())
    return Ctx.getZero();
  if (P.size() == 1)
    return buildTerm(P.front());
  SmallVector<const Expr *, 8> Terms;
  for (const PTerm &T : P)
    Terms.push_back(buildTerm(T));
  return Ctx.uniqueNode(ExprKind::Add, Terms);
}

const Expr *ExprContext::Impl::div(const Expr *A, const Expr *B) {
  Poly PB = toPoly(B);
  if (PB.empty())
    return nullptr;
  if (PB.size() == 1) {
    PTerm Inverse{PB.front().C.inverse(), monoPow(PB.front().M, -1)};
    return fromPoly(polyScale(toPoly(A), Inverse));
  }
  Poly Q;
  if (exactDivide(toPoly(A), PB, Q))
    return fromPoly(std::move(Q));
  return Ctx.mul(A, pow(B, -1));
}

const Expr *ExprContext::Impl::pow(const Expr *A, int64_t N) {
  if (N == 0)
    return Ctx.getOne();
  if (N == 1)
    return A;
  Poly P = toPoly(A);
  if (P.empty())
    return N < 0 ? nullptr : Ctx.getZero();
  if (P.size() == 1)
    return fromPoly({PTerm{P.front().C.pow(N), monoPow(P.front().M, N)}});
  if (N > 0)
    return fromPoly(polyPow(std::move(P), N));

  // A sum under a negative exponent: split it into content * monomial *
  // primitive sum, where the primitive sum has coprime integer coefficients,
  // a positive leading coefficient and no common or negative factor, and
  // becomes the atom.
  Rational Content(1);
  Mono Outside;
  while (true) {
    BigInt NumGcd(0), DenLcm(1);
    for (const PTerm &T : P) {
      NumGcd = BigInt::gcd(NumGcd, T.C.getNumerator());
      DenLcm = lcm(DenLcm, T.C.getDenominator());
    }
    Rational C(NumGcd, DenLcm);
    if (P.front().C.isNegative())
      C = -C;
    Mono M = commonMono(P);
    Content = Content * C;
    Outside = monoMul(Outside, M);
    P = polyScale(P, PTerm{C.inverse(), monoPow(M, -1)});
    if (!hasPositiveSum(P))
      break;
    P = expandPositiveSums(P);
  }
  PTerm Result{Content.pow(N), monoPow(Outside, N)};
  if (P.size() == 1)
    Result =
        termMul(Result, PTerm{P.front().C.pow(N), monoPow(P.front().M, N)});
  else
    Result = termMul(Result, PTerm{Rational(1), {{fromPoly(std::move(P)), N}}});
  return fromPoly({std::move(Result)});
}

const Expr *ExprContext::Impl::roundedDiv(const Expr *A, const Expr *B,
                                          bool Ceil) {
  const Expr *Q = div(A, B);
  if (!Q)
    return nullptr;
  if (Q->isConstant()) {
    const Rational &V = Q->getConstantValue();
    return Ctx.constant(Ceil ? V.ceil() : V.floor());
  }
  if (Q->isIntegral())
    return Q;
  // Normalize to numerator / denominator with an integer-coefficient,
  // nonnegative-exponent numerator; the pair depends only on Q.
  Poly P = toPoly(Q);
  BigInt DenLcm(1);
  for (const PTerm &T : P)
    DenLcm = lcm(DenLcm, T.C.getDenominator());
  PTerm D{Rational(DenLcm), {}};
  for (const Factor &F : commonMono(P))
    if (F.Exponent < 0 && !isSumBase(F.Base))
      D.M.push_back({F.Base, -F.Exponent});
  Poly NumPoly = polyScale(P, D);
  if (D.M.empty() && D.C.isInteger() && !D.C.isNegative()) {
    // By a positive integer d. The terms d divides are integers over d
    // and leave the rounding: floor((h - 4) / 4) = floor(h / 4) - 1, so a
    // convolution's floor((h - k) / s) + 1 prints as what it is.
    const BigInt &Dv = D.C.getNumerator();
    Poly Whole, Rest;
    for (const PTerm &T : NumPoly) {
      bool IntegralMono = llvm::all_of(T.M, [](const Factor &F) {
        return F.Exponent > 0 && F.Base->isIntegral();
      });
      bool Divides =
          T.C.isInteger() && BigInt::gcd(T.C.getNumerator(), Dv) == Dv;
      (IntegralMono && Divides ? Whole : Rest).push_back(T);
    }
    if (!Whole.empty()) {
      const Expr *Int = div(fromPoly(std::move(Whole)), buildTerm(D));
      if (Rest.empty())
        return Int;
      const Expr *R = roundedDiv(fromPoly(std::move(Rest)), buildTerm(D), Ceil);
      return R ? Ctx.add(Int, R) : nullptr;
    }
    // Rounding twice the same way by positive integers is rounding once
    // by their product (for an integer numerator): floor(floor(a / 2) / 2)
    // = floor(a / 4), the extent after two stride-2 stages.
    if (NumPoly.size() == 1 && NumPoly.front().C == Rational(1) &&
        NumPoly.front().M.size() == 1 &&
        NumPoly.front().M.front().Exponent == 1) {
      const Expr *Inner = NumPoly.front().M.front().Base;
      if (Inner->getKind() == (Ceil ? ExprKind::CeilDiv : ExprKind::FloorDiv) &&
          Inner->getNumerator()->isIntegral() &&
          Inner->getDenominator()->isConstant() &&
          Inner->getDenominator()->getConstantValue().isInteger() &&
          !Inner->getDenominator()->getConstantValue().isNegative())
        return roundedDiv(Inner->getNumerator(),
                          Ctx.mul(Inner->getDenominator(), buildTerm(D)), Ceil);
    }
  }
  const Expr *Num = fromPoly(std::move(NumPoly));
  const Expr *Den = buildTerm(D);
  return Ctx.uniqueNode(Ceil ? ExprKind::CeilDiv : ExprKind::FloorDiv,
                        {Num, Den});
}

/// Folds the sum over K residues of a layer stack split by index modulo K
/// (LayerSegments.cpp): for an integer x, the sum of ceil((x - r) / K) for
/// r = 0..K-1 is x. Terms C_r * M * ceil((b + a - r) / K) for K consecutive
/// offsets a - r (the same M, b and K; coefficients of one sign) give
/// m * M * (b + a), m the coefficient of least magnitude, and keep
/// (C_r - m) * M * ceil(...): one residue term goes, whatever order the
/// terms were added in. True if \p P changed (then not normalized).
static bool foldResidueSums(Poly &P, ExprContext &Ctx) {
  struct Ceil {
    size_t Term;
    Mono Rest;
    const Expr *Base;
    int64_t Offset, K;
  };
  std::vector<Ceil> Ceils;
  for (size_t I = 0; I < P.size(); ++I)
    for (size_t J = 0; J < P[I].M.size(); ++J) {
      const Factor &F = P[I].M[J];
      if (F.Exponent != 1 || F.Base->getKind() != ExprKind::CeilDiv)
        continue;
      const Expr *N = F.Base->operands()[0];
      std::optional<int64_t> K = integerValue(F.Base->operands()[1]);
      if (!K || *K < 2 || *K > 64)
        continue;
      int64_t Offset = 0;
      if (N->getKind() == ExprKind::Add)
        if (std::optional<int64_t> C = integerValue(N->operands().back()))
          Offset = *C;
      Mono Rest = P[I].M;
      Rest.erase(Rest.begin() + J);
      Ceils.push_back(
          {I, std::move(Rest), Ctx.sub(N, Ctx.constant(Offset)), Offset, *K});
    }
  for (const Ceil &A : Ceils) {
    std::vector<const Ceil *> Group;
    std::set<int64_t> Offsets;
    for (const Ceil &B : Ceils)
      if (B.Base == A.Base && B.K == A.K && cmpMono(B.Rest, A.Rest) == 0 &&
          Offsets.insert(B.Offset).second)
        Group.push_back(&B);
    if (int64_t(Group.size()) != A.K ||
        *Offsets.rbegin() - *Offsets.begin() != A.K - 1)
      continue;
    bool Positive = !P[A.Term].C.isNegative();
    Rational Least = P[A.Term].C;
    bool OneSign = true;
    for (const Ceil *G : Group) {
      const Rational &C = P[G->Term].C;
      OneSign &= !C.isNegative() == Positive;
      if (Positive ? C < Least : Least < C)
        Least = C;
    }
    if (!OneSign)
      continue;
    for (const Ceil *G : Group)
      P[G->Term].C = P[G->Term].C - Least;
    llvm::erase_if(P, [](const PTerm &T) { return T.C.isZero(); });
    Poly X = toPoly(Ctx.add(A.Base, Ctx.constant(*Offsets.rbegin())));
    for (const PTerm &T : polyScale(X, PTerm{Least, A.Rest}))
      P.push_back(T);
    return true;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// ExprContext
//===----------------------------------------------------------------------===//

const Expr *ExprContext::add(const Expr *A, const Expr *B) {
  if (A->isZero())
    return B;
  if (B->isZero())
    return A;
  Poly Sum = polyAdd(toPoly(A), toPoly(B));
  while (foldResidueSums(Sum, *this))
    normalize(Sum);
  return P->fromPoly(std::move(Sum));
}

const Expr *ExprContext::add(ArrayRef<const Expr *> Ops) {
  Poly All;
  for (const Expr *Op : Ops) {
    Poly X = toPoly(Op);
    All.insert(All.end(), X.begin(), X.end());
  }
  normalize(All);
  while (foldResidueSums(All, *this))
    normalize(All);
  return P->fromPoly(std::move(All));
}

const Expr *ExprContext::sub(const Expr *A, const Expr *B) {
  return add(A, neg(B));
}

const Expr *ExprContext::neg(const Expr *A) { return mul(constant(-1), A); }

const Expr *ExprContext::mul(const Expr *A, const Expr *B) {
  if (A->isZero() || B->isZero())
    return Zero;
  if (A->isOne())
    return B;
  if (B->isOne())
    return A;
  Poly R = polyMul(toPoly(A), toPoly(B));
  // A product of single terms keeps a monomial numerator, which no sum
  // divides; only products involving a sum can cancel one.
  if (A->getKind() == ExprKind::Add || B->getKind() == ExprKind::Add) {
    if (hasPositiveSum(R))
      R = expandPositiveSums(R);
    cancelSums(R);
  }
  return P->fromPoly(std::move(R));
}

const Expr *ExprContext::mul(ArrayRef<const Expr *> Ops) {
  const Expr *R = One;
  for (const Expr *Op : Ops)
    R = mul(R, Op);
  return R;
}

static const Expr *checkDivisor(const Expr *R) {
  if (!R)
    report_fatal_error("modcost::sym: division by zero");
  return R;
}

const Expr *ExprContext::div(const Expr *A, const Expr *B) {
  return checkDivisor(P->div(A, B));
}

const Expr *ExprContext::divideExactly(const Expr *A, const Expr *B) {
  Poly PB = toPoly(B);
  if (PB.size() <= 1)
    return PB.empty() ? nullptr : P->div(A, B);
  Poly Q;
  if (!exactDivide(toPoly(A), PB, Q))
    return nullptr;
  return P->fromPoly(std::move(Q));
}

const Expr *ExprContext::pow(const Expr *A, int64_t N) {
  return checkDivisor(P->pow(A, N));
}

const Expr *ExprContext::floorDiv(const Expr *A, const Expr *B) {
  return checkDivisor(P->roundedDiv(A, B, /*Ceil=*/false));
}

const Expr *ExprContext::ceilDiv(const Expr *A, const Expr *B) {
  return checkDivisor(P->roundedDiv(A, B, /*Ceil=*/true));
}

} // namespace modcost::sym
