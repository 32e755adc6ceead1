//===- Packages.h - Installed packages and their versions -------*- C++ -*-===//
///
/// \file
/// The comparison of `packaging.version` objects built by the interpreter
/// (Packages.cpp), for the comparison operators.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_PACKAGES_H
#define MODCOST_LIB_INTERP_PACKAGES_H

#include "modcost/Interp/Value.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace modcost {

/// `L OP R` for two `packaging.version.Version` values (PEP 440 order);
/// nullopt when either is not one.
std::optional<bool> compareVersions(const Value &L, llvm::StringRef Op,
                                    const Value &R);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_PACKAGES_H
