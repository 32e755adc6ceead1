//===- SubConfigs.cpp - Nested configs of a model config ------------------===//
///
/// \file
/// Multimodal and composite models keep a config per part:
/// `config.vision_config.hidden_size`. The config class names them in its
/// `sub_configs` mapping (`{"vision_config": Owlv2VisionConfig}`), and its
/// `__post_init__` builds each from config.json's nested object or from the
/// sub-config class's defaults. A nested config is a config object of its
/// own: its values come from config.json's `vision_config` object, else the
/// sub-config class's defaults, and its sizes are symbols of their own
/// (`vision_hidden_size`), since a vision tower's width is not the text
/// model's. `text_config` is the exception: its sizes are the model's
/// (config.json's `text_config` is read as the model's level too).
///
/// A mapping that names no config class (`{"text_config": AutoConfig}`:
/// Llava, PaliGemma, Mistral3) leaves the choice to the config class's own
/// code: `__post_init__` builds `CONFIG_MAPPING[text_config["model_type"]]
/// (**text_config)` from config.json's nested object, or a default model
/// type's config when there is none. That method runs (as ConfigDerived.cpp
/// runs it, on a copy of the config and without reporting its decisions)
/// with the attribute set to what the dataclass would hold, and the nested
/// config takes the class of the object it built.
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"

using namespace llvm;

namespace modcost {

bool ConfigReader::configClassesOf(StringRef QualifiedClass,
                                   ObjectState &Into) {
  Expected<Symbol> S = Eval.Resolver.resolveDotted(QualifiedClass, nullptr);
  if (!S) {
    consumeError(S.takeError());
    return false;
  }
  if (S->Kind != SymbolKind::Class || !S->Mod || !S->Class)
    return false;
  Expected<std::vector<MROEntry>> MRO =
      Eval.Resolver.computeMRO(*S->Mod, *S->Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return false;
  }
  Into.ConfigDefaults.clear();
  Into.MRO.clear();
  for (const MROEntry &E : *MRO)
    if (E.Mod && E.Class) {
      Into.ConfigDefaults.push_back({E.Mod, E.Class});
      Into.MRO.push_back(E.QualifiedName);
    }
  return !Into.ConfigDefaults.empty();
}

std::optional<Value> ConfigReader::builtSubConfig(const Value &Cfg,
                                                  StringRef Name) {
  // What the dataclass holds before __post_init__: config.json's nested
  // object (`text_config.model_type` and the like), else the field's
  // default (None).
  std::optional<Value> Start =
      configFileValue(Cfg.Obj->ConfigPrefix + Name.str());
  if (!Start)
    if (std::optional<ConfigClassAttribute> A = configClassAttribute(Cfg, Name))
      Start = A->Val;
  if (!Start || Start->isUnknown())
    Start = Value::none("`" + Name.str() + "` is not in the config");
  Value Copy = Cfg;
  Copy.Obj = Eval.Objects->copyOf(*Cfg.Obj);
  Copy.Obj->setAttr(Name, *Start);
  std::optional<Value> Built = deriveConfigAttribute(Copy, Name);
  if (!Built || !Built->is(ValueKind::Object))
    return std::nullopt;
  return Built;
}

std::optional<ConfigClassAttribute>
ConfigReader::configClassAttribute(const Value &Cfg, StringRef Attr) {
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    auto A = Class->Attributes.find(Attr);
    if (A == Class->Attributes.end())
      continue;
    Frame ClassScope;
    ClassScope.Mod = Mod;
    return ConfigClassAttribute{Eval.eval(*A->second, ClassScope), Class,
                                A->second};
  }
  return std::nullopt;
}

std::vector<std::string> ConfigReader::subConfigNames(const Value &Cfg) {
  std::optional<ConfigClassAttribute> A =
      configClassAttribute(Cfg, "sub_configs");
  if (!A || !A->Val.is(ValueKind::Dict))
    return {};
  return A->Val.Keys;
}

std::optional<Value> ConfigReader::buildSubConfig(const Value &Cfg,
                                                  StringRef Name) {
  if (std::optional<ConfigClassAttribute> A =
          configClassAttribute(Cfg, "sub_configs")) {
    const Value &Map = A->Val;
    const ClassDef *Class = A->Class;
    if (!Map.is(ValueKind::Dict))
      return std::nullopt;
    auto K = llvm::find(Map.Keys, Name.str());
    if (K == Map.Keys.end())
      return std::nullopt;
    const Value &SubClass = Map.Elems[K - Map.Keys.begin()];
    Value Sub;
    Sub.Kind = ValueKind::Object;
    Sub.Obj = Eval.Objects->make();
    Sub.Obj->IsConfig = true;
    Sub.Obj->ClassName = Cfg.Obj->ClassName + "." + Name.str();
    bool Text = Name == "text_config";
    Sub.Obj->ConfigPrefix =
        Text ? Cfg.Obj->ConfigPrefix : Cfg.Obj->ConfigPrefix + Name.str() + ".";
    Sub.Obj->SymbolPrefix =
        Text ? Cfg.Obj->SymbolPrefix
             : Cfg.Obj->SymbolPrefix + Name.drop_back(6).str();
    std::string Declared =
        "`sub_configs` of `" + Class->Name + "` at " + location(A->Def->Range);
    Sub.Why = "`" + Name.str() + "`, a nested config (" + Declared + ")";
    if (SubClass.is(ValueKind::Callable) && SubClass.IsClass)
      configClassesOf(SubClass.Name, *Sub.Obj);
    // A class that shares no base with the config (`AutoConfig`) is not a
    // config class: the config's __post_init__ picks the class.
    bool IsConfigClass = any_of(Sub.Obj->MRO, [&](const std::string &C) {
      return is_contained(Cfg.Obj->MRO, C);
    });
    if (!IsConfigClass)
      if (std::optional<Value> Built = builtSubConfig(Cfg, Name)) {
        bool Picked = false;
        if (Built->Obj->IsConfig && !Built->Obj->ConfigDefaults.empty()) {
          Sub.Obj->ConfigDefaults = Built->Obj->ConfigDefaults;
          Sub.Obj->MRO = Built->Obj->MRO;
          Picked = true;
        } else if (!Built->Obj->MRO.empty()) {
          Picked = configClassesOf(Built->Obj->MRO.front(), *Sub.Obj);
        }
        if (Picked)
          Sub.Why = "`" + Name.str() + "`, a nested config of class `" +
                    Sub.Obj->MRO.front() + "` (" + Declared + " names `" +
                    SubClass.Name + "`; " + Built->Why + ")";
      }
    return Sub;
  }
  return std::nullopt;
}

std::optional<Value> ConfigReader::subConfig(const Value &Cfg, StringRef Name) {
  if (!Name.ends_with("_config"))
    return std::nullopt;
  std::optional<Value> Sub = buildSubConfig(Cfg, Name);
  if (Sub)
    Cfg.Obj->setAttr(Name, *Sub);
  return Sub;
}

} // namespace modcost
