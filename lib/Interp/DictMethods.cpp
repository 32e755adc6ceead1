//===- DictMethods.cpp - Dicts changed in place by their methods ----------===//
///
/// \file
/// `d.update(...)` and `d.setdefault(key, default)` on a dict whose keys are
/// known. Python changes the dict the receiver names; the interpreter's
/// values are copies, so the changed dict is written back to the receiver:
/// a local name (marked changed in place, InPlace.cpp), an attribute
/// (`self.rope_parameters.setdefault(...)`) or an entry of another dict
/// (`self.rope_parameters["full_attention"].update(rope_scaling)`, the
/// per-layer-type RoPE dicts a config's `convert_rope_params_to_dict`
/// builds). A change whose entries are not known leaves the dict unknown,
/// never as it was.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// Sets \p D[\p K] to \p V, adding the key if \p D has none.
static void setEntry(Value &D, const std::string &K, Value V) {
  auto Key = find(D.Keys, K);
  if (Key != D.Keys.end()) {
    D.Elems[Key - D.Keys.begin()] = std::move(V);
    return;
  }
  D.Keys.push_back(K);
  D.Elems.push_back(std::move(V));
}

std::optional<Value> Evaluator::callDictUpdate(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  if (Callee.Kind != ExprKind::Attribute ||
      (Callee.Name != "update" && Callee.Name != "setdefault"))
    return std::nullopt;
  const Expr &Recv = *Callee.op(0);
  bool Local = Recv.Kind == ExprKind::Name;
  if (!Local && Recv.Kind != ExprKind::Attribute &&
      Recv.Kind != ExprKind::Subscript)
    return std::nullopt;
  Value D;
  if (Local) {
    auto It = F.Locals.find(Recv.Name);
    if (It == F.Locals.end())
      return std::nullopt;
    D = It->second;
  } else {
    ++Suppress; // Reading the receiver is not an op.
    D = eval(Recv, F);
    --Suppress;
  }
  if (!D.is(ValueKind::Dict))
    return std::nullopt;
  CallArgs Args = evalArgs(E, F);
  Value Result = Value::none();
  if (Callee.Name == "setdefault") {
    if (Args.Positional.empty() || Args.Positional.size() > 2 ||
        !Args.Keywords.empty() || !Args.Positional[0].is(ValueKind::Str) ||
        !Args.Positional[0].StrExact) {
      D = Value::unknown("`" + E.Text.str() + "` sets a key that is not known");
      Result = Value::unknown();
    } else {
      const std::string &K = Args.Positional[0].Name;
      auto Key = find(D.Keys, K);
      if (Key != D.Keys.end())
        return D.Elems[Key - D.Keys.begin()]; // Nothing changes.
      Result = Args.Positional.size() > 1 ? Args.Positional[1] : Value::none();
      setEntry(D, K, Result);
    }
  } else if (Args.Positional.size() > 1 || Args.UnknownSplat ||
             (Args.Positional.size() == 1 &&
              !Args.Positional[0].is(ValueKind::Dict))) {
    D = Value::unknown("`" + E.Text.str() +
                       "` adds entries that are not known");
  } else {
    if (!Args.Positional.empty())
      for (size_t I = 0; I < Args.Positional[0].Keys.size(); ++I)
        setEntry(D, Args.Positional[0].Keys[I], Args.Positional[0].Elems[I]);
    for (auto &[K, V] : Args.Keywords)
      setEntry(D, K, V);
  }
  if (Local) {
    auto It = F.Locals.find(Recv.Name); // Arguments may rehash.
    if (It == F.Locals.end())
      return Value::unknown();
    It->second = std::move(D);
    F.MutatedInPlace.insert(Recv.Name);
  } else {
    assign(Recv, D, F);
  }
  return Result;
}

} // namespace modcost
