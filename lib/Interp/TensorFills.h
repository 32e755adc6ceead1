//===- TensorFills.h - The one value a new tensor holds ---------*- C++ -*-===//
///
/// \file
/// The element value every element of a tensor made by `torch.ones`,
/// `torch.zeros` or `torch.full` holds (Value::Fill), kept through writes
/// that cannot change it and used to decide comparisons (TensorFill.cpp).
/// A helper of the Evaluator, private to lib/Interp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_TENSORFILLS_H
#define MODCOST_LIB_INTERP_TENSORFILLS_H

#include "EvaluatorImpl.h"

#include <optional>
#include <string>

namespace modcost {

/// Tracks the one value the tensors of the Evaluator \p Eval hold.
class TensorFills {
public:
  using Frame = Evaluator::Frame;

  explicit TensorFills(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  /// A comparison of a tensor every element of which holds one known
  /// value (Value::Fill) with a number, a size or another such tensor:
  /// the same for every element when the difference settles it
  /// (`tensor.sum() == tensor.numel()` of an all-ones mask).
  std::optional<bool> decideFillComparison(const Value &L, llvm::StringRef Op,
                                           const Value &R, std::string &Why);
  /// The sum of every element of \p T, when all hold one value: that
  /// value times the number of elements (null if not known).
  const sym::Expr *sumOfFill(const Value &T);
  /// The one value every element of factory \p Op's result holds
  /// (`torch.ones` 1, `torch.zeros` 0, `torch.full(size, v)` v, their
  /// `_like` and `new_` forms), or null.
  const sym::Expr *factoryFill(llvm::StringRef Op, const CallArgs &Args);
  /// `Target[...] = Stored` into the tensor \p Base.
  void storeFill(const Expr &Target, const Value &Base, const Value &Stored,
                 Frame &F);
  /// In-place method \p M of the tensor \p T that \p Receiver names.
  void inPlaceFill(const Expr &Receiver, const Value &T, llvm::StringRef M,
                   const CallArgs &Args, Frame &F);

private:
  /// After a write into the tensor \p Before that \p Target names (`x` of
  /// `x[i] = v` or `x.masked_fill_(...)`): rebinds it with \p After as its
  /// one element value (null: no longer known).
  void rebindFill(const Expr &Target, const Value &Before,
                  const sym::Expr *After, Frame &F);

  Evaluator &Eval;
  sym::ExprContext &Sym;
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_TENSORFILLS_H
