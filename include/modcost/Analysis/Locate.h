//===- Locate.h - Find a unit's class, file and forward() -------*- C++ -*-===//
///
/// \file
/// `locate` is the first pass of every pipeline. It resolves the requested
/// name (fully qualified, a public re-export such as `torch.nn.Linear`, or a
/// bare class name searched across the roots) to the defining file and
/// class, computes the class's MRO and finds the `forward` that runs. For a
/// module-level function the function itself is the unit.
///
/// LocateAnalysis computes the result (cached by the AnalysisManager);
/// LocatePass records it in the unit's report; PrintLocatePass dumps it.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_ANALYSIS_LOCATE_H
#define MODCOST_ANALYSIS_LOCATE_H

#include "modcost/Frontend/NameResolver.h"
#include "modcost/Pass/PassManager.h"

namespace modcost {

/// Resolves the unit's name to a LocationInfo.
class LocateAnalysis {
public:
  static AnalysisKey Key;
  static llvm::StringRef name() { return "LocateAnalysis"; }
  using Result = LocationInfo;
  /// Fails with a DiagnosedError of kind NotFound (the report then says what
  /// was searched) or InputError (a file on the way did not parse).
  llvm::Expected<Result> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// The location of the resolved class or function \p S (its MRO and the
/// forward() that runs), with \p Trace as its first resolution steps.
llvm::Expected<LocationInfo> locateDefinition(AnalysisUnit &U, const Symbol &S,
                                              std::vector<std::string> Trace);

/// Requires LocateAnalysis and stores its result in the report.
class LocatePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// Prints the location (`print<locate>`) for tests.
class PrintLocatePass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

/// Dumps the Python IR of the unit's forward (`print<ir>`).
class PrintIRPass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM);
};

} // namespace modcost

#endif // MODCOST_ANALYSIS_LOCATE_H
