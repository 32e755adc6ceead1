//===- PrinterTest.cpp - Tests for the canonical text form ----------------===//
///
/// \file
/// Exact expected strings for every printing rule documented in Expr.h, and
/// byte stability across build orders and contexts.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Expr.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace modcost::sym;

namespace {

class PrinterTest : public ::testing::Test {
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

TEST_F(PrinterTest, Constants) {
  EXPECT_EQ(C(0)->str(), "0");
  EXPECT_EQ(C(-12)->str(), "-12");
  EXPECT_EQ(C(3, 2)->str(), "3/2");
  EXPECT_EQ(C(-3, 2)->str(), "-3/2");
  EXPECT_EQ(Ctx.pow(C(10), 30)->str(), "1000000000000000000000000000000");
}

TEST_F(PrinterTest, ProductsInStandardOrder) {
  const Expr *E = mul({S("intermediate_size"), S("hidden_size"), S("seq_len"),
                       S("batch_size"), C(2)});
  EXPECT_EQ(E->str(),
            "2 * batch_size * seq_len * hidden_size * intermediate_size");
  EXPECT_EQ(mul({S("zeta"), S("a_bytes"), S("alpha"), S("w_bytes"),
                 S("seq_len"), S("Z")})
                ->str(),
            "seq_len * w_bytes * a_bytes * Z * alpha * zeta");
  EXPECT_EQ(mul({S("top_k"), S("num_experts"), S("num_layers"), S("vocab_size"),
                 S("num_kv_heads"), S("cache_len")})
                ->str(),
            "cache_len * num_kv_heads * vocab_size * num_layers * "
            "num_experts * top_k");
  EXPECT_EQ(mul({S("x"), S("x"), S("y")})->str(), "x^2 * y");
}

TEST_F(PrinterTest, SignsAndCoefficients) {
  const Expr *X = S("x"), *Y = S("y");
  EXPECT_EQ(Ctx.sub(X, Ctx.mul(C(2), Y))->str(), "x - 2 * y");
  EXPECT_EQ(Ctx.sub(Y, X)->str(), "-x + y");
  EXPECT_EQ(Ctx.neg(X)->str(), "-x");
  EXPECT_EQ(Ctx.mul(C(-3), X)->str(), "-3 * x");
  EXPECT_EQ(Ctx.add(X, C(1))->str(), "x + 1");
  EXPECT_EQ(Ctx.sub(X, C(1))->str(), "x - 1");
  EXPECT_EQ(Ctx.add(X, C(-3, 2))->str(), "x - 3/2");
  EXPECT_EQ(Ctx.sub(C(1), X)->str(), "-x + 1");
}

TEST_F(PrinterTest, RationalCoefficientsAsDivision) {
  const Expr *X = S("x"), *Y = S("y");
  EXPECT_EQ(Ctx.div(X, C(2))->str(), "x / 2");
  EXPECT_EQ(Ctx.mul(C(3, 2), X)->str(), "3 * x / 2");
  EXPECT_EQ(Ctx.mul(C(-1, 2), X)->str(), "-x / 2");
  EXPECT_EQ(Ctx.div(C(1), Ctx.mul(C(2), Y))->str(), "1 / (2 * y)");
  EXPECT_EQ(Ctx.sub(X, Ctx.div(C(1), Ctx.mul(C(2), Y)))->str(),
            "x - 1 / (2 * y)");
  EXPECT_EQ(Ctx.div(Ctx.mul(C(3), X), Ctx.mul(C(2), Ctx.pow(Y, 2)))->str(),
            "3 * x / (2 * y^2)");
}

TEST_F(PrinterTest, NegativePowersAsDivision) {
  const Expr *H = S("hidden_size"), *N = S("num_heads"), *X = S("x");
  EXPECT_EQ(Ctx.div(H, N)->str(), "hidden_size / num_heads");
  EXPECT_EQ(Ctx.pow(X, -2)->str(), "1 / x^2");
  EXPECT_EQ(Ctx.div(S("y"), Ctx.mul(X, S("z")))->str(), "y / (x * z)");
  EXPECT_EQ(mul({C(2), S("batch_size"), H, Ctx.pow(N, -1),
                 Ctx.pow(S("head_dim"), -1)})
                ->str(),
            "2 * batch_size * hidden_size / (num_heads * head_dim)");
  EXPECT_EQ(Ctx.pow(X, 3)->str(), "x^3");
}

TEST_F(PrinterTest, TermOrder) {
  const Expr *X = S("x"), *Y = S("y");
  EXPECT_EQ(add({C(1), X, Ctx.pow(X, 2)})->str(), "x^2 + x + 1");
  EXPECT_EQ(Ctx.pow(Ctx.add(X, Y), 2)->str(), "x^2 + 2 * x * y + y^2");
  EXPECT_EQ(add({C(1), Ctx.div(C(1), Y), X})->str(), "x + 1 + 1 / y");
  EXPECT_EQ(add({C(1), Ctx.div(X, Y), X})->str(), "x + x / y + 1");
  const Expr *B = S("batch_size"), *Sq = S("seq_len"), *H = S("hidden_size"),
             *I = S("intermediate_size");
  EXPECT_EQ(
      add({Ctx.mul(B, Sq), mul({C(2), B, Sq, H, I}), mul({C(4), B, Sq, H})})
          ->str(),
      "2 * batch_size * seq_len * hidden_size * intermediate_size + "
      "4 * batch_size * seq_len * hidden_size + batch_size * seq_len");
  EXPECT_EQ(add({mul({B, Sq, I}), mul({B, Sq, H})})->str(),
            "batch_size * seq_len * hidden_size + "
            "batch_size * seq_len * intermediate_size");
}

TEST_F(PrinterTest, FloorCeilMaxMin) {
  const Expr *H = S("H"), *P = S("p"), *K = S("k"), *St = S("s");
  const Expr *Conv =
      Ctx.add(Ctx.floorDiv(add({H, Ctx.mul(C(2), P), Ctx.neg(K)}), St), C(1));
  EXPECT_EQ(Conv->str(), "floor((H - k + 2 * p) / s) + 1");
  EXPECT_EQ(Ctx.ceilDiv(S("seq_len"), C(64))->str(), "ceil(seq_len / 64)");
  EXPECT_EQ(Ctx.floorDiv(S("x"), Ctx.mul(C(2), S("y")))->str(),
            "floor(x / (2 * y))");
  EXPECT_EQ(Ctx.floorDiv(Ctx.neg(S("x")), C(2))->str(), "floor(-x / 2)");
  EXPECT_EQ(Ctx.floorDiv(S("x"), Ctx.pow(S("y"), 2))->str(), "floor(x / y^2)");
  EXPECT_EQ(Ctx.floorDiv(Ctx.mul(C(3), S("x")), C(2))->str(),
            "floor(3 * x / 2)");
  EXPECT_EQ(Ctx.max(C(1), S("x"))->str(), "max(x, 1)");
  EXPECT_EQ(Ctx.min(S("b"), S("a"))->str(), "min(a, b)");
  EXPECT_EQ(Ctx.max(llvm::ArrayRef<const Expr *>{S("y"), S("batch_size"),
                                                 Ctx.add(S("x"), C(1))})
                ->str(),
            "max(batch_size, y, x + 1)");
  EXPECT_EQ(Ctx.pow(Ctx.max(S("a"), S("b")), 2)->str(), "max(a, b)^2");
  EXPECT_EQ(Ctx.mul(C(2), Ctx.ceilDiv(S("x"), S("y")))->str(),
            "2 * ceil(x / y)");
}

TEST_F(PrinterTest, SumsUnderNegativeExponents) {
  const Expr *A = S("a"), *B = S("b"), *X = S("x");
  EXPECT_EQ(Ctx.div(X, Ctx.add(A, B))->str(), "x / (a + b)");
  EXPECT_EQ(Ctx.mul(X, Ctx.pow(Ctx.add(A, B), -2))->str(), "x / (a + b)^2");
  EXPECT_EQ(Ctx.div(Ctx.div(X, Ctx.add(A, B)), Ctx.add(S("c"), S("d")))->str(),
            "x / ((a + b) * (c + d))");
  EXPECT_EQ(Ctx.div(X, Ctx.mul(C(2), Ctx.add(A, C(1))))->str(),
            "x / (2 * (a + 1))");
  EXPECT_EQ(Ctx.floorDiv(X, Ctx.add(A, B))->str(), "floor(x / (a + b))");
}

TEST_F(PrinterTest, LargeCoefficients) {
  const Expr *E = Ctx.mul(Ctx.pow(C(2), 70), S("x"));
  EXPECT_EQ(E->str(), "1180591620717411303424 * x");
  EXPECT_EQ(Ctx.div(S("x"), Ctx.pow(C(3), 50))->str(),
            "x / 717897987691852588770249");
}

TEST_F(PrinterTest, StableAcrossBuildOrdersAndContexts) {
  ExprContext Other;
  auto Build = [](ExprContext &Cx, bool Reverse) {
    std::vector<const Expr *> Parts = {
        Cx.mul(Cx.symbol("zeta"), Cx.symbol("batch_size")),
        Cx.floorDiv(Cx.symbol("alpha"), Cx.constant(3)),
        Cx.max(Cx.symbol("seq_len"), Cx.symbol("cache_len")),
        Cx.div(Cx.symbol("hidden_size"), Cx.symbol("num_heads")),
        Cx.constant(-5, 3)};
    if (Reverse)
      std::reverse(Parts.begin(), Parts.end());
    return Cx.add(Parts);
  };
  // Create unrelated atoms first in one context so pointer and creation
  // orders differ between the two contexts.
  Other.ceilDiv(Other.symbol("omega"), Other.constant(7));
  Other.symbol("gamma");
  std::string Text = Build(Ctx, false)->str();
  EXPECT_EQ(Build(Other, true)->str(), Text);
  EXPECT_EQ(Text, "batch_size * zeta + floor(alpha / 3) + "
                  "max(seq_len, cache_len) + hidden_size / num_heads - 5/3");
  // str(), print() and operator<< agree.
  std::string Streamed;
  llvm::raw_string_ostream OS(Streamed);
  OS << *Build(Ctx, true);
  OS.flush();
  EXPECT_EQ(Streamed, Text);
}

} // namespace
