//===- ModuleTree.h - Rendering the module tree and memory ------*- C++ -*-===//
///
/// \file
/// The module tree and the parameters/memory summary (UnitReport::ModuleTree
/// and UnitReport::Memory) as Markdown sections, as JSON, and as an aligned
/// terminal table (`--print-tree`, in the manner of fvcore's
/// `flop_count_table`).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_MODULETREE_H
#define MODCOST_EMIT_MODULETREE_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/Support/raw_ostream.h"

namespace modcost {

/// Writes the *Parameters and memory* and *Module tree* sections (nothing
/// when the report has no tree).
void writeModuleTreeMarkdown(const UnitReport &R, llvm::raw_ostream &OS);

/// Prints the tree as an aligned table: path, class, parameters, FLOPs,
/// bytes, share (numbers when bound, else formulas), then the totals of
/// parameters and memory.
void printModuleTree(const UnitReport &R, llvm::StringRef Name,
                     llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_MODULETREE_H
