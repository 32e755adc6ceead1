//===- RooflineLeaves.h - The expanded tree's leaves on a roofline -*- C++
//-*-===//
///
/// \file
/// For a plot that shows where the time goes, a model's roofline points are
/// the leaves of its expanded tree, not the lines of the unit (for a whole
/// model that is two points: the decoder-layer loop and the final norm).
/// A leaf is a basic line of some composite (a projection's `F.linear`, the
/// attention kernel, a norm), with all its calls in one run of the root:
/// its values times the calls along its path (the breakdown tree's
/// `calls`). Each leaf is labelled by its module path, the attribute names
/// of the calls that lead to it (`TinyDecoderLayer.self_attn.q_proj`).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TARGET_ROOFLINELEAVES_H
#define MODCOST_TARGET_ROOFLINELEAVES_H

#include "modcost/Pass/AnalysisUnit.h"
#include "modcost/Target/Roofline.h"

#include <string>
#include <vector>

namespace modcost {

/// One leaf of the expanded tree on the roofline.
struct RooflineLeaf {
  /// The module path (`TinyDecoderLayer.self_attn.q_proj`), with the op's
  /// short name when its composite has several leaves (`.softmax`).
  std::string Label;
  /// The report and line it comes from (`torch.nn.Linear line 114`).
  std::string Where;
  /// FLOPs and bytes of all its calls in one run of the root, and where
  /// that sits on the machine's roofline.
  RooflinePoint Point;
};

/// The leaves of \p Root (after `expand`: values and breakdown), in source
/// order, with leaves of equal label merged; \p Symbolic counts the lines
/// left out because their values are not numeric.
std::vector<RooflineLeaf> collectRooflineLeaves(const UnitReport &Root,
                                                const RooflineTarget &T,
                                                unsigned &Symbolic);

/// The machine of a report's roofline summary.
RooflineTarget targetOf(const UnitReport::RooflineSummary &S);

} // namespace modcost

#endif // MODCOST_TARGET_ROOFLINELEAVES_H
