//===- ContainerUses.cpp - Modules of self an input reaches ---------------===//
///
/// \file
/// The submodules an input's first consumer can be, as InputInference.cpp
/// looks for it: `self.ATTR` and `self.ATTR[K]` called, the first module a
/// loop over a container calls, and a loop over a container built empty,
/// which calls nothing.
///
//===----------------------------------------------------------------------===//

#include "ContainerUses.h"

using namespace llvm;

namespace modcost {

bool isSelfAttr(const Expr &E) {
  return E.Kind == ExprKind::Attribute && E.op(0)->Kind == ExprKind::Name &&
         E.op(0)->Name == "self";
}

bool isSelfItem(const Expr &E) {
  return E.Kind == ExprKind::Subscript && E.numOps() == 2 &&
         isSelfAttr(*E.op(0)) && E.op(1)->Kind == ExprKind::Int;
}

/// The value of attribute `self.NAME` that \p E spells, or null.
static const Value *selfAttrValue(const Expr &E, const ObjectState &Self) {
  if (!isSelfAttr(E))
    return nullptr;
  auto It = Self.Attrs.find(E.Name);
  return It == Self.Attrs.end() ? nullptr : &It->second;
}

/// The iterable of a `for` statement \p S, seen through `enumerate(...)`.
static const Expr *loopIterable(const Stmt &S) {
  const Expr *Iter = S.Exprs[1].get();
  if (Iter->Kind == ExprKind::Call && Iter->numOps() == 2 &&
      Iter->callee()->Kind == ExprKind::Name &&
      Iter->callee()->Name == "enumerate")
    return Iter->op(1);
  return Iter;
}

const ObjectState *selfItem(const Expr &E, const ObjectState &Self) {
  unsigned long long K = 0;
  if (!isSelfItem(E) || getAsUnsignedInteger(E.op(1)->Text, 10, K))
    return nullptr;
  const Value *Attr = selfAttrValue(*E.op(0), Self);
  if (!Attr)
    return nullptr;
  const Value &C = *Attr;
  const std::vector<Value> *Items = C.is(ValueKind::Tuple) ? &C.Elems
                                    : C.is(ValueKind::Object) && C.Obj
                                        ? &C.Obj->Items
                                        : nullptr;
  if (!Items || K >= Items->size() || !(*Items)[K].is(ValueKind::Object))
    return nullptr;
  return (*Items)[K].Obj.get();
}

const ObjectState *
firstShapingModule(ArrayRef<Value> Items,
                   function_ref<bool(const ObjectState &)> KeepsShape) {
  if (Items.empty() || !Items.front().is(ValueKind::Object))
    return nullptr;
  for (const Value &V : Items) {
    if (!V.is(ValueKind::Object) || !V.Obj)
      break;
    if (!KeepsShape(*V.Obj))
      return V.Obj.get();
  }
  return Items.front().Obj.get();
}

const ObjectState *
loopModule(const Stmt &S, const ObjectState *Self, StringRef &Var,
           function_ref<bool(const ObjectState &)> KeepsShape) {
  if (S.Kind != StmtKind::For || S.Exprs.size() < 2 || !Self)
    return nullptr;
  const Expr *Target = S.Exprs[0].get();
  const Expr &Iter = *loopIterable(S);
  if (&Iter != S.Exprs[1].get()) {
    // `for i, M in enumerate(...)`: M.
    if (Target->Kind != ExprKind::Tuple || Target->numOps() != 2)
      return nullptr;
    Target = Target->op(1);
  }
  if (Target->Kind != ExprKind::Name)
    return nullptr;
  Var = Target->Name;
  if (Iter.Kind == ExprKind::Name && Iter.Name == "self")
    return firstShapingModule(Self->Items, KeepsShape);
  const Value *Attr = selfAttrValue(Iter, *Self);
  if (!Attr)
    return nullptr;
  const Value &V = *Attr;
  if (V.is(ValueKind::Tuple))
    return firstShapingModule(V.Elems, KeepsShape);
  if (V.is(ValueKind::Object) && V.Obj)
    return firstShapingModule(V.Obj->Items, KeepsShape);
  return nullptr;
}

bool loopsOverNothing(const Stmt &S, const ObjectState *Self) {
  if (S.Kind != StmtKind::For || S.Exprs.size() < 2 || !Self)
    return false;
  const Value *Attr = selfAttrValue(*loopIterable(S), *Self);
  if (!Attr)
    return false;
  const Value &V = *Attr;
  if (V.is(ValueKind::Tuple))
    return V.Elems.empty();
  // ItemsKnown is set on containers only (ModuleContainers.cpp).
  return V.is(ValueKind::Object) && V.Obj && V.Obj->Items.empty() &&
         V.Obj->ItemsKnown;
}

} // namespace modcost
