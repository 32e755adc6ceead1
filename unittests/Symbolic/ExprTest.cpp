//===- ExprTest.cpp - Tests for expression canonicalization ---------------===//
///
/// \file
/// Uniquing and folding: equal formulas are the same pointer regardless of
/// build order, products distribute over sums, exact division cancels, and
/// floor/ceil/max/min fold only where they should.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/StandardSymbols.h"

#include "RandomExpr.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace modcost::sym;

namespace {

class ExprTest : public ::testing::Test {
protected:
  ExprContext Ctx;
  const Expr *C(int64_t V) { return Ctx.constant(V); }
  const Expr *C(int64_t N, int64_t D) { return Ctx.constant(N, D); }
  const Expr *S(const char *Name) { return Ctx.symbol(Name); }
  const Expr *mul(std::initializer_list<const Expr *> Ops) {
    return Ctx.mul(llvm::ArrayRef<const Expr *>(Ops));
  }
  const Expr *add(std::initializer_list<const Expr *> Ops) {
    return Ctx.add(llvm::ArrayRef<const Expr *>(Ops));
  }
};

TEST_F(ExprTest, LeavesAreUniqued) {
  EXPECT_EQ(S("batch_size"), S("batch_size"));
  EXPECT_NE(S("batch_size"), S("seq_len"));
  EXPECT_EQ(C(4), C(4));
  EXPECT_EQ(C(4, 2), C(2));
  EXPECT_EQ(C(2, 4), C(-3, -6));
  EXPECT_EQ(Ctx.constant(Rational(BigInt::pow(2, 80))),
            Ctx.mul(Ctx.constant(Rational(BigInt::pow(2, 40))),
                    Ctx.constant(Rational(BigInt::pow(2, 40)))));
  EXPECT_EQ(Ctx.getZero(), C(0));
  EXPECT_EQ(Ctx.getOne(), C(1));
  EXPECT_TRUE(C(0)->isZero());
  EXPECT_TRUE(C(1)->isOne());
  EXPECT_TRUE(S("x")->isSymbol());
  EXPECT_EQ(S("x")->getName(), "x");
  EXPECT_EQ(C(3, 4)->getConstantValue().toString(), "3/4");
}

TEST_F(ExprTest, BuildOrderIndependence) {
  const Expr *B = S("batch_size"), *Sq = S("seq_len"), *H = S("hidden_size"),
             *N = S("num_heads"), *D = S("head_dim");
  const Expr *A =
      Ctx.mul(C(2), Ctx.mul(B, Ctx.mul(Sq, Ctx.mul(H, Ctx.mul(N, D)))));
  const Expr *E =
      Ctx.mul(Ctx.mul(D, N), Ctx.mul(C(2), Ctx.mul(H, Ctx.mul(Sq, B))));
  EXPECT_EQ(A, E);
  EXPECT_EQ(A->getKind(), ExprKind::Mul);
  EXPECT_EQ(A->getNumOperands(), 6u);
  EXPECT_TRUE(A->getOperand(0)->isConstant());
  EXPECT_EQ(A->getOperand(1), B);
  EXPECT_EQ(A->getOperand(5), D);
}

TEST_F(ExprTest, ShuffledProductsAndSumsAreEqual) {
  test::RandomExprGenerator Gen(Ctx, 0x5eed);
  for (int Iter = 0; Iter < 50; ++Iter) {
    std::vector<const Expr *> Parts;
    unsigned NumParts = 2 + Gen.below(5);
    for (unsigned I = 0; I < NumParts; ++I)
      Parts.push_back(Gen.expr(2));
    const Expr *Sum = Ctx.add(Parts);
    const Expr *Product = Ctx.mul(Parts);
    for (int Shuffle = 0; Shuffle < 4; ++Shuffle) {
      for (size_t I = Parts.size(); I > 1; --I)
        std::swap(Parts[I - 1], Parts[Gen.below(I)]);
      // Fold right to left this time.
      const Expr *Sum2 = Ctx.getZero(), *Product2 = Ctx.getOne();
      for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
        Sum2 = Ctx.add(*It, Sum2);
        Product2 = Ctx.mul(*It, Product2);
      }
      EXPECT_EQ(Sum, Sum2) << Sum->str() << " vs " << Sum2->str();
      EXPECT_EQ(Product, Product2)
          << Product->str() << " vs " << Product2->str();
    }
  }
}

