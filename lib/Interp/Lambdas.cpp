//===- Lambdas.cpp - Lambda expressions as values -------------------------===//
///
/// \file
/// A lambda expression evaluates to a callable that keeps its body and the
/// scope it was made in: `norm_fn = lambda d: nn.GroupNorm(groups, d)`
/// followed by `self.norm = norm_fn(channels)` (torchaudio's HDemucs
/// layers) builds the GroupNorm. The scope is a copy of the enclosing
/// frame when the lambda is made: the locals it reads are the ones bound
/// then (Python reads them when called; a lambda made and called in the
/// same function body, the common case, sees the same values).
///
/// A `def` inside a function body is the same kind of closure
/// (transformers' `_get_feat_extract_output_lengths` defines
/// `_conv_out_length` and calls it per convolution): its body runs as a
/// function of its module, starting from the enclosing locals bound when
/// the `def` ran, itself among them (it may call itself).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The name of every lambda value; its `I` indexes Evaluator::Lambdas.
static constexpr StringLiteral LambdaName = "<lambda>";

Value Evaluator::makeLambda(const Expr &E, Frame &F) {
  Lambdas.push_back({&E, std::make_shared<Frame>(F)});
  Value V = Value::callable(LambdaName, false,
                            "a lambda at line " + std::to_string(E.Range.Line));
  V.I = int64_t(Lambdas.size() - 1);
  return V;
}

std::optional<Value> Evaluator::callLambda(const Value &Callee,
                                           const CallArgs &Args) {
  if (!Callee.is(ValueKind::Callable) || Callee.Name != LambdaName ||
      Callee.I < 0 || Callee.I >= int64_t(Lambdas.size()))
    return std::nullopt;
  const LambdaClosure &L = Lambdas[size_t(Callee.I)];
  const std::vector<std::string> &Params = L.Fn->Params;
  if (Args.UnknownSplat || Args.Positional.size() > Params.size())
    return Value::unknown("a lambda called with other arguments");
  Frame Inner = *L.Scope;
  for (size_t I = 0; I < Params.size(); ++I) {
    std::optional<Value> A;
    if (I < Args.Positional.size())
      A = Args.Positional[I];
    else
      A = Args.keyword(Params[I]);
    if (!A)
      return Value::unknown("a lambda called without its argument `" +
                            Params[I] + "`");
    Inner.Locals[Params[I]] = *A;
  }
  return eval(*L.Fn->op(0), Inner);
}

/// The prefix of every local function value's name, as Python's
/// `__qualname__` spells a function defined in another; its `I` indexes
/// Evaluator::LocalFunctions.
static constexpr StringLiteral LocalsPrefix = "<locals>.";

Value Evaluator::makeLocalFunction(const FunctionDef &Fn, Frame &F) {
  LocalFunction L;
  L.Fn.Kind = SymbolKind::Function;
  L.Fn.Mod = F.Mod;
  L.Fn.Func = &Fn;
  L.Fn.QualifiedName =
      (F.Mod ? F.Mod->Name + "." : std::string()) +
      (F.DefiningClass ? F.DefiningClass->Name + "." : std::string()) +
      (F.Fn ? F.Fn->Name + "." : std::string()) + LocalsPrefix.str() + Fn.Name;
  L.Scope = std::make_shared<Frame>(F);
  Value V = Value::callable(LocalsPrefix.str() + Fn.Name, false,
                            "local function defined at line " +
                                std::to_string(Fn.Range.Line));
  V.I = int64_t(LocalFunctions.size());
  L.Scope->Locals[Fn.Name] = V;
  LocalFunctions.push_back(std::move(L));
  return V;
}

std::optional<Value> Evaluator::callLocalFunction(const Value &Callee,
                                                  const CallArgs &Args,
                                                  Frame &F) {
  if (!Callee.is(ValueKind::Callable) ||
      !StringRef(Callee.Name).starts_with(LocalsPrefix) || Callee.I < 0 ||
      Callee.I >= int64_t(LocalFunctions.size()))
    return std::nullopt;
  // Copied: the call may define more local functions and grow the list.
  LocalFunction L = LocalFunctions[size_t(Callee.I)];
  return callFunction(L.Fn, Args, F, L.Scope.get());
}

} // namespace modcost
