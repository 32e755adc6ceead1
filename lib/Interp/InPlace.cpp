//===- InPlace.cpp - Lists and dicts changed in place
//----------------------===//
///
/// \file
/// Python lists and dicts are shared by reference; the interpreter's values
/// are copies. What a function changes in place (`kwargs[k] = v`,
/// `kwargs.pop(k)`, `layers.append(m)`, `layers += [...]`) is marked on its
/// frame (Frame::MutatedInPlace) and written back to the caller's names
/// after the call (applyCopyOut), so a builder's helper that overwrites a
/// keyword argument (`_ovewrite_named_param(kwargs, "groups", 32)`) is
/// seen by the builder.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// `xs.pop()` / `xs.pop(i)` on the list \p L of known length (HDemucs'
/// decoder pops its skip connections and lengths): removes and returns the
/// element; an index that is not a known int makes the list unknown.
static Value popListItem(const Expr &E, Value &L, const CallArgs &Args) {
  int64_t N = int64_t(L.Elems.size());
  Value Index = Args.Positional.empty() ? Value::integer(-1) : Args.arg(0);
  if (L.RepeatCount || Args.Positional.size() > 1 ||
      !Index.is(ValueKind::Int) || N == 0) {
    L = Value::unknown("`" + E.Text.str() +
                       "` pops from a list whose items are not known");
    return Value::unknown();
  }
  int64_t I = Index.I < 0 ? Index.I + N : Index.I;
  if (I < 0 || I >= N)
    return Value::unknown("`" + E.Text.str() + "` pops past the list's end");
  Value V = L.Elems[size_t(I)];
  L.Elems.erase(L.Elems.begin() + I);
  return V;
}

std::optional<Value> Evaluator::callDictPop(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.Name == "pop") {
    auto It = F.Locals.find(Callee.op(0)->Name);
    if (It != F.Locals.end() && It->second.is(ValueKind::Tuple) &&
        It->second.Keys.empty()) {
      CallArgs Args = evalArgs(E, F);
      It = F.Locals.find(Callee.op(0)->Name); // Arguments may rehash.
      if (It == F.Locals.end())
        return Value::unknown();
      F.MutatedInPlace.insert(Callee.op(0)->Name);
      return popListItem(E, It->second, Args);
    }
    if (It != F.Locals.end() && It->second.is(ValueKind::Dict)) {
      CallArgs Args = evalArgs(E, F);
      It = F.Locals.find(Callee.op(0)->Name); // Arguments may rehash.
      if (It == F.Locals.end())
        return Value::unknown();
      Value &D = It->second;
      if (Args.Positional.empty() || !Args.Positional[0].is(ValueKind::Str) ||
          !Args.Positional[0].StrExact) {
        D = Value::unknown("`" + E.Text.str() +
                           "` pops a key that is not "
                           "known");
        return Value::unknown();
      }
      F.MutatedInPlace.insert(Callee.op(0)->Name);
      auto K = llvm::find(D.Keys, Args.Positional[0].Name);
      if (K == D.Keys.end())
        return Args.Positional.size() > 1 ? Args.Positional[1]
                                          : Value::unknown();
      size_t I = K - D.Keys.begin();
      Value V = D.Elems[I];
      D.Keys.erase(D.Keys.begin() + I);
      D.Elems.erase(D.Elems.begin() + I);
      return V;
    }
  }
  return std::nullopt;
}

void Evaluator::applyCopyOut(const Expr &Call, Frame &F) {
  if (CopyOut.empty() || CopyOutSite != &Call)
    return;
  std::vector<const Expr *> Positional;
  for (size_t I = 1; I < Call.numOps(); ++I) {
    const Expr &Arg = *Call.op(I);
    if (Arg.Kind == ExprKind::Starred)
      break; // Positions after a splat are not known statically.
    if (Arg.Kind != ExprKind::Keyword && Arg.Kind != ExprKind::DoubleStarred)
      Positional.push_back(&Arg);
  }
  for (auto &[Index, V] : CopyOut) {
    if (Index >= Positional.size() || Positional[Index]->Kind != ExprKind::Name)
      continue;
    auto It = F.Locals.find(Positional[Index]->Name);
    if (It == F.Locals.end() || It->second.Kind != V.Kind)
      continue;
    It->second = std::move(V);
    F.MutatedInPlace.insert(Positional[Index]->Name);
  }
  CopyOut.clear();
}

