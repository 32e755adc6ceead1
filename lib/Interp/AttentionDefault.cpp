//===- AttentionDefault.cpp - The attention a model gets by default -------===//
///
/// \file
/// transformers picks a model's attention implementation when it is built
/// (PreTrainedModel.__init__ -> get_correct_attn_implementation): with none
/// requested, `sdpa` if the model class supports it (`_supports_sdpa`),
/// else `eager`. The built-in profile's `attn_implementation = 'sdpa'`
/// stands for that default, so a model class without sdpa support (GPT-J,
/// whose `GPTJ_ATTENTION_CLASSES` has no `sdpa` entry) gets `eager` on the
/// config it is built from, as it does in transformers. A value the user
/// asked for (`-D attn_implementation=...`, a --profile) is kept as given.
///
/// The model class is the unit's own when it is a PreTrainedModel (it has
/// `_supports_sdpa`); a module analyzed on its own (`GPTJBlock`) is built
/// by its file's model, the first class of its module that has the flag.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "modcost/Frontend/NameResolver.h"

using namespace llvm;

namespace modcost {

std::optional<Value> Evaluator::defaultAttention(const PyModule &M,
                                                 const ClassDef &C) {
  const ProfileEntry *F = fact("attn_implementation");
  if (!F || !F->Val.is(ValueKind::Str) || F->Val.Name != "sdpa" ||
      !StringRef(F->Origin).starts_with("default.profile:"))
    return std::nullopt;
  auto Supports = [&](const ClassDef &K) -> std::optional<Value> {
    Value V =
        classAttribute(NameResolver::qualify(M, K.Name), "_supports_sdpa");
    if (!V.is(ValueKind::Bool))
      return std::nullopt;
    return V;
  };
  const ClassDef *Model = &C;
  std::optional<Value> S = Supports(C);
  for (size_t I = 0; !S && I < M.Classes.size(); ++I)
    if ((S = Supports(*M.Classes[I])))
      Model = M.Classes[I];
  if (!S || S->B)
    return std::nullopt;
  std::string Whose = Model == &C ? "`" + C.Name + "`"
                                  : "`" + C.Name +
                                        "` is built by its module's model `" +
                                        Model->Name + "`, which";
  std::string Why = Whose +
                    " does not support sdpa (`_supports_sdpa` is False): "
                    "with no attention implementation requested, "
                    "transformers builds it with `eager` "
                    "(PreTrainedModel.get_correct_attn_implementation; the "
                    "profile's `attn_implementation = 'sdpa'` is that "
                    "default; -D attn_implementation=... overrides)";
  // The choice shapes the whole report: it is one of its assumptions.
  if (!is_contained(Result.Assumptions, Why))
    Result.Assumptions.push_back(Why);
  return Value::string("eager", Why);
}

} // namespace modcost
