//===- RandomExpr.h - Random expressions for tests --------------*- C++ -*-===//
///
/// \file
/// A fixed-seed generator of symbolic expressions that exercises every
/// constructor, shared by the round-trip and evaluation property tests. It
/// uses its own xorshift generator so sequences are identical everywhere.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_UNITTESTS_SYMBOLIC_RANDOMEXPR_H
#define MODCOST_UNITTESTS_SYMBOLIC_RANDOMEXPR_H

#include "modcost/Symbolic/Expr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace modcost::sym::test {

/// Builds random expressions over a small pool of symbols.
class RandomExprGenerator {
public:
  /// A generator for \p Ctx seeded with \p Seed (nonzero).
  RandomExprGenerator(ExprContext &Ctx, uint64_t Seed)
      : Ctx(Ctx), State(Seed) {}

  /// The symbol names the generator draws from.
  static const std::vector<std::string> &symbolNames() {
    static const std::vector<std::string> Names = {
        "batch_size", "seq_len", "hidden_size", "num_heads",
        "head_dim",   "x",       "y",           "z"};
    return Names;
  }

  /// The next raw 64-bit value (xorshift64*).
  uint64_t next() {
    State ^= State >> 12;
    State ^= State << 25;
    State ^= State >> 27;
    return State * 2685821657736338717ULL;
  }

  /// A value in [0, N).
  unsigned below(unsigned N) { return static_cast<unsigned>(next() % N); }

  /// An integer in [Lo, Hi].
  int64_t between(int64_t Lo, int64_t Hi) {
    return Lo +
           static_cast<int64_t>(next() % static_cast<uint64_t>(Hi - Lo + 1));
  }

  /// A random symbol from the pool.
  const Expr *symbol() {
    return Ctx.symbol(symbolNames()[below(symbolNames().size())]);
  }

  /// A symbol or a small constant (integer or fraction).
  const Expr *leaf() {
    switch (below(6)) {
    case 0:
      return Ctx.constant(between(-5, 9));
    case 1:
      return Ctx.constant(between(-7, 7), between(1, 4));
    default:
      return symbol();
    }
  }

  /// A nonzero monomial divisor: a symbol, a positive constant or a product.
  const Expr *monomialDivisor() {
    switch (below(3)) {
    case 0:
      return Ctx.constant(between(2, 6));
    case 1:
      return symbol();
    default:
      return Ctx.mul(Ctx.constant(between(1, 3)), Ctx.mul(symbol(), symbol()));
    }
  }

  /// A random expression of nesting depth at most \p Depth.
  const Expr *expr(unsigned Depth) {
    if (Depth == 0 || below(4) == 0)
      return leaf();
    unsigned D = Depth - 1;
    switch (below(12)) {
    case 0:
    case 1:
      return Ctx.add(expr(D), expr(D));
    case 2:
      return Ctx.sub(expr(D), expr(D));
    case 3:
    case 4:
      return Ctx.mul(expr(D), expr(D));
    case 5:
      return Ctx.div(expr(D), monomialDivisor());
    case 6: {
      // Occasionally divide by a sum, exercising sum atoms.
      const Expr *Divisor = Ctx.add(symbol(), Ctx.constant(between(1, 3)));
      return Ctx.div(expr(D), Divisor);
    }
    case 7:
      return Ctx.pow(below(3) == 0
                         ? Ctx.add(symbol(), Ctx.constant(between(1, 3)))
                         : symbol(),
                     between(-2, 3));
    case 8:
      return Ctx.floorDiv(expr(D), monomialDivisor());
    case 9:
      return Ctx.ceilDiv(expr(D), monomialDivisor());
    case 10:
      return Ctx.max(expr(D), expr(D));
    default:
      return Ctx.min(expr(D), expr(D));
    }
  }

private:
  ExprContext &Ctx;
  uint64_t State;
};

} // namespace modcost::sym::test

#endif // MODCOST_UNITTESTS_SYMBOLIC_RANDOMEXPR_H