/// Stores \p V under \p Key in the dict or list \p C; false when \p C is
/// neither (then nothing changes).
static bool storeInto(Value &C, const Value &Key, const Value &V,
                      const Expr &Target) {
  if (C.is(ValueKind::Dict)) {
    if (!Key.is(ValueKind::Str) || !Key.StrExact) {
      C = Value::unknown("`" + Target.Text.str() +
                         "` stores under a key "
                         "that is not known");
      return true;
    }
    auto K = llvm::find(C.Keys, Key.Name);
    if (K != C.Keys.end())
      C.Elems[K - C.Keys.begin()] = V;
    else {
      C.Keys.push_back(Key.Name);
      C.Elems.push_back(V);
    }
    return true;
  }
  if (C.is(ValueKind::Tuple) && !C.RepeatCount) {
    int64_t N = int64_t(C.Elems.size());
    if (!Key.is(ValueKind::Int) || Key.I >= N || Key.I < -N) {
      C = Value::unknown("`" + Target.Text.str() +
                         "` stores at an index "
                         "that is not known");
      return true;
    }
    C.Elems[Key.I < 0 ? Key.I + N : Key.I] = V;
    return true;
  }
  return false;
}

void Evaluator::storeItem(const Expr &Target, const Value &V, Frame &F) {
  if (Target.numOps() < 2)
    return;
  const Expr &Base = *Target.op(0);
  // `self._modules[name] = module`: a dict held by an object's attribute
  // (transformers' lazy auto mappings cache the modules they import).
  if (Base.Kind == ExprKind::Attribute) {
    Value Owner = eval(*Base.op(0), F);
    Value Key = eval(*Target.op(1), F);
    if (!Owner.is(ValueKind::Object))
      return;
    auto It = Owner.Obj->Attrs.find(Base.Name);
    if (It != Owner.Obj->Attrs.end())
      storeInto(It->second, Key, V, Target);
    else if (Base.Name == "_modules" && isTorchModule(Owner) &&
             Key.is(ValueKind::Str) && Key.StrExact) {
      // `model._modules[name] = new_module` (DETR's replace_batch_norm
      // swaps a backbone's BatchNorm2d for a frozen one): torch keeps a
      // module's submodules in `_modules`, so the store replaces submodule
      // `name` (a container's item keeps its position), or adds it.
      ObjectState &O = *Owner.Obj;
      auto Item = find(O.ItemNames, Key.Name);
      if (isContainer(O) && !O.ItemsRepeat &&
          O.ItemNames.size() == O.Items.size() && Item != O.ItemNames.end()) {
        O.Items[Item - O.ItemNames.begin()] = V;
        O.setAttr(Key.Name, V);
      } else {
        addSubmodule(O, Key, V);
      }
    }
    return;
  }
  // `d["a"]["b"] = v`: the inner dict changes, then is stored in its own.
  if (Base.Kind == ExprKind::Subscript) {
    Value Inner = eval(Base, F);
    Value Key = eval(*Target.op(1), F);
    if ((Inner.is(ValueKind::Dict) || Inner.is(ValueKind::Tuple)) &&
        storeInto(Inner, Key, V, Target))
      storeItem(Base, Inner, F);
    return;
  }
  if (Base.Kind != ExprKind::Name)
    return;
  Value Key = eval(*Target.op(1), F); // May bind names: before the lookup.
  auto It = F.Locals.find(Base.Name);
  if (It == F.Locals.end())
    return;
  if (storeInto(It->second, Key, V, Target))
    F.MutatedInPlace.insert(Base.Name);
}

} // namespace modcost
