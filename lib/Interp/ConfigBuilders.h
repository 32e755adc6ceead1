//===- ConfigBuilders.h - The config a module's classes pass ---*- C++ -*-===//
///
/// \file
/// Which config class a module analyzed on its own is built with when its
/// `config` parameter names none and its module imports several: the one
/// the classes of the module that build it pass (ConfigBuilders.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_CONFIGBUILDERS_H
#define MODCOST_LIB_INTERP_CONFIGBUILDERS_H

#include "modcost/Frontend/NameResolver.h"
#include "modcost/IR/PyIR.h"

#include <optional>

namespace modcost {

/// The config class that the other classes of \p M pass when they build
/// \p C: calls `C(config, ...)` or `C(config=config, ...)` in their
/// methods whose `config` parameter is annotated with a class. nullopt if
/// there is no such call or the calls pass different classes.
std::optional<Symbol> builderConfigClass(NameResolver &Resolver,
                                         const PyModule &M, const ClassDef &C);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_CONFIGBUILDERS_H
