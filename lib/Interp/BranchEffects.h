//===- BranchEffects.h - Branches that only check or report ----*- C++ -*-===//
///
/// \file
/// See BranchEffects.cpp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_BRANCHEFFECTS_H
#define MODCOST_LIB_INTERP_BRANCHEFFECTS_H

#include "modcost/IR/PyIR.h"
#include "modcost/Interp/Value.h"

#include "llvm/ADT/StringMap.h"

namespace modcost {

/// True if every statement of \p B only checks or reports: `pass`, a
/// string, or a call of a name that is neither `self` nor a local other
/// than an imported module (a module-level check or logger:
/// `torch._check_with(...)`, `logger.warning(...)`), with no name bound in
/// its arguments and no object passed (`self`, a module or a config held by
/// a local). Such a block changes no variable and no attribute of an
/// object; whether it computes something is seen when it runs
/// (Evaluator::OpsNoted).
bool onlyChecksOrReports(const Block &B, const llvm::StringMap<Value> &Locals);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_BRANCHEFFECTS_H
