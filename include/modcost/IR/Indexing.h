//===- Indexing.h - The lookup tables of a parsed module --------*- C++ -*-===//
///
/// \file
/// A PyModule and its ClassDefs carry tables that point into their own
/// statements (module-level classes, functions, imports and assignments; a
/// class's methods and attributes; a method's parent class). The parser
/// and the parse cache's reader both build them with these functions, so a
/// module read back from the cache indexes exactly as a freshly parsed one.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_IR_INDEXING_H
#define MODCOST_IR_INDEXING_H

#include "modcost/IR/PyIR.h"

namespace modcost {

/// Fills \p C's Methods and Attributes from its body and sets each
/// method's Parent to \p C.
void indexClassBody(ClassDef &C);

/// Fills \p M's Classes, Functions, Imports and Assignments from its body,
/// descending into module-level `if`/`try` blocks.
void indexModule(PyModule &M);

} // namespace modcost

#endif // MODCOST_IR_INDEXING_H
