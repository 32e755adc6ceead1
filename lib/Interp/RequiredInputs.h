//===- RequiredInputs.h - Optional inputs the code needs ------*- C++ -*-===//
///
/// \file
/// Whether a forward() input that is not passed under the profile (it
/// defaults to None) is one the code cannot run without
/// (RequiredInputs.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_REQUIREDINPUTS_H
#define MODCOST_LIB_INTERP_REQUIREDINPUTS_H

#include "modcost/IR/PyIR.h"
#include "modcost/Interp/Value.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace modcost {

/// The method \p Name of an object (the first class on its MRO that
/// defines it), or null.
using MethodLookup = llvm::function_ref<const FunctionDef *(const ObjectState &,
                                                            llvm::StringRef)>;

/// The parameter of \p Callee (a bound method: `self` skipped) that
/// receives positional argument \p Index or keyword \p Keyword, or null.
const Param *receivingParam(const FunctionDef &Callee, size_t Index,
                            llvm::StringRef Keyword);

/// True if a forward() parameter is there under the profile (passed, a
/// cache, or required).
using InputPresent = llvm::function_ref<bool(const Param &)>;

/// Why the code of \p Fn (run on \p Self) cannot run without its optional
/// input \p Input: it never tests whether the input is there (`is None`,
/// `is not None`, `==`/`!=`, truth) nor rebinds it, and it uses it as a
/// tensor (an attribute or an indexing of it) or passes it to a method or
/// submodule of \p Self whose receiving parameter has no default or is, in
/// turn, required by its code. The branch an `if N is not None` on an
/// input \p Present says is there does not run is skipped. Empty when the
/// code can run without it.
std::string requiredByCode(llvm::StringRef Input, const FunctionDef &Fn,
                           const ObjectState *Self, MethodLookup Find,
                           InputPresent Present, unsigned Depth = 0);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_REQUIREDINPUTS_H
