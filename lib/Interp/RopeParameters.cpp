//===- RopeParameters.cpp - The RoPE parameters a config standardizes ----===//
///
/// \file
/// `config.rope_parameters` as transformers' `PreTrainedConfig.__post_init__`
/// leaves it. The profile's `[config]` section stands for that base-class
/// bookkeeping (`rope_parameters.rope_type = 'default'`, ...), which the
/// interpreter does not run (ConfigDerived.cpp), so one of its steps is
/// done here: `RotaryEmbeddingConfigMixin.standardize_rope_params` moves
/// the config's `partial_rotary_factor` into the dict, and
/// `convert_rope_params_to_dict` takes it from the keyword arguments the
/// config class passes to `super().__post_init__(**kwargs)` when the class
/// has no such attribute (GLM's `kwargs.setdefault("partial_rotary_factor",
/// 0.5)`), or that its own override of `convert_rope_params_to_dict` sets
/// (GPT-NeoX's `rotary_pct`). Without it, GLM's rotary embedding would rotate
/// the whole head instead of half of it.
///
/// A config class whose own `convert_rope_params_to_dict` builds one dict
/// per layer type (Gemma3, ModernBERT, OLMo3: `{"sliding_attention": {...},
/// "full_attention": {...}}`) is not what the profile's flat dict stands
/// for: that override runs on a copy of the config, as the class's
/// derivations do (ConfigDerived.cpp), and `standardize_rope_params`'s
/// per-layer-type case completes each dict.
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "Properties.h"

#include "llvm/ADT/ScopeExit.h"

using namespace llvm;

namespace modcost {

static constexpr StringLiteral PartialFactor = "partial_rotary_factor";

/// True for a value a RoPE factor can be: an int or a float.
static bool isFactor(const Value &V) {
  return V.is(ValueKind::Float) || V.is(ValueKind::Int);
}

/// True if \p S is an expression statement calling `super().__post_init__`.
static bool callsSuperPostInit(const Stmt &S) {
  return S.Kind == StmtKind::Expr && S.Text.contains("super().__post_init__(");
}

/// The value expression of `kwargs.setdefault("KEY", V)` or
/// `kwargs["KEY"] = V` in \p S (\p Kwargs names the `**kwargs` parameter);
/// null otherwise.
static const Expr *kwargsEntry(const Stmt &S, StringRef Kwargs, StringRef Key) {
  auto IsKwargs = [&](const Expr &E) {
    return E.Kind == ExprKind::Name && E.Name == Kwargs;
  };
  auto IsKey = [&](const Expr &E) {
    return E.Kind == ExprKind::String && E.Name == Key;
  };
  if (S.Kind == StmtKind::Expr && !S.Exprs.empty()) {
    const Expr &C = *S.Exprs[0];
    if (C.Kind == ExprKind::Call && C.Ops.size() == 3 &&
        C.Ops[0]->Kind == ExprKind::Attribute &&
        C.Ops[0]->Name == "setdefault" && IsKwargs(*C.Ops[0]->Ops[0]) &&
        IsKey(*C.Ops[1]) && C.Ops[2]->Kind != ExprKind::Keyword)
      return C.Ops[2].get();
  }
  if (S.Kind == StmtKind::Assign && S.Exprs.size() == 2) {
    const Expr &T = *S.Exprs[0];
    if (T.Kind == ExprKind::Subscript && T.Ops.size() == 2 &&
        IsKwargs(*T.Ops[0]) && IsKey(*T.Ops[1]))
      return S.Exprs[1].get();
  }
  return nullptr;
}

std::optional<Value> ConfigReader::superPostInitKwarg(const Value &Cfg,
                                                      StringRef Key) {
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    const FunctionDef *Init = Class->findMethod("__post_init__");
    if (!Init)
      continue;
    auto KwargsParam = find_if(Init->Params, [](const Param &P) {
      return P.Kind == ParamKind::VarKeywords;
    });
    if (KwargsParam == Init->Params.end())
      return std::nullopt;
    StringRef Kwargs = KwargsParam->Name;
    for (const auto &S : Init->body()) {
      if (callsSuperPostInit(*S))
        break;
      if (const Expr *V = kwargsEntry(*S, Kwargs, Key)) {
        Frame ClassScope;
        ClassScope.Mod = Mod;
        Value R = Eval.eval(*V, ClassScope);
        if (!isFactor(R))
          return std::nullopt;
        R.Why = "`" + S->Text.str() + "` at " + location(S->Range) +
                ", passed to `super().__post_init__(**" + Kwargs.str() + ")`";
        return R;
      }
    }
    // The most derived `__post_init__` that forwards its keyword arguments
    // decides; one that does not forward them ends the search too.
    return std::nullopt;
  }
  return std::nullopt;
}

