//===- ParserTest.cpp - Tests for parsing and round trips -----------------===//
///
/// \file
/// Infix input, operator precedence, the round trip print -> parse -> same
/// pointer for fixed and randomized expressions, and column-accurate errors.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Parser.h"

#include "RandomExpr.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

using namespace modcost::sym;

namespace {

class ParserTest : public ::testing::Test {
protected:
  ExprContext Ctx;

  const Expr *P(llvm::StringRef Text) {
    llvm::Expected<const Expr *> E = parse(Text, Ctx);
    if (!E) {
      ADD_FAILURE() << "parse of '" << Text.str()
                    << "' failed: " << llvm::toString(E.takeError());
      return nullptr;
    }
    return *E;
  }

  /// Parses \p Text expecting an error; returns "column: message".
  std::string error(llvm::StringRef Text) {
    llvm::Expected<const Expr *> E = parse(Text, Ctx);
    if (E) {
      ADD_FAILURE() << "parse of '" << Text.str() << "' unexpectedly gave "
                    << (*E)->str();
      return "";
    }
    std::string Result;
    llvm::handleAllErrors(E.takeError(), [&](const ParseError &PE) {
      Result = std::to_string(PE.getColumn()) + ": " + PE.getMessage();
      EXPECT_EQ(PE.getOffset() + 1, PE.getColumn());
    });
    return Result;
  }

