//===- PhaseReport.h - One unit in several phases, side by side -*- C++ -*-===//
///
/// \file
/// `--phases=prefill,decode` analyzes one unit once per phase (each with its
/// own profile and bindings, each with its full report) and writes one
/// report with the phases side by side; `--generate=N` adds the cost of
/// prefilling the prompt and then generating N tokens, as a closed form
/// (docs/Expand.md). This is the data the emitters render; the Transforms
/// library fills it (Phases.h).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_PASS_PHASEREPORT_H
#define MODCOST_PASS_PHASEREPORT_H

#include "modcost/Pass/AnalysisUnit.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// One of the four counted quantities, as a formula and its exact value.
struct QuantityInfo {
  /// Canonical formula (`unknown` if a part is).
  std::string Formula;
  /// Exact value (empty unless every symbol is bound).
  std::string Value;
};

/// FLOPs, matrix FLOPs, bytes read and bytes written.
struct CostQuantities {
  QuantityInfo Flops, MatmulFlops, Read, Write;
};

/// One phase of a multi-phase run.
struct PhaseColumn {
  /// `prefill` or `decode`.
  std::string Name;
  /// What one run of the unit means in this phase, for the reader.
  std::string Setting;
  /// The directory (relative to the output directory) holding this
  /// phase's own reports.
  std::string ReportDir;
  /// The phase's full report (owned by the caller).
  const UnitReport *Report = nullptr;
  /// The totals of one run in this phase, with the phase's own values put
  /// into the formulas (decode: one new token, `seq_len = 1`).
  CostQuantities Totals;
  /// The same for each kernel of Report (same order), with Bytes = read +
  /// written.
  struct LineCost {
    CostQuantities Cost;
    QuantityInfo Bytes;
  };
  std::vector<LineCost> Lines;
};

/// The cost of prefilling a prompt and generating tokens (`--generate`).
struct GenerationInfo {
  /// The number of decode steps (tokens generated), as given.
  std::string Steps;
  /// The symbol that stands for it in the closed forms.
  std::string StepsSymbol;
  /// What the closed form sums, in words.
  std::string Derivation;
  /// Prefill + sum of the decode steps, closed forms in the steps symbol,
  /// seq_len and the model's symbols, and their values.
  CostQuantities Totals;
  /// The sum over the decode steps alone.
  CostQuantities DecodeSteps;
  /// Why a closed form could not be derived (empty if it was).
  std::string Problem;
  /// Roofline times on the machine, in seconds, when every value is
  /// numeric: prefill (sum of its kernels' times), all decode steps (each
  /// step's kernels' times, summed), and their sum.
  std::optional<double> PrefillSeconds, DecodeSeconds, Seconds;
};

/// The side-by-side report.
struct PhaseReport {
  /// The unit's name as the user spelled it.
  std::string UnitName;
  std::vector<PhaseColumn> Phases;
  std::optional<GenerationInfo> Generation;
};

} // namespace modcost

#endif // MODCOST_PASS_PHASEREPORT_H
