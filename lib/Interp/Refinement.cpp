//===- Refinement.cpp - What a decided condition says about a tensor ------===//
///
/// \file
/// A decided shape comparison tells the evaluator a shape: once
/// `mask.size() != shape_` is known false (its `then` branch raises) or
/// `x.shape == (b, t)` known true, the tensor named on the left has that
/// shape on the path that continues. Its unknown dimensions, and its
/// symbolic ones where the other side is a constant, take the other side's
/// extents (wav2vec2's SelfAttention refines a profile-shaped
/// `attention_mask` of [batch_size, 1, seq_len, seq_len] to the
/// [2, 1, 16, 16] its guard states).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The local named by `NAME.size()` or `NAME.shape`, or "".
static StringRef shapeOfName(const Expr &E) {
  const Expr *Obj = nullptr;
  if (E.Kind == ExprKind::Attribute && E.Name == "shape")
    Obj = E.op(0);
  else if (E.Kind == ExprKind::Call && E.numOps() == 1 &&
           E.op(0)->Kind == ExprKind::Attribute && E.op(0)->Name == "size")
    Obj = E.op(0)->op(0);
  return Obj && Obj->Kind == ExprKind::Name ? StringRef(Obj->Name)
                                            : StringRef();
}

void Evaluator::refineFromComparison(const Expr &Cond, bool Holds, Frame &F) {
  if (Cond.Kind != ExprKind::Compare || Cond.numOps() != 2 ||
      Cond.CompareOps.size() != 1)
    return;
  StringRef Op = Cond.CompareOps[0];
  // Equal shapes: `==` that holds or `!=` that does not.
  if (!((Op == "==" && Holds) || (Op == "!=" && !Holds)))
    return;
  for (size_t Side = 0; Side < 2; ++Side) {
    StringRef Name = shapeOfName(*Cond.op(Side));
    auto It = Name.empty() ? F.Locals.end() : F.Locals.find(Name);
    if (It == F.Locals.end() || !It->second.is(ValueKind::Tensor))
      continue;
    Value Shape = eval(*Cond.op(1 - Side), F);
    if (!Shape.is(ValueKind::Tuple) || Shape.RepeatCount)
      continue;
    Value &T = It->second;
    size_t Rank = Shape.Elems.size();
    if (T.DimsKnown && T.Dims.size() != Rank)
      continue;
    if (!T.DimsKnown)
      T.Dims.assign(Rank, nullptr);
    bool Changed = false;
    for (size_t I = 0; I < Rank; ++I) {
      const sym::Expr *D = dimExpr(Shape.Elems[I]);
      const sym::Expr *Old = T.Dims[I];
      if (D && (!Old || (!Old->isConstant() && D->isConstant()))) {
        T.Dims[I] = D;
        Changed = true;
      }
    }
    T.DimsKnown = true;
    T.Rank = int(Rank);
    if (Changed)
      T.Why = joinWhy(T.Why, "its shape is `" + Cond.op(1 - Side)->Text.str() +
                                 "`, as `" + Cond.Text.str() + "` is " +
                                 (Holds ? "true" : "false") + " at " +
                                 location(Cond.Range));
  }
}

} // namespace modcost
