//===- CalleeReports.h - One report per composite call ----------*- C++ -*-===//
///
/// \file
/// `expand` gives every composite a report of its own: the callee's lines
/// as they ran with the values its caller bound (recorded by the
/// evaluation, so no second analysis and no lost binding). Calls with the
/// same callee, the same bound parameters and the same lines as they ran
/// share one report (memoized on CallKeys::key, CallKey.h); the reports are
/// named by the callee's fully qualified name, `-2`, `-3`, ... telling apart
/// calls of one callee with other bindings. Recursion never reaches here: the
/// evaluation diagnoses a composite cycle and does not enter it.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_CALLEEREPORTS_H
#define MODCOST_TRANSFORMS_CALLEEREPORTS_H

#include "modcost/Pass/AnalysisUnit.h"

#include <map>

namespace modcost {

struct PruneResult;

/// The most callee reports one unit gets; beyond it the rest are listed as
/// an assumption of the root.
constexpr size_t MaxCalleeReports = 500;

/// Fills \p Root.CalleeReports (and every ReferenceInfo::Report) from the
/// composite calls recorded in \p P. No report takes a stem in \p Taken
/// (the run's names so far: roots and earlier reports); the new ones are
/// added to it.
/// \p ReportOfCall (if given) receives each call's key (CallKeys::key)
/// and the stem of its report.
void buildCalleeReports(
    UnitReport &Root, const PruneResult &P, std::set<std::string> &Taken,
    std::map<std::string, std::string> *ReportOfCall = nullptr);

} // namespace modcost

#endif // MODCOST_TRANSFORMS_CALLEEREPORTS_H
