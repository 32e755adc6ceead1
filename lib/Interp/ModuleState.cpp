//===- ModuleState.cpp - Parameters, buffers and hooks of torch modules ---===//
///
/// \file
/// What `torch.nn.Module` keeps besides plain attributes, as the
/// interpreter models it: parameters and buffers registered on any module
/// (not only `self`: `nn.utils.weight_norm` registers `weight_g` and
/// `weight_v` on the module it is given), the `_parameters` and `_buffers`
/// dicts read back and deleted from (`del module._parameters[name]`),
/// `delattr`, and forward hooks. A hook registered with
/// `register_forward_pre_hook` runs before every call of the module's
/// forward() and its result, when not None, replaces the positional inputs;
/// one registered with `register_forward_hook` runs after it and may
/// replace the output, as `Module._call_impl` does. What a hook computes is
/// priced on the caller's line as a composite of its own (weight
/// normalization's per-call `_weight_norm`).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

static constexpr const char *ModuleClass = "torch.nn.modules.module.Module";

bool Evaluator::isTorchModule(const Value &V) {
  return V.is(ValueKind::Object) && V.Obj &&
         llvm::is_contained(V.Obj->MRO, ModuleClass);
}

std::optional<Value> Evaluator::moduleStateMethod(ObjectState &O, StringRef M,
                                                  const CallArgs &Args,
                                                  const Expr &E) {
  if (M == "register_forward_pre_hook" || M == "register_forward_hook") {
    // torch 2's `prepend` and `with_kwargs` are not modeled: such a hook
    // is one of unknown effect.
    Value Hook = Args.Positional.size() == 1 && Args.Keywords.empty()
                     ? Args.Positional[0]
                     : Value::unknown("a hook registered with arguments "
                                      "not modeled at " +
                                      location(E.Range));
    (M == "register_forward_pre_hook" ? O.ForwardPreHooks : O.ForwardHooks)
        .push_back(std::move(Hook));
    return Value::unknown("the handle of a hook registered at " +
                          location(E.Range));
  }
  if (M != "register_parameter" && M != "register_buffer")
    return std::nullopt;
  if (Args.Positional.size() < 2 || !Args.Positional[0].is(ValueKind::Str))
    return Value::none();
  Value V = Args.Positional[1];
  // A buffer is model state (BatchNorm's running statistics): stored like
  // the weights, whatever factory made it. An explicit dtype (a literal
  // size such as `4`) stays.
  if (V.is(ValueKind::Tensor) && V.Bytes == "a_bytes")
    V.Bytes = "w_bytes";
  // An unknown value registered is still a tensor of the module: counted
  // as of unknown size, never as 0.
  if (V.isUnknown())
    V = Value::tensor(-1, V.Why);
  if (V.is(ValueKind::Tensor))
    V.Role =
        M == "register_buffer" ? TensorRole::Buffer : TensorRole::Parameter;
  const std::string &Name = Args.Positional[0].Name;
  V.Why = joinWhy(V.Why, "`" + Name + "` of `" + O.ClassName + "` set by " +
                             M.str() + " at " + location(E.Range));
  O.setAttr(Name, std::move(V));
  return Value::none();
}

std::optional<Value> Evaluator::moduleStateView(const Value &Obj,
                                                StringRef Name) {
  bool Params = Name == "_parameters", Buffers = Name == "_buffers";
  bool PreHooks = Name == "_forward_pre_hooks",
       Hooks = Name == "_forward_hooks";
  if (!(Params || Buffers || PreHooks || Hooks) || !isTorchModule(Obj))
    return std::nullopt;
  const ObjectState &O = *Obj.Obj;
  Value D;
  D.Kind = ValueKind::Dict;
  D.Why = "the `" + Name.str() + "` of `" + O.ClassName + "`";
  if (PreHooks || Hooks) {
    // Keyed by the handles' ids, which nothing reads but `del`.
    const std::vector<Value> &L = PreHooks ? O.ForwardPreHooks : O.ForwardHooks;
    for (size_t I = 0; I < L.size(); ++I) {
      D.Keys.push_back(std::to_string(I));
      D.Elems.push_back(L[I]);
    }
    return D;
  }
  TensorRole Want = Params ? TensorRole::Parameter : TensorRole::Buffer;
  for (const std::string &A : O.AttrOrder) {
    auto It = O.Attrs.find(A);
    if (It != O.Attrs.end() && It->second.is(ValueKind::Tensor) &&
        It->second.Role == Want) {
      D.Keys.push_back(A);
      D.Elems.push_back(It->second);
    }
  }
  return D;
}