/// The value a config class's own `convert_rope_params_to_dict` (the
/// override PreTrainedConfig.__post_init__ calls) gives the dict's \p Key
/// by `self.rope_parameters.setdefault("KEY", V)` (GPT-NeoX); a
/// `kwargs.pop("NAME", D)` there is config.json's NAME, else D.
std::optional<Value> ConfigReader::convertedRopeEntry(const Value &Cfg,
                                                      StringRef Key) {
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    const FunctionDef *Convert =
        Class->findMethod("convert_rope_params_to_dict");
    if (!Convert)
      continue;
    for (const auto &S : Convert->body()) {
      if (S->Kind != StmtKind::Expr || S->Exprs.empty())
        continue;
      const Expr &C = *S->Exprs[0];
      if (C.Kind != ExprKind::Call || C.Ops.size() != 3 ||
          C.Ops[0]->Kind != ExprKind::Attribute ||
          C.Ops[0]->Name != "setdefault" ||
          C.Ops[0]->Ops[0]->Text != "self.rope_parameters" ||
          C.Ops[1]->Kind != ExprKind::String || C.Ops[1]->Name != Key)
        continue;
      const Expr *V = C.Ops[2].get();
      Frame ClassScope;
      ClassScope.Mod = Mod;
      Value R;
      if (V->Kind == ExprKind::Call && V->Ops.size() == 3 &&
          V->Ops[0]->Kind == ExprKind::Attribute &&
          (V->Ops[0]->Name == "pop" || V->Ops[0]->Name == "get") &&
          V->Ops[1]->Kind == ExprKind::String) {
        std::optional<Value> Given =
            configFileValue(Cfg.Obj->ConfigPrefix + V->Ops[1]->Name);
        R = Given ? *Given : Eval.eval(*V->Ops[2], ClassScope);
      } else {
        R = Eval.eval(*V, ClassScope);
      }
      if (!isFactor(R))
        return std::nullopt;
      R.Why = "`" + S->Text.str() + "` at " + location(S->Range);
      return R;
    }
    // The most derived override decides.
    return std::nullopt;
  }
  return std::nullopt;
}

/// The config's own `partial_rotary_factor` attribute when it is a number:
/// set on the object, given by config.json, or a class field's default.
static std::optional<Value> configFactor(Evaluator &Eval, ConfigReader &Reader,
                                         const Value &Cfg) {
  auto A = Cfg.Obj->Attrs.find(PartialFactor);
  if (A != Cfg.Obj->Attrs.end())
    return isFactor(A->second) ? std::optional<Value>(A->second) : std::nullopt;
  if (std::optional<Value> F =
          Reader.configFileValue(Cfg.Obj->ConfigPrefix + PartialFactor.str()))
    return isFactor(*F) ? F : std::nullopt;
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults)
    if (Class->Attributes.count(PartialFactor)) {
      Value D = Reader.configDefault(Cfg, PartialFactor);
      return isFactor(D) ? std::optional<Value>(D) : std::nullopt;
    }
  return std::nullopt;
}

bool ConfigReader::statedByUser(StringRef Name) {
  auto ByUser = [](const ProfileEntry &E) {
    return StringRef(E.Origin).starts_with("--config") || E.Origin == "-D";
  };
  auto S = Eval.Profile.entries().find("config");
  if (S == Eval.Profile.entries().end())
    return false;
  std::string Prefix = Name.str() + ".";
  for (const auto &[Key, Entry] : S->second)
    if ((Key == Name || StringRef(Key).starts_with(Prefix)) && ByUser(Entry))
      return true;
  return false;
}

/// The keys \p Fn reads from its `**kwargs` parameter by
/// `kwargs.pop("KEY", ...)` or `kwargs.get("KEY", ...)`: the legacy
/// config.json entries (`rope_theta`, `rope_scaling`) it converts.
static std::vector<std::string> kwargsKeysRead(const FunctionDef &Fn) {
  std::vector<std::string> Keys;
  auto KwargsParam = find_if(Fn.Params, [](const Param &P) {
    return P.Kind == ParamKind::VarKeywords;
  });
  if (KwargsParam == Fn.Params.end())
    return Keys;
  for (const auto &S : Fn.body())
    for (StringRef Call : {".pop(\"", ".get(\""}) {
      std::string Needle = KwargsParam->Name + Call.str();
      StringRef T = S->Text;
      for (size_t P = T.find(Needle); P != StringRef::npos;
           P = T.find(Needle, P + 1)) {
        StringRef Key = T.drop_front(P + Needle.size()).split('"').first;
        if (!Key.empty() && !is_contained(Keys, Key))
          Keys.push_back(Key.str());
      }
    }
  return Keys;
}

