//===- FillArithmetic.cpp - Arithmetic on one-value tensors ---------------===//
///
/// \file
/// A mask with no padding is all ones (`[input_value] attention_mask = 1`),
/// and speech encoders turn it into per-sequence lengths and back into a
/// mask: SeamlessM4T's conformer adapter computes
/// `attention_mask.size(1) - (1 - attention_mask.int()).sum(1)` (every
/// length is the full extent), subsamples it as its convolution does,
/// `((seq_lens + 2 * pad - kernel_size) / stride + 1).floor()`, and masks
/// `torch.arange(mask_seq_len) >= seq_lens` (IndexBounds.cpp). Every step
/// keeps one value per element here, so the new mask is again all ones and
/// transformers' mask helpers skip it (`padding_mask.all()`), as they do
/// at run time.
///
/// Element-wise `+ - * / //` of such tensors and numbers or sizes, a sum
/// along dimensions (the value times the extents summed), mean/max/min
/// along dimensions (the value), floor/ceil, and `masked_fill` with a mask
/// whose every element is one truth value keep the value; anything else
/// drops it (the value is data, not known).
///
//===----------------------------------------------------------------------===//

#include "FillArithmetic.h"

#include "EvaluatorImpl.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace modcost {

/// The one value of \p V as an element: a tensor's Fill, an int, bool or
/// size, or a float with an integer value; null otherwise.
static const sym::Expr *oneValue(const Value &V, sym::ExprContext &Sym) {
  return V.is(ValueKind::Tensor) ? V.Fill : fillOf(V, Sym);
}

const sym::Expr *floorOf(const sym::Expr *E, sym::ExprContext &Sym) {
  if (E->isIntegral())
    return E;
  if (E->isConstant())
    return Sym.constant(sym::Rational(E->getConstantValue().floor()));
  // floor(A + k) = floor(A) + k for an integer k: take out the smallest
  // integer at or above the constant term, leaving a remainder in (-1, 0].
  sym::Rational C(0);
  if (E->getKind() == sym::ExprKind::Add)
    for (const sym::Expr *T : E->operands())
      if (T->isConstant())
        C = T->getConstantValue();
  const sym::Expr *K = Sym.constant(sym::Rational(C.ceil()));
  return Sym.add(Sym.floorDiv(Sym.sub(E, K), Sym.getOne()), K);
}

const sym::Expr *elementwiseFill(StringRef Op, const Value &L, const Value &R,
                                 sym::ExprContext &Sym) {
  if (!L.is(ValueKind::Tensor) && !R.is(ValueKind::Tensor))
    return nullptr;
  const sym::Expr *A = oneValue(L, Sym), *B = oneValue(R, Sym);
  if (!A || !B)
    return nullptr;
  if (Op == "+")
    return Sym.add(A, B);
  if (Op == "-")
    return Sym.sub(A, B);
  if (Op == "*")
    return Sym.mul(A, B);
  if ((Op == "/" || Op == "//") && B->isConstant() && !B->isZero()) {
    const sym::Expr *Q = Sym.div(A, B);
    return Op == "//" ? floorOf(Q, Sym) : Q;
  }
  return nullptr;
}

void methodResultFill(const Value &T, StringRef M, const CallArgs &Args,
                      Value &R, sym::ExprContext &Sym) {
  if (!R.is(ValueKind::Tensor) || R.Fill)
    return;
  if (M == "masked_fill" && T.Fill && !Args.Positional.empty()) {
    // Where the mask holds False nothing changes; where it holds True
    // every element becomes the value.
    const Value &Mask = Args.arg(0);
    Value Fill = Args.keyword("value").value_or(Args.arg(1));
    if (!Mask.is(ValueKind::Tensor) || !Mask.Fill || !Mask.Fill->isConstant())
      return;
    R.Fill = Mask.Fill->isZero() ? T.Fill : oneValue(Fill, Sym);
    return;
  }
  if (!T.Fill)
    return;
  if (M == "floor") {
    R.Fill = floorOf(T.Fill, Sym);
    return;
  }
  if (M == "ceil") {
    R.Fill = Sym.neg(floorOf(Sym.neg(T.Fill), Sym));
    return;
  }
  if (M == "add" || M == "sub" || M == "mul" || M == "div") {
    if (Args.Positional.size() != 1 || !Args.Keywords.empty())
      return; // alpha=, rounding_mode=
    StringRef Op = M == "add" ? "+" : M == "sub" ? "-" : M == "mul" ? "*" : "/";
    R.Fill = elementwiseFill(Op, T, Args.arg(0), Sym);
    return;
  }
  // Reductions along dimensions: R has the dimensions that are left.
  if (!T.DimsKnown || !R.DimsKnown || is_contained(T.Dims, nullptr) ||
      is_contained(R.Dims, nullptr))
    return;
  if (M == "mean" || M == "amax" || M == "amin")
    R.Fill = T.Fill;
  else if (M == "sum")
    R.Fill = Sym.mul(T.Fill, Sym.div(Sym.mul(T.Dims), Sym.mul(R.Dims)));
}

} // namespace modcost
