//===- SymbolicElements.h - Stated tensor elements that are sizes -*- C++
//-*-===//
///
/// \file
/// Tensors whose elements are sizes stated as data (`[input_value]`):
/// packed sequences' `cu_seqlens` and a vision encoder's `grid_thw`, one row
/// `[t, h, w]` per image. Their elements (Value::Elems, one Int or Symbol
/// each, row-major for a two-dimensional table) follow them through the
/// integer operations that compute sizes from them, so `tolist()` gives the
/// sizes back. A helper of the Evaluator, private to lib/Interp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_SYMBOLICELEMENTS_H
#define MODCOST_LIB_INTERP_SYMBOLICELEMENTS_H

#include "EvaluatorImpl.h"

#include <optional>
#include <utility>
#include <vector>

namespace modcost {

/// Computes with the stated size elements of the Evaluator \p Eval's
/// tensors.
class SymbolicElements {
public:
  explicit SymbolicElements(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  /// Gives input \p T the elements listed by `input_value.NAME` (`'0,
  /// seq_len'`: formulas, one per element; for a two-dimensional input,
  /// its rows one after the other).
  void statedInputElements(Value &T, llvm::StringRef Name,
                           const ProfileEntry &V);
  /// True for a concrete tensor with an element that is a symbolic size.
  static bool hasSymbolicElements(const Value &V);
  /// The rows and columns of a two-dimensional tensor of known extents
  /// whose elements are all known (a table of sizes, row-major in Elems);
  /// nullopt for any other value.
  static std::optional<std::pair<size_t, size_t>> tableShape(const Value &V);
  /// `L Op R` (`+`, `-`, `*`) on the elements of a tensor with symbolic
  /// elements and an integer, a size or another such tensor.
  std::optional<Value> elementwise(llvm::StringRef Op, const Value &L,
                                   const Value &R);
  /// Gives \p R, the slice `T[Lo:Hi:St]` of a concrete tensor, its elements.
  void slice(const Value &T, const Value &Lo, const Value &Hi, const Value &St,
             Value &R);
  /// The elements of `T[I]` (a row) or `T[:, J]` (a column) of the table
  /// \p T; \p Picks holds one entry per index, nullopt for a whole `:`.
  std::optional<std::vector<Value>>
  pick(const Value &T, llvm::ArrayRef<std::optional<int64_t>> Picks);
  /// A method of a tensor with size elements: `tolist` of a table (a list
  /// of rows), `cumsum`, `expand`/`repeat` of one element.
  std::optional<Value> method(const Value &T, llvm::StringRef M,
                              const CallArgs &Args);
  /// A torch function of tensors with size elements: `repeat_interleave`,
  /// `cumsum`, `pad` of a one-dimensional one by constants, and `tensor`
  /// of a list of sizes.
  std::optional<Value> function(llvm::StringRef Op, const CallArgs &Args);

private:
  /// A one-dimensional int64 tensor of the elements \p Elems.
  Value vector(std::vector<Value> Elems, llvm::StringRef Bytes = "8");
  /// Prefix sums of the elements of \p T (one-dimensional), in the dtype
  /// \p Args give (`cumsum(dim=0, dtype=torch.int32)`), or nullopt.
  std::optional<Value> cumsum(const Value &T, const CallArgs &Args);

  Evaluator &Eval;
  sym::ExprContext &Sym;
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_SYMBOLICELEMENTS_H