TEST_F(ExprTest, ConstantFolding) {
  EXPECT_EQ(Ctx.add(C(2), C(3)), C(5));
  EXPECT_EQ(Ctx.mul(C(2), C(1, 2)), C(1));
  EXPECT_EQ(Ctx.sub(C(1, 3), C(1, 2)), C(-1, 6));
  EXPECT_EQ(Ctx.div(C(3), C(9)), C(1, 3));
  EXPECT_EQ(Ctx.neg(C(-7)), C(7));
  EXPECT_EQ(Ctx.pow(C(2), 70)->getConstantValue().toString(),
            "1180591620717411303424");
  EXPECT_EQ(Ctx.pow(C(2, 3), -2), C(9, 4));
  EXPECT_EQ(Ctx.mul(C(0), S("x")), C(0));
  EXPECT_EQ(Ctx.add(llvm::ArrayRef<const Expr *>()), C(0));
  EXPECT_EQ(Ctx.mul(llvm::ArrayRef<const Expr *>()), C(1));
}

TEST_F(ExprTest, LikeTermsMerge) {
  const Expr *X = S("x"), *Y = S("y");
  EXPECT_EQ(Ctx.sub(X, X), C(0));
  EXPECT_EQ(Ctx.add(X, X), Ctx.mul(C(2), X));
  EXPECT_EQ(add({X, Y, Ctx.neg(X)}), Y);
  EXPECT_EQ(
      Ctx.add(Ctx.mul(C(3), Ctx.mul(X, Y)), Ctx.mul(C(-3), Ctx.mul(Y, X))),
      C(0));
  EXPECT_EQ(Ctx.mul(X, X), Ctx.pow(X, 2));
  EXPECT_EQ(Ctx.mul(Ctx.pow(X, 2), Ctx.pow(X, 3)), Ctx.pow(X, 5));
  EXPECT_EQ(Ctx.pow(X, 2)->getKind(), ExprKind::Pow);
  EXPECT_EQ(Ctx.pow(X, 2)->getBase(), X);
  EXPECT_EQ(Ctx.pow(X, 2)->getExponent(), 2);
}

TEST_F(ExprTest, Distributivity) {
  const Expr *A = S("a"), *B = S("b"), *Cc = S("c"), *D = S("d");
  EXPECT_EQ(Ctx.mul(A, Ctx.add(B, Cc)), Ctx.add(Ctx.mul(A, B), Ctx.mul(A, Cc)));
  EXPECT_EQ(
      Ctx.mul(Ctx.add(A, B), Ctx.add(Cc, D)),
      add({Ctx.mul(A, Cc), Ctx.mul(A, D), Ctx.mul(B, Cc), Ctx.mul(B, D)}));
  EXPECT_EQ(Ctx.pow(Ctx.add(A, B), 2),
            add({Ctx.pow(A, 2), mul({C(2), A, B}), Ctx.pow(B, 2)}));
  EXPECT_EQ(Ctx.mul(Ctx.sub(A, B), Ctx.add(A, B)),
            Ctx.sub(Ctx.pow(A, 2), Ctx.pow(B, 2)));
  const Expr *Sum = Ctx.add(A, B);
  EXPECT_EQ(Sum->getKind(), ExprKind::Add);
  EXPECT_EQ(Ctx.mul(Sum, C(3))->getKind(), ExprKind::Add);
}

TEST_F(ExprTest, ExactDivisionByMonomials) {
  const Expr *N = S("num_heads"), *D = S("head_dim"), *X = S("x"), *Y = S("y");
  EXPECT_EQ(Ctx.div(Ctx.mul(N, D), D), N);
  EXPECT_EQ(
      Ctx.div(add({mul({C(2), X, Y}), Ctx.mul(C(4), X)}), Ctx.mul(C(2), X)),
      Ctx.add(Y, C(2)));
  EXPECT_EQ(Ctx.div(X, X), C(1));
  EXPECT_EQ(Ctx.div(Ctx.pow(X, 3), Ctx.pow(X, 2)), X);
  EXPECT_EQ(Ctx.div(C(0), X), C(0));
}

