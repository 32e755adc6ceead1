//===- RooflinePlot.h - The roofline as an SVG plot -------------*- C++ -*-===//
///
/// \file
/// Draws a unit's roofline (`--plot=FILE.svg`) as plain SVG text: log-log
/// axes with decade ticks (arithmetic intensity in FLOP/byte against
/// attainable FLOP/s), the machine's roof (the memory slope up to the ridge
/// point, then the flat compute peak), one numbered circle per leaf of the
/// expanded tree (RooflineLeaves.h), listed by module path in a legend
/// right of the axes, and a square for the totals. Several series (prefill
/// and decode of `--phases`) share one figure, one colour each. Points that
/// cannot be placed (symbolic values, zero FLOPs or bytes) are counted in a
/// note under the plot, wrapped to the canvas. The output is deterministic.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_EMIT_ROOFLINEPLOT_H
#define MODCOST_EMIT_ROOFLINEPLOT_H

#include "modcost/Pass/AnalysisUnit.h"
#include "modcost/Target/RooflineLeaves.h"

#include "llvm/ADT/ArrayRef.h"

#include "llvm/Support/raw_ostream.h"

namespace modcost {

/// One set of points of a plot: a phase's leaves and its totals.
struct RooflineSeries {
  /// `prefill`, `decode`; empty for the only series of a plain run.
  std::string Name;
  std::vector<RooflineLeaf> Leaves;
  /// The totals as one point (a square), if numeric.
  std::optional<RooflinePoint> Total;
  /// Lines left out because their values are symbolic.
  unsigned Symbolic = 0;
};

/// Writes the roofline SVG of \p Series on the machine \p M, titled
/// `Roofline: <Title> on <machine>`.
void writeRooflineSVG(llvm::StringRef Title,
                      const UnitReport::RooflineSummary &M,
                      llvm::ArrayRef<RooflineSeries> Series,
                      llvm::raw_ostream &OS);

/// The series of one analyzed unit: the leaves of its expanded tree and its
/// totals; its report must have a roofline (`expand` with a machine).
RooflineSeries rooflineSeriesOf(const UnitReport &R, llvm::StringRef Name);

/// Writes the roofline SVG of \p U (one series).
void writeRooflineSVG(const AnalysisUnit &U, llvm::raw_ostream &OS);

} // namespace modcost

#endif // MODCOST_EMIT_ROOFLINEPLOT_H
