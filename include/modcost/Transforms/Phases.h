//===- Phases.h - Prefill and decode side by side, generation ---*- C++ -*-===//
///
/// \file
/// The logic behind `--phases=prefill,decode` and `--generate=N`: the
/// profile and bindings of each phase, the phase totals with the phase's
/// own values put into the formulas, and the cost of prefilling a prompt of
/// `seq_len` tokens then generating `new_tokens` tokens one decode step at
/// a time over a cache that grows by one token per step:
///
///   P(seq_len) + sum(step = 0 .. new_tokens - 1) of
///                D(seq_len = 1, cache_len = seq_len + step)
///
/// where P and D are the prefill and decode totals. The sum is a closed form
/// derived by the symbolic library (Summation.h), never a loop; the
/// roofline time is the sum of each step's kernel times (docs/Expand.md).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_PHASES_H
#define MODCOST_TRANSFORMS_PHASES_H

#include "modcost/Interp/InferenceProfile.h"
#include "modcost/Pass/PhaseReport.h"
#include "modcost/Transforms/Expand.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace modcost {

struct RooflineTarget;

/// How one phase is analyzed.
struct PhaseSetup {
  /// `prefill` or `decode`.
  std::string Name;
  /// The run's profile with `phase` set to Name.
  InferenceProfile Profile;
  /// The run's bindings; decode binds `seq_len = 1` (one new token) and,
  /// unless --cache-len is given, `cache_len` to the prompt's --seq-len.
  Bindings Bound;
  /// What one run means, for the report.
  std::string Setting;
};

/// The setups of the phases named in \p Names (each `prefill` or `decode`,
/// at most once), from the run's \p Profile and \p Bound. Fails with a
/// message for the user on an unknown or repeated name.
llvm::Expected<std::vector<PhaseSetup>>
makePhaseSetups(llvm::ArrayRef<std::string> Names,
                const InferenceProfile &Profile, const Bindings &Bound);

/// The totals of \p C.Report with the phase's values put into the formulas
/// (decode: `seq_len = 1`), evaluated under \p Bound, into \p C.Totals.
void fillPhaseTotals(PhaseColumn &C, const Bindings &Bound);

/// The cost of prefilling then generating \p Steps tokens (a non-negative
/// integer, or empty to stay symbolic) from the \p Prefill and \p Decode
/// reports of one unit, evaluated under \p Bound (the run's bindings, the
/// prompt's seq_len) and timed on \p Machine (may be null).
GenerationInfo priceGeneration(const UnitReport &Prefill,
                               const UnitReport &Decode, llvm::StringRef Steps,
                               const Bindings &Bound,
                               const RooflineTarget *Machine);

} // namespace modcost

#endif // MODCOST_TRANSFORMS_PHASES_H
