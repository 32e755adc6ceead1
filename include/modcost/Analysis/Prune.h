//===- Prune.h - Decide the default inference path --------------*- C++ -*-===//
///
/// \file
/// `prune` decides every branch of the unit's `__init__` and `forward` under
/// the inference profile (see Evaluator.h and docs/InferenceProfile.md) and
/// records each decision with its reason. PruneAnalysis computes the result
/// (later passes ask it which branch runs); PrunePass puts the decisions in
/// the report; PrintPrunePass dumps them (`print<prune>`).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_ANALYSIS_PRUNE_H
#define MODCOST_ANALYSIS_PRUNE_H

#include "modcost/Interp/Evaluator.h"
#include "modcost/Pass/PassManager.h"

namespace modcost {

/// Decides the unit's branches; requires LocateAnalysis.
class PruneAnalysis {
public:
  static AnalysisKey Key;
  static llvm::StringRef name() { return "PruneAnalysis"; }
  using Result = PruneResult;
  llvm::Expected<Result> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// Records the decisions in the unit's report.
class PrunePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// Prints the decisions (`print<prune>`).
class PrintPrunePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

} // namespace modcost

#endif // MODCOST_ANALYSIS_PRUNE_H
