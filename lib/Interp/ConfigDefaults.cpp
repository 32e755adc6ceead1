//===- ConfigDefaults.cpp - What a config attribute defaults to ----------===//
///
/// \file
/// A config attribute config.json does not give: the config class's
/// default (a field, or what every part of a composite config, or its one
/// part that has it, defaults it to), a size's symbol, a method of the
/// class bound to the config; and whether the configured model's config
/// lacks the attribute (getattr then gives its default).
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "EvaluatorImpl.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

std::optional<Value> ConfigReader::configMethod(const Value &Cfg,
                                                StringRef Name) {
  // `config.get_text_config(decoder=True)`: a plain method of the config
  // class or its bases runs on the config. Properties stay config values.
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    const FunctionDef *M = Class->findMethod(Name);
    if (!M)
      continue;
    if (any_of(M->Decorators, [](const auto &D) {
          StringRef N = D->Text;
          return N.contains("property") || N.contains("setter");
        }))
      return std::nullopt;
    return boundMethod(
        NameResolver::qualify(*Mod, Class->Name) + "." + Name.str(), *M, Cfg);
  }
  return std::nullopt;
}

/// True for config attributes that are sizes: they stay symbols.
static bool isSizeAttribute(StringRef Name) {
  return InferenceProfile::isConfigSize(Name);
}

std::optional<Value> ConfigReader::configFileValue(StringRef Name) {
  if (isSizeAttribute(Name)) {
    // `"n_inner": null` is None; an integer stays a symbol.
    if (const ProfileEntry *E = Eval.Profile.get("config", Name))
      if (E->Val.is(ValueKind::None))
        return E->Val;
    return std::nullopt;
  }
  if (const ProfileEntry *E = Eval.Profile.get("config", Name))
    return E->Val;
  // `rope_parameters.rope_type` entries make the dict `rope_parameters`.
  std::string Prefix = Name.str() + ".";
  auto S = Eval.Profile.entries().find("config");
  if (S == Eval.Profile.entries().end())
    return std::nullopt;
  Value D;
  D.Kind = ValueKind::Dict;
  for (const auto &[Key, Entry] : S->second)
    if (StringRef(Key).starts_with(Prefix)) {
      D.Keys.push_back(Key.substr(Prefix.size()));
      D.Elems.push_back(Entry.Val);
      D.Why = Entry.Origin;
    }
  if (D.Keys.empty())
    return std::nullopt;
  D.Why = "`" + Name.str() + "` (" + D.Why + ")";
  return D;
}

/// True if a `__post_init__` or `__init__` of the config classes assigns
/// `self.<Name>` (`self.head_dim = hidden_size // num_attention_heads`).
static bool
derivedInInit(ArrayRef<std::pair<const PyModule *, const ClassDef *>> Classes,
              StringRef Name) {
  std::string Self = "self." + Name.str() + " =";
  for (const auto &[Mod, Class] : Classes)
    for (StringRef M : {"__post_init__", "__init__"})
      if (const FunctionDef *F = Class->findMethod(M))
        for (const auto &S : F->body())
          if (S->Text.contains(Self))
            return true;
  return false;
}

/// True if the config classes default \p Name to a tuple or list literal:
/// one size per stage (CvT's `embed_dim = (64, 192, 384)`), not one size.
static bool defaultsToSequence(
    ArrayRef<std::pair<const PyModule *, const ClassDef *>> Classes,
    StringRef Name) {
  for (const auto &[Mod, Class] : Classes) {
    auto A = Class->Attributes.find(Name);
    if (A != Class->Attributes.end())
      return A->second->Kind == ExprKind::Tuple ||
             A->second->Kind == ExprKind::List;
  }
  return false;
}

