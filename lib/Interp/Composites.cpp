//===- Composites.cpp - Calls of submodules and Python helpers ------------===//
///
/// \file
/// A submodule call runs the forward() found along its class's MRO, and a
/// Python helper function runs its body, both with the caller's actual
/// arguments (so a child sees the shapes its parent passes) and priced as a
/// composite of what they run. A function already active on the same object
/// is a recursion: reported once, its cost unknown.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "llvm/ADT/ScopeExit.h"

using namespace llvm;

namespace modcost {

bool Evaluator::isRecursive(const FunctionDef &Fn, const Expr *Site,
                            const ObjectState *Self) {
  if (!llvm::is_contained(CallChain, std::make_pair(&Fn, Self)))
    return false;
  std::string Name = Fn.Parent ? Fn.Parent->Name + "." + Fn.Name : Fn.Name;
  if (ReportedCycles.insert(&Fn).second) {
    if (Site && Site->Range.File)
      Diags.report(Site->Range.File->getBufferID(), Site->Range.Begin,
                   DiagLevel::Warning,
                   "recursive call of `" + Name +
                       "`: a composite cycle; its cost is unknown");
    else
      Diags.report(DiagLevel::Warning, "recursive call of `" + Name +
                                           "`: a composite cycle; its cost "
                                           "is unknown");
  }
  noteUnknown("recursive call of " + Name);
  return true;
}

std::optional<Symbol> Evaluator::findOnMRO(const ObjectState &O, StringRef Name,
                                           StringRef After) {
  bool Searching = After.empty();
  for (const std::string &ClassName : O.MRO) {
    if (!Searching) {
      Searching = ClassName == After;
      continue;
    }
    Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
    if (!S) {
      consumeError(S.takeError());
      return std::nullopt;
    }
    if (S->Kind == SymbolKind::Class && S->Class->findMethod(Name))
      return *S;
  }
  return std::nullopt;
}

Value Evaluator::callModule(const Value &Obj, const CallArgs &CallerArgs,
                            Frame &F) {
  // A module's forward pre-hooks run first, on the caller's line, and may
  // replace the inputs; its forward hooks run last (ModuleState.cpp).
  CallArgs Args = CallerArgs;
  const Expr *Site = CurrentCallSite;
  if (!Obj.Obj->ForwardPreHooks.empty())
    runForwardPreHooks(Obj, Args, F);
  CurrentCallSite = Site;
  Value Out = callForward(Obj, Args, F);
  CurrentCallSite = Site;
  if (!Obj.Obj->ForwardHooks.empty())
    Out = runForwardHooks(Obj, Args, std::move(Out), F);
  return Out;
}

Value Evaluator::callForward(const Value &Obj, const CallArgs &Args, Frame &F) {
  // A plain object with `__call__` (not a module): that method.
  if (!isTorchModule(Obj))
    if (std::optional<Value> R = callObjectMethod(Obj, "__call__", Args, F))
      return *R;
  // The forward() the object's class runs, found along its MRO.
  if (std::optional<Symbol> S = findOnMRO(*Obj.Obj, "forward")) {
    const FunctionDef *Fwd = S->Class->findMethod("forward");
    if (F.Depth >= MaxCallDepth || budgetExceeded())
      return Value::tensor(-1);
    if (isRecursive(*Fwd, CurrentCallSite, Obj.Obj.get()))
      return Value::tensor(-1);
    CallChain.push_back({Fwd, Obj.Obj.get()});
    auto Pop = make_scope_exit([&] { CallChain.pop_back(); });
    Frame Inner;
    Inner.Mod = S->Mod;
    Inner.Fn = Fwd;
    Inner.DefiningClass = S->Class;
    Inner.Self = Obj.Obj;
    Inner.Depth = F.Depth + 1;
    Inner.Context = "forward";
    Inner.SuppressAtEntry = Suppress;
    bindParams(*Fwd, Args, Inner, /*SkipSelf=*/true);
    if (!Fwd->Params.empty())
      Inner.Locals[Fwd->Params.front().Name] = Obj;
    std::vector<std::pair<std::string, std::string>> P;
    std::vector<std::string> Why;
    if (recording()) // Describe the binding before forward() changes locals.
      describeModuleCall(Obj, *Fwd, Args, Inner, P, Why);
    beginCall(Inner.Depth, S->Mod, S->Class, Fwd);
    execBlock(Fwd->Body, Inner);
    Suppress -= Inner.SuppressedTail;
    GuessSuppress -= Inner.SuppressedTail;
    endCall(Obj.Obj->ClassName, std::move(P), std::move(Why), Obj.Obj);
    return Inner.Returned ? *Inner.Returned : Value::none();
  }
  return Value::tensor(-1);
}

Value Evaluator::callFunction(const Symbol &Fn, const CallArgs &Args,
                              Frame &F) {
  if (F.Depth >= MaxCallDepth || budgetExceeded() || !Fn.Func)
    return Value::unknown();
  if (isRecursive(*Fn.Func, CurrentCallSite, nullptr))
    return Value::unknown();
  CallChain.push_back({Fn.Func, nullptr});
  auto Pop = make_scope_exit([&] { CallChain.pop_back(); });
  Frame Inner;
  Inner.Mod = Fn.Mod;
  Inner.Fn = Fn.Func;
  Inner.Depth = F.Depth + 1;
  Inner.Context = F.Context;
  // A model builder's helpers (`_resnet`) are part of the build: their
  // decisions are the report's.
  Inner.Record = inBuilder(F);
  Inner.SuppressAtEntry = Suppress;
  bindParams(*Fn.Func, Args, Inner, /*SkipSelf=*/false);
  std::vector<std::pair<std::string, std::string>> P;
  std::vector<std::string> Why;
  if (recording())
    for (const Param &Pm : Fn.Func->Params) {
      auto It = Inner.Locals.find(Pm.Name);
      if (It == Inner.Locals.end() || It->second.isUnknown() ||
          It->second.is(ValueKind::Object) ||
          (It->second.is(ValueKind::Tuple) && It->second.Elems.empty()))
        continue;
      std::string T = It->second.str();
      if (T.size() > 80)
        continue;
      P.push_back({Pm.Name, T});
      Why.push_back("`" + Pm.Name + "` = " + T + ": WHERE " +
                    (It->second.Why.empty()
                         ? std::string("the caller's argument")
                         : It->second.Why) +
                    "; WHY parameter of `" + Fn.QualifiedName +
                    "`; HOW passed at this line");
    }
  const Expr *Site = CurrentCallSite;
  beginCall(Inner.Depth, Fn.Mod, nullptr, Fn.Func);
  execBlock(Fn.Func->Body, Inner);
  Suppress -= Inner.SuppressedTail;
  GuessSuppress -= Inner.SuppressedTail;
  endCall(Fn.QualifiedName, std::move(P), std::move(Why));
  // Lists and dicts the function changed in place are the caller's too.
  CopyOut.clear();
  CopyOutSite = Site;
  size_t Index = 0;
  for (const Param &Pm : Fn.Func->Params) {
    if (Pm.Kind != ParamKind::Positional)
      break;
    if (Inner.MutatedInPlace.count(Pm.Name))
      CopyOut.push_back({Index, Inner.Locals[Pm.Name]});
    ++Index;
  }
  return Inner.Returned ? *Inner.Returned : Value::none();
}

} // namespace modcost
