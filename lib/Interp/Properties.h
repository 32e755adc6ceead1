//===- Properties.h - The getters of @property attributes -------*- C++ -*-===//
///
/// \file
/// Finding the getter of a `@property` (Properties.cpp); evalAttribute runs
/// it on the object.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_PROPERTIES_H
#define MODCOST_LIB_INTERP_PROPERTIES_H

#include "modcost/IR/PyIR.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <utility>

namespace modcost {

/// The getter named \p Name defined in \p C's body (`@property`,
/// `@cached_property`), or nullptr; a setter of the same name is skipped.
const FunctionDef *propertyGetter(const ClassDef &C, llvm::StringRef Name);

/// The index in \p ConfigDefaults (a config class's MRO) of the root config
/// class, transformers' PreTrainedConfig: the last class defining
/// `__post_init__` (its own base PushToHubMixin comes after it); the size
/// if none does.
size_t
rootConfigClass(llvm::ArrayRef<std::pair<const PyModule *, const ClassDef *>>
                    ConfigDefaults);

/// The getter of property \p Name of a config object whose classes are
/// \p ConfigDefaults (its MRO, the root config class last), with the module
/// defining it; {nullptr, nullptr} if the first class defining \p Name
/// does not make it a property, or if that class is the root or after it.
std::pair<const PyModule *, const FunctionDef *> configPropertyGetter(
    llvm::ArrayRef<std::pair<const PyModule *, const ClassDef *>>
        ConfigDefaults,
    llvm::StringRef Name);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_PROPERTIES_H
