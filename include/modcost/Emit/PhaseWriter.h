//===- PhaseWriter.h - The side-by-side report of several phases -*- C++
//-*-===//
///
/// \file
/// Renders a PhaseReport (`--phases`, `--generate`) as
/// `<NAME>.phases.md` and `<NAME>.phases.json`: the phases' totals side by
/// side with intensity and roofline time, every line of the unit with its
/// values in each phase, and the cost of generation as a closed form. The
/// JSON follows docs/schema/modcost-phases.schema.json. Deterministic.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_PHASEWRITER_H
#define MODCOST_EMIT_PHASEWRITER_H

#include "modcost/Pass/PhaseReport.h"

#include "llvm/Support/raw_ostream.h"

namespace modcost {

/// Version of the phases JSON format (its `schema_version`).
inline constexpr const char *PhasesSchemaVersion = "0.1";

/// Writes the Markdown of \p R.
void writePhaseMarkdown(const PhaseReport &R, llvm::raw_ostream &OS);

/// Writes the JSON of \p R.
void writePhaseJSON(const PhaseReport &R, llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_PHASEWRITER_H