TEST_F(ExprTest, DivisionByConstantKeepsRationalCoefficients) {
  const Expr *X = S("x");
  const Expr *Half = Ctx.div(X, C(2));
  EXPECT_EQ(Half, Ctx.mul(C(1, 2), X));
  EXPECT_EQ(Ctx.mul(Half, C(2)), X);
  EXPECT_EQ(Ctx.add(Half, Half), X);
  EXPECT_EQ(Ctx.div(Ctx.mul(C(3), X), C(6)), Half);
  EXPECT_FALSE(Half->isIntegral());
  EXPECT_TRUE(Ctx.mul(Half, C(4))->isIntegral());
}

TEST_F(ExprTest, NegativePowersCancel) {
  const Expr *H = S("hidden_size"), *N = S("num_heads"), *D = S("head_dim");
  const Expr *PerHead = Ctx.div(H, N);
  EXPECT_EQ(PerHead, Ctx.mul(H, Ctx.pow(N, -1)));
  EXPECT_EQ(Ctx.mul(PerHead, N), H);
  EXPECT_EQ(Ctx.mul(PerHead, Ctx.pow(N, 2)), Ctx.mul(H, N));
  EXPECT_EQ(Ctx.mul(Ctx.pow(N, -2), Ctx.pow(N, 2)), C(1));
  EXPECT_EQ(Ctx.div(Ctx.mul(N, D), Ctx.mul(PerHead, N)),
            Ctx.div(Ctx.mul(N, D), H));
  // Round trip through a chain of operations.
  const Expr *Flops = mul({C(2), S("batch_size"), S("seq_len"), H, PerHead});
  EXPECT_EQ(Ctx.mul(Flops, N),
            mul({C(2), S("batch_size"), S("seq_len"), H, H}));
  EXPECT_EQ(Ctx.div(C(1), Ctx.div(C(1), N)), N);
  EXPECT_FALSE(PerHead->isIntegral());
}

TEST_F(ExprTest, DivisionBySumsExact) {
  const Expr *A = S("a"), *B = S("b"), *X = S("x");
  EXPECT_EQ(Ctx.div(Ctx.sub(Ctx.pow(A, 2), Ctx.pow(B, 2)), Ctx.sub(A, B)),
            Ctx.add(A, B));
  const Expr *Cube = Ctx.pow(Ctx.add(A, C(1)), 3);
  EXPECT_EQ(Ctx.div(Cube, Ctx.add(A, C(1))), Ctx.pow(Ctx.add(A, C(1)), 2));
  EXPECT_EQ(Ctx.div(Ctx.mul(X, Ctx.add(A, B)), Ctx.add(B, A)), X);
  EXPECT_EQ(Ctx.divideExactly(Ctx.mul(X, Ctx.add(A, B)), Ctx.add(A, B)), X);
  EXPECT_EQ(Ctx.divideExactly(X, Ctx.add(A, B)), nullptr);
  EXPECT_EQ(Ctx.divideExactly(X, C(0)), nullptr);
  EXPECT_EQ(Ctx.divideExactly(X, C(2)), Ctx.mul(C(1, 2), X));
}

