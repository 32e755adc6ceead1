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
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"

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
