//===- BuiltinsMath.cpp - math functions and sets of known values ---------===//
///
/// \file
/// The builtins of Builtins.def that compute on known numbers (`math.log`)
/// or collect known elements (`set`): constructors derive layouts with
/// them (regnet: `math.log(w_m)`, `len(set(block_widths))`).
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "LayerLists.h"

#include "modcost/Symbolic/Expr.h"

#include <cmath>

using namespace llvm;

namespace modcost {

Value Evaluator::tensorReadBack(const Value &T, bool Integral) {
  // As `.item()`: a scalar read back to Python, no kernel (the catalog's
  // `item`); its value is known when every element is a stated one.
  if (T.Fill && T.Fill->isConstant()) {
    const sym::Rational &R = T.Fill->getConstantValue();
    auto N = R.getNumerator().tryGetInt64();
    auto D = R.getDenominator().tryGetInt64();
    if (N && D && *D) {
      double X = double(*N) / double(*D);
      return Integral ? Value::integer(int64_t(X), T.Why)
                      : Value::floating(X, T.Why);
    }
  }
  if (T.Elems.size() == 1 && isNumeric(T.Elems[0]))
    return Integral ? Value::integer(int64_t(num(T.Elems[0])), T.Why)
                    : Value::floating(num(T.Elems[0]), T.Why);
  return Value::unknown("a number read back from a tensor whose values are "
                        "not known");
}

std::optional<Value> Evaluator::builtinMathFunction(StringRef Name,
                                                    const CallArgs &Args,
                                                    const Expr &Call,
                                                    Frame &F) {
  size_t N = Args.Positional.size();
  if (N == 0 || N > 2 || (N == 2 && Name != "math.log"))
    return std::nullopt;
  std::vector<double> X;
  std::string AtHints;
  for (const Value &V : Args.Positional) {
    if (isNumeric(V)) {
      X.push_back(num(V));
      continue;
    }
    // A size: no polynomial in it, so a number only at its hint, the
    // config's value (Bloom's `2 ** math.floor(math.log2(num_heads))`),
    // as conditions on sizes are decided (SizeHints.cpp).
    // Only logarithms: they turn sizes into structure (powers of two,
    // bucket counts); a square root of one is a scale that shapes nothing.
    const sym::Expr *D =
        StringRef(Name).starts_with("math.log") ? dimExpr(V) : nullptr;
    std::optional<sym::Rational> H =
        D ? ConfigReader(*this).hintOf(D) : std::nullopt;
    auto Num = H ? H->getNumerator().tryGetInt64() : std::nullopt;
    auto Den = H ? H->getDenominator().tryGetInt64() : std::nullopt;
    if (!Num || !Den || !*Den)
      return Value::unknown(V.Why);
    X.push_back(double(*Num) / double(*Den));
    for (StringRef S : sym::freeSymbols(D))
      if (!StringRef(AtHints).contains("`" + S.str() + "`"))
        AtHints += (AtHints.empty() ? "" : ", ") +
                   ConfigReader(*this).hintFor(S)->Origin;
  }
  double R;
  if (Name == "math.sqrt" || Name == "math.exp") {
    if (Name == "math.sqrt" && X[0] < 0)
      return Value::unknown("math.sqrt of a negative number");
    R = Name == "math.sqrt" ? std::sqrt(X[0]) : std::exp(X[0]);
  } else {
    // Logarithms: of a positive number (Python raises otherwise).
    if (X[0] <= 0 || (N == 2 && (X[1] <= 0 || X[1] == 1)))
      return Value::unknown("math.log of a non-positive number");
    R = Name == "math.log2"    ? std::log2(X[0])
        : Name == "math.log10" ? std::log10(X[0])
        : N == 2               ? std::log(X[0]) / std::log(X[1])
                               : std::log(X[0]);
  }
  if (AtHints.empty())
    return Value::floating(R, Args.Positional[0].Why);
  std::string Why = "`" + Call.Text.str() +
                    "` evaluated at the config's sizes (" + AtHints +
                    "); the formulas hold for those sizes";
  if (!is_contained(Result.Assumptions, Why))
    Result.Assumptions.push_back(Why);
  return Value::floating(R, Why);
}

/// At most this many elements of a list of symbolic length are rebuilt by
/// `set()` at the list's hinted length.
static constexpr int64_t MaxSetElementsAtHint = 1024;

std::optional<Value> Evaluator::builtinSet(StringRef Name, const CallArgs &Args,
                                           const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 1)
    return std::nullopt;
  const Value &Xs = Args.Positional[0];
  if (!Xs.is(ValueKind::Tuple))
    return std::nullopt;
  std::vector<Value> Elems = Xs.Elems;
  std::string Why = Xs.Why;
  if (Xs.RepeatCount) {
    // A list of symbolic length whose elements are known by index (a
    // config's `layer_types`, built from a pattern over
    // `range(num_hidden_layers)`, LayerIndex.cpp): its distinct elements
    // at the config's length, as a condition on sizes is decided at their
    // hints (SizeHints.cpp).
    std::optional<sym::Rational> N = ConfigReader(*this).hintOf(Xs.RepeatCount);
    std::optional<int64_t> L =
        N && N->isInteger() ? N->getNumerator().tryGetInt64() : std::nullopt;
    if (!L || *L < 1 || *L > MaxSetElementsAtHint)
      return std::nullopt;
    int64_t Len = *L;
    Elems.clear();
    for (int64_t K = 0; K < Len; ++K) {
      std::optional<Value> E = LayerLists(*this).repeatedElementAt(Xs, K);
      if (!E)
        return std::nullopt;
      Elems.push_back(std::move(*E));
    }
    Why =
        joinWhy(Why, "its " + std::to_string(Len) +
                         " elements at the config's sizes (`" +
                         Xs.RepeatCount->str() + "` = " + std::to_string(Len) +
                         "); the formulas hold for sizes where it has "
                         "these distinct elements");
  }
  std::vector<Value> Distinct;
  for (const Value &E : Elems) {
    if (!isNumeric(E) && !(E.is(ValueKind::Str) && E.StrExact))
      return std::nullopt; // Equality not decidable: not modelled.
    bool Seen = false;
    for (const Value &D : Distinct) {
      std::optional<bool> Same = Value::equal(D, E);
      if (!Same)
        return std::nullopt;
      Seen |= *Same;
    }
    if (!Seen)
      Distinct.push_back(E);
  }
  return Value::tuple(std::move(Distinct), Why);
}

} // namespace modcost
