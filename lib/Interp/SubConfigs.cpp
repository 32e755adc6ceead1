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
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

std::vector<std::string> Evaluator::subConfigNames(const Value &Cfg) {
  std::vector<std::string> Names;
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    auto A = Class->Attributes.find("sub_configs");
    if (A == Class->Attributes.end())
      continue;
    Frame ClassScope;
    ClassScope.Mod = Mod;
    Value Map = eval(*A->second, ClassScope);
    if (Map.is(ValueKind::Dict))
      Names = Map.Keys;
    break;
  }
  return Names;
}

std::optional<Value> Evaluator::buildSubConfig(const Value &Cfg,
                                               StringRef Name) {
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    auto A = Class->Attributes.find("sub_configs");
    if (A == Class->Attributes.end())
      continue;
    Frame ClassScope;
    ClassScope.Mod = Mod;
    Value Map = eval(*A->second, ClassScope);
    if (!Map.is(ValueKind::Dict))
      return std::nullopt;
    auto K = llvm::find(Map.Keys, Name.str());
    if (K == Map.Keys.end())
      return std::nullopt;
    const Value &SubClass = Map.Elems[K - Map.Keys.begin()];
    Value Sub;
    Sub.Kind = ValueKind::Object;
    Sub.Obj = Objects->make();
    Sub.Obj->IsConfig = true;
    Sub.Obj->ClassName = Cfg.Obj->ClassName + "." + Name.str();
    bool Text = Name == "text_config";
    Sub.Obj->ConfigPrefix =
        Text ? Cfg.Obj->ConfigPrefix : Cfg.Obj->ConfigPrefix + Name.str() + ".";
    Sub.Obj->SymbolPrefix =
        Text ? Cfg.Obj->SymbolPrefix
             : Cfg.Obj->SymbolPrefix + Name.drop_back(6).str();
    Sub.Why = "`" + Name.str() + "`, a nested config (`sub_configs` of `" +
              Class->Name + "` at " + location(A->second->Range) + ")";
    if (SubClass.is(ValueKind::Callable) && SubClass.IsClass) {
      Expected<Symbol> S = Resolver.resolveDotted(SubClass.Name, nullptr);
      if (!S)
        consumeError(S.takeError());
      else if (S->Kind == SymbolKind::Class && S->Mod && S->Class) {
        Expected<std::vector<MROEntry>> MRO =
            Resolver.computeMRO(*S->Mod, *S->Class);
        if (!MRO)
          consumeError(MRO.takeError());
        else
          for (const MROEntry &E : *MRO)
            if (E.Mod && E.Class) {
              Sub.Obj->ConfigDefaults.push_back({E.Mod, E.Class});
              Sub.Obj->MRO.push_back(E.QualifiedName);
            }
      }
    }
    return Sub;
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::subConfig(const Value &Cfg, StringRef Name) {
  if (!Name.ends_with("_config"))
    return std::nullopt;
  std::optional<Value> Sub = buildSubConfig(Cfg, Name);
  if (Sub)
    Cfg.Obj->setAttr(Name, *Sub);
  return Sub;
}

} // namespace modcost
