//===- LayerIndex.cpp - Per-layer lists and a layer analyzed alone --------===//
///
/// \file
/// Which kind of layer a layer is: a model's config lists it per layer
/// (`config.layer_types`, `config.mlp_layer_types`), derived by the config
/// class from a pattern (`["sliding_attention" if (i + 1) % 6 else
/// "full_attention" for i in range(num_hidden_layers)]`, `["dense"] * k +
/// ["sparse"] * (num_hidden_layers - k)`), and the layer reads its entry by
/// the index its model built it with (`config.layer_types[layer_idx]`).
///
/// Such a list has a symbolic length. A comprehension over `range(n)` keeps
/// how it built its element, so a constant index rebuilds the element at
/// that index; `[x] * n` and a known list followed by one are lists in
/// pieces (SequencePieces.cpp), whose constant index falls in a known one.
///
/// A layer (decoder layer, attention, MLP) analyzed on its own is built by
/// no model, so nothing passes its index: the profile's `[layer_index]`
/// section binds it (the first layer, index 0), and the report says so.
///
//===----------------------------------------------------------------------===//

#include "LayerLists.h"

#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

/// At most this many comprehensions keep a recipe in one evaluation.
static constexpr size_t MaxElementRecipes = 4096;

/// True for a value that rebuilding cannot duplicate: a number, a string,
/// None, or a tuple of them (not a module, a tensor or another object).
static bool isPlainElement(const Value &V) {
  if (V.is(ValueKind::Tuple))
    return !V.RepeatCount && llvm::all_of(V.Elems, isPlainElement);
  return V.is(ValueKind::Int) || V.is(ValueKind::Float) ||
         V.is(ValueKind::Bool) || V.is(ValueKind::Str) ||
         V.is(ValueKind::None) || V.is(ValueKind::Symbol) || V.isUnknown();
}

void LayerLists::keepElementRecipe(Value &List, const Expr &E, const Frame &F,
                                   const Value &Iter) {
  if (!List.is(ValueKind::Tuple) || !List.RepeatCount || E.Op == "dict" ||
      E.numOps() != 2 || Iter.Elems.size() != 1 || !Iter.Elems[0].MinValue ||
      Eval.ElementRecipes.size() >= MaxElementRecipes ||
      !llvm::all_of(List.Elems, isPlainElement))
    return;
  Eval.ElementRecipes.push_back(
      {&E, std::make_shared<Frame>(F), *Iter.Elems[0].MinValue});
  List.ElementRecipe = int(Eval.ElementRecipes.size() - 1);
}

std::optional<Value> LayerLists::repeatedElementAt(const Value &List,
                                                   int64_t K) {
  if (!List.is(ValueKind::Tuple) || !List.RepeatCount || K < 0)
    return std::nullopt;
  if (List.ElementRecipe >= 0 &&
      size_t(List.ElementRecipe) < Eval.ElementRecipes.size()) {
    // Copied: evaluating may add recipes, moving the vector.
    Evaluator::ElementRecipe R =
        Eval.ElementRecipes[size_t(List.ElementRecipe)];
    Frame Inner = *R.Scope;
    Eval.assign(
        *R.Comprehension->op(1)->op(0),
        Value::integer(R.Start + K, "element " + std::to_string(K) + " of `" +
                                        R.Comprehension->Text.str() + "`"),
        Inner);
    // Off the priced path, as the comprehension ran (ConfigDerived.cpp).
    ++Eval.Suppress;
    Value V = Eval.eval(*R.Comprehension->op(0), Inner);
    --Eval.Suppress;
    return V;
  }
  if (List.Segments.size() != List.Elems.size())
    return std::nullopt;
  if (List.SegmentStride)
    return List.Elems[size_t(K % List.SegmentStride)];
  // The segments before the last one have constant lengths: the index is
  // in one of them, or in the last (an index past the list raises).
  int64_t At = 0;
  for (size_t I = 0; I < List.Elems.size(); ++I) {
    if (I + 1 == List.Elems.size())
      return List.Elems[I];
    std::optional<int64_t> N = sym::integerValue(List.Segments[I]);
    if (!N)
      return std::nullopt;
    if (K < At + *N)
      return List.Elems[I];
    At += *N;
  }
  return std::nullopt;
}

std::optional<Value> LayerLists::segmentAtLoopIndex(const Value &List,
                                                    const Value &Idx) {
  if (List.SegmentStride && List.Segments.size() == List.Elems.size() &&
      Idx.is(ValueKind::Symbol) && Idx.Sym)
    return stridedAtLoopIndex(List, Idx);
  if (!List.is(ValueKind::Tuple) || !List.RepeatCount ||
      List.Elems.size() < 2 || List.Segments.size() != List.Elems.size() ||
      plainLoopIndex(Idx).empty())
    return std::nullopt;
  // Where each segment after the first starts.
  std::vector<int64_t> Starts;
  int64_t At = 0;
  for (size_t I = 0; I + 1 < List.Elems.size(); ++I) {
    std::optional<int64_t> N = sym::integerValue(List.Segments[I]);
    if (!N)
      return std::nullopt;
    At += *N;
    Starts.push_back(At);
  }
  // `list[i]` tells the segments apart as `i >= start` would.
  for (auto &[Name, Splits] : Eval.IndexProbes)
    if (Name == Idx.Sym->getName())
      for (int64_t S : Starts)
        Splits->addComparison(">=", S, /*IndexOnLeft=*/true);
  if (Idx.MinValue && *Idx.MinValue >= Starts.back())
    return List.Elems.back();
  return std::nullopt;
}

std::optional<Value> LayerLists::stridedAtLoopIndex(const Value &List,
                                                    const Value &Idx) {
  int64_t Stride = List.SegmentStride;
  // `list[i]` tells the residues apart as `i % Stride` would.
  for (auto &[Name, Splits] : Eval.IndexProbes)
    if (is_contained(sym::freeSymbols(Idx.Sym), StringRef(Name)))
      Splits->addModulus(Stride);
  std::optional<int64_t> R = sym::integerValue(
      divideLoopIndexForm(Idx.Sym, Stride, /*Remainder=*/true, Eval.Sym));
  if (!R || *R < 0 || size_t(*R) >= List.Elems.size())
    return std::nullopt;
  return List.Elems[size_t(*R)];
}

std::optional<Value> LayerLists::standaloneLayerIndex(const Param &P,
                                                      const Frame &F) {
  // Only a parameter nothing gives a value: no default, or None (the
  // model always passes the index it builds the layer with).
  if (P.Default && P.Default->Text != "None")
    return std::nullopt;
  const ProfileEntry *Entry = Eval.Profile.get("layer_index", P.Name);
  if (!Entry)
    return std::nullopt;
  if (!F.Self)
    return std::nullopt;
  Value V = Entry->Val;
  std::string Shown = V.str();
  V.Why = "`" + P.Name + "` = " + Shown + ": the layer analyzed on its own (" +
          Entry->Origin + ")";
  std::string Note =
      "`" + P.Name + "` = " + Shown + " (profile layer_index." + P.Name + ", " +
      Entry->Origin + "): `" + F.Self->ClassName +
      "` is analyzed as the layer at index " + Shown +
      " of its model's stack; --set " + P.Name + "=N prices another";
  if (!is_contained(Eval.Result.Assumptions, Note))
    Eval.Result.Assumptions.push_back(Note);
  return V;
}

} // namespace modcost