TEST_F(ExprTest, DivisionBySumsInexactBecomesAtom) {
  const Expr *A = S("a"), *B = S("b"), *X = S("x");
  const Expr *Q = Ctx.div(X, Ctx.add(A, B));
  ASSERT_EQ(Q->getKind(), ExprKind::Mul);
  const Expr *Recip = Q->getOperand(1);
  ASSERT_EQ(Recip->getKind(), ExprKind::Pow);
  EXPECT_EQ(Recip->getExponent(), -1);
  EXPECT_EQ(Recip->getBase(), Ctx.add(A, B));
  // The sum is normalized: content and sign move outside.
  EXPECT_EQ(Ctx.div(X, Ctx.add(Ctx.mul(C(2), A), Ctx.mul(C(2), B))),
            Ctx.mul(C(1, 2), Q));
  EXPECT_EQ(Ctx.div(X, Ctx.neg(Ctx.add(A, B))), Ctx.neg(Q));
  EXPECT_EQ(Ctx.div(X, Ctx.add(Ctx.mul(X, A), Ctx.mul(X, B))),
            Ctx.pow(Ctx.add(A, B), -1));
  // Reciprocal of a reciprocal expands back.
  EXPECT_EQ(Ctx.div(C(1), Ctx.div(C(1), Ctx.add(A, B))), Ctx.add(A, B));
  EXPECT_EQ(Ctx.mul(Ctx.pow(Ctx.add(A, B), -1), Ctx.pow(Ctx.add(A, B), -1)),
            Ctx.pow(Ctx.add(A, B), -2));
  EXPECT_EQ(Ctx.mul(Ctx.pow(Ctx.add(A, B), -1), Ctx.pow(Ctx.add(A, B), 2)),
            Ctx.add(A, B));
  // Later multiplications by the sum cancel it.
  EXPECT_EQ(Ctx.mul(Q, Ctx.add(A, B)), X);
  EXPECT_EQ(Ctx.mul(Ctx.mul(Q, Q), Ctx.add(A, B)),
            Ctx.div(Ctx.pow(X, 2), Ctx.add(A, B)));
  EXPECT_EQ(Ctx.mul(Ctx.add(Q, C(1)), Ctx.add(A, B)), add({A, B, X}));
  // A sum that does not divide the rest stays.
  EXPECT_EQ(Ctx.add(Q, C(1))->getKind(), ExprKind::Add);
  EXPECT_EQ(Ctx.mul(Q, Ctx.add(A, C(1)))->str(),
            "a * x / (a + b) + x / (a + b)");
}

TEST_F(ExprTest, PowFolding) {
  const Expr *X = S("x"), *Y = S("y");
  EXPECT_EQ(Ctx.pow(X, 0), C(1));
  EXPECT_EQ(Ctx.pow(X, 1), X);
  EXPECT_EQ(Ctx.pow(Ctx.pow(X, 2), 3), Ctx.pow(X, 6));
  EXPECT_EQ(Ctx.pow(Ctx.div(X, Y), 2), Ctx.div(Ctx.pow(X, 2), Ctx.pow(Y, 2)));
  EXPECT_EQ(Ctx.pow(Ctx.mul(C(3), X), -1), Ctx.div(C(1, 3), X));
  EXPECT_EQ(Ctx.pow(C(0), 3), C(0));
}

TEST_F(ExprTest, FloorCeilOfConstants) {
  EXPECT_EQ(Ctx.floorDiv(C(7), C(2)), C(3));
  EXPECT_EQ(Ctx.floorDiv(C(-7), C(2)), C(-4));
  EXPECT_EQ(Ctx.ceilDiv(C(7), C(2)), C(4));
  EXPECT_EQ(Ctx.ceilDiv(C(-7), C(2)), C(-3));
  EXPECT_EQ(Ctx.floorDiv(C(7, 2), C(1)), C(3));
  EXPECT_EQ(Ctx.floorDiv(C(6), C(3)), C(2));
}

TEST_F(ExprTest, ResidueSumsFold) {
  // A stack of n layers split by index modulo 3: ceil(n / 3) + ceil((n - 1)
  // / 3) + ceil((n - 2) / 3) layers is n, with the same factor on each.
  const Expr *N = S("n"), *H = S("h");
  auto Residue = [&](int64_t R) {
    return Ctx.mul(H, Ctx.ceilDiv(Ctx.sub(N, C(R)), C(3)));
  };
  EXPECT_EQ(Ctx.add({Residue(0), Residue(1), Residue(2)}), Ctx.mul(H, N));
  EXPECT_EQ(Ctx.add(Ctx.add(Residue(2), Residue(0)), Residue(1)),
            Ctx.mul(H, N));
  // Offsets from n + 1 down: the sum is n + 1.
  const Expr *Shifted =
      Ctx.add({Ctx.ceilDiv(Ctx.add(N, C(1)), C(2)), Ctx.ceilDiv(N, C(2))});
  EXPECT_EQ(Shifted, Ctx.add(N, C(1)));
  // Two of three residues stay as they are.
  const Expr *Two = Ctx.add(Residue(0), Residue(1));
  EXPECT_EQ(Two->getKind(), ExprKind::Add);
  // Different coefficients: the least one folds, whatever the order.
  const Expr *Mixed =
      Ctx.add({Residue(0), Residue(1), Ctx.mul(C(2), Residue(2))});
  EXPECT_EQ(Mixed, Ctx.add(Ctx.mul(H, N), Residue(2)));
  EXPECT_EQ(Ctx.add({Ctx.mul(C(2), Residue(2)), Residue(1), Residue(0)}),
            Mixed);
  // A term with two residue factors folds along either.
  const Expr *W = Ctx.ceilDiv(S("w"), C(2));
  EXPECT_EQ(Ctx.add(Ctx.mul(W, Residue(0)),
                    Ctx.add(Ctx.mul(Residue(1), W), Ctx.mul(Residue(2), W))),
            Ctx.mul({H, N, W}));
}

