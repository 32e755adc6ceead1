//===- SelfReturningMethods.h - Methods returning the module -*- C++ -*-===//
///
/// \file
/// Reads whether a method of a torch module returns the module itself
/// (`Module.to`, `eval`, `requires_grad_`). Private to lib/Interp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_SELFRETURNINGMETHODS_H
#define MODCOST_LIB_INTERP_SELFRETURNINGMETHODS_H

#include "modcost/Frontend/NameResolver.h"
#include "modcost/Interp/Value.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// Finds the first class on an object's MRO that defines a method.
using MethodFinder = llvm::function_ref<std::optional<Symbol>(
    const ObjectState &, llvm::StringRef)>;

/// True if every `return` of method \p Name of \p O (found by \p Find)
/// gives back `self`, directly or through another such method of \p O
/// (`return self._apply(convert)`); \p Chain then says how, for the report.
bool methodReturnsSelf(const ObjectState &O, llvm::StringRef Name,
                       MethodFinder Find, std::string &Chain);

/// The value of `module.NAME(...)` for such a method: \p Module itself;
/// adds to \p Assumptions (once) that what the method changes in the
/// module is not followed.
Value moduleItself(const Value &Module, llvm::StringRef Name,
                   llvm::StringRef Chain,
                   std::vector<std::string> &Assumptions);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_SELFRETURNINGMETHODS_H