/// `standardize_rope_params`' per-layer-type case on \p Params: each
/// layer type's dict gets `rope_type` (its legacy `type`, else
/// "default") and the config's \p Factor.
static void standardizePerLayerType(Value &Params,
                                    const std::optional<Value> &Factor) {
  for (Value &D : Params.Elems) {
    if (!D.is(ValueKind::Dict))
      continue;
    if (!is_contained(D.Keys, "rope_type")) {
      auto T = find(D.Keys, "type");
      Value Type = T != D.Keys.end() ? D.Elems[T - D.Keys.begin()]
                                     : Value::string("default");
      D.Keys.push_back("rope_type");
      D.Elems.push_back(Type);
    }
    if (!Factor)
      continue;
    auto F = find(D.Keys, PartialFactor);
    if (F != D.Keys.end()) {
      D.Elems[F - D.Keys.begin()] = *Factor;
    } else {
      D.Keys.push_back(PartialFactor.str());
      D.Elems.push_back(*Factor);
    }
  }
}

std::optional<Value> ConfigReader::convertedRopeParameters(const Value &Cfg) {
  const ObjectState &O = *Cfg.Obj;
  std::string Name = "rope_parameters";
  if (statedByUser(O.ConfigPrefix + Name))
    return std::nullopt;
  size_t Root = rootConfigClass(O.ConfigDefaults);
  const FunctionDef *Fn = nullptr;
  size_t At = 0;
  for (; At < Root && At < O.ConfigDefaults.size() && !Fn; ++At)
    Fn = O.ConfigDefaults[At].second->findMethod("convert_rope_params_to_dict");
  if (!Fn)
    return std::nullopt;
  const auto &[Mod, Class] = O.ConfigDefaults[At - 1];
  // Inside the override (or another derivation) the attribute reads the
  // class field's default: `self.rope_parameters if self.rope_parameters
  // is not None else default_rope_params`.
  if (Eval.ConfigsBeingDerived.contains(Cfg.Obj.get())) {
    std::optional<ConfigClassAttribute> A = configClassAttribute(Cfg, Name);
    if (!A || A->Val.isUnknown())
      return std::nullopt;
    return A->Val;
  }
  std::string MemoKey = "convert_rope_params_to_dict";
  bool Outermost = Eval.ConfigDerivations.empty();
  if (Outermost) {
    auto It = O.DerivedMemo.find(MemoKey);
    if (It != O.DerivedMemo.end())
      return It->second;
  }
  std::string Key = Class->Name + "." + Name;
  if (!Eval.ConfigDerivations.insert(Key).second)
    return std::nullopt;
  auto Done = make_scope_exit([&] { Eval.ConfigDerivations.erase(Key); });
  // config.json's legacy entries the override converts are its keyword
  // arguments (Gemma3's `rope_theta`, `rope_local_base_freq`).
  CallArgs Args;
  for (const std::string &K : kwargsKeysRead(*Fn))
    if (statedByUser(O.ConfigPrefix + K))
      if (std::optional<Value> V = configFileValue(O.ConfigPrefix + K))
        Args.Keywords.push_back({K, *V});
  std::optional<Value> R = runOnConfigCopy(Cfg, Mod, Class, *Fn, Name, Args,
                                           /*SkipRootCalls=*/true);
  // One dict per layer type. Anything else (one dict for every layer, or
  // an empty one the base class's `standardize_rope_params`, not run here,
  // would fill) is the profile's stand-in (standardizedRopeParameters).
  if (!R || !R->is(ValueKind::Dict) || R->Elems.empty() ||
      !all_of(R->Elems, [](const Value &V) {
        return V.is(ValueKind::Dict) || V.is(ValueKind::None);
      }))
    R = std::nullopt;
  if (R) {
    standardizePerLayerType(*R, configFactor(Eval, *this, Cfg));
    R->Why = "`rope_parameters` built by `" + Class->Name +
             ".convert_rope_params_to_dict` at " + location(Fn->Range) +
             ", one dict per layer type (not in the config)";
  }
  if (Outermost)
    Cfg.Obj->DerivedMemo[MemoKey] = R;
  return R;
}

Value ConfigReader::standardizedRopeParameters(const Value &Cfg, Value Params) {
  // One dict for every layer (`rope_type` at the top); a dict per layer
  // type, or one that already states the factor, is left as it is.
  if (!Params.is(ValueKind::Dict) || !is_contained(Params.Keys, "rope_type") ||
      is_contained(Params.Keys, PartialFactor))
    return Params;
  std::optional<Value> F = configFactor(Eval, *this, Cfg);
  if (!F)
    F = superPostInitKwarg(Cfg, PartialFactor);
  if (!F)
    F = convertedRopeEntry(Cfg, PartialFactor);
  if (!F)
    return Params;
  Params.Keys.push_back(PartialFactor.str());
  Params.Elems.push_back(*F);
  Params.Why += "; `partial_rotary_factor` from " + F->Why +
                " (PreTrainedConfig.__post_init__ standardizes it into the "
                "dict)";
  return Params;
}

} // namespace modcost
