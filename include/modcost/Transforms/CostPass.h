//===- CostPass.h - Per-line kernels of the inference path ------*- C++ -*-===//
///
/// \file
/// `cost` turns what the evaluation priced (see EvaluatorCost.cpp) into the
/// report: one entry per computational line of forward() in execution
/// order, each `basic` (catalog ops) or `composite` (references to
/// submodules and helpers, with every parameter bound and justified), its
/// FLOPs and bytes as canonical formulas, the totals, the variables used and
/// the assumptions made. `print<cost>` dumps the entries for tests.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_COSTPASS_H
#define MODCOST_TRANSFORMS_COSTPASS_H

#include "modcost/Pass/PassManager.h"

#include "llvm/ADT/ArrayRef.h"

namespace modcost {

struct KernelEntry;
struct PruneResult;

/// Renders \p Kernels (the unit's, or a composite callee's lines) into
/// \p R: kernel entries, totals, variables (origins from \p P) and
/// assumptions, including the undecided conditions of \p P when
/// \p WithDecisions.
void fillCostReport(UnitReport &R, const PruneResult &P,
                    llvm::ArrayRef<KernelEntry> Kernels, bool WithDecisions);

/// Fills the report's kernels, totals, variables and assumptions.
class CostPass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// `print<cost>`: `line N: type operation | flops | read | write`.
class PrintCostPass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

} // namespace modcost

#endif // MODCOST_TRANSFORMS_COSTPASS_H