TEST_F(ExprTest, FloorCeilTakeOutWholeTermsAndNestOnce) {
  const Expr *H = S("height"), *X = S("x");
  // floor((h - 4) / 4) + 1 is floor(h / 4): a convolution's extent.
  const Expr *Conv = Ctx.add(Ctx.floorDiv(Ctx.sub(H, C(4)), C(4)), C(1));
  EXPECT_EQ(Conv, Ctx.floorDiv(H, C(4)));
  EXPECT_EQ(Ctx.ceilDiv(Ctx.add(Ctx.mul(C(6), X), H), C(3)),
            Ctx.add(Ctx.mul(C(2), X), Ctx.ceilDiv(H, C(3))));
  // A term the divisor does not divide stays inside.
  const Expr *Odd = Ctx.floorDiv(Ctx.sub(H, C(1)), C(2));
  ASSERT_EQ(Odd->getKind(), ExprKind::FloorDiv);
  EXPECT_EQ(Odd->getNumerator(), Ctx.sub(H, C(1)));
  // Two stride-2 stages: floor(floor((h - 1) / 2) / 2) = floor((h - 1) / 4).
  EXPECT_EQ(Ctx.floorDiv(Odd, C(2)), Ctx.floorDiv(Ctx.sub(H, C(1)), C(4)));
  EXPECT_EQ(Ctx.ceilDiv(Ctx.ceilDiv(H, C(2)), C(3)), Ctx.ceilDiv(H, C(6)));
  // Mixed roundings do not merge: ceil(floor(h / 2) / 2) stays nested.
  const Expr *Mixed = Ctx.ceilDiv(Ctx.floorDiv(H, C(2)), C(2));
  ASSERT_EQ(Mixed->getKind(), ExprKind::CeilDiv);
  EXPECT_EQ(Mixed->getNumerator(), Ctx.floorDiv(H, C(2)));
  // Over the common denominator: floor(h + 1/2) = floor((2h + 1) / 2) = h.
  EXPECT_EQ(Ctx.floorDiv(Ctx.add(H, C(1, 2)), C(1)), H);
  EXPECT_EQ(Ctx.ceilDiv(Ctx.add(H, C(1, 2)), C(1)), Ctx.add(H, C(1)));
}