bool Evaluator::deleteTarget(const Expr &Target, Frame &F) {
  // `del obj.name`.
  if (Target.Kind == ExprKind::Attribute) {
    Value Obj = eval(*Target.op(0), F);
    return Obj.is(ValueKind::Object) && Obj.Obj->eraseAttr(Target.Name);
  }
  if (Target.Kind != ExprKind::Subscript || Target.numOps() != 2)
    return false;
  Value Key = eval(*Target.op(1), F);
  if (!Key.is(ValueKind::Str) || !Key.StrExact)
    return false;
  const Expr &Base = *Target.op(0);
  // `del module._parameters[name]` and the like: the module's attribute.
  if (Base.Kind == ExprKind::Attribute &&
      is_contained({"_parameters", "_buffers", "_modules"}, Base.Name)) {
    Value Obj = eval(*Base.op(0), F);
    if (isTorchModule(Obj))
      return Obj.Obj->eraseAttr(Key.Name);
    return false;
  }
  // `del d[key]` of a local dict.
  if (Base.Kind != ExprKind::Name)
    return false;
  auto It = F.Locals.find(Base.Name);
  if (It == F.Locals.end() || !It->second.is(ValueKind::Dict))
    return false;
  Value &D = It->second;
  for (size_t I = 0; I < D.Keys.size(); ++I)
    if (D.Keys[I] == Key.Name) {
      D.Keys.erase(D.Keys.begin() + I);
      D.Elems.erase(D.Elems.begin() + I);
      F.MutatedInPlace.insert(Base.Name);
      return true;
    }
  return false;
}

std::optional<Value> Evaluator::callObjectMethod(const Value &Obj,
                                                 StringRef Name,
                                                 const CallArgs &Args,
                                                 Frame &F) {
  std::optional<Symbol> S = findOnMRO(*Obj.Obj, Name);
  if (!S)
    return std::nullopt;
  const FunctionDef *M = S->Class->findMethod(Name);
  std::optional<ActiveCallScope> Active =
      F.Depth < MaxCallDepth && !budgetExceeded()
          ? enterCall(*M, CurrentCallSite, Obj.Obj.get(), nullptr)
          : std::nullopt;
  if (!Active)
    return Value::unknown("`" + Obj.Obj->ClassName + "." + Name.str() +
                          "` was not run");
  return runMethod(*M, *S->Mod, Args, F, Obj.Obj);
}

Value Evaluator::callValue(const Value &Callee, CallArgs Args, Frame &F) {
  if (Callee.is(ValueKind::Object)) {
    if (isTorchModule(Callee))
      return callModule(Callee, Args, F);
    if (std::optional<Value> R = callObjectMethod(Callee, "__call__", Args, F))
      return *R;
    return Value::unknown("`" + Callee.Obj->ClassName + "` has no __call__");
  }
  if (std::optional<Value> L = callLambda(Callee, Args))
    return *L; // A lambda hook (`register_forward_hook(lambda m, i, o: ...)`).
  if (std::optional<Value> L = callLocalFunction(Callee, Args, F))
    return *L;
  if (Callee.is(ValueKind::Callable) && CurrentCallSite) {
    bindPartial(Callee, Args);
    return callCallable(Callee, Args, *CurrentCallSite, F);
  }
  return Value::unknown("a callable not known");
}

void Evaluator::warnUnknownHook(const Value &Module, const Value &Hook,
                                StringRef Kind) {
  std::string Why = "a forward " + Kind.str() + " of `" +
                    Module.Obj->ClassName + "` that is not known" +
                    (Hook.Why.empty() ? std::string() : " (" + Hook.Why + ")");
  if (CurrentCallSite && CurrentCallSite->Range.File &&
      UnknownHookReported.insert(CurrentCallSite).second)
    Diags.report(CurrentCallSite->Range.File->getBufferID(),
                 CurrentCallSite->Range.Begin, DiagLevel::Warning,
                 Why + " runs here: what it computes and returns is unknown");
  noteUnknown(Why);
}

void Evaluator::runForwardPreHooks(const Value &Module, CallArgs &Args,
                                   Frame &F) {
  // Copied: a hook may register or remove hooks.
  std::vector<Value> Hooks = Module.Obj->ForwardPreHooks;
  for (const Value &Hook : Hooks) {
    CallArgs HookArgs;
    HookArgs.Positional = {Module, Value::tuple(Args.Positional)};
    Value R =
        Hook.isUnknown() ? Value::unknown() : callValue(Hook, HookArgs, F);
    if (R.isUnknown()) {
      if (Hook.isUnknown())
        warnUnknownHook(Module, Hook, "pre-hook");
      Args.Positional.assign(Args.Positional.size(), Value::tensor(-1));
      continue;
    }
    if (R.is(ValueKind::None))
      continue;
    // A single value stands for a one-element tuple.
    Args.Positional = R.is(ValueKind::Tuple) && !R.RepeatCount
                          ? R.Elems
                          : std::vector<Value>{R};
  }
}

Value Evaluator::runForwardHooks(const Value &Module, const CallArgs &Args,
                                 Value Out, Frame &F) {
  std::vector<Value> Hooks = Module.Obj->ForwardHooks;
  for (const Value &Hook : Hooks) {
    if (Hook.isUnknown()) {
      warnUnknownHook(Module, Hook, "hook");
      Out = Value::tensor(-1);
      continue;
    }
    CallArgs HookArgs;
    HookArgs.Positional = {Module, Value::tuple(Args.Positional), Out};
    Value R = callValue(Hook, HookArgs, F);
    if (!R.is(ValueKind::None))
      Out = R;
  }
  return Out;
}

} // namespace modcost
