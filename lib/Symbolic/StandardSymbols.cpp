//===- StandardSymbols.cpp - The standard variable order ------------------===//
///
/// \file
/// Expands StandardSymbols.def into a table and a name lookup.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/StandardSymbols.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost::sym {

namespace {
/// One enumerator per standard symbol, in table order.
enum class StandardSymbolID : unsigned {
#define MODCOST_STANDARD_SYMBOL(Name, Meaning) Name,
#include "modcost/Symbolic/StandardSymbols.def"
};
} // namespace

ArrayRef<StandardSymbol> standardSymbols() {
  static const StandardSymbol Table[] = {
#define MODCOST_STANDARD_SYMBOL(Name, Meaning) {#Name, Meaning},
#include "modcost/Symbolic/StandardSymbols.def"
  };
  return Table;
}

std::optional<unsigned> standardSymbolRank(StringRef Name) {
  return StringSwitch<std::optional<unsigned>>(Name)
#define MODCOST_STANDARD_SYMBOL(Name, Meaning)                                 \
  .Case(#Name, static_cast<unsigned>(StandardSymbolID::Name))
#include "modcost/Symbolic/StandardSymbols.def"
      .Default(std::nullopt);
}

bool symbolNameLess(StringRef A, StringRef B) {
  std::optional<unsigned> RankA = standardSymbolRank(A);
  std::optional<unsigned> RankB = standardSymbolRank(B);
  if (RankA && RankB)
    return *RankA < *RankB;
  if (RankA || RankB)
    return RankA.has_value();
  return A < B;
}

} // namespace modcost::sym
