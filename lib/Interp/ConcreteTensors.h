//===- ConcreteTensors.h - Small tensors whose values are known -*- C++ -*-===//
///
/// \file
/// The operations on a tensor whose values are known (a concrete tensor:
/// Value::Elems holds one number per element, ConcreteNumbers.h) that
/// compute its values: element-wise arithmetic, torch functions and
/// methods, `tolist`/`item` (ConcreteTensors.cpp), and the constructors,
/// splits, iteration and reductions of ConcreteFactories.cpp. A helper of
/// the Evaluator, private to lib/Interp; it keeps no state of its own.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_CONCRETETENSORS_H
#define MODCOST_LIB_INTERP_CONCRETETENSORS_H

#include "EvaluatorImpl.h"

#include <optional>

namespace modcost {

/// Computes the values of concrete tensors for the Evaluator \p Eval (its
/// symbols and diagnostics).
class ConcreteTensors {
public:
  explicit ConcreteTensors(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  // Small tensors whose values are known (ConcreteTensors.cpp).
  /// True for a one-dimensional tensor whose values are known (Elems).
  static bool isConcreteTensor(const Value &V);
  /// `L Op R` on the values of a concrete tensor and a number or another
  /// concrete tensor; nullopt unless one operand is concrete and all are
  /// known.
  std::optional<Value> concreteBinary(llvm::StringRef Op, const Value &L,
                                      const Value &R);
  /// `torch.arange`/`tensor` of known numbers, and element-wise torch
  /// functions (`log`, `round`, `pow`, `divide`, `diff`) of concrete
  /// tensors.
  std::optional<Value> concreteFunction(llvm::StringRef Op,
                                        const CallArgs &Args);
  /// A method of tensor \p T on its values: `tolist`, `item` (unknown with
  /// a warning at \p Call when the values are not known), casts and the
  /// element-wise ones.
  std::optional<Value> concreteMethod(const Value &T, llvm::StringRef M,
                                      const CallArgs &Args, const Expr &Call);
  // Known values through constructors (ConcreteFactories.cpp).
  /// `torch.Tensor(data)` of a known list or array: a float32 copy.
  std::optional<Value> concreteTensorClass(const CallArgs &Args);
  /// Iterating a concrete tensor: a tuple of its elements, each a
  /// zero-dimensional concrete tensor.
  std::optional<Value> concreteElements(const Value &T);

private:
  Evaluator &Eval;
  sym::ExprContext &Sym;

  /// The element-wise function \p Op (`log`, `exp`, `round`, `abs`, ...,
  /// `diff`, `cumsum`) of concrete tensor \p T; nullopt for another op.
  std::optional<Value> concreteUnary(llvm::StringRef Op, const Value &T);
  /// `torch.rand(n)` of a known length (no dtype): by convention each
  /// element takes its expectation, 1/2, so `int(x + torch.rand(1))`, a
  /// probabilistic rounding whose expectation is x, rounds x to the nearest
  /// integer. Recorded as an assumption naming the call.
  std::optional<Value> concreteRand(const CallArgs &Args);
  /// `torch.linspace(start, end, steps)` of known numbers, in float32.
  std::optional<Value> concreteLinspace(const CallArgs &Args);
  /// `torch.tensor(t)`/`as_tensor`/`from_numpy` of a concrete tensor.
  std::optional<Value> concreteCopy(const Value &T);
  /// `t.split(size | sizes)` of a concrete tensor: its concrete pieces.
  std::optional<Value> concreteSplit(const Value &T, const CallArgs &Args);
  /// `sum`/`prod`/`max`/`min`/`mean` over all elements of a concrete tensor.
  std::optional<Value> concreteReduction(const Value &T, llvm::StringRef M,
                                         const CallArgs &Args);
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_CONCRETETENSORS_H
