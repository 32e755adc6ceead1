//===- Properties.cpp - The getters of @property attributes ---------------===//
///
/// \file
/// `self.out_features` where the object's class or a base defines
/// `out_features` as a `@property`: evalAttribute runs the getter on the
/// object and its result is the attribute's value (transformers'
/// BackboneMixin.out_features returns `self.config._out_features`). Before,
/// the read was the bound getter itself, a callable: always true, never in
/// a list.
///
/// A config object's properties run the same way (Bamba's
/// `layers_block_type`, a list built from `attn_layer_indices` and
/// `num_hidden_layers`), except those of the root config class
/// (transformers' PreTrainedConfig: `use_return_dict`,
/// `_attn_implementation`), whose bookkeeping the profile's facts stand
/// for, as for `super().__post_init__` in ConfigDerived.cpp. A value
/// config.json gives for the name wins over the getter (evalAttribute reads
/// the file first).
///
//===----------------------------------------------------------------------===//

#include "Properties.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace modcost {

/// True for a getter's decorator: `@property`, `@cached_property`,
/// `@functools.cached_property` (not `@name.setter`).
static bool isGetterDecorator(const Expr &D) {
  StringRef N = D.getDottedName();
  return N == "property" || N == "cached_property" ||
         N == "functools.cached_property";
}

const FunctionDef *propertyGetter(const ClassDef &C, StringRef Name) {
  // A getter and its setter share the name; Methods keeps the last one.
  if (!C.findMethod(Name))
    return nullptr;
  for (const auto &S : C.Body)
    if (S->Kind == StmtKind::FunctionDef && S->Function &&
        S->Function->Name == Name &&
        any_of(S->Function->Decorators,
               [](const auto &D) { return isGetterDecorator(*D); }))
      return S->Function.get();
  return nullptr;
}

size_t rootConfigClass(
    ArrayRef<std::pair<const PyModule *, const ClassDef *>> ConfigDefaults) {
  for (size_t I = ConfigDefaults.size(); I-- > 0;)
    if (ConfigDefaults[I].second->findMethod("__post_init__"))
      return I;
  return ConfigDefaults.size();
}

std::pair<const PyModule *, const FunctionDef *> configPropertyGetter(
    ArrayRef<std::pair<const PyModule *, const ClassDef *>> ConfigDefaults,
    StringRef Name) {
  size_t Root = rootConfigClass(ConfigDefaults);
  for (size_t I = 0; I < Root; ++I) {
    const auto &[Mod, Class] = ConfigDefaults[I];
    if (!Class->findMethod(Name))
      continue;
    if (const FunctionDef *G = propertyGetter(*Class, Name))
      return {Mod, G};
    break;
  }
  return {nullptr, nullptr};
}

} // namespace modcost
