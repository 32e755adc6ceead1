//===- IntegerInputs.h - forward() parameters that are integers -*- C++ -*-===//
///
/// \file
/// Whether a required forward() parameter is an integer rather than a
/// tensor: annotated `int`, or, unannotated, used only as one
/// (IntegerInputs.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_INTEGERINPUTS_H
#define MODCOST_LIB_INTERP_INTEGERINPUTS_H

#include "RequiredInputs.h"

#include <string>

namespace modcost {

/// True if the annotation of \p P says it is a Python integer (`int`,
/// `int | None`), never a tensor.
bool annotatedInteger(const Param &P);

/// Why the unannotated parameter \p Input of \p Fn (run on \p Self) is an
/// integer: the code uses it as a size (an argument of `.view`, `.reshape`,
/// `.expand`, `range`, ... or an operand of arithmetic inside one), passes
/// it to a method or submodule of \p Self whose receiving parameter is an
/// integer, and uses it in no way a tensor would be (an attribute or an
/// indexing of it, an argument of another call). Empty when the uses do
/// not settle it.
std::string integerByUses(llvm::StringRef Input, const FunctionDef &Fn,
                          const ObjectState *Self, MethodLookup Find,
                          unsigned Depth = 0);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_INTEGERINPUTS_H
