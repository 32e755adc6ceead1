//===- PhaseRun.h - The driver's --phases and --generate --------*- C++ -*-===//
///
/// \file
/// The part of modcost-opt that runs one unit once per phase and writes the
/// side-by-side report (lib/Transforms/Phases.cpp has the logic,
/// lib/Emit/PhaseWriter.cpp the output). Kept out of modcost-opt.cpp so the
/// driver stays a list of options and one loop.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TOOLS_MODCOST_OPT_PHASERUN_H
#define MODCOST_TOOLS_MODCOST_OPT_PHASERUN_H

#include "modcost/Pass/PassManager.h"

#include "llvm/Support/CommandLine.h"

#include <string>

namespace modcost {

/// The driver's option category (modcost-opt.cpp).
extern llvm::cl::OptionCategory ModcostCat;

class InferenceProfile;
struct Bindings;

/// True if --phases or --generate was given.
bool phaseRunRequested();

/// What the driver passes to runPhases().
struct PhaseRunEnv {
  PassManager &PM;
  /// The run's context; each phase gets a copy with its own profile and
  /// bindings.
  const RunContext &Base;
  const InferenceProfile &Profile;
  const Bindings &Bound;
  std::string OutputDir;
  bool WriteMD = true, WriteJSON = true, WriteLegacy = false;
  /// --plot (empty: none).
  std::string PlotFile;
  /// Several names were given (plot file names then carry the name).
  bool SeveralNames = false;
};

/// Checks --phases and --generate; reports a usage error and returns false
/// if they are wrong.
bool checkPhaseOptions(DiagnosticEngine &Diags);

/// Analyzes \p Name once per phase, writes each phase's reports under
/// `<OUTDIR>/<phase>/` and `<OUTDIR>/<Name>.phases.{md,json}`; returns the
/// exit code (0 on success).
int runPhases(const std::string &Name, PhaseRunEnv &Env);

} // namespace modcost

#endif // MODCOST_TOOLS_MODCOST_OPT_PHASERUN_H
