//===- LayerSegments.h - Layer stacks whose layers differ by index -*- C++ -*-//
///
/// \file
/// `nn.ModuleList([Layer(config, i) for i in range(n)])` with a symbolic `n`
/// is one representative layer repeated n times, its index a symbol of its
/// own. When a layer's constructor compares the index with a constant
/// (`layer_idx >= config.first_k_dense_replace`, T5's
/// `has_relative_attention_bias=bool(i == 0)`), the layers are not alike:
/// the stack becomes segments, the first indices one by one and the rest
/// alike from the last point where a comparison changes truth.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_LAYERSEGMENTS_H
#define MODCOST_INTERP_LAYERSEGMENTS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace modcost {

/// The points where comparisons of a layer index with constants change
/// truth: `i == 0` at 0 and 1, `i >= 3` at 3, `i > 3` at 4, `3 > i` at 3.
class IndexSplits {
public:
  /// Notes `index Op C`, or `C Op index` when \p IndexOnLeft is false.
  /// Returns false for an operator that is not a comparison.
  bool addComparison(llvm::StringRef Op, int64_t C, bool IndexOnLeft);
  /// Notes a comparison with a value that is not a constant (\p What).
  void addOpaque(llvm::StringRef What) { Opaque.push_back(What.str()); }

  /// True if a comparison was noted.
  bool any() const { return !Points.empty() || !Opaque.empty(); }
  /// The comparisons with non-constants noted.
  const std::vector<std::string> &opaque() const { return Opaque; }
  /// The split points noted.
  const std::set<int64_t> &points() const { return Points; }

  /// For indices from \p Lo: the first index from which every comparison
  /// noted has one truth, or nullopt if that is \p Lo itself (no split) or
  /// more than \p MaxPrefix indices past it.
  std::optional<int64_t> tailStart(int64_t Lo, int64_t MaxPrefix) const;

  /// Notes the points of \p O too.
  void merge(const IndexSplits &O);

private:
  std::set<int64_t> Points;
  std::vector<std::string> Opaque;
};

} // namespace modcost

#endif // MODCOST_INTERP_LAYERSEGMENTS_H
