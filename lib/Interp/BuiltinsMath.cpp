//===- BuiltinsMath.cpp - Python's math functions of numbers --------------===//
///
/// \file
/// `math.log`, `math.log2`, `math.log10`, `math.sqrt` and `math.exp` of
/// Python numbers (Builtins.def): T5's relative position buckets divide a
/// tensor by `math.log(max_distance / max_exact)`. A symbol or an
/// out-of-domain argument gives no value (the call stays unknown).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include <cmath>

using namespace llvm;

namespace modcost {

std::optional<Value> Evaluator::builtinMathFloat(StringRef Name,
                                                 const CallArgs &Args,
                                                 const Expr &Call, Frame &F) {
  if (Args.Positional.empty() || Args.Positional.size() > 2 ||
      !Args.Keywords.empty() || !isNumeric(Args.Positional[0]))
    return std::nullopt;
  double X = num(Args.Positional[0]);
  std::optional<double> R;
  if (Name == "math.exp" && Args.Positional.size() == 1)
    R = std::exp(X);
  else if (Name == "math.sqrt" && Args.Positional.size() == 1 && X >= 0)
    R = std::sqrt(X);
  else if (X > 0 && Name == "math.log2" && Args.Positional.size() == 1)
    R = std::log2(X);
  else if (X > 0 && Name == "math.log10" && Args.Positional.size() == 1)
    R = std::log10(X);
  else if (X > 0 && Name == "math.log") {
    R = std::log(X);
    if (Args.Positional.size() == 2) {
      if (!isNumeric(Args.Positional[1]) || num(Args.Positional[1]) <= 0 ||
          num(Args.Positional[1]) == 1)
        return std::nullopt;
      *R /= std::log(num(Args.Positional[1]));
    }
  }
  if (!R)
    return std::nullopt;
  return Value::floating(
      *R, joinWhy(Args.Positional[0].Why, "`" + Name.str() + "` of a number"));
}

} // namespace modcost
