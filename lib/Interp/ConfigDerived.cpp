//===- ConfigDerived.cpp - Config attributes the config class derives -----===//
///
/// \file
/// Config attributes that neither config.json nor a class-level default
/// gives, because the config class computes them itself in `__post_init__`
/// (or `__init__`): Qwen2's `layer_types` from `sliding_window` and
/// `max_window_layers`, T5's `is_gated_act` and `dense_act_fn` from
/// `feed_forward_proj`. The method runs on a copy of the config, off the
/// priced path and without reporting its decisions, and the attribute is
/// what it assigned. Inside the method, as in Python, the copy's
/// attributes read what the method has assigned so far, else the field's
/// value: no nested derivation. Calls of the base class's method (`super().
/// __post_init__(**kwargs)`: PreTrainedConfig's bookkeeping, which the
/// profile's `[config]` section stands for) are not followed.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/ADT/ScopeExit.h"

using namespace llvm;

namespace modcost {

/// True if \p S is `super().<method>(...)`, a call of the base class's
/// version of the running method.
static bool isSuperCall(const Stmt &S) {
  return S.Kind == StmtKind::Expr &&
         StringRef(S.Text).ltrim().starts_with("super().");
}

std::optional<Value> Evaluator::configDerived(const Value &CfgV,
                                              StringRef Name) {
  // Running the method is the costly part of reading a config (a third of
  // a transformers batch): its outcome is remembered on the config object
  // until one of the object's attributes changes. A derivation nested in
  // another one sees that one's attribute as its class default, so only
  // outermost outcomes are remembered.
  ObjectState &Cfg = *CfgV.Obj;
  if (ConfigsBeingDerived.contains(&Cfg))
    return std::nullopt;
  bool Outermost = ConfigDerivations.empty();
  if (Outermost) {
    auto It = Cfg.DerivedMemo.find(Name);
    if (It != Cfg.DerivedMemo.end())
      return It->second;
  }
  std::optional<Value> D = deriveConfigAttribute(CfgV, Name);
  if (Outermost)
    Cfg.DerivedMemo[Name] = D;
  return D;
}

std::optional<Value> Evaluator::deriveConfigAttribute(const Value &CfgV,
                                                      StringRef Name) {
  const ObjectState &Cfg = *CfgV.Obj;
  std::string Assigns = "self." + Name.str() + " =";
  for (const auto &[Mod, Class] : Cfg.ConfigDefaults)
    for (StringRef M : {"__post_init__", "__init__"}) {
      const FunctionDef *Fn = Class->findMethod(M);
      if (!Fn || none_of(Fn->body(), [&](const auto &S) {
            return StringRef(S->Text).contains(Assigns);
          }))
        continue;
      // The method reads the attribute it derives (`if self.layer_types is
      // None`): that read takes the class default.
      std::string Key = Class->Name + "." + Name.str();
      if (!ConfigDerivations.insert(Key).second)
        return std::nullopt;
      auto Done = make_scope_exit([&] { ConfigDerivations.erase(Key); });
      Value Self = CfgV;
      Self.Obj = Objects->copyOf(Cfg);
      ConfigsBeingDerived.insert(Self.Obj.get());
      auto Derived =
          make_scope_exit([&] { ConfigsBeingDerived.erase(Self.Obj.get()); });
      Frame Inner;
      Inner.Mod = Mod;
      Inner.Fn = Fn;
      Inner.DefiningClass = Class;
      Inner.Self = Self.Obj;
      Inner.Depth = 1;
      Inner.SuppressAtEntry = Suppress;
      CallArgs Args;
      Args.Positional.push_back(Self);
      bindParams(*Fn, Args, Inner, /*SkipSelf=*/false);
      ++Suppress;
      for (const auto &S : Fn->body()) {
        if (isSuperCall(*S))
          continue;
        if (execStmt(*S, Inner) != Flow::Normal)
          break;
      }
      Suppress -= 1 + Inner.SuppressedTail;
      auto It = Self.Obj->Attrs.find(Name);
      if (It == Self.Obj->Attrs.end() || It->second.isUnknown())
        return std::nullopt;
      Value V = It->second;
      V.Why = joinWhy(V.Why, "`" + Name.str() + "` derived by `" + Class->Name +
                                 "." + M.str() + "` at " + location(Fn->Range) +
                                 " (not in the config)");
      return V;
    }
  return std::nullopt;
}

} // namespace modcost
