//===- ModuleAlternatives.cpp - Calling one of several modules ------------===//
///
/// \file
/// A submodule built under a condition the profile cannot decide
/// (`self.drop_path = DropPath(rate) if rate > 0.0 else nn.Identity()`, the
/// rate a value not known) is a join of the modules it could be. Calling
/// it runs each alternative with nothing priced; when none does any work
/// (no op priced or left unknown) and all return the same value, as
/// eval-mode drop-path and an identity both return their input, that value
/// is the call's, exactly, whichever module was built. Otherwise the call
/// stays an unknown op (Calls.cpp), never a guess.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

std::optional<Value> Evaluator::callModuleAlternatives(const Value &Callee,
                                                       const CallArgs &Args,
                                                       Frame &F) {
  // The arguments get identities first: an alternative that returns its
  // input is then seen to return the same tensor as another.
  CallArgs Named = Args;
  for (Value &A : Named.Positional)
    if (A.is(ValueKind::Tensor) && A.Name.empty())
      A.Name = "%" + std::to_string(++TensorIds);
  std::optional<Value> Same;
  for (const Value &M : Callee.Elems) {
    if (!M.is(ValueKind::Object) || !isTorchModule(M))
      return std::nullopt;
    unsigned Before = OpsNoted;
    ++Suppress;
    Value R = callModule(M, Named, F);
    --Suppress;
    if (OpsNoted != Before)
      return std::nullopt;
    if (!Same)
      Same = std::move(R);
    else if (!Value::identical(*Same, R).value_or(false))
      return std::nullopt;
  }
  return Same;
}

} // namespace modcost
