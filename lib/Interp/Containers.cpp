//===- Containers.cpp - Subscripts of objects -----------------------------===//
///
/// \file
/// `obj[index]` when `obj` is an object: the submodules of a module list
/// (an index, or a slice such as `self.layers[: config.num_hidden_layers]`),
/// a class's own `__getitem__` (transformers' `ACT2FN`, a `ClassInstantier`
/// over a dict of activation classes), and the items of a dict subclass
/// (`super().__getitem__(key)` in that `__getitem__`).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The attribute that holds a dict subclass's items.
static constexpr const char *DictItemsAttr = "__modcost_dict_items__";

const Value *Evaluator::dictItems(const ObjectState &O) {
  auto It = O.Attrs.find(DictItemsAttr);
  return It == O.Attrs.end() ? nullptr : &It->second;
}

/// True if \p MRO has a builtin mapping type (a dict subclass).
static bool isDictSubclass(ArrayRef<std::string> MRO) {
  return llvm::any_of(MRO, [](const std::string &N) {
    return N == "dict" || N == "OrderedDict" ||
           N == "collections.OrderedDict" || N == "typing.OrderedDict";
  });
}

void Evaluator::storeDictItems(ObjectState &O, const CallArgs &Args) {
  if (!isDictSubclass(O.MRO))
    return;
  Value D;
  D.Kind = ValueKind::Dict;
  if (!Args.Positional.empty()) {
    if (!Args.Positional[0].is(ValueKind::Dict))
      return;
    D = Args.Positional[0];
  }
  for (const auto &[K, V] : Args.Keywords) {
    D.Keys.push_back(K);
    D.Elems.push_back(V);
  }
  O.Attrs[DictItemsAttr] = D;
}

/// Looks \p Key up in the dict value \p D.
static std::optional<Value> lookupKey(const Value &D, const Value &Key) {
  if (!D.is(ValueKind::Dict) || !Key.is(ValueKind::Str) || !Key.StrExact)
    return std::nullopt;
  for (size_t K = 0; K < D.Keys.size(); ++K)
    if (D.Keys[K] == Key.Name)
      return D.Elems[K];
  return std::nullopt;
}

std::optional<Value> Evaluator::subscriptObject(const Value &Base,
                                                const Expr &E, Frame &F) {
  ObjectState &O = *Base.Obj;
  const Expr &Index = *E.op(1);
  if (!O.Items.empty()) {
    if (Index.Kind == ExprKind::Slice)
      return sliceItems(Base, Index, F);
    Value Idx = eval(Index, F);
    if (!O.ItemSegments.empty()) {
      std::optional<Value> Item = segmentItem(O, Idx);
      return Item ? *Item
                  : Value::unknown("the index of a layer stack split by index "
                                   "is not known");
    }
    // One module: any index that does not raise IndexError selects it
    // (ALBERT's `self.albert_layer_groups[group_idx]` with one group).
    if (O.ItemsRepeat || O.Items.size() == 1)
      return O.Items[0];
    if (Idx.is(ValueKind::Int)) {
      int64_t N = int64_t(O.Items.size());
      int64_t I = Idx.I < 0 ? Idx.I + N : Idx.I;
      if (I >= 0 && I < N)
        return O.Items[I];
    }
    return Value::unknown();
  }
  // A class-defined __getitem__ runs like any method.
  if (O.Class && !O.IsConfig && !O.IsCache)
    if (std::optional<Symbol> S = findOnMRO(O, "__getitem__")) {
      std::optional<Value> R = callGetItem(*S, Base.Obj, eval(Index, F), &E, F);
      return R ? *R : Value::unknown();
    }
  if (const Value *D = dictItems(O))
    if (std::optional<Value> V = lookupKey(*D, eval(Index, F)))
      return V;
  return std::nullopt;
}

std::optional<Value> Evaluator::dictSuperCall(const ObjectState &O,
                                              StringRef Method,
                                              const CallArgs &Args) {
  const Value *D = dictItems(O);
  if (!D)
    return std::nullopt;
  if ((Method == "__getitem__" || Method == "get") &&
      !Args.Positional.empty()) {
    if (std::optional<Value> V = lookupKey(*D, Args.Positional[0]))
      return V;
    if (Method == "get" && Args.Positional[0].is(ValueKind::Str) &&
        Args.Positional[0].StrExact)
      return Args.Positional.size() > 1 ? Args.Positional[1] : Value::none();
    return Value::unknown();
  }
  if (Method == "__contains__" && !Args.Positional.empty() &&
      Args.Positional[0].is(ValueKind::Str) && Args.Positional[0].StrExact)
    return Value::boolean(lookupKey(*D, Args.Positional[0]).has_value());
  return std::nullopt;
}