TEST_F(ExprTest, FloorCeilFoldOnlyWhenExact) {
  const Expr *X = S("x"), *N = S("num_heads"), *D = S("head_dim");
  EXPECT_EQ(Ctx.floorDiv(Ctx.mul(C(2), X), C(2)), X);
  EXPECT_EQ(Ctx.floorDiv(Ctx.mul(N, D), D), N);
  EXPECT_EQ(Ctx.ceilDiv(Ctx.mul(N, D), N), D);
  EXPECT_EQ(Ctx.floorDiv(Ctx.add(Ctx.mul(C(4), X), C(6)), C(2)),
            Ctx.add(Ctx.mul(C(2), X), C(3)));
  // Not exact: an atom.
  const Expr *F = Ctx.floorDiv(X, C(2));
  ASSERT_EQ(F->getKind(), ExprKind::FloorDiv);
  EXPECT_TRUE(F->isAtom());
  EXPECT_TRUE(F->isIntegral());
  EXPECT_EQ(F->getNumerator(), X);
  EXPECT_EQ(F->getDenominator(), C(2));
  // The atom depends only on the quotient.
  EXPECT_EQ(Ctx.floorDiv(Ctx.mul(C(2), X), C(4)), F);
  EXPECT_EQ(Ctx.floorDiv(Ctx.div(X, C(2)), C(1)), F);
  EXPECT_EQ(Ctx.floorDiv(Ctx.mul(X, N), Ctx.mul(C(2), N)), F);
  EXPECT_NE(Ctx.ceilDiv(X, C(2)), F);
  // floor(x / 1) is x because symbols are integers, but x / 2 is not.
  EXPECT_EQ(Ctx.floorDiv(X, C(1)), X);
  EXPECT_EQ(Ctx.floorDiv(Ctx.div(X, C(2)), C(1)), F);
  const Expr *FXY = Ctx.floorDiv(X, S("y"));
  EXPECT_EQ(FXY->getKind(), ExprKind::FloorDiv);
  EXPECT_EQ(FXY->getDenominator(), S("y"));
}

TEST_F(ExprTest, ConvOutputSizeStaysFloorTerm) {
  const Expr *H = S("H"), *P = S("p"), *K = S("k"), *St = S("s");
  const Expr *Out =
      Ctx.add(Ctx.floorDiv(Ctx.sub(Ctx.add(H, Ctx.mul(C(2), P)), K), St), C(1));
  ASSERT_EQ(Out->getKind(), ExprKind::Add);
  ASSERT_EQ(Out->getNumOperands(), 2u);
  const Expr *F = Out->getOperand(0);
  ASSERT_EQ(F->getKind(), ExprKind::FloorDiv);
  EXPECT_EQ(F->getNumerator(), add({H, Ctx.mul(C(2), P), Ctx.neg(K)}));
  EXPECT_EQ(F->getDenominator(), St);
  EXPECT_EQ(Out->getOperand(1), C(1));
  // Built in another order, it is the same expression.
  const Expr *Out2 =
      Ctx.add(C(1), Ctx.floorDiv(add({Ctx.neg(K), P, H, P}), St));
  EXPECT_EQ(Out, Out2);
  // The floor term behaves as a variable.
  EXPECT_EQ(Ctx.sub(Ctx.mul(C(2), F), F), F);
  EXPECT_EQ(Ctx.mul(F, F), Ctx.pow(F, 2));
}

TEST_F(ExprTest, MaxMinFolding) {
  const Expr *A = S("a"), *B = S("b"), *X = S("x");
  EXPECT_EQ(Ctx.max(C(3), C(5)), C(5));
  EXPECT_EQ(Ctx.min(C(3), C(5)), C(3));
  EXPECT_EQ(Ctx.max(A, A), A);
  EXPECT_EQ(Ctx.max(A, B), Ctx.max(B, A));
  EXPECT_EQ(Ctx.min(A, B), Ctx.min(B, A));
  EXPECT_NE(Ctx.max(A, B), Ctx.min(A, B));
  EXPECT_EQ(Ctx.max(A, Ctx.max(B, X)), Ctx.max(Ctx.max(A, B), X));
  EXPECT_EQ(Ctx.max(A, Ctx.max(B, X))->getNumOperands(), 3u);
  EXPECT_EQ(Ctx.max(X, Ctx.add(X, C(1))), Ctx.add(X, C(1)));
  EXPECT_EQ(Ctx.min(X, Ctx.add(X, C(1))), X);
  EXPECT_EQ(Ctx.max(llvm::ArrayRef<const Expr *>{X, C(3), C(5)}),
            Ctx.max(X, C(5)));
  EXPECT_EQ(Ctx.max(X, C(5))->getOperand(1), C(5));
  EXPECT_EQ(Ctx.min(Ctx.min(X, C(2)), C(7)), Ctx.min(X, C(2)));
  // Different orientation is not merged.
  EXPECT_EQ(Ctx.max(Ctx.min(A, B), A)->getKind(), ExprKind::Max);
  EXPECT_TRUE(Ctx.max(A, B)->isIntegral());
  EXPECT_FALSE(Ctx.max(A, C(1, 2))->isIntegral());
}

