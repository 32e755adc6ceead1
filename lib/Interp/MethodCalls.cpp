//===- MethodCalls.cpp - Methods of lists, strings and plain objects ------===//
///
/// \file
/// Calls of a method on a receiver that is not self: list methods changed
/// in place (`append`, `extend`, `insert`), string methods of known
/// strings (`split`, `format`, `startswith`), the KV cache's methods, and
/// methods of plain objects and tensors.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "SelfReturningMethods.h"
#include "TensorFills.h"
#include "TensorShapes.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace modcost {

/// `"w_l{}{}".format(0, "")`: `{}` and `{N}` fields of known integers and
/// strings, `{{` and `}}`; anything else is a non-empty string.
static Value formatBraces(StringRef Format, const std::vector<Value> &Args,
                          StringRef Why) {
  std::string Out;
  size_t Next = 0;
  bool Exact = true;
  for (size_t I = 0; I < Format.size(); ++I) {
    char C = Format[I];
    if ((C == '{' || C == '}') && I + 1 < Format.size() && Format[I + 1] == C) {
      Out += C;
      ++I;
      continue;
    }
    if (C != '{') {
      Out += C;
      continue;
    }
    size_t End = Format.find('}', I);
    if (End == StringRef::npos) {
      Exact = false;
      break;
    }
    StringRef Field = Format.slice(I + 1, End);
    I = End;
    size_t Index = Next++;
    if (!Field.empty() && Field.getAsInteger(10, Index)) {
      Exact = false; // a name, an attribute or a format spec
      continue;
    }
    const Value V = Index < Args.size() ? Args[Index] : Value::unknown();
    if (V.is(ValueKind::Int))
      Out += std::to_string(V.I);
    else if (V.is(ValueKind::Str) && V.StrExact)
      Out += V.Name;
    else
      Exact = false;
  }
  Value S = Value::string(Out, Why);
  S.StrExact = Exact;
  return S;
}

std::optional<Value> Evaluator::callListMethod(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  // list.copy() of a known list.
  if (Callee.Kind == ExprKind::Attribute && Callee.Name == "copy" &&
      E.numOps() == 1) {
    Value L = eval(*Callee.op(0), F);
    if (L.is(ValueKind::Tuple) || L.is(ValueKind::Dict)) {
      L.ListId = L.is(ValueKind::Tuple) ? ++ListIds : 0; // A new list.
      return L;
    }
  }
  if (std::optional<Value> R = callDictPop(E, F))
    return R;
  if (std::optional<Value> R = callDictUpdate(E, F))
    return R;
  // list.insert(i, x) on a local list of known length.
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.Name == "insert") {
    auto It = F.Locals.find(Callee.op(0)->Name);
    if (It != F.Locals.end() && It->second.is(ValueKind::Tuple)) {
      CallArgs Args = evalArgs(E, F);
      It = F.Locals.find(Callee.op(0)->Name);
      if (It == F.Locals.end())
        return Value::none();
      Value &List = It->second;
      if (List.RepeatCount || Args.Positional.size() != 2 ||
          !Args.Positional[0].is(ValueKind::Int)) {
        List = Value::unknown();
        return Value::none();
      }
      int64_t N = int64_t(List.Elems.size()), I = Args.Positional[0].I;
      I = std::clamp(I < 0 ? I + N : I, int64_t(0), N);
      List.Elems.insert(List.Elems.begin() + I, Args.Positional[1]);
      F.MutatedInPlace.insert(Callee.op(0)->Name);
      return Value::none();
    }
  }
  // list.append / list.extend on a local list.
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Name &&
      (Callee.Name == "append" || Callee.Name == "extend")) {
    auto It = F.Locals.find(Callee.op(0)->Name);
    if (It != F.Locals.end() && It->second.is(ValueKind::Tuple)) {
      CallArgs Args = evalArgs(E, F);
      // The arguments may bind names (a comprehension's variable) and
      // rehash the locals: look the list up again.
      It = F.Locals.find(Callee.op(0)->Name);
      if (It == F.Locals.end())
        return Value::none();
      Value &List = It->second;
      unsigned ListIdBefore = List.ListId;
      if (List.RepeatCount || Args.Positional.size() != 1) {
        List = Value::unknown();
      } else if (Callee.Name == "append") {
        List.Elems.push_back(Args.Positional[0]);
        F.MutatedInPlace.insert(Callee.op(0)->Name);
      } else if (Args.Positional[0].is(ValueKind::Tuple) &&
                 !Args.Positional[0].RepeatCount) {
        llvm::append_range(List.Elems, Args.Positional[0].Elems);
        F.MutatedInPlace.insert(Callee.op(0)->Name);
      } else {
        List = Value::unknown();
      }
      // The same list held elsewhere in the frame (`masks = [rc_mask]`).
      updateListAliases(ListIdBefore, Value(List), F);
      return Value::none();
    }
  }
  // The same on a list held by self (`self._flat_weights_names.extend(
  // names)` in nn.RNN's __init__).
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Attribute &&
      Callee.op(0)->op(0)->Kind == ExprKind::Name &&
      Callee.op(0)->op(0)->Name == "self" && F.Self &&
      (Callee.Name == "append" || Callee.Name == "extend")) {
    std::string Attr = Callee.op(0)->Name;
    auto It = F.Self->Attrs.find(Attr);
    if (It != F.Self->Attrs.end() && It->second.is(ValueKind::Tuple)) {
      CallArgs Args = evalArgs(E, F);
      It = F.Self->Attrs.find(Attr);
      if (It == F.Self->Attrs.end())
        return Value::none();
      Value &List = It->second;
      if (List.RepeatCount || Args.Positional.size() != 1)
        List = Value::unknown();
      else if (Callee.Name == "append")
        List.Elems.push_back(Args.Positional[0]);
      else if (Args.Positional[0].is(ValueKind::Tuple) &&
               !Args.Positional[0].RepeatCount)
        llvm::append_range(List.Elems, Args.Positional[0].Elems);
      else
        List = Value::unknown();
      return Value::none();
    }
  }

  return std::nullopt;
}

