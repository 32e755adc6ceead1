//===- PassManager.cpp - Passes, analyses and their manager ---------------===//
///
/// \file
/// Running a pipeline and invalidating analyses.
///
//===----------------------------------------------------------------------===//

#include "modcost/Pass/PassManager.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

void AnalysisManager::invalidate(AnalysisUnit &U, const PreservedAnalyses &PA) {
  if (PA.areAllPreserved())
    return;
  SmallVector<const AnalysisKey *, 4> Dead;
  for (auto &Entry : Results)
    if (!PA.isPreserved(Entry.first))
      Dead.push_back(Entry.first);
  // Invalidate in name order so -debug-pass-manager output is stable.
  llvm::sort(Dead, [&](const AnalysisKey *A, const AnalysisKey *B) {
    return Names[A] < Names[B];
  });
  for (const AnalysisKey *K : Dead) {
    if (DebugOS)
      *DebugOS << "Invalidating analysis: " << Names[K] << " on " << U.getName()
               << "\n";
    Results.erase(K);
    Names.erase(K);
  }
}

Error PassManager::run(AnalysisUnit &U, AnalysisManager &AM,
                       raw_ostream *DebugOS) {
  for (auto &P : Passes) {
    if (DebugOS)
      *DebugOS << "Running pass: " << P->name() << " on " << U.getName()
               << "\n";
    U.getReport().PassesRun.push_back(P->name().str());
    Expected<PreservedAnalyses> PA = P->run(U, AM);
    if (!PA)
      return PA.takeError();
    AM.invalidate(U, *PA);
  }
  return Error::success();
}

void PassManager::printPipeline(raw_ostream &OS) const {
  ListSeparator LS(",");
  for (const auto &P : Passes)
    OS << LS << P->name();
}

} // namespace modcost
