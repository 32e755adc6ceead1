//===- RooflinePlot.h - The roofline as an SVG plot -------------*- C++ -*-===//
///
/// \file
/// Draws a unit's roofline (`--plot=FILE.svg`) as plain SVG text: log-log
/// axes with decade ticks (arithmetic intensity in FLOP/byte against
/// attainable FLOP/s), the machine's roof (the memory slope up to the ridge
/// point, then the flat compute peak), one circle per kernel with numeric
/// values labeled by its line (`L42`), and a square for the unit's totals.
/// Kernels that cannot be placed (symbolic values, zero FLOPs or bytes) are
/// counted in a note under the plot. The output is deterministic.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_ROOFLINEPLOT_H
#define MODCOST_EMIT_ROOFLINEPLOT_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/Support/raw_ostream.h"

namespace modcost {

/// Writes the roofline SVG of \p U; its report must have a roofline
/// (UnitReport::Roofline, from `expand` with a machine).
void writeRooflineSVG(const AnalysisUnit &U, llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_ROOFLINEPLOT_H
