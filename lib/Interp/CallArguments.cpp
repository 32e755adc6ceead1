//===- CallArguments.cpp - Evaluated call arguments -----------------------===//
///
/// \file
/// The arguments of a call, with their `*` and `**` splats. `**m` of an
/// object whose class is a mapping (defines `keys` and `__getitem__`) runs
/// what Python runs: `m.keys()`, then `m[k]` for each key. transformers'
/// ModelOutput is one (its library model, share/modcost/models): a
/// multimodal model rebuilds its language model's output as its own,
/// `Qwen3VLModelOutputWithPast(**outputs, rope_deltas=...)`.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The keyword arguments `**V` passes when \p V is an object whose class
/// defines `keys` and `__getitem__` and whose keys are a list of known
/// strings; false (nothing added: the splat stays unknown) otherwise.
bool Evaluator::splatMapping(const Value &V, CallArgs &A, Frame &F) {
  if (!V.is(ValueKind::Object) || V.Obj->IsConfig || V.Obj->IsCache ||
      !V.Obj->Class || !findOnMRO(*V.Obj, "keys") ||
      !findOnMRO(*V.Obj, "__getitem__"))
    return false;
  std::optional<Value> Keys = callObjectMethod(V, "keys", {}, F);
  if (!Keys || !Keys->is(ValueKind::Tuple) || Keys->RepeatCount)
    return false; // Not a list of known length.
  for (const Value &K : Keys->Elems)
    if (!K.is(ValueKind::Str) || !K.StrExact)
      return false;
  for (const Value &K : Keys->Elems) {
    CallArgs Key;
    Key.Positional.push_back(K);
    std::optional<Value> Item = callObjectMethod(V, "__getitem__", Key, F);
    A.Keywords.push_back({K.Name, Item ? *Item : Value::unknown()});
  }
  return true;
}

CallArgs Evaluator::evalArgs(const Expr &Call, Frame &F) {
  CallArgs A;
  for (size_t I = 1; I < Call.numOps(); ++I) {
    const Expr &Arg = *Call.op(I);
    if (Arg.Kind == ExprKind::Keyword) {
      A.Keywords.push_back({Arg.Name, eval(*Arg.op(0), F)});
    } else if (Arg.Kind == ExprKind::Starred) {
      Value V = eval(*Arg.op(0), F);
      if (V.is(ValueKind::Tuple))
        llvm::append_range(A.Positional, V.Elems);
      else
        A.UnknownSplat = true;
    } else if (Arg.Kind == ExprKind::DoubleStarred) {
      Value V = eval(*Arg.op(0), F);
      if (V.is(ValueKind::Dict))
        for (size_t K = 0; K < V.Keys.size(); ++K)
          A.Keywords.push_back({V.Keys[K], V.Elems[K]});
      else if (!splatMapping(V, A, F))
        A.UnknownSplat = true;
    } else {
      A.Positional.push_back(eval(Arg, F));
    }
  }
  return A;
}

} // namespace modcost