Value ConfigReader::configDefault(const Value &CfgV, StringRef Name) {
  const ObjectState &Cfg = *CfgV.Obj;
  // A standard size name whose default lists one size per stage is read
  // like any other field below: its elements are the class's numbers.
  if (isSizeAttribute(Name) && !defaultsToSequence(Cfg.ConfigDefaults, Name)) {
    // A size whose class default is None and that no __post_init__
    // derives is None (GPT-2's `n_inner`, then 4 * n_embd); otherwise a
    // symbol, bound by expand.
    for (const auto &[Mod, Class] : Cfg.ConfigDefaults) {
      auto A = Class->Attributes.find(Name);
      if (A == Class->Attributes.end())
        continue;
      // Key/value heads are the exception: the model divides by them
      // (`num_heads // num_key_value_heads`), so a config that builds one
      // states them; they stay a symbol whose hint is the one convention
      // of SizeHints.cpp.
      if (A->second->Kind == ExprKind::None &&
          !derivedInInit(Cfg.ConfigDefaults, Name) &&
          InferenceProfile::standardConfigName(Name) != "num_kv_heads")
        return Value::none("`" + Name.str() + "` defaults to None in `" +
                           Class->Name + "` at " + location(A->second->Range) +
                           " (not in the config)");
      break;
    }
    Value Size = configAttribute(Name, Cfg.SymbolPrefix, &CfgV);
    noteConfigSizeHint(CfgV, Name, Size);
    return Size;
  }
  for (const auto &[Mod, Class] : Cfg.ConfigDefaults) {
    auto A = Class->Attributes.find(Name);
    if (A == Class->Attributes.end())
      continue;
    // `layer_types: list[str] | None = None`, filled in by __post_init__.
    if (A->second->Kind == ExprKind::None)
      if (std::optional<Value> D = configDerived(CfgV, Name))
        return *D;
    Frame ClassScope;
    ClassScope.Mod = Mod;
    Value V = Eval.eval(*A->second, ClassScope);
    // Sizes were handled above: an integer default here is a value
    // (`chunk_size_feed_forward = 0`).
    if (V.isUnknown() || V.is(ValueKind::Symbol))
      break;
    V.Why = "`" + Name.str() + "` defaults to `" + A->second->Text.str() +
            "` in `" + Class->Name + "` at " + location(A->second->Range) +
            " (not in the config)";
    return V;
  }
  // Not a field: set in __post_init__ (T5's `is_gated_act`).
  if (std::optional<Value> D = configDerived(CfgV, Name))
    return *D;
  // A composite config (`VideoPrismConfig` for a module annotated
  // `VideoPrismVisionConfig | VideoPrismTextConfig`) is really one of its
  // parts: a default that every part defining the field agrees on is it.
  auto AgreedByParts = [&]() -> std::optional<Value> {
    std::optional<Value> Agreed;
    std::vector<std::string> Parts;
    for (const std::string &N : subConfigNames(CfgV)) {
      std::optional<Value> Sub = buildSubConfig(CfgV, N);
      if (!Sub)
        continue;
      // config.json's nested object may set it: then no class default.
      if (Eval.Profile.get("config", Sub->Obj->ConfigPrefix + Name.str()))
        return std::nullopt;
      std::optional<ConfigClassAttribute> A = configClassAttribute(*Sub, Name);
      if (!A)
        continue;
      const Value &V = A->Val;
      if (!(V.is(ValueKind::Bool) || V.is(ValueKind::Int) ||
            V.is(ValueKind::Float) || V.is(ValueKind::Str)) ||
          (Agreed && Value::equal(*Agreed, V) != true))
        return std::nullopt;
      Agreed = V;
      Parts.push_back("`" + A->Class->Name + "`");
    }
    if (!Agreed || (Parts.size() == 1 && Cfg.ConfigClassGuessed))
      return std::nullopt;
    // One part only: the module reading it is built with that part, the
    // others would raise (as SizeHints' hintFromSubConfig takes it).
    Agreed->Why =
        "`" + Name.str() + "` defaults to `" + Agreed->str() +
        (Parts.size() == 1 ? "` in " + Parts.front() +
                                 ", the only part of the composite config that "
                                 "has it (not in the config)"
                           : "` in every part of the composite config that has "
                             "it (" +
                                 join(Parts, ", ") + "; not in the config)");
    return Agreed;
  };
  if (Cfg.ConfigPrefix.empty() && !Cfg.ConfigDefaults.empty())
    if (std::optional<Value> V = AgreedByParts())
      return *V;
  // What the profile assumes of a field no config class declares
  // ([config_defaults], `hidden_act`).
  if (const ProfileEntry *E = Eval.Profile.get("config_defaults", Name)) {
    Value V = E->Val;
    V.Why = "`" + Name.str() +
            "` is declared by no config class; profile "
            "config_defaults." +
            Name.str() + " = " + E->Val.str() + " (" + E->Origin + ")";
    return V;
  }
  // A symbol; what PreTrainedConfig derives for it (`num_labels`, profile
  // [config_sizes]) is its hint.
  Value V = configAttribute(Name, Cfg.SymbolPrefix, &CfgV);
  noteConfigSizeHint(CfgV, Name, V);
  return V;
}

std::optional<std::string> Evaluator::configLacks(const Value &CfgV,
                                                  StringRef Name) {
  const ObjectState &Cfg = *CfgV.Obj;
  if (Cfg.ConfigDefaults.empty() || isSizeAttribute(Name) ||
      Cfg.Attrs.count(Name) || fact(Name) ||
      ConfigReader(*this).configFileValue(Cfg.ConfigPrefix + Name.str()))
    return std::nullopt;
  for (const auto &[Mod, Class] : Cfg.ConfigDefaults)
    if (Class->Attributes.count(Name) || Class->findMethod(Name))
      return std::nullopt;
  if (Profile.get("config_defaults", Name))
    return std::nullopt;
  if (derivedInInit(Cfg.ConfigDefaults, Name))
    return ConfigReader(*this).derivationLeavesUnset(CfgV, Name);
  return "the config class `" + Cfg.MRO.front() + "` does not define `" +
         Name.str() + "`";
}

} // namespace modcost