Value Evaluator::sliceItems(const Value &Base, const Expr &Slice, Frame &F) {
  const ObjectState &O = *Base.Obj;
  Value Lo = Slice.op(0)->Kind == ExprKind::Null ? Value::integer(0)
                                                 : eval(*Slice.op(0), F);
  Value Hi = Slice.op(1)->Kind == ExprKind::Null ? Value::none()
                                                 : eval(*Slice.op(1), F);
  if (Slice.op(2)->Kind != ExprKind::Null || !Lo.is(ValueKind::Int) ||
      Lo.I != 0)
    return Value::unknown("a slice of a module list other than `[:n]`");
  auto Copy = Objects->copyOf(O);
  Value R = Base;
  R.Obj = Copy;
  if (Hi.is(ValueKind::None))
    return R;
  if (O.ItemsRepeat) {
    // `self.layers[: config.num_hidden_layers]` of num_layers layers: the
    // first min(n, num_layers).
    const sym::Expr *N = dimExpr(Hi);
    if (!O.ItemSegments.empty() && N != O.ItemsRepeat)
      return Value::unknown("a slice of a layer stack split by index");
    if (!N)
      return Value::unknown("the slice bound `" + Slice.Text.str() +
                            "` is not known");
    Copy->ItemsRepeat = N == O.ItemsRepeat ? N : Sym.min({N, O.ItemsRepeat});
    R.Why = joinWhy(Base.Why, "the first " + Copy->ItemsRepeat->str() +
                                  " entries (`" + Slice.Text.str() + "`)");
    return R;
  }
  if (!Hi.is(ValueKind::Int))
    return Value::unknown("the slice bound `" + Slice.Text.str() +
                          "` is not known");
  int64_t N = int64_t(O.Items.size());
  int64_t H = std::clamp<int64_t>(Hi.I < 0 ? Hi.I + N : Hi.I, 0, N);
  Copy->Items.resize(size_t(H));
  return R;
}

std::optional<Value> Evaluator::mappingGet(std::shared_ptr<ObjectState> Self,
                                           StringRef Method,
                                           const CallArgs &Args, Frame &F) {
  // collections.abc.Mapping's `get(key, default)` is `self[key]`, or the
  // default when that raises KeyError.
  if (Method != "get" || Args.Positional.empty() || !Self->Class)
    return std::nullopt;
  std::optional<Symbol> S = findOnMRO(*Self, "__getitem__");
  if (!S)
    return std::nullopt;
  std::optional<Value> Item =
      callGetItem(*S, Self, Args.Positional[0], CurrentCallSite, F);
  if (!Item)
    return Value::unknown();
  Value R = *Item;
  if (R.isUnknown() && Args.Positional.size() > 1)
    return Value::unknown(R.Why);
  return R;
}

/// `key in obj` through the `__contains__` the object's class defines in
/// Python (transformers' `_LazyAutoMapping`): the method runs, pricing
/// nothing, and its truth decides.
std::optional<bool> Evaluator::ownContains(const Value &Obj, const Value &Key,
                                           Frame &F) {
  const ObjectState &O = *Obj.Obj;
  if (!O.Class || O.IsConfig || O.IsCache)
    return std::nullopt;
  std::optional<Symbol> S = findOnMRO(O, "__contains__");
  if (!S)
    return std::nullopt;
  const FunctionDef *M = S->Class->findMethod("__contains__");
  CallArgs Args;
  Args.Positional.push_back(Key);
  std::optional<ActiveCallScope> Active =
      enterCall(*M, CurrentCallSite, Obj.Obj.get(), &Args);
  if (!Active)
    return std::nullopt;
  ++Suppress;
  Value R = runMethod(*M, *S->Mod, Args, F, Obj.Obj);
  --Suppress;
  Truth T = R.truth();
  if (T == Truth::Unknown)
    return std::nullopt;
  return T == Truth::True;
}

std::optional<bool> Evaluator::mappingContains(const Value &Obj,
                                               const Value &Key, Frame &F) {
  const ObjectState &O = *Obj.Obj;
  if (std::optional<bool> R = ownContains(Obj, Key, F))
    return R;
  if (const Value *D = dictItems(O))
    if (Key.is(ValueKind::Str) && Key.StrExact)
      return llvm::is_contained(D->Keys, Key.Name);
  if (!O.Class || !Key.is(ValueKind::Str) || !Key.StrExact)
    return std::nullopt;
  // Mapping's `__contains__` is `self[key]` not raising KeyError: a key
  // whose item is known is in.
  std::optional<Symbol> S = findOnMRO(O, "__getitem__");
  if (!S || findOnMRO(O, "__contains__"))
    return std::nullopt;
  // A membership test prices nothing.
  std::optional<Value> R = callGetItem(*S, Obj.Obj, Key, CurrentCallSite, F,
                                       /*Price=*/false);
  if (!R || R->isUnknown())
    return std::nullopt;
  return true;
}

std::optional<Value> Evaluator::callGetItem(const Symbol &Class,
                                            std::shared_ptr<ObjectState> Self,
                                            const Value &Key, const Expr *Site,
                                            Frame &F, bool Price) {
  const FunctionDef *M = Class.Class->findMethod("__getitem__");
  CallArgs Args;
  Args.Positional.push_back(Key);
  std::optional<ActiveCallScope> Active =
      enterCall(*M, Site, Self.get(), &Args);
  if (!Active)
    return std::nullopt;
  if (!Price)
    ++Suppress;
  Value R = runMethod(*M, *Class.Mod, Args, F, Self);
  if (!Price)
    --Suppress;
  return R;
}

} // namespace modcost
