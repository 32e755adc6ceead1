//===- PhaseRun.cpp - The driver's --phases and --generate ----------------===//
///
/// \file
/// Options, the per-phase runs and the outputs of a multi-phase run
/// (PhaseRun.h).
///
//===----------------------------------------------------------------------===//

#include "PhaseRun.h"

#include "modcost/Emit/Emitters.h"
#include "modcost/Emit/LegacyJSON.h"
#include "modcost/Emit/ModuleTree.h"
#include "modcost/Emit/PhaseWriter.h"
#include "modcost/Emit/RooflinePlot.h"
#include "modcost/Frontend/SourceRoots.h"
#include "modcost/Support/Error.h"
#include "modcost/Transforms/Phases.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <memory>

using namespace llvm;

namespace modcost {

static cl::list<std::string>
    PhaseNames("phases",
               cl::desc("Analyze each unit once per phase (prefill, decode) "
                        "and write <NAME>.phases.md/.json with the phases "
                        "side by side (needs expand)"),
               cl::CommaSeparated, cl::cat(ModcostCat));
static cl::opt<std::string>
    Generate("generate",
             cl::desc("The cost of prefilling the --seq-len prompt, then "
                      "generating N tokens: a closed form in new_tokens "
                      "and its value (implies --phases=prefill,decode)"),
             cl::value_desc("N"), cl::cat(ModcostCat));

bool phaseRunRequested() {
  return !PhaseNames.empty() || Generate.getNumOccurrences();
}

bool checkPhaseOptions(DiagnosticEngine &Diags) {
  if (Generate.getNumOccurrences()) {
    uint64_t N;
    if (StringRef(Generate).getAsInteger(10, N)) {
      Diags.report(DiagLevel::Error, "--generate expects a non-negative "
                                     "integer, got '" +
                                         Generate + "'");
      return false;
    }
    if (!PhaseNames.empty() && (!is_contained(PhaseNames, "prefill") ||
                                !is_contained(PhaseNames, "decode"))) {
      Diags.report(DiagLevel::Error,
                   "--generate needs both phases: --phases=prefill,decode");
      return false;
    }
  }
  return true;
}

/// Writes \p U's report and its composite reports under \p Dir.
static Error writeReports(AnalysisUnit &U, StringRef Dir,
                          const PhaseRunEnv &Env) {
  if (std::error_code EC = sys::fs::create_directories(Dir)) {
    U.getDiags().report(DiagLevel::Error, "cannot create output directory '" +
                                              Dir + "': " + EC.message());
    return makeDiagnosedError(FailureKind::Internal);
  }
  auto Write = [&](const AnalysisUnit &R, StringRef Stem) -> Error {
    SmallString<256> Base(Dir);
    sys::path::append(Base, Stem);
    if (Env.WriteMD)
      if (Error E =
              writeFileAtomically((Base + ".md").str(), [&](raw_ostream &OS) {
                writeMarkdown(R, OS);
              }))
        return E;
    if (Env.WriteLegacy)
      if (Error E = writeFileAtomically(
              (Base + ".legacy.json").str(),
              [&](raw_ostream &OS) { writeLegacyJSON(R, OS); }))
        return E;
    if (Env.WriteJSON)
      return writeFileAtomically((Base + ".json").str(),
                                 [&](raw_ostream &OS) { writeJSON(R, OS); });
    return Error::success();
  };
  if (Error E = Write(U, U.getName()))
    return E;
  for (UnitReport &C : U.getReport().CalleeReports) {
    auto [Head, Tail] = StringRef(C.ReportName).rsplit('-');
    StringRef Dotted =
        !Tail.empty() && all_of(Tail, isDigit) ? Head : StringRef(C.ReportName);
    if (!SourceRoots::isValidDottedName(Dotted))
      continue;
    AnalysisUnit Sub(C.ReportName, U.getContext());
    Sub.getReport() = C;
    if (Error E = Write(Sub, Sub.getName()))
      return E;
  }
  return Error::success();
}

/// With --plot: every phase's leaves in one figure, one colour per phase.
static Error writePlot(StringRef Name, const PhaseReport &R,
                       const PhaseRunEnv &Env) {
  if (Env.PlotFile.empty())
    return Error::success();
  std::vector<RooflineSeries> Series;
  std::string Phases;
  const UnitReport::RooflineSummary *Machine = nullptr;
  for (const PhaseColumn &C : R.Phases) {
    if (!C.Report->Roofline)
      continue;
    Machine = &*C.Report->Roofline;
    Series.push_back(rooflineSeriesOf(*C.Report, C.Name));
    Phases += (Phases.empty() ? "" : ", ") + C.Name;
  }
  if (!Machine)
    return Error::success();
  // With several names, `<stem>.<NAME><ext>` next to the given path.
  SmallString<256> Path(Env.PlotFile);
  if (Env.SeveralNames) {
    std::string Ext = sys::path::extension(Env.PlotFile).str();
    sys::path::replace_extension(Path, "");
    Path += "." + Name.str() + Ext;
  }
  if (Error E = writeFileAtomically(Path, [&](raw_ostream &OS) {
        writeRooflineSVG((Name + " (" + Phases + ")").str(), *Machine, Series,
                         OS);
      }))
    return E;
  errs() << "modcost-opt: " << Name << " -> " << Path << "\n";
  return Error::success();
}

int runPhases(const std::string &Name, PhaseRunEnv &Env) {
  DiagnosticEngine &Diags = Env.Base.Diags;
  std::vector<std::string> Names(PhaseNames.begin(), PhaseNames.end());
  if (Names.empty())
    Names = {"prefill", "decode"};
  Expected<std::vector<PhaseSetup>> Setups =
      makePhaseSetups(Names, Env.Profile, Env.Bound);
  if (!Setups) {
    Diags.report(DiagLevel::Error, toString(Setups.takeError()));
    return static_cast<int>(FailureKind::UsageError);
  }
  // Each phase's context and unit live until the report is written.
  std::deque<RunContext> Contexts;
  std::deque<std::set<std::string>> Taken;
  std::vector<std::unique_ptr<AnalysisUnit>> Units;
  PhaseReport Report;
  Report.UnitName = Name;
  for (PhaseSetup &S : *Setups) {
    Diags.clearRecorded();
    Contexts.push_back(Env.Base);
    RunContext &Ctx = Contexts.back();
    Ctx.Profile = &S.Profile;
    Ctx.Bound = &S.Bound;
    Ctx.ReportNames = &Taken.emplace_back(std::set<std::string>{Name});
    Ctx.PrintOS << "phase " << S.Name << ": " << S.Setting << "\n";
    Units.push_back(std::make_unique<AnalysisUnit>(Name, Ctx));
    AnalysisUnit &U = *Units.back();
    AnalysisManager AM(Ctx.DebugPassManager ? &errs() : nullptr);
    if (Error E = Env.PM.run(U, AM, Ctx.DebugPassManager ? &errs() : nullptr))
      return exitCodeFor(std::move(E), Diags);
    if (!U.getReport().Expanded) {
      Diags.report(DiagLevel::Error,
                   "--phases and --generate need the expand pass: "
                   "-passes=locate,prune,cost,expand");
      return static_cast<int>(FailureKind::UsageError);
    }
    SmallString<256> Dir(Env.OutputDir);
    sys::path::append(Dir, S.Name);
    if (Error E = writeReports(U, Dir, Env))
      return exitCodeFor(std::move(E), Diags);
    PhaseColumn C;
    C.Name = S.Name;
    C.Setting = S.Setting;
    C.ReportDir = S.Name;
    C.Report = &U.getReport();
    fillPhaseTotals(C, S.Bound);
    Report.Phases.push_back(std::move(C));
  }
  if (Env.PrintTree && !Report.Phases.empty())
    printModuleTree(*Report.Phases.front().Report,
                    Name + " (" + Report.Phases.front().Name + ")",
                    Env.Base.PrintOS);
  if (Generate.getNumOccurrences()) {
    const UnitReport *Prefill = nullptr, *Decode = nullptr;
    for (const PhaseColumn &C : Report.Phases)
      (C.Name == "prefill" ? Prefill : Decode) = C.Report;
    Report.Generation = priceGeneration(*Prefill, *Decode, Generate, Env.Bound,
                                        Env.Base.Machine);
    if (!Report.Generation->Problem.empty())
      Diags.report(DiagLevel::Warning,
                   "--generate: `" + Name + "`: " + Report.Generation->Problem +
                       "; the generation's quantities that contain it are "
                       "unknown");
  }

  SmallString<256> Base(Env.OutputDir);
  sys::path::append(Base, Name + ".phases");
  std::string MD = (Base + ".md").str(), JS = (Base + ".json").str();
  if (Env.WriteMD)
    if (Error E = writeFileAtomically(
            MD, [&](raw_ostream &OS) { writePhaseMarkdown(Report, OS); }))
      return exitCodeFor(std::move(E), Diags);
  if (Env.WriteJSON)
    if (Error E = writeFileAtomically(
            JS, [&](raw_ostream &OS) { writePhaseJSON(Report, OS); }))
      return exitCodeFor(std::move(E), Diags);
  if (Error E = writePlot(Name, Report, Env))
    return exitCodeFor(std::move(E), Diags);
  errs() << "modcost-opt: " << Name << " -> " << (Env.WriteMD ? MD : "")
         << (Env.WriteMD && Env.WriteJSON ? ", " : "")
         << (Env.WriteJSON ? JS : "") << " and the phases' reports in "
         << Env.OutputDir << "/{" << join(Names, ",") << "}\n";
  return 0;
}

} // namespace modcost
