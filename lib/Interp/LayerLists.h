//===- LayerLists.h - Per-layer lists and a layer analyzed alone -*- C++
//-*-===//
///
/// \file
/// Lists a model's config keeps per layer (`config.layer_types`), whose
/// length is symbolic, read at a constant index or at a loop index, and the
/// index a layer analyzed on its own is given (LayerIndex.cpp). A helper of
/// the Evaluator, private to lib/Interp; the recipes stay in
/// Evaluator::ElementRecipes.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_LAYERLISTS_H
#define MODCOST_LIB_INTERP_LAYERLISTS_H

#include "EvaluatorImpl.h"

#include <optional>

namespace modcost {

/// Per-layer lists and the standalone layer index, for the Evaluator
/// \p Eval.
class LayerLists {
public:
  explicit LayerLists(Evaluator &Eval) : Eval(Eval) {}

  using Frame = Evaluator::Frame;

  /// Marks \p List, built by comprehension \p E in \p F over \p Iter (a
  /// symbolic-length range), as rebuildable at a constant index.
  void keepElementRecipe(Value &List, const Expr &E, const Frame &F,
                         const Value &Iter);
  /// The element at constant index \p K >= 0 of a list of symbolic length
  /// (\p List has RepeatCount): rebuilt by its comprehension, or the
  /// segment holding it; nullopt if neither says.
  std::optional<Value> repeatedElementAt(const Value &List, int64_t K);
  /// A list in segments indexed by a loop index \p Idx (`config.
  /// mlp_layer_types[layer_idx]` while a model builds its layers): notes
  /// the segment starts as the index's split points, and gives the last
  /// segment's element once the index is at least its start.
  std::optional<Value> segmentAtLoopIndex(const Value &List, const Value &Idx);
  /// The same for a list split by index modulo a stride: notes the stride
  /// for the probes \p Idx involves, and gives the element of its residue
  /// once that is a constant (index Stride * j + r).
  std::optional<Value> stridedAtLoopIndex(const Value &List, const Value &Idx);
  /// The value of constructor parameter \p P of the unit analyzed on its
  /// own when it is the index of the unit's layer in its model's stack
  /// (the profile's [layer_index] section names it), with an assumption
  /// in the report; nullopt for another parameter.
  std::optional<Value> standaloneLayerIndex(const Param &P, const Frame &F);

private:
  Evaluator &Eval;
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_LAYERLISTS_H
