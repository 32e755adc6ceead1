//===- NumericBuiltins.cpp - int(), round(), float(), math.ceil/floor ----===//
///
/// \file
/// The numeric conversions of Builtins.def: of numbers, of tensors read
/// back, and of symbolic quantities (a fractional quantity rounds down
/// or up; a size at least an integer stays at least that integer), and
/// float() of Python's spellings (`float("inf")`).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace llvm;

namespace modcost {

/// The least common multiple of the denominators of \p X's constants (1
/// for a polynomial with integer coefficients), or 0 past 10^6.
static int64_t denominatorLcm(const sym::Expr *X) {
  if (X->isConstant()) {
    std::optional<int64_t> D =
        X->getConstantValue().getDenominator().tryGetInt64();
    return D && *D <= 1000000 ? *D : 0;
  }
  int64_t L = 1;
  for (const sym::Expr *Op : X->operands()) {
    int64_t D = denominatorLcm(Op);
    if (!D)
      return 0;
    L = std::lcm(L, D);
    if (L > 1000000)
      return 0;
  }
  return L;
}

/// \p X rounded down (or up) to an integer when it is a fraction of an
/// integer polynomial (`in_dim / 4` is floor(in_dim / 4)); \p X itself when
/// it is integral; nullptr otherwise.
static const sym::Expr *roundedQuantity(sym::ExprContext &Sym,
                                        const sym::Expr *X, bool Up) {
  if (X->isIntegral())
    return X;
  // `(kernel_size - 1) / 2` of an odd kernel is exact, as its `//` is
  // (Operators.cpp): only a positive remainder rounds.
  if (X->getKind() == sym::ExprKind::Add)
    for (const sym::Expr *T : X->operands())
      if (T->isConstant() && T->getConstantValue() <= sym::Rational(0))
        return nullptr;
  int64_t Den = denominatorLcm(X);
  if (Den <= 1)
    return nullptr;
  const sym::Expr *Scaled = Sym.mul(X, Sym.constant(Den));
  if (!Scaled->isIntegral())
    return nullptr;
  return Up ? Sym.ceilDiv(Scaled, Sym.constant(Den))
            : Sym.floorDiv(Scaled, Sym.constant(Den));
}

std::optional<Value> Evaluator::builtinInt(StringRef Name, const CallArgs &Args,
                                           const Expr &Call, Frame &F) {
  if (Name == "int" && Args.Positional.size() == 1 && isNumeric(Args.arg(0)))
    return Value::integer(int64_t(num(Args.arg(0))), Args.arg(0).Why);
  if (Name == "int" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tensor))
    return tensorReadBack(Args.arg(0), /*Integral=*/true);
  // int(a / b) of integer quantities truncates the true division: a // b
  // for the positive sizes of a model (`int(hidden_size / num_heads)`).
  const Expr *A = Call.positionalArg(0);
  if (Name == "int" && Args.Positional.size() == 1 && A &&
      A->Kind == ExprKind::BinaryOp && A->Op == "/") {
    auto Plain = [](const Expr *X) {
      return X->Kind == ExprKind::Name || X->Kind == ExprKind::Attribute ||
             X->Kind == ExprKind::Int;
    };
    if (Plain(A->op(0)) && Plain(A->op(1))) {
      Value N = eval(*A->op(0), F), D = eval(*A->op(1), F);
      const sym::Expr *NE = dimExpr(N), *DE = dimExpr(D);
      if (NE && DE && !DE->isZero())
        return Value::symbolic(Sym.floorDiv(NE, DE),
                               joinWhy(N.Why, D.Why) + "; `" + A->Text.str() +
                                   "` truncated by int()");
    }
  }
  // int() of a fractional quantity (`int(in_dim * 0.25)`) rounds it down;
  // `//` of symbols stays exact (Operators.cpp), and so does its int()
  // (`int(kernel_size // 2)`).
  if (Name == "int" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Symbol) && Args.arg(0).Sym) {
    if (const sym::Expr *Down = Args.arg(0).Fractional
                                    ? roundedQuantity(Sym, Args.arg(0).Sym,
                                                      /*Up=*/false)
                                    : nullptr) {
      // Rounding a quantity at least an integer down keeps it that large.
      Value I = Value::symbolic(Down, Args.arg(0).Why);
      if (I.is(ValueKind::Symbol))
        I.MinValue = Args.arg(0).MinValue;
      return I;
    }
    Value I = Args.arg(0);
    I.Fractional = false;
    return I;
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinRound(StringRef Name,
                                             const CallArgs &Args,
                                             const Expr &Call, Frame &F) {
  // round(x): Python rounds half to even and returns an int; a symbol
  // stands for an integer already. round(x, n) is a float.
  if (Name == "round" && !Args.Positional.empty() &&
      (Args.Positional.size() == 1 || Args.arg(1).is(ValueKind::None))) {
    if (Args.arg(0).is(ValueKind::Float))
      return Value::integer(int64_t(std::nearbyint(Args.arg(0).F)),
                            Args.arg(0).Why);
    if (Args.arg(0).is(ValueKind::Int) || Args.arg(0).is(ValueKind::Bool))
      return Value::integer(int64_t(num(Args.arg(0))), Args.arg(0).Why);
    // A fraction of a symbol (`channels * 2.5`) is not rounded by guess.
    if (Args.arg(0).is(ValueKind::Symbol) && Args.arg(0).Sym &&
        Args.arg(0).Sym->isIntegral())
      return Args.arg(0);
    return Value::unknown(Args.arg(0).Why);
  }
  if (Name == "round" && Args.Positional.size() == 2 &&
      isNumeric(Args.arg(0)) && Args.arg(1).is(ValueKind::Int)) {
    double Scale = std::pow(10.0, double(Args.arg(1).I));
    return Value::floating(std::nearbyint(num(Args.arg(0)) * Scale) / Scale,
                           Args.arg(0).Why);
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinFloat(StringRef Name,
                                             const CallArgs &Args,
                                             const Expr &Call, Frame &F) {
  if (Name == "float" && Args.Positional.size() == 1 && isNumeric(Args.arg(0)))
    return Value::floating(num(Args.arg(0)), Args.arg(0).Why);
  if (Name == "float" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tensor))
    return tensorReadBack(Args.arg(0), /*Integral=*/false);
  // float("inf"), float("-inf"), float("nan"), float("1e-6"): Python's
  // spellings, any case, surrounding blanks ignored.
  if (Name == "float" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Str) && Args.arg(0).StrExact) {
    std::string T = StringRef(Args.arg(0).Name).trim().lower();
    StringRef Body = T;
    bool Negative = Body.consume_front("-");
    if (!Negative)
      Body.consume_front("+");
    double D;
    if (Body == "inf" || Body == "infinity")
      D = std::numeric_limits<double>::infinity();
    else if (Body == "nan")
      D = std::numeric_limits<double>::quiet_NaN();
    else if (Body.getAsDouble(D))
      return std::nullopt;
    return Value::floating(Negative ? -D : D,
                           "float(" + Args.arg(0).str() + ")");
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinCeilFloor(StringRef Name,
                                                 const CallArgs &Args,
                                                 const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 1)
    return std::nullopt;
  const Value &X = Args.Positional[0];
  if (X.is(ValueKind::Float))
    return Value::integer(
        int64_t(Name == "math.ceil" ? std::ceil(X.F) : std::floor(X.F)), X.Why);
  if (X.is(ValueKind::Symbol) && X.Sym && X.Fractional)
    if (const sym::Expr *R = roundedQuantity(Sym, X.Sym, Name == "math.ceil"))
      return Value::symbolic(R, X.Why);
  if (X.is(ValueKind::Int) || (X.is(ValueKind::Symbol) && X.Sym)) {
    Value I = X;
    I.Fractional = false;
    return I;
  }
  return Value::unknown(X.Why);
}

} // namespace modcost
