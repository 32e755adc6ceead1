//===- EvaluateTest.cpp - Tests for evaluation and substitution -----------===//
///
/// \file
/// Exact evaluation (including values far beyond 64 bits and floor/ceil of
/// negative quotients), substitution, free symbols, and a randomized check
/// that the folding constructors agree with arithmetic on the values.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Expr.h"
#include "modcost/Symbolic/Parser.h"

#include "RandomExpr.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

using namespace modcost::sym;

namespace {

class EvaluateTest : public ::testing::Test {
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

  std::string eval(const Expr *E, const ValueMap &Env) {
    llvm::Expected<Rational> R = evaluate(E, Env);
    if (!R)
      return "error: " + llvm::toString(R.takeError());
    return R->toString();
  }
  std::string eval(llvm::StringRef Text, const ValueMap &Env) {
    return eval(P(Text), Env);
  }
};

TEST_F(EvaluateTest, Basic) {
  EXPECT_EQ(eval("2 * x + y", {{"x", 3}, {"y", 4}}), "10");
  EXPECT_EQ(eval("x / 3", {{"x", 10}}), "10/3");
  EXPECT_EQ(eval("x / y", {{"x", Rational(BigInt(1), BigInt(2))}, {"y", 4}}),
            "1/8");
  EXPECT_EQ(eval("x^-2", {{"x", -2}}), "1/4");
  EXPECT_EQ(eval("7", {}), "7");
  EXPECT_EQ(eval("max(x, y) - min(x, y)", {{"x", 3}, {"y", 11}}), "8");
  EXPECT_EQ(eval("max(x, 2, y)", {{"x", -3}, {"y", -1}}), "2");
  EXPECT_EQ(eval("x % 5", {{"x", -3}}), "2");
  // Extra bindings are ignored.
  EXPECT_EQ(eval("x", {{"x", 1}, {"unused", 2}}), "1");
}

TEST_F(EvaluateTest, LargeValuesAreExact) {
  // 2 * 1 * 4096 * 8192 * 28672 * 80 * 10^6.
  const Expr *E = P("2 * batch_size * seq_len * hidden_size * "
                    "intermediate_size * num_layers * steps");
  ValueMap Env = {{"batch_size", 1},     {"seq_len", 4096},
                  {"hidden_size", 8192}, {"intermediate_size", 28672},
                  {"num_layers", 80},    {"steps", 1000000}};
  EXPECT_EQ(eval(E, Env), "153931627888640000000");
  // The same value as a constant folded from pieces.
  const Expr *Folded = Ctx.getOne();
  for (int64_t V : {2, 1, 4096, 8192, 28672, 80, 1000000})
    Folded = Ctx.mul(Folded, Ctx.constant(V));
  EXPECT_EQ(Folded->str(), "153931627888640000000");
  EXPECT_EQ(eval("2^100 - 2^100 + x^5", {{"x", 1000000}}),
            "1000000000000000000000000000000");
  EXPECT_EQ(eval("x * y / z", {{"x", Rational(BigInt::pow(2, 90))},
                               {"y", Rational(BigInt::pow(3, 40))},
                               {"z", Rational(BigInt::pow(6, 40))}}),
            "1125899906842624");
}

TEST_F(EvaluateTest, ConvOutputSizeEvaluatesExactly) {
  const Expr *Out = P("floor((H + 2 * p - k) / s) + 1");
  struct Case {
    int64_t H, P, K, S, Expected;
  } Cases[] = {
      {224, 3, 7, 2, 112}, // ResNet stem.
      {32, 1, 3, 1, 32},   {7, 0, 3, 2, 3}, {5, 0, 3, 3, 1},
      {56, 0, 1, 2, 28},   {2, 0, 3, 1, 0}, // k > H: floor(-1) + 1.
      {1, 0, 4, 2, -1},                     // floor(-3/2) = -2.
  };
  for (const Case &C : Cases) {
    ValueMap Env = {{"H", C.H}, {"p", C.P}, {"k", C.K}, {"s", C.S}};
    EXPECT_EQ(eval(Out, Env), std::to_string(C.Expected))
        << "H=" << C.H << " p=" << C.P << " k=" << C.K << " s=" << C.S;
  }
  // Substituting a stride of 1 removes the floor.
  llvm::Expected<const Expr *> Unit = substitute(Out, {{"s", Ctx.constant(1)}});
  ASSERT_TRUE(static_cast<bool>(Unit));
  EXPECT_EQ((*Unit)->str(), "H - k + 2 * p + 1");
}

TEST_F(EvaluateTest, CeilAndNegativeQuotients) {
  EXPECT_EQ(eval("ceil(seq_len / 64)", {{"seq_len", 4097}}), "65");
  EXPECT_EQ(eval("ceil(seq_len / 64)", {{"seq_len", 4096}}), "64");
  EXPECT_EQ(eval("ceil(x / 4)", {{"x", -5}}), "-1");
  EXPECT_EQ(eval("floor(x / 4)", {{"x", -5}}), "-2");
  EXPECT_EQ(eval("floor(x / y)", {{"x", 7}, {"y", -2}}), "-4");
  EXPECT_EQ(eval("cdiv(a, b) * b - a", {{"a", 100}, {"b", 7}}), "5");
}

TEST_F(EvaluateTest, UnboundSymbolsAreReported) {
  EXPECT_EQ(eval("x + 1", {}),
            "error: cannot evaluate 'x + 1': no value for symbol 'x'");
  EXPECT_EQ(eval("zeta * hidden_size + batch_size", {{"hidden_size", 1}}),
            "error: cannot evaluate 'hidden_size * zeta + batch_size': no "
            "value for symbols 'batch_size', 'zeta'");
}

TEST_F(EvaluateTest, DivisionByZeroIsReported) {
  EXPECT_EQ(eval("x / y", {{"x", 1}, {"y", 0}}),
            "error: division by zero while evaluating 'x / y'");
  EXPECT_EQ(eval("floor(x / y)", {{"x", 1}, {"y", 0}}),
            "error: division by zero while evaluating 'floor(x / y)'");
  EXPECT_EQ(eval("x / (a + b)", {{"x", 1}, {"a", 2}, {"b", -2}}),
            "error: division by zero while evaluating 'x / (a + b)'");
}

TEST_F(EvaluateTest, Substitution) {
  const Expr *PerHead = P("hidden_size / num_heads");
  llvm::Expected<const Expr *> R =
      substitute(PerHead, {{"hidden_size", P("num_heads * head_dim")}});
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(*R, Ctx.symbol("head_dim"));

  llvm::Expected<const Expr *> R2 = Ctx.substitute(
      P("2 * batch_size * seq_len * hidden_size + floor(seq_len / block)"),
      {{"seq_len", Ctx.constant(4096)}, {"block", Ctx.constant(64)}});
  ASSERT_TRUE(static_cast<bool>(R2));
  EXPECT_EQ((*R2)->str(), "8192 * batch_size * hidden_size + 64");

  // Unmentioned symbols stay; substituting a symbol by itself is identity.
  const Expr *E = P("max(x, y) + x^2 / z");
  llvm::Expected<const Expr *> Same = substitute(E, {{"x", Ctx.symbol("x")}});
  ASSERT_TRUE(static_cast<bool>(Same));
  EXPECT_EQ(*Same, E);
  llvm::Expected<const Expr *> Swapped =
      substitute(E, {{"x", Ctx.symbol("y")}, {"y", Ctx.symbol("x")}});
  ASSERT_TRUE(static_cast<bool>(Swapped));
  EXPECT_EQ(*Swapped, P("max(x, y) + y^2 / z"));
  llvm::Expected<const Expr *> Folded = substitute(E, {{"y", P("x + 2")}});
  ASSERT_TRUE(static_cast<bool>(Folded));
  EXPECT_EQ(*Folded, P("x + 2 + x^2 / z"));
}

TEST_F(EvaluateTest, SubstitutionDivisionByZero) {
  llvm::Expected<const Expr *> R =
      substitute(P("floor(x / y) + 1"), {{"y", Ctx.getZero()}});
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_EQ(llvm::toString(R.takeError()),
            "division by zero while substituting into 'floor(x / y)'");
  llvm::Expected<const Expr *> R2 =
      substitute(P("x / (a + b)"), {{"a", P("-b")}});
  ASSERT_FALSE(static_cast<bool>(R2));
  llvm::consumeError(R2.takeError());
}

TEST_F(EvaluateTest, FreeSymbols) {
  auto Names = [](const Expr *E) {
    std::vector<std::string> Result;
    for (llvm::StringRef N : freeSymbols(E))
      Result.push_back(N.str());
    return Result;
  };
  EXPECT_EQ(Names(P("zeta * alpha + a_bytes * hidden_size + batch_size")),
            (std::vector<std::string>{"batch_size", "hidden_size", "a_bytes",
                                      "alpha", "zeta"}));
  EXPECT_EQ(Names(P("floor(x / y) + max(seq_len, z) + x")),
            (std::vector<std::string>{"seq_len", "x", "y", "z"}));
  EXPECT_EQ(Names(P("w / (u + v)")), (std::vector<std::string>{"u", "v", "w"}));
  EXPECT_TRUE(freeSymbols(Ctx.constant(3)).empty());
  EXPECT_TRUE(freeSymbols(P("x - x")).empty());
}

/// Random symbol values, all nonzero so most divisors stay valid.
static ValueMap randomEnv(test::RandomExprGenerator &Gen) {
  ValueMap Env;
  for (const std::string &Name : test::RandomExprGenerator::symbolNames()) {
    int64_t V = Gen.between(-6, 12);
    Env[Name] = V == 0 ? 13 : V;
  }
  return Env;
}

TEST_F(EvaluateTest, FoldingAgreesWithArithmetic) {
  test::RandomExprGenerator Gen(Ctx, 0xC0FFEE);
  unsigned Checked = 0;
  for (int I = 0; I < 400; ++I) {
    const Expr *A = Gen.expr(2), *B = Gen.expr(2);
    ValueMap Env = randomEnv(Gen);
    llvm::Expected<Rational> VA = evaluate(A, Env), VB = evaluate(B, Env);
    if (!VA || !VB) {
      llvm::consumeError(VA.takeError());
      llvm::consumeError(VB.takeError());
      continue;
    }
    auto Check = [&](const Expr *E, const Rational &Expected,
                     const char *What) {
      llvm::Expected<Rational> V = evaluate(E, Env);
      if (!V) {
        // Only a sum atom that vanishes may fail where the inputs did not.
        llvm::consumeError(V.takeError());
        return;
      }
      EXPECT_EQ(*V, Expected) << What << " of '" << A->str() << "' and '"
                              << B->str() << "' gave '" << E->str() << "'";
      ++Checked;
    };
    Check(Ctx.add(A, B), *VA + *VB, "add");
    Check(Ctx.sub(A, B), *VA - *VB, "sub");
    Check(Ctx.mul(A, B), *VA * *VB, "mul");
    Check(Ctx.max(A, B), *VA > *VB ? *VA : *VB, "max");
    Check(Ctx.min(A, B), *VA < *VB ? *VA : *VB, "min");
    Check(Ctx.pow(A, 2), *VA * *VA, "pow");
    if (!B->isZero() && !VB->isZero()) {
      Rational Q = *VA / *VB;
      Check(Ctx.div(A, B), Q, "div");
      Check(Ctx.floorDiv(A, B), Rational(Q.floor()), "floorDiv");
      Check(Ctx.ceilDiv(A, B), Rational(Q.ceil()), "ceilDiv");
    }
  }
  EXPECT_GT(Checked, 2000u);
}

TEST_F(EvaluateTest, SubstituteThenEvaluateMatchesComposedBindings) {
  test::RandomExprGenerator Gen(Ctx, 1234);
  for (int I = 0; I < 150; ++I) {
    const Expr *E = Gen.expr(3);
    // x := y + 1, z := 2 * batch_size.
    SubstitutionMap Map = {{"x", P("y + 1")}, {"z", P("2 * batch_size")}};
    ValueMap Env = randomEnv(Gen);
    ValueMap Composed = Env;
    Composed["x"] = Env["y"] + Rational(1);
    Composed["z"] = Rational(2) * Env["batch_size"];
    llvm::Expected<Rational> Direct = evaluate(E, Composed);
    llvm::Expected<const Expr *> Sub = substitute(E, Map);
    if (!Direct || !Sub) {
      llvm::consumeError(Direct.takeError());
      llvm::consumeError(Sub.takeError());
      continue;
    }
    llvm::Expected<Rational> Via = evaluate(*Sub, Env);
    if (!Via) {
      llvm::consumeError(Via.takeError());
      continue;
    }
    EXPECT_EQ(*Via, *Direct) << E->str() << " -> " << (*Sub)->str();
  }
}

} // namespace
