//===- Roofline.h - Arithmetic intensity and the roofline -------*- C++ -*-===//
///
/// \file
/// The roofline model (Williams, Waterman, Patterson, CACM 2009) applied to
/// the kernels of a unit: a kernel that performs F FLOPs and moves B bytes
/// takes at least max(F / peak, B / bandwidth) on a machine with the given
/// peak FLOP/s and memory bandwidth. Its arithmetic intensity F / B against
/// the machine's ridge point peak / bandwidth says which bound it hits.
///
/// The machines are the shipped table (Hardware.def) or numbers given on the
/// command line; `expand` fills KernelInfo::Roofline and
/// UnitReport::Roofline through computeRoofline().
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TARGET_ROOFLINE_H
#define MODCOST_TARGET_ROOFLINE_H

#include "modcost/Pass/AnalysisUnit.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace modcost {

/// One accelerator of the shipped table (see Hardware.def for the fields).
struct HardwareSpec {
  /// The `--hardware` name, e.g. `a100-sxm-80gb`.
  const char *ID;
  /// The display name, e.g. `NVIDIA A100 SXM 80GB`.
  const char *Name;
  /// Peak dense FLOP/s for 1-, 2- and 4-byte elements (0: not published).
  double PeakFlops1, PeakFlops2, PeakFlops4;
  /// Peak memory bandwidth in bytes/s.
  double Bandwidth;
  /// The datasheet the numbers come from.
  const char *Source;

  /// The peak for \p ElementBytes (1, 2 or 4); 0 if none is published or
  /// the size is another one.
  double peakFor(unsigned ElementBytes) const;
};

/// Every entry of Hardware.def, in its order.
llvm::ArrayRef<HardwareSpec> getHardwareTable();

/// The entry named \p ID (case-insensitive), or null.
const HardwareSpec *lookupHardware(llvm::StringRef ID);

/// The IDs of the table, comma-separated, for diagnostics.
std::string getHardwareNames();

/// The machine a roofline is computed for.
struct RooflineTarget {
  /// As in UnitReport::RooflineSummary.
  std::string HardwareID, HardwareName, Source, Precision;
  /// Peak FLOP/s and memory bandwidth in bytes/s (both > 0).
  double PeakFlops = 0, Bandwidth = 0;
};

/// Builds the target from the options: the table entry \p HW (may be null),
/// the activation element size \p ElementBytes (the bound `a_bytes`, which
/// selects the table's peak) and the overrides \p Peak and \p Bandwidth
/// (which win over the table). Fails with a message for the user when a
/// number is missing: no --hardware and not both overrides, or a table
/// without a peak for that element size.
llvm::Expected<RooflineTarget>
makeRooflineTarget(const HardwareSpec *HW, std::optional<unsigned> ElementBytes,
                   std::optional<double> Peak, std::optional<double> Bandwidth);

/// The roofline of \p Flops FLOPs moving \p Bytes bytes on \p T: time
/// max(Flops / peak, Bytes / bandwidth); bound `compute` when the intensity
/// is at least the ridge point (also when no byte moves), `memory` below
/// it, `none` when both are 0.
RooflinePoint computeRooflinePoint(double Flops, double Bytes,
                                   const RooflineTarget &T);

/// The exact value \p Value (`N` or `N/D` in decimal, as `expand` writes
/// it) as the nearest double; nullopt unless it is such a number.
std::optional<double> exactToDouble(llvm::StringRef Value);

/// Fills KernelInfo::Roofline for every kernel with numeric values and
/// UnitReport::Roofline (totals, the sum of the kernels' times, how many
/// kernels had no numeric values). Needs the values of `expand`.
void computeRoofline(UnitReport &R, const RooflineTarget &T);

} // namespace modcost

#endif // MODCOST_TARGET_ROOFLINE_H