  void expectRoundTrip(const Expr *E) {
    std::string Text = E->str();
    const Expr *Back = P(Text);
    EXPECT_EQ(Back, E) << "'" << Text << "' read back as '"
                       << (Back ? Back->str() : "<error>") << "'";
    if (Back) {
      EXPECT_EQ(Back->str(), Text);
    }
  }
};

TEST_F(ParserTest, BasicForms) {
  const Expr *X = Ctx.symbol("x"), *Y = Ctx.symbol("y");
  EXPECT_EQ(P("x"), X);
  EXPECT_EQ(P("42"), Ctx.constant(42));
  EXPECT_EQ(P("x + y"), Ctx.add(X, Y));
  EXPECT_EQ(P("x - y"), Ctx.sub(X, Y));
  EXPECT_EQ(P("2 * x * y"), Ctx.mul(Ctx.constant(2), Ctx.mul(X, Y)));
  EXPECT_EQ(P("x / y"), Ctx.div(X, Y));
  EXPECT_EQ(P("x ^ 3"), Ctx.pow(X, 3));
  EXPECT_EQ(P("(x + y) * (x - y)"), Ctx.sub(Ctx.pow(X, 2), Ctx.pow(Y, 2)));
  EXPECT_EQ(P("  x\t+\n1 "), Ctx.add(X, Ctx.constant(1)));
  EXPECT_EQ(P("config.hidden_size"), Ctx.symbol("config.hidden_size"));
  EXPECT_EQ(P("123456789012345678901234567890")->str(),
            "123456789012345678901234567890");
}

TEST_F(ParserTest, Precedence) {
  EXPECT_EQ(P("-x^2"), Ctx.neg(Ctx.pow(Ctx.symbol("x"), 2)));
  EXPECT_EQ(P("2^3^2"), Ctx.constant(512));
  EXPECT_EQ(P("2 ** -1"), Ctx.constant(1, 2));
  EXPECT_EQ(P("a - b - c"), P("a - (b + c)"));
  EXPECT_EQ(P("a / b / c"), P("a / (b * c)"));
  EXPECT_EQ(P("1 + 2 * 3"), Ctx.constant(7));
  EXPECT_EQ(P("2 * -x"), Ctx.mul(Ctx.constant(-2), Ctx.symbol("x")));
  EXPECT_EQ(P("--x"), Ctx.symbol("x"));
  EXPECT_EQ(P("+x"), Ctx.symbol("x"));
  EXPECT_EQ(P("x / (a / b)"), P("x * b / a"));
  EXPECT_EQ(P("x / -y"), Ctx.neg(P("x / y")));
}

TEST_F(ParserTest, PythonOperatorsAndFunctions) {
  const Expr *X = Ctx.symbol("x"), *Y = Ctx.symbol("y");
  EXPECT_EQ(P("x ** 2"), Ctx.pow(X, 2));
  EXPECT_EQ(P("x // y"), Ctx.floorDiv(X, Y));
  EXPECT_EQ(P("7 // 2"), Ctx.constant(3));
  EXPECT_EQ(P("-7 // 2"), Ctx.constant(-4));
  EXPECT_EQ(P("7 % 3"), Ctx.constant(1));
  EXPECT_EQ(P("-7 % 3"), Ctx.constant(2));
  EXPECT_EQ(P("x % y"), Ctx.sub(X, Ctx.mul(Y, Ctx.floorDiv(X, Y))));
  EXPECT_EQ(P("cdiv(x, 64)"), Ctx.ceilDiv(X, Ctx.constant(64)));
  EXPECT_EQ(P("floor(x / y)"), Ctx.floorDiv(X, Y));
  EXPECT_EQ(P("ceil(x / 2)"), Ctx.ceilDiv(X, Ctx.constant(2)));
  EXPECT_EQ(P("max(x, y, 3)"),
            Ctx.max(llvm::ArrayRef<const Expr *>{X, Y, Ctx.constant(3)}));
  EXPECT_EQ(P("min(x, x + 1)"), X);
  EXPECT_EQ(P("0.5 * x"), Ctx.div(X, Ctx.constant(2)));
  EXPECT_EQ(P("1_000_000"), Ctx.constant(1000000));
  EXPECT_EQ(P("1.25"), Ctx.constant(5, 4));
  // Names of functions are symbols when not called.
  EXPECT_EQ(P("max + 1"), Ctx.add(Ctx.symbol("max"), Ctx.constant(1)));
}

TEST_F(ParserTest, DivisionBySumsReadsBack) {
  EXPECT_EQ(P("(a^2 - b^2) / (a - b)"), P("a + b"));
  EXPECT_EQ(P("(a + b)^2 / (a + b)^2"), Ctx.constant(1));
  // A power of a sum divides as repeated division by the sum, not by its
  // expansion (which would need factorization to recognize).
  EXPECT_EQ(P("x / (a + b)^2"),
            Ctx.mul(Ctx.symbol("x"), Ctx.pow(P("a + b"), -2)));
  EXPECT_EQ(P("x / (a + b)^2 * (a + b)"), P("x / (a + b)"));
  EXPECT_EQ(P("x / (a + b)^2")->str(), "x / (a + b)^2");
  EXPECT_EQ(P("x / ((a + b) * (c + d))")->str(), "x / ((a + b) * (c + d))");
}

TEST_F(ParserTest, RoundTripFixedSet) {
  const char *Inputs[] = {
      "2 * batch_size * seq_len * hidden_size * intermediate_size",
      "batch_size * seq_len * (4 * hidden_size + 2 * cache_len)",
      "hidden_size / num_heads",
      "num_heads * head_dim / hidden_size",
      "x / 2",
      "3 * x / 2",
      "-x / 2 + y",
      "x - 3/2",
      "3/2",
      "-7/3",
      "0",
      "1 / (2 * y)",
      "x^2 + 2*x*y + y^2",
      "x^-3",
      "(x + 1)^3",
      "x + 1 + 1 / y",
      "floor((H + 2 * p - k) / s) + 1",
      "floor((H + 2 * p - k) / 2) + 1",
      "ceil(seq_len / 64) * 64",
      "floor(x / (2 * y))",
      "floor(-x / 3)",
      "floor(x / y^2)",
      "ceil(x * y / (z * w))",
      "floor(x / (a + b))",
      "floor((x / (a + b) + y) / s)",
      "max(batch_size, seq_len, 1)",
      "min(x, y) * max(x, y)",
      "max(x, y)^2 - min(x, y)^-1",
      "max(floor(x / 2), ceil(y / 3))",
      "x / (a + b)",
      "x / (2 * (a + b))",
      "x / (a + b)^2",
      "x / ((a + b) * (c + d))",
      "1 / (x / (c + d) + y)",
      "2^70 * x",
      "x / 717897987691852588770249",
      "x % 7",
      "w_bytes * a_bytes * alpha * Z",
      "num_layers * (2 * vocab_size * hidden_size + top_k * num_experts)",
      "max(min(a, b), c) + min(max(a, b), c)",
      "floor(floor(x / 2) / 3)",
      "ceil((seq_len + cache_len) / num_kv_heads)",
  };
  for (const char *Input : Inputs) {
    const Expr *E = P(Input);
    ASSERT_NE(E, nullptr) << Input;
    expectRoundTrip(E);
  }
}

TEST_F(ParserTest, RoundTripRandomized) {
  test::RandomExprGenerator Gen(Ctx, 0x9e3779b97f4a7c15ULL);
  for (int I = 0; I < 600; ++I)
    expectRoundTrip(Gen.expr(1 + I % 4));
}

TEST_F(ParserTest, RoundTripAcrossContexts) {
  test::RandomExprGenerator Gen(Ctx, 7);
  for (int I = 0; I < 200; ++I) {
    const Expr *E = Gen.expr(3);
    ExprContext Fresh;
    // Pre-populate the fresh context differently.
    Fresh.symbol("z");
    Fresh.floorDiv(Fresh.symbol("y"), Fresh.constant(5));
    llvm::Expected<const Expr *> Other = parse(E->str(), Fresh);
    ASSERT_TRUE(static_cast<bool>(Other)) << llvm::toString(Other.takeError());
    EXPECT_EQ((*Other)->str(), E->str());
  }
}

TEST_F(ParserTest, Errors) {
  EXPECT_EQ(error(""), "1: expected an expression, found 'end of input'");
  EXPECT_EQ(error("x +"), "4: expected an expression, found 'end of input'");
  EXPECT_EQ(error("(x"), "3: expected ')', found 'end of input'");
  EXPECT_EQ(error("x $ y"), "3: unexpected character '$'");
  EXPECT_EQ(error("x y"), "3: unexpected 'y'");
  EXPECT_EQ(error("foo(x)"), "1: unknown function 'foo'");
  EXPECT_EQ(error("x ^ y"), "5: exponent must be an integer constant, not 'y'");
  EXPECT_EQ(error("x ^ (1/2)"),
            "5: exponent must be an integer constant, not '1/2'");
  EXPECT_EQ(error("x / 0"), "3: division by zero");
  EXPECT_EQ(error("x // (y - y)"), "3: division by zero");
  EXPECT_EQ(error("x % 0"), "3: division by zero");
  EXPECT_EQ(error("cdiv(x, 0)"), "9: division by zero");
  EXPECT_EQ(error("0 ^ -1"), "5: division by zero");
  EXPECT_EQ(error("x / (y - y)^2"), "3: division by zero");
  EXPECT_EQ(error("max(x)"), "1: max() takes at least 2 arguments");
  EXPECT_EQ(error("floor(x, y)"), "1: floor() takes 1 argument");
  EXPECT_EQ(error("cdiv(x)"), "1: cdiv() takes 2 arguments");
  EXPECT_EQ(error("min(x, y"),
            "9: expected ',' or ')' in call to 'min', found 'end of input'");
  EXPECT_EQ(error("x ^ 99999"), "5: exponent 99999 is too large");
  EXPECT_EQ(error("(a + b) ^ 100"), "11: exponent 100 is too large");
  EXPECT_EQ(error("2 * * 3"), "5: expected an expression, found '*'");
  EXPECT_EQ(error("1.x"), "2: unexpected character '.'");
}

TEST_F(ParserTest, ErrorMessageNamesColumn) {
  llvm::Expected<const Expr *> E = parse("a + (b * )", Ctx);
  ASSERT_FALSE(static_cast<bool>(E));
  EXPECT_EQ(llvm::toString(E.takeError()),
            "column 10: expected an expression, found ')'");
}

} // namespace
