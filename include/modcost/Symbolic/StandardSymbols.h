//===- StandardSymbols.h - The standard variable order ----------*- C++ -*-===//
///
/// \file
/// Access to the table in StandardSymbols.def: the list of standard dimension
/// names with their meanings, the rank of a name in the standard variable
/// order, and the comparison every component uses to sort symbol names.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SYMBOLIC_STANDARDSYMBOLS_H
#define MODCOST_SYMBOLIC_STANDARDSYMBOLS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace modcost::sym {

/// One row of StandardSymbols.def.
struct StandardSymbol {
  llvm::StringRef Name;    ///< The symbol name, e.g. `hidden_size`.
  llvm::StringRef Meaning; ///< A one-line description.
};

/// Every standard symbol, in the standard variable order.
llvm::ArrayRef<StandardSymbol> standardSymbols();

/// The position of \p Name in the standard variable order, or std::nullopt
/// if it is not a standard symbol.
std::optional<unsigned> standardSymbolRank(llvm::StringRef Name);

/// The standard variable order on names: standard symbols by rank first, then
/// every other name alphabetically (byte-wise).
bool symbolNameLess(llvm::StringRef A, llvm::StringRef B);

} // namespace modcost::sym

#endif // MODCOST_SYMBOLIC_STANDARDSYMBOLS_H
