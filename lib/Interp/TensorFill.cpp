//===- TensorFill.cpp - The one value a new tensor holds -----------------===//
///
/// \file
/// A tensor made by `torch.ones`, `torch.zeros` or `torch.full(size, v)`
/// (and their `_like` and `new_` forms) holds one value in every element
/// (Value::Fill), the way an input with a stated `[input_value]` does. The
/// code asks about it: Idefics2's vision tower builds its patch mask with
/// `torch.ones(...)` when none is given, and transformers' mask helpers
/// skip the mask `if padding_mask.all()`. A write into such a tensor
/// through its name (`x[i] = v`, `x.masked_fill_(m, v)`, `x.add_(y)`)
/// keeps the value only when the write cannot change it (`x[i] = 1` into
/// ones, `x.fill_(v)` makes it v); otherwise the value is no longer known.
///
//===----------------------------------------------------------------------===//

#include "FillArithmetic.h"
#include "TensorFills.h"

#include "modcost/Symbolic/Expr.h"

#include <cmath>

using namespace llvm;

namespace modcost {

const sym::Expr *fillOf(const Value &V, sym::ExprContext &Sym) {
  if (const sym::Expr *E = integerExpr(V, Sym))
    return E;
  if (V.is(ValueKind::Float) && std::isfinite(V.F) && V.F == std::trunc(V.F) &&
      std::fabs(V.F) < 1e15)
    return Sym.constant(int64_t(V.F));
  return nullptr;
}

const sym::Expr *TensorFills::factoryFill(StringRef Op, const CallArgs &Args) {
  StringRef Base = Op;
  Base.consume_front("new_");
  Base.consume_back("_like");
  if (Base == "ones")
    return Sym.constant(1);
  if (Base == "zeros")
    return Sym.constant(0);
  if (Base != "full")
    return nullptr;
  // full(size, v), full_like(x, v), x.new_full(size, v): the second
  // positional argument or `fill_value=`.
  if (std::optional<Value> V = Args.keyword("fill_value"))
    return fillOf(*V, Sym);
  if (Args.Positional.size() >= 2)
    return fillOf(Args.arg(1), Sym);
  return nullptr;
}

/// The name or attribute a write through \p Target reaches: `x` of `x`,
/// `x[0]`, `x[:, 0][1]` or `x.view(-1)`; null if it is none (a call's
/// result).
static const Expr *writtenRoot(const Expr &Target) {
  const Expr *E = &Target;
  while (true) {
    if (E->Kind == ExprKind::Subscript)
      E = E->op(0);
    else if (E->Kind == ExprKind::Call && E->callee() &&
             E->callee()->Kind == ExprKind::Attribute)
      E = E->callee()->op(0); // A view's method (or a copy: then too wary).
    else
      break;
  }
  return E->Kind == ExprKind::Name || E->Kind == ExprKind::Attribute ? E
                                                                     : nullptr;
}

void TensorFills::rebindFill(const Expr &Target, const Value &Before,
                             const sym::Expr *After, Frame &F) {
  if (!Before.is(ValueKind::Tensor) || Before.Fill == After)
    return;
  const Expr *Root = writtenRoot(Target);
  if (!Root)
    return;
  if (Root == &Target) {
    Value V = Before;
    V.Fill = After;
    V.TrueCount = nullptr; // Some elements changed: the count is not known.
    Eval.assign(Target, V, F);
    return;
  }
  // A write into a view (`x[0][:, 1] = v`, `x[:, 0].zero_()`) changes some
  // elements of the tensor the name holds: their value stays known only if
  // it is the one all hold.
  Value V = Eval.eval(*Root, F);
  if (!V.is(ValueKind::Tensor) || !V.Fill || V.Fill == After)
    return;
  V.Fill = nullptr;
  V.TrueCount = nullptr;
  Eval.assign(*Root, V, F);
}

void TensorFills::storeFill(const Expr &Target, const Value &Base,
                            const Value &Stored, Frame &F) {
  if (!Base.Fill)
    return;
  const sym::Expr *S =
      Stored.is(ValueKind::Tensor) ? Stored.Fill : fillOf(Stored, Sym);
  // Storing the value the tensor already holds everywhere changes nothing.
  rebindFill(Target, Base, S == Base.Fill ? Base.Fill : nullptr, F);
}

void TensorFills::inPlaceFill(const Expr &Receiver, const Value &T, StringRef M,
                              const CallArgs &Args, Frame &F) {
  if (!T.Fill || !M.ends_with("_") || M.starts_with("_"))
    return;
  // Methods that change the tensor's flags, not its elements.
  if (M == "requires_grad_" || M == "share_memory_" || M == "retain_grad_" ||
      M == "pin_memory_")
    return;
  const sym::Expr *After = nullptr;
  if (M == "zero_")
    After = Sym.constant(0);
  else if (M == "fill_" && !Args.Positional.empty())
    After = fillOf(Args.arg(0), Sym);
  else if (M == "masked_fill_" && Args.Positional.size() >= 2 &&
           fillOf(Args.arg(1), Sym) == T.Fill)
    After = T.Fill; // Fills some elements with the value all hold.
  rebindFill(Receiver, T, After, F);
}

const sym::Expr *TensorFills::sumOfFill(const Value &T) {
  if (!T.is(ValueKind::Tensor) || !T.Fill)
    return nullptr;
  const sym::Expr *N = Eval.extentOfAll(T);
  return N ? Sym.mul(T.Fill, N) : nullptr;
}

std::optional<bool> TensorFills::decideFillComparison(const Value &L,
                                                      StringRef Op,
                                                      const Value &R,
                                                      std::string &Why) {
  // Each side's one value: a filled tensor's, or a number or size.
  auto One = [&](const Value &V) -> const sym::Expr * {
    if (V.is(ValueKind::Tensor))
      return V.Fill;
    return integerExpr(V, Sym);
  };
  if (!L.is(ValueKind::Tensor) && !R.is(ValueKind::Tensor))
    return std::nullopt;
  const sym::Expr *A = One(L), *B = One(R);
  if (!A || !B)
    return std::nullopt;
  std::optional<bool> D;
  std::string DiffWhy;
  if (A->isConstant() && B->isConstant()) {
    sym::Rational X = A->getConstantValue(), Y = B->getConstantValue();
    if (Op == "==" || Op == "!=")
      D = (X == Y) == (Op == "==");
    else if (Op == "<" || Op == ">=")
      D = (X < Y) == (Op == "<");
    else if (Op == ">" || Op == "<=")
      D = (X > Y) == (Op == ">");
  } else {
    D = decideByDifference(A, Op, B, Sym, DiffWhy);
  }
  if (!D)
    return std::nullopt;
  Why = "every element of the tensor holds " +
        (L.is(ValueKind::Tensor) ? A : B)->str() + ", so `" + A->str() + " " +
        Op.str() + " " + B->str() + "` is " + (*D ? "true" : "false") +
        " for each" + (DiffWhy.empty() ? "" : " (" + DiffWhy + ")");
  return D;
}

} // namespace modcost