TEST_F(ExprTest, TermsDecomposition) {
  const Expr *B = S("batch_size"), *Sq = S("seq_len"), *H = S("hidden_size");
  const Expr *E = add(
      {mul({C(2), B, Sq, H}), Ctx.div(Ctx.mul(B, Sq), S("num_heads")), C(-3)});
  auto Ts = terms(E);
  ASSERT_EQ(Ts.size(), 3u);
  EXPECT_EQ(Ts[0].Coefficient, Rational(2));
  ASSERT_EQ(Ts[0].Factors.size(), 3u);
  EXPECT_EQ(Ts[0].Factors[0].Base, B);
  EXPECT_EQ(Ts[0].Factors[2].Base, H);
  EXPECT_EQ(Ts[1].Coefficient, Rational(1));
  ASSERT_EQ(Ts[1].Factors.size(), 3u);
  EXPECT_EQ(Ts[1].Factors[2].Base, S("num_heads"));
  EXPECT_EQ(Ts[1].Factors[2].Exponent, -1);
  EXPECT_EQ(Ts[2].Coefficient, Rational(-3));
  EXPECT_TRUE(Ts[2].Factors.empty());
  EXPECT_TRUE(terms(C(0)).empty());
  ASSERT_EQ(terms(S("x")).size(), 1u);
  EXPECT_EQ(terms(Ctx.pow(S("x"), 3))[0].Factors[0].Exponent, 3);
}

TEST_F(ExprTest, CanonicalOrderFollowsStandardSymbols) {
  auto Std = standardSymbols();
  ASSERT_GE(Std.size(), 14u);
  EXPECT_EQ(Std.front().Name, "batch_size");
  EXPECT_EQ(Std.back().Name, "a_bytes");
  EXPECT_FALSE(Std.front().Meaning.empty());
  EXPECT_EQ(standardSymbolRank("seq_len"), std::optional<unsigned>(1));
  EXPECT_EQ(standardSymbolRank("alpha"), std::nullopt);
  EXPECT_TRUE(symbolNameLess("a_bytes", "alpha"));
  EXPECT_TRUE(symbolNameLess("seq_len", "hidden_size"));
  EXPECT_TRUE(symbolNameLess("alpha", "beta"));
  for (size_t I = 0; I + 1 < Std.size(); ++I)
    EXPECT_TRUE(
        canonicalLess(Ctx.symbol(Std[I].Name), Ctx.symbol(Std[I + 1].Name)));
  EXPECT_TRUE(canonicalLess(S("a_bytes"), S("H")));
  EXPECT_TRUE(canonicalLess(S("zeta"), Ctx.floorDiv(S("x"), C(2))));
  EXPECT_TRUE(canonicalLess(Ctx.floorDiv(S("x"), C(2)), C(-100)));
  EXPECT_FALSE(canonicalLess(S("x"), S("x")));
}

TEST_F(ExprTest, UniquingDoesNotGrowOnRebuild) {
  test::RandomExprGenerator Gen1(Ctx, 42);
  std::vector<const Expr *> First;
  for (int I = 0; I < 100; ++I)
    First.push_back(Gen1.expr(3));
  size_t Count = Ctx.getNumExprs();
  test::RandomExprGenerator Gen2(Ctx, 42);
  for (int I = 0; I < 100; ++I)
    EXPECT_EQ(Gen2.expr(3), First[I]);
  EXPECT_EQ(Ctx.getNumExprs(), Count);
}

TEST_F(ExprTest, IntegralFlags) {
  const Expr *X = S("x");
  EXPECT_TRUE(X->isIntegral());
  EXPECT_TRUE(Ctx.add(Ctx.mul(C(3), X), C(1))->isIntegral());
  EXPECT_FALSE(Ctx.add(X, C(1, 2))->isIntegral());
  EXPECT_FALSE(Ctx.pow(X, -1)->isIntegral());
  EXPECT_TRUE(Ctx.ceilDiv(X, S("y"))->isIntegral());
  EXPECT_TRUE(Ctx.mul(Ctx.floorDiv(X, C(3)), Ctx.pow(X, 2))->isIntegral());
}

} // namespace
