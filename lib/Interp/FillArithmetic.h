//===- FillArithmetic.h - Arithmetic on one-value tensors ------*- C++ -*-===//
///
/// \file
/// A tensor whose every element holds one value (Value::Fill) keeps one
/// value through element-wise arithmetic with numbers and other such
/// tensors, sums along dimensions, rounding and `masked_fill` with a mask
/// that holds one truth value (FillArithmetic.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_FILLARITHMETIC_H
#define MODCOST_LIB_INTERP_FILLARITHMETIC_H

#include "modcost/Interp/EvaluatorTypes.h"
#include "modcost/Interp/Value.h"
#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/StringRef.h"

namespace modcost {

/// The one value of every element of `L Op R` (`+`, `-`, `*`, `/`, `//`)
/// when at least one operand is a tensor and each is a tensor with a Fill
/// or a number or size; null otherwise.
const sym::Expr *elementwiseFill(llvm::StringRef Op, const Value &L,
                                 const Value &R, sym::ExprContext &Sym);

/// A number as a fill value: an int, a bool, a symbol, or a float with an
/// integer value (`torch.full(size, 1.0)`); null otherwise (`-inf`)
/// (TensorFill.cpp).
const sym::Expr *fillOf(const Value &V, sym::ExprContext &Sym);

/// floor(\p E) with the integer part of its constant term taken out, so
/// that `floor(x / 8 + 1)` is `floor(x / 8) + 1` and `floor(x / 2 + 1/2)`
/// is `floor((x - 1) / 2) + 1`, the forms a convolution's output extent
/// takes.
const sym::Expr *floorOf(const sym::Expr *E, sym::ExprContext &Sym);

/// The one value of every element of the result \p R of tensor method \p M
/// of \p T (a reduction along dimensions, rounding, `masked_fill`), set in
/// R.Fill when it is known.
void methodResultFill(const Value &T, llvm::StringRef M, const CallArgs &Args,
                      Value &R, sym::ExprContext &Sym);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_FILLARITHMETIC_H
