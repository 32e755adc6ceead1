//===- PhaseWriter.cpp - The side-by-side report of several phases --------===//
///
/// \file
/// Markdown and JSON of a PhaseReport. Lines are matched across phases by
/// their first source line; a line that runs in one phase only has an empty
/// cell (Markdown) or null (JSON) in the others.
///
//===----------------------------------------------------------------------===//

#include "modcost/Emit/PhaseWriter.h"
#include "modcost/Emit/JSONDump.h"
#include "modcost/Support/NumberFormat.h"

#include "llvm/ADT/StringExtras.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

using namespace llvm;
using json = nlohmann::ordered_json;

namespace modcost {

namespace {

/// One phase's entry of a line: its kernel and its costs with the
/// phase's values put in.
struct PhaseLine {
  const KernelInfo *K = nullptr;
  const PhaseColumn::LineCost *Cost = nullptr;
};

/// The kernels of every phase by line: line -> one entry per phase.
using LineTable = std::map<unsigned, std::vector<PhaseLine>>;

LineTable linesOf(const PhaseReport &R) {
  LineTable T;
  for (size_t P = 0; P < R.Phases.size(); ++P) {
    const PhaseColumn &C = R.Phases[P];
    for (size_t I = 0; I < C.Report->Kernels.size(); ++I) {
      auto &Row = T[C.Report->Kernels[I].Line];
      Row.resize(R.Phases.size());
      if (!Row[P].K && I < C.Lines.size())
        Row[P] = {&C.Report->Kernels[I], &C.Lines[I]};
    }
  }
  return T;
}

/// The code of the first phase that has the line.
const KernelInfo &firstKernel(const std::vector<PhaseLine> &Row) {
  return *llvm::find_if(Row, [](const PhaseLine &L) { return L.K; })->K;
}

/// A Markdown table cell: `|` escaped, newlines as spaces.
std::string cell(StringRef S) {
  std::string Out;
  for (char C : S)
    Out += C == '|'    ? std::string("\\|")
           : C == '\n' ? std::string(" ")
                       : std::string(1, C);
  return Out;
}

/// A value if numeric, else its formula in backticks.
std::string valueOrFormula(const QuantityInfo &Q) {
  return Q.Value.empty() ? "`" + cell(Q.Formula) + "`" : Q.Value;
}

/// `formula` = value, for the totals tables.
std::string formulaAndValue(const QuantityInfo &Q) {
  std::string S = "`" + cell(Q.Formula) + "`";
  if (!Q.Value.empty())
    S += " = " + Q.Value;
  return S;
}

/// The first line of a line's code.
std::string firstLine(StringRef Code) {
  return cell(Code.split('\n').first.trim());
}

const UnitReport::RooflineSummary *machineOf(const PhaseReport &R) {
  for (const PhaseColumn &C : R.Phases)
    if (C.Report->Roofline)
      return &*C.Report->Roofline;
  return nullptr;
}

void writeTotals(const PhaseReport &R, raw_ostream &OS) {
  OS << "\n## Totals\n\n| Quantity |";
  for (const PhaseColumn &C : R.Phases)
    OS << " " << C.Name << " |";
  OS << "\n|---|";
  for (size_t I = 0; I < R.Phases.size(); ++I)
    OS << "---|";
  OS << "\n";
  auto Row = [&](StringRef What, auto Get) {
    OS << "| " << What << " |";
    for (const PhaseColumn &C : R.Phases)
      OS << " " << Get(C) << " |";
    OS << "\n";
  };
  Row("FLOPs",
      [](const PhaseColumn &C) { return formulaAndValue(C.Totals.Flops); });
  Row("matrix FLOPs", [](const PhaseColumn &C) {
    return formulaAndValue(C.Totals.MatmulFlops);
  });
  Row("bytes read",
      [](const PhaseColumn &C) { return formulaAndValue(C.Totals.Read); });
  Row("bytes written",
      [](const PhaseColumn &C) { return formulaAndValue(C.Totals.Write); });
  Row("arithmetic intensity (FLOP/byte)", [](const PhaseColumn &C) {
    return C.Report->TotalIntensityValue.empty()
               ? std::string("(symbolic)")
               : C.Report->TotalIntensityValue;
  });
  if (!machineOf(R))
    return;
  Row("roofline time (sum of kernels)", [](const PhaseColumn &C) {
    const auto &S = C.Report->Roofline;
    return S && S->KernelSeconds ? formatSeconds(*S->KernelSeconds)
                                 : std::string("(symbolic)");
  });
  Row("totals as one point", [](const PhaseColumn &C) {
    const auto &S = C.Report->Roofline;
    return S && S->Total ? formatSeconds(S->Total->Seconds) + ", " +
                               S->Total->Bound + "-bound"
                         : std::string("(symbolic)");
  });
}

void writeLines(const PhaseReport &R, raw_ostream &OS) {
  bool Timed = machineOf(R) != nullptr;
  OS << "\n## Lines\n\nEach computational line of the unit in each phase "
        "(per phase: FLOPs, bytes read + written, intensity in FLOP/byte"
     << (Timed ? ", roofline time" : "") << "). A value stays a formula "
     << "where a symbol is unbound.\n\n| Line | Code |";
  for (const PhaseColumn &C : R.Phases)
    OS << " " << C.Name << " FLOPs | " << C.Name << " bytes | " << C.Name
       << " intensity |" << (Timed ? " " + C.Name + " time |" : "");
  OS << "\n|---|---|";
  for (size_t I = 0; I < R.Phases.size(); ++I)
    OS << (Timed ? "---|---|---|---|" : "---|---|---|");
  OS << "\n";
  for (const auto &[Line, Row] : linesOf(R)) {
    OS << "| " << Line << " | `" << firstLine(firstKernel(Row).Code) << "` |";
    for (const PhaseLine &L : Row) {
      if (!L.K) {
        OS << (Timed ? " | | | |" : " | | |");
        continue;
      }
      OS << " " << valueOrFormula(L.Cost->Cost.Flops) << " | "
         << valueOrFormula(L.Cost->Bytes) << " | " << L.K->IntensityValue
         << " |";
      if (Timed)
        OS << " "
           << (L.K->Roofline ? formatSeconds(L.K->Roofline->Seconds) + " " +
                                   L.K->Roofline->Bound
                             : std::string())
           << " |";
    }
    OS << "\n";
  }
}

void writeGeneration(const PhaseReport &R, const GenerationInfo &G,
                     raw_ostream &OS) {
  OS << "\n## Generation\n\nPrefilling the prompt, then generating "
     << (G.Steps.empty() ? "`" + G.StepsSymbol + "`" : G.Steps)
     << " tokens: " << G.Derivation << ". The sum is a closed form in `"
     << G.StepsSymbol
     << "`, derived symbolically (Faulhaber's formula over the powers of "
        "`step`), not a loop.\n";
  if (!G.Problem.empty())
    OS << "\n**Unknown:** " << G.Problem
       << "; the quantities that contain it are `unknown`.\n";
  OS << "\n| Quantity | prefill + decode steps | decode steps alone |\n"
        "|---|---|---|\n";
  auto Row = [&](StringRef What, const QuantityInfo &T, const QuantityInfo &D) {
    OS << "| " << What << " | " << formulaAndValue(T) << " | "
       << formulaAndValue(D) << " |\n";
  };
  Row("FLOPs", G.Totals.Flops, G.DecodeSteps.Flops);
  Row("matrix FLOPs", G.Totals.MatmulFlops, G.DecodeSteps.MatmulFlops);
  Row("bytes read", G.Totals.Read, G.DecodeSteps.Read);
  Row("bytes written", G.Totals.Write, G.DecodeSteps.Write);
  if (const auto *M = machineOf(R)) {
    std::string Machine =
        M->HardwareName.empty() ? "the given machine" : M->HardwareName;
    if (G.Seconds)
      OS << "\nOn " << Machine << ": prefill "
         << formatSeconds(*G.PrefillSeconds) << ", " << G.Steps
         << " decode steps " << formatSeconds(*G.DecodeSeconds) << ", in all **"
         << formatSeconds(*G.Seconds)
         << "** (each step's kernels' roofline times, summed over the "
            "steps).\n";
    else
      OS << "\nNo time on " << Machine
         << ": a value is symbolic (bind every symbol and give --generate "
            "a number).\n";
  }
}

json quantity(const QuantityInfo &Q) {
  json J;
  J["formula"] = Q.Formula;
  uint64_t U;
  int64_t I;
  if (Q.Value.empty())
    J["value"] = nullptr;
  else if (!StringRef(Q.Value).getAsInteger(10, I))
    J["value"] = I;
  else if (!StringRef(Q.Value).getAsInteger(10, U))
    J["value"] = U;
  else
    J["value"] = Q.Value;
  return J;
}

json quantities(const CostQuantities &Q) {
  json J;
  J["flops"] = quantity(Q.Flops);
  J["matmul_flops"] = quantity(Q.MatmulFlops);
  J["read_bytes"] = quantity(Q.Read);
  J["write_bytes"] = quantity(Q.Write);
  return J;
}

json optionalSeconds(const std::optional<double> &S) {
  return S && std::isfinite(*S) ? json(*S) : json(nullptr);
}

json intensity(StringRef Value) {
  double D;
  return Value.empty() || Value.getAsDouble(D) ? json(nullptr) : json(D);
}

} // namespace

void writePhaseMarkdown(const PhaseReport &R, raw_ostream &OS) {
  OS << "# " << R.UnitName << ": ";
  for (size_t I = 0; I < R.Phases.size(); ++I)
    OS << (I ? " and " : "") << R.Phases[I].Name;
  OS << "\n\nThe unit analyzed once per phase, side by side. Each phase's "
        "full report (every line with its derivation, the composite "
        "reports) is in its own directory.\n\n| Phase | One run of the unit "
        "| Full report |\n|---|---|---|\n";
  for (const PhaseColumn &C : R.Phases)
    OS << "| " << C.Name << " | " << cell(C.Setting) << " | `" << C.ReportDir
       << "/" << R.UnitName << ".md` |\n";
  writeTotals(R, OS);
  writeLines(R, OS);
  if (R.Generation)
    writeGeneration(R, *R.Generation, OS);
}

void writePhaseJSON(const PhaseReport &R, raw_ostream &OS) {
  json J;
  J["schema_version"] = PhasesSchemaVersion;
  J["unit"] = R.UnitName;
  json Phases = json::array();
  for (const PhaseColumn &C : R.Phases) {
    json P;
    P["name"] = C.Name;
    P["setting"] = C.Setting;
    P["report"] = C.ReportDir + "/" + R.UnitName + ".json";
    P["totals"] = quantities(C.Totals);
    P["intensity"] = intensity(C.Report->TotalIntensityValue);
    const auto &S = C.Report->Roofline;
    P["kernel_seconds"] = S ? optionalSeconds(S->KernelSeconds) : nullptr;
    Phases.push_back(P);
  }
  J["phases"] = Phases;
  json Lines = json::array();
  for (const auto &[Line, Row] : linesOf(R)) {
    json L;
    L["line"] = Line;
    L["code"] = firstKernel(Row).Code;
    json PerPhase;
    for (size_t P = 0; P < Row.size(); ++P) {
      const PhaseLine &PL = Row[P];
      if (!PL.K) {
        PerPhase[R.Phases[P].Name] = nullptr;
        continue;
      }
      json V;
      V["flops"] = quantity(PL.Cost->Cost.Flops);
      V["read_bytes"] = quantity(PL.Cost->Cost.Read);
      V["write_bytes"] = quantity(PL.Cost->Cost.Write);
      V["intensity"] = intensity(PL.K->IntensityValue);
      V["seconds"] = PL.K->Roofline ? json(PL.K->Roofline->Seconds) : nullptr;
      V["bound"] = PL.K->Roofline ? json(PL.K->Roofline->Bound) : nullptr;
      PerPhase[R.Phases[P].Name] = V;
    }
    L["phases"] = PerPhase;
    Lines.push_back(L);
  }
  J["lines"] = Lines;
  if (R.Generation) {
    const GenerationInfo &G = *R.Generation;
    json Gen;
    Gen["steps"] = G.Steps.empty() ? json(nullptr) : json(G.Steps);
    Gen["steps_symbol"] = G.StepsSymbol;
    Gen["derivation"] = G.Derivation;
    Gen["problem"] = G.Problem.empty() ? json(nullptr) : json(G.Problem);
    Gen["totals"] = quantities(G.Totals);
    Gen["decode_steps"] = quantities(G.DecodeSteps);
    json Sec;
    Sec["prefill"] = optionalSeconds(G.PrefillSeconds);
    Sec["decode"] = optionalSeconds(G.DecodeSeconds);
    Sec["total"] = optionalSeconds(G.Seconds);
    Gen["seconds"] = Sec;
    J["generation"] = Gen;
  } else {
    J["generation"] = nullptr;
  }
  dumpJSON(J, OS);
  OS << "\n";
}

} // namespace modcost