std::optional<Value> Evaluator::callMethodOf(const Value &Recv, const Expr &E,
                                             Frame &F) {
  const Expr &Callee = *E.callee();
  const Value *Receiver = &Recv;
  // dict.items()/keys()/values() of a known dict: its entries in order.
  if (Receiver->is(ValueKind::Dict) && E.numOps() == 1 &&
      is_contained({"items", "keys", "values"}, Callee.Name)) {
    std::vector<Value> Out;
    for (size_t K = 0; K < Receiver->Keys.size(); ++K) {
      Value Key = Value::string(Receiver->Keys[K], Receiver->Why);
      Out.push_back(Callee.Name == "keys" ? Key
                    : Callee.Name == "values"
                        ? Receiver->Elems[K]
                        : Value::tuple({Key, Receiver->Elems[K]}));
    }
    return Value::tuple(std::move(Out), Receiver->Why);
  }
  // dict.get(key[, default]) of a known dict (`kwargs.get("x", False)`).
  if (Receiver->is(ValueKind::Dict) && Callee.Name == "get") {
    CallArgs Args = evalArgs(E, F);
    if (Receiver->Keys.empty() && !Args.Positional.empty()) {
      // An empty dict holds no key (`cache.is_updated.get(layer_idx)`).
      Value D = Args.Positional.size() > 1 ? Args.Positional[1] : Value::none();
      D.Why = joinWhy(Receiver->Why, "the dict is empty, so get returns its "
                                     "default");
      return D;
    }
    if (Args.Positional.empty() || !Args.Positional[0].is(ValueKind::Str) ||
        !Args.Positional[0].StrExact)
      return Value::unknown();
    for (size_t K = 0; K < Receiver->Keys.size(); ++K)
      if (Receiver->Keys[K] == Args.Positional[0].Name)
        return Receiver->Elems[K];
    Value D = Args.Positional.size() > 1 ? Args.Positional[1] : Value::none();
    D.Why = joinWhy(D.Why, "`" + Args.Positional[0].Name +
                               "` is not in the dict, so get returns its "
                               "default");
    return D;
  }
  // Submodules added to a module or a container, and a container's items.
  if (Receiver->is(ValueKind::Object) &&
      is_contained({"add_module", "register_module", "append", "insert",
                    "items", "values", "keys", "children", "named_children"},
                   Callee.Name)) {
    CallArgs Args = evalArgs(E, F);
    if (std::optional<Value> R = containerMethod(*Receiver, Callee.Name, Args))
      return R;
  }
  // Parameters, buffers and hooks registered on a module from outside it
  // (`nn.utils.weight_norm` registers `weight_g` on the module it wraps).
  if (isTorchModule(*Receiver) &&
      is_contained({"register_parameter", "register_buffer",
                    "register_forward_pre_hook", "register_forward_hook"},
                   Callee.Name)) {
    CallArgs Args = evalArgs(E, F);
    return moduleStateMethod(*Receiver->Obj, Callee.Name, Args, E)
        .value_or(Value::none());
  }
  // A method of a plain Python object (a settings object such as
  // torchvision's MBConvConfig), or a @staticmethod of any object: run it
  // with that object as self.
  if (Receiver && Receiver->is(ValueKind::Object) && Receiver->Obj->Class &&
      !Receiver->Obj->IsConfig && !Receiver->Obj->IsCache &&
      !Receiver->Obj->Attrs.count(Callee.Name) && F.Depth < MaxInlineDepth) {
    if (std::optional<Symbol> S = findOnMRO(*Receiver->Obj, Callee.Name)) {
      const FunctionDef *Method = S->Class->findMethod(Callee.Name);
      bool Static = isStaticMethod(*Method);
      bool IsModule = llvm::is_contained(Receiver->Obj->MRO,
                                         "torch.nn.modules.module.Module");
      if (Static || !IsModule)
        if (std::optional<Value> R =
                inlineMethodChecked(*Method, *S->Mod, E, F, Receiver->Obj))
          return *R;
      std::string Chain;
      auto Find = [&](const ObjectState &O, StringRef N) {
        return findOnMRO(O, N);
      };
      if (IsModule && !Static &&
          methodReturnsSelf(*Receiver->Obj, Callee.Name, Find, Chain))
        return moduleItself(*Receiver, Callee.Name, Chain, Result.Assumptions);
    }
  }

  // str.startswith / str.endswith of known strings (a prefix or a tuple of
  // prefixes).
  if (Receiver && Receiver->is(ValueKind::Str) && Receiver->StrExact &&
      (Callee.Name == "startswith" || Callee.Name == "endswith")) {
    CallArgs Args = evalArgs(E, F);
    if (Args.Positional.size() == 1 && Args.Keywords.empty()) {
      const Value &A = Args.Positional[0];
      std::vector<Value> Affixes =
          A.is(ValueKind::Tuple) ? A.Elems : std::vector<Value>{A};
      StringRef S = Receiver->Name;
      bool Any = false, Known = !Affixes.empty() && !A.RepeatCount;
      for (const Value &X : Affixes) {
        if (!X.is(ValueKind::Str) || !X.StrExact) {
          Known = false;
          break;
        }
        Any |= Callee.Name == "startswith" ? S.starts_with(X.Name)
                                           : S.ends_with(X.Name);
      }
      if (Known)
        return Value::boolean(
            Any, joinWhy(Receiver->Why, "`" + S.str() + "`." + Callee.Name +
                                            "(" + A.str() + ")"));
    }
    return Value::unknown();
  }

  // str.split(sep) of a known string by a known separator: its parts
  // (T5's `feed_forward_proj.split("-")`).
  if (Receiver && Receiver->is(ValueKind::Str) && Receiver->StrExact &&
      Callee.Name == "split") {
    CallArgs Args = evalArgs(E, F);
    if (Args.Positional.size() == 1 && Args.Keywords.empty() &&
        Args.Positional[0].is(ValueKind::Str) && Args.Positional[0].StrExact &&
        !Args.Positional[0].Name.empty()) {
      SmallVector<StringRef, 4> Parts;
      StringRef(Receiver->Name).split(Parts, Args.Positional[0].Name);
      std::string Why =
          joinWhy(Receiver->Why, "`" + Receiver->Name + "`.split(" +
                                     Args.Positional[0].str() + ")");
      std::vector<Value> Elems;
      for (StringRef P : Parts)
        Elems.push_back(Value::string(P, Why));
      return Value::tuple(std::move(Elems), Why);
    }
    return Value::unknown();
  }
  // str.replace(old, new), lower(), upper(), strip() of known strings
  // (`pkg_name.replace("_", "-")` in transformers' package checks).
  if (Receiver && Receiver->is(ValueKind::Str) && Receiver->StrExact &&
      is_contained({"replace", "lower", "upper", "strip"}, Callee.Name)) {
    CallArgs Args = evalArgs(E, F);
    std::string S = Receiver->Name;
    bool Known = Args.Keywords.empty();
    if (Callee.Name == "replace") {
      Known = Known && Args.Positional.size() == 2 &&
              llvm::all_of(Args.Positional, [](const Value &A) {
                return A.is(ValueKind::Str) && A.StrExact;
              });
      if (Known && !Args.Positional[0].Name.empty())
        S = llvm::join(llvm::split(S, Args.Positional[0].Name),
                       Args.Positional[1].Name);
    } else {
      Known = Known && Args.Positional.empty();
      S = Callee.Name == "lower"   ? StringRef(S).lower()
          : Callee.Name == "upper" ? StringRef(S).upper()
                                   : StringRef(S).trim().str();
    }
    if (!Known)
      return Value::unknown();
    return Value::string(S, Receiver->Why);
  }
  // str.format of known integers and strings (`'weight_ih_l{}{}'.format(
  // layer, suffix)`, as nn.RNN names its parameters).
  if (Receiver && Receiver->is(ValueKind::Str) && Receiver->StrExact &&
      Callee.Name == "format") {
    CallArgs Args = evalArgs(E, F);
    if (Args.Keywords.empty() && !Args.UnknownSplat)
      return formatBraces(Receiver->Name, Args.Positional, Receiver->Why);
    return Value::unknown();
  }

  // The profile's cache answers what transformers' `Cache` derives from
  // its length (cache_utils.py): `get_query_offset` is `get_seq_length`,
  // and a full (not sliding) layer's `get_mask_sizes(query_length)` is
  // `(get_seq_length() + query_length, 0)`.
  bool CacheReceiver =
      Receiver && Receiver->is(ValueKind::Object) && Receiver->Obj->IsCache;
  auto AnySliding = [&] {
    std::optional<Value> Types =
        ConfigReader(*this).configFileValue("layer_types");
    return Types && llvm::any_of(Types->Elems, [](const Value &T) {
             return !T.is(ValueKind::Str) || T.Name != "full_attention";
           });
  };
  if (CacheReceiver && Callee.Name == "get_mask_sizes" && !AnySliding()) {
    CallArgs Args = evalArgs(E, F);
    const ProfileEntry *Phase = fact("phase");
    bool Prefill =
        Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "prefill";
    const sym::Expr *Q =
        Args.Positional.empty() ? nullptr : dimExpr(Args.Positional[0]);
    if (Q && Phase && Phase->Val.is(ValueKind::Str)) {
      std::string Why = "a full cache layer's mask covers the cached and the "
                        "new tokens, from offset 0 (" +
                        Phase->Val.Why + ")";
      const sym::Expr *Len = Prefill ? Q : Sym.add(Sym.symbol("cache_len"), Q);
      return Value::tuple({Value::symbolic(Len, Why), Value::integer(0, Why)},
                          Why);
    }
    return Value::unknown();
  }
  // A linear-attention layer of the cache (cache_utils.py's
  // LinearAttentionLayer) has a previous conv/recurrent state once its
  // first update has run: never while prefilling into the empty cache,
  // always while decoding (the state of the cache_len cached tokens).
  if (CacheReceiver && Callee.Name == "has_previous_state") {
    evalArgs(E, F);
    const ProfileEntry *Phase = fact("phase");
    if (Phase && Phase->Val.is(ValueKind::Str) &&
        (Phase->Val.Name == "prefill" || Phase->Val.Name == "decode")) {
      bool Decode = Phase->Val.Name == "decode";
      return Value::boolean(
          Decode, std::string(Decode ? "the cache holds the state of its "
                                       "cache_len tokens while decoding ("
                                     : "the cache has no previous state while "
                                       "prefilling (") +
                      Phase->Val.Why + ")");
    }
    return Value::unknown();
  }
  // A linear-attention layer's states (cache_utils.py's
  // LinearAttentionLayer): update_conv_state(x, layer_idx, ...,
  // conv_kernel_size=K) returns the cached last K columns followed by x
  // (while prefilling none is cached: x itself) and stores the last K;
  // update_recurrent_state(s, layer_idx) copies s into the cache.
  if (CacheReceiver && (Callee.Name == "update_conv_state" ||
                        Callee.Name == "update_recurrent_state"))
    return cacheStateUpdate(Callee.Name, evalArgs(E, F));
  // The number of tokens already cached depends on the phase.
  if (Callee.Kind == ExprKind::Attribute &&
      (Callee.Name == "get_seq_length" || Callee.Name == "get_usable_length" ||
       (CacheReceiver && Callee.Name == "get_query_offset"))) {
    evalArgs(E, F);
    const ProfileEntry *Phase = fact("phase");
    if (Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "prefill")
      return Value::integer(0, "the cache is empty while prefilling (" +
                                   Phase->Val.Why + ")");
    Value Len = Value::symbol("cache_len");
    if (Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "decode") {
      Len.MinValue = 1;
      Len.Why = "the cache holds cache_len >= 1 tokens while decoding (" +
                Phase->Val.Why + ")";
    }
    return Len;
  }

  // Tensor methods.
  // cache.update(k, v, layer_idx): the cached keys and values followed by
  // the new ones, a copy into the cache. cache.update_indexer(k, layer_idx)
  // (DeepSeek-V3.2's sparse-attention indexer) does the same for one tensor
  // of keys, [batch, seq, dim], and returns it alone (cache_utils.py:
  // `torch.cat([self.indexer_keys, indexer_key_states], dim=1)`).
  bool Indexer = Callee.Name == "update_indexer";
  if (Receiver && Receiver->is(ValueKind::Object) && Receiver->Obj->IsCache &&
      (Callee.Name == "update" || Indexer)) {
    CallArgs Args = evalArgs(E, F);
    std::vector<Value> Out;
    const ProfileEntry *Phase = fact("phase");
    bool Decode =
        Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "decode";
    for (size_t I = 0; I < (Indexer ? 1u : 2u) && I < Args.Positional.size();
         ++I) {
      Value New = Args.Positional[I];
      if (!New.is(ValueKind::Tensor) || !New.DimsKnown || New.Dims.size() < 2) {
        Out.push_back(Value::tensor(-1));
        continue;
      }
      Value All = Value::shaped(New.Dims, New.Bytes);
      size_t D = New.Dims.size() - 2;
      if (Decode && All.Dims[D]) {
        All.Dims[D] = Sym.add(Sym.symbol("cache_len"), All.Dims[D]);
        noteSymbol("cache_len", "tokens already in the key/value cache (phase "
                                "= decode)");
      }
      Value Cached = New;
      if (Decode && Cached.Dims[D])
        Cached.Dims[D] = Sym.symbol("cache_len");
      // Reading the cached part and the new part, writing the whole.
      noteOp("cat",
             Decode ? std::vector<Value>{Cached, New} : std::vector<Value>{New},
             All, CostExtras(),
             Indexer ? "cache.update_indexer" : "cache.update");
      Out.push_back(All);
    }
    if (Indexer)
      return Out.empty() ? Value::tensor(-1) : Out.front();
    return Value::tuple(std::move(Out));
  }

  if (Receiver) {
    const Value &Obj = *Receiver;
    if (Obj.is(ValueKind::Tensor)) {
      CallArgs Args = evalArgs(E, F);
      std::optional<Value> C =
          ConcreteTensors(*this).concreteMethod(Obj, Callee.Name, Args, E);
      bool Pieces = C && C->is(ValueKind::Tuple) && Callee.Name == "split";
      if (C && !C->is(ValueKind::Tensor) && !Pieces)
        return *C; // tolist(), item()
      Value R = tensorMethod(Obj, Callee.Name, Args);
      // After the call is priced: the receiver's element value
      // (TensorFill.cpp).
      auto Refill = make_scope_exit([&] {
        TensorFills(*this).inPlaceFill(*Callee.op(0), Obj, Callee.Name, Args,
                                       F);
      });
      if (R.is(ValueKind::Tensor)) // Values only from concreteMethod.
        R.Elems = C && R.DimsKnown ? C->Elems : std::vector<Value>();
      if (Pieces && R.is(ValueKind::Tuple) && R.Elems.size() == C->Elems.size())
        for (size_t I = 0; I < R.Elems.size(); ++I)
          if (R.Elems[I].is(ValueKind::Tensor) && R.Elems[I].DimsKnown)
            R.Elems[I].Elems = C->Elems[I].Elems;
      if (Callee.Name == "index_add_" && Args.Positional.size() >= 3 &&
          Args.Positional[2].is(ValueKind::Tensor)) {
        // Adds each source row into the target: priced on the source.
        const Value &Src = Args.Positional[2];
        noteOp("index_add_", {Src, Args.Positional[1]}, Src, CostExtras(),
               ".index_add_");
        return R;
      }
      std::vector<Value> Ins{Obj};
      for (const Value &A : Args.Positional)
        if (A.is(ValueKind::Tensor))
          Ins.push_back(A);
      // Tensors passed by keyword are operands too (`baddbmm(batch1=q,
      // batch2=k)`), as for torch functions.
      for (const auto &[K, V] : Args.Keywords)
        if (V.is(ValueKind::Tensor) && K != "out")
          Ins.push_back(V);
      noteOp(Callee.Name, Ins, R, CostExtras(), "." + Callee.Name);
      return R;
    }
  }

  return std::nullopt;
}

} // namespace modcost
