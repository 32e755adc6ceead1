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

#include "modcost/IR/PyIR.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace modcost {
namespace sym {
class Expr;
class ExprContext;
} // namespace sym

/// At most this many layers before the alike rest are built one by one.
constexpr int64_t MaxSegmentPrefix = 16;

/// The points where comparisons of a layer index with constants change
/// truth: `i == 0` at 0 and 1, `i >= 3` at 3, `i > 3` at 4, `3 > i` at 3.
class IndexSplits {
public:
  /// Notes `index Op C`, or `C Op index` when \p IndexOnLeft is false.
  /// Returns false for an operator that is not a comparison.
  bool addComparison(llvm::StringRef Op, int64_t C, bool IndexOnLeft);
  /// Notes a comparison with a value that is not a constant (\p What).
  void addOpaque(llvm::StringRef What) { Opaque.push_back(What.str()); }

  /// Notes `index % K` (or `// K`) for a constant \p K > 0: the layers
  /// may differ by their index modulo K.
  void addModulus(int64_t K) { Moduli.insert(K); }

  /// True if a comparison or a modulus was noted.
  bool any() const {
    return !Points.empty() || !Opaque.empty() || !Moduli.empty();
  }
  /// The least common multiple of the moduli noted if it is at most
  /// \p Max, else 0 (also when none was noted).
  int64_t stride(int64_t Max) const;
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
  std::set<int64_t> Moduli;
};

/// Undecided decisions met while a comprehension builds its representative
/// element (index a bare symbol): provisional until the comprehension knows
/// whether it splits its elements by index. A split rebuilds the element at
/// each segment's index, whose visit replaces the provisional decision;
/// otherwise the decision stands and is reported then.
struct ProvisionalDecisions {
  /// Nesting of representative builds.
  unsigned Depth = 0;
  /// Each provisional decision's index in the unit's decisions, and where
  /// its condition is (for the diagnostic).
  std::vector<std::pair<size_t, SourceRange>> Pending;
  /// True if decision \p Index is provisional; forgets it.
  bool take(size_t Index) {
    for (auto It = Pending.begin(); It != Pending.end(); ++It)
      if (It->first == Index) {
        Pending.erase(It);
        return true;
      }
    return false;
  }
};

/// True for a loop-index symbol (`loop_index_line_*`: builtinRange, a
/// loop's middle piece, a residue's quotient), an integer.
bool isLoopIndexSymbol(const sym::Expr *E);

/// The index `Stride * J + R` of the layers at residue \p R modulo
/// \p Stride, \p J a loop index of its own.
const sym::Expr *residueIndex(int64_t Stride, const sym::Expr *J, int64_t R,
                              sym::ExprContext &Sym);

/// How many of the \p N indices 0 .. N - 1 are \p R modulo \p Stride:
/// ceil((N - R) / Stride).
const sym::Expr *residueCount(const sym::Expr *N, int64_t R, int64_t Stride,
                              sym::ExprContext &Sym);

/// `A % K` if \p Remainder, else `A // K`, for an integer \p A made of
/// loop indices (`loop_index_line_*` symbols, integers) with integer
/// coefficients that \p K divides, plus an integer constant: the remainder
/// is a constant and the quotient exact (`(4 * j + 3 + 1) % 4` is 0). Null
/// otherwise.
const sym::Expr *divideLoopIndexForm(const sym::Expr *A, int64_t K,
                                     bool Remainder, sym::ExprContext &Sym);

} // namespace modcost

#endif // MODCOST_INTERP_LAYERSEGMENTS_H
