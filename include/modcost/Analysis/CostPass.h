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

#ifndef MODCOST_ANALYSIS_COSTPASS_H
#define MODCOST_ANALYSIS_COSTPASS_H

#include "modcost/Pass/PassManager.h"

namespace modcost {

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

#endif // MODCOST_ANALYSIS_COSTPASS_H
