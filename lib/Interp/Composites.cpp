//===- Composites.cpp - Calls of submodules and Python helpers ------------===//
///
/// \file
/// A submodule call runs the forward() found along its class's MRO, and a
/// Python helper function runs its body, both with the caller's actual
/// arguments (so a child sees the shapes its parent passes) and priced as a
/// composite of what they run. A function already active on the same object
/// is a recursion: followed while its arguments change, to a bound, and
/// otherwise a composite cycle, reported once, its cost unknown.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The printed form of \p V for comparing a recursion's arguments: objects
/// by identity (a recursion over a module's children passes a different
/// child each time), everything else as printed.
static void appendKey(const Value &V, std::string &Out) {
  if (V.is(ValueKind::Object)) {
    Out += "<object " + std::to_string(uintptr_t(V.Obj.get())) + ">";
    return;
  }
  if (V.is(ValueKind::Tuple)) {
    Out += "(";
    for (const Value &E : V.Elems) {
      appendKey(E, Out);
      Out += ", ";
    }
    Out += ")";
    return;
  }
  Out += V.str();
}

std::string Evaluator::recursionKey(const CallArgs &Args) const {
  std::string Key;
  for (const Value &V : Args.Positional) {
    appendKey(V, Key);
    Key += "; ";
  }
  for (const auto &[K, V] : Args.Keywords) {
    Key += K + "=";
    appendKey(V, Key);
    Key += "; ";
  }
  if (Args.UnknownSplat)
    Key += "**unknown";
  return Key;
}

/// The first argument of \p Args whose value is not known, described with
/// where it came from; nullopt when all are known.
static std::optional<std::string> unknownArgument(const CallArgs &Args,
                                                  const Expr *Site) {
  auto Describe = [](const Value &V, const std::string &Which) {
    return Which + (V.Why.empty() ? std::string() : " (" + V.Why + ")");
  };
  // The argument's text when the call has no splat (positions line up).
  bool Aligned = Site && Site->numOps() ==
                             1 + Args.Positional.size() + Args.Keywords.size();
  for (size_t I = 0; I < Args.Positional.size(); ++I)
    if (Args.Positional[I].isUnknown())
      return Describe(Args.Positional[I],
                      Aligned ? "argument `" + Site->op(I + 1)->Text.str() + "`"
                              : "argument " + std::to_string(I + 1));
  for (const auto &[K, V] : Args.Keywords)
    if (V.isUnknown())
      return Describe(V, "argument `" + K + "`");
  return std::nullopt;
}

/// True when \p Args passes an object: a walk over a module tree, whose
/// depth is the tree's (a backbone's stages, blocks and layers).
static bool passesObject(const CallArgs &Args) {
  return llvm::any_of(Args.Positional,
                      [](const Value &V) { return V.is(ValueKind::Object); });
}

std::optional<ActiveCallScope> Evaluator::enterCall(const FunctionDef &Fn,
                                                    const Expr *Site,
                                                    const ObjectState *Self,
                                                    const CallArgs *Args,
                                                    const Frame *Closure) {
  // Python recursion that terminates changes its arguments on the way to
  // its base case (getattribute_from_module retries once with the
  // `transformers` module; replace_batch_norm recurses into each child):
  // followed, to a bound. The same arguments again make no progress: a
  // cycle, as is a nesting deeper than the bound.
  std::string Key = Args ? recursionKey(*Args) : std::string();
  unsigned Nested = 0;
  bool NoProgress = false;
  for (const ActiveCall &A : CallChain)
    if (A.Fn == &Fn && A.Self == Self && A.Closure == Closure) {
      ++Nested;
      NoProgress |= !Args || !A.ArgsKnown || A.Args == Key;
    }
  unsigned Bound =
      Args && passesObject(*Args) ? MaxModuleTreeDepth : MaxRecursionDepth;
  if (Nested == 0 || (!NoProgress && Nested < Bound)) {
    CallChain.push_back({&Fn, Self, Closure, std::move(Key), Args != nullptr});
    return ActiveCallScope(CallChain);
  }
  std::string Name = Fn.Parent ? Fn.Parent->Name + "." + Fn.Name : Fn.Name;
  // An unknown argument prints as every other unknown: the recursion cannot
  // tell whether it progresses, and the cause is where the unknown began.
  std::optional<std::string> Unknown =
      NoProgress && Args ? unknownArgument(*Args, Site) : std::nullopt;
  std::string Msg =
      Unknown ? "recursive call of `" + Name + "` with an unknown " + *Unknown +
                    ": the recursion cannot follow what it walks; its cost "
                    "is unknown"
      : NoProgress
          ? "recursive call of `" + Name +
                "` with the arguments of an active call: a composite cycle; "
                "its cost is unknown"
          : "recursive call of `" + Name + "` nested more than " +
                std::to_string(Bound) +
                " deep: an unbounded composite cycle; its cost is unknown";
  if (ReportedCycles.insert(&Fn).second) {
    if (Site && Site->Range.File)
      Diags.report(Site->Range.File->getBufferID(), Site->Range.Begin,
                   DiagLevel::Warning, Msg);
    else
      Diags.report(DiagLevel::Warning, Msg);
  }
  noteUnknown("recursive call of " + Name);
  return std::nullopt;
}

std::optional<Value>
Evaluator::inlineMethodChecked(const FunctionDef &Method,
                               const PyModule &MethodMod, const Expr &E,
                               Frame &F, std::shared_ptr<ObjectState> Self) {
  if (!Self)
    Self = F.Self;
  CallArgs Args = evalArgs(E, F);
  std::optional<ActiveCallScope> Active =
      enterCall(Method, &E, Self.get(), &Args);
  if (!Active)
    return std::nullopt;
  return runMethod(Method, MethodMod, Args, F, std::move(Self));
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
    std::optional<ActiveCallScope> Active =
        enterCall(*Fwd, CurrentCallSite, Obj.Obj.get(), &Args);
    if (!Active)
      return Value::tensor(-1);
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
    execBody(*Fwd, Inner);
    Suppress -= Inner.SuppressedTail;
    GuessSuppress -= Inner.SuppressedTail;
    endCall(Obj.Obj->ClassName, std::move(P), std::move(Why), Obj.Obj);
    return Inner.Returned ? *Inner.Returned : Value::none();
  }
  return Value::tensor(-1);
}

Value Evaluator::callFunction(const Symbol &Fn, const CallArgs &Args, Frame &F,
                              const Frame *Enclosing) {
  if (F.Depth >= MaxCallDepth || budgetExceeded() || !Fn.Func)
    return Value::unknown();
  std::optional<ActiveCallScope> Active =
      enterCall(*Fn.Func, CurrentCallSite, nullptr, &Args, Enclosing);
  if (!Active)
    return Value::unknown();
  Frame Inner;
  Inner.Mod = Fn.Mod;
  Inner.Fn = Fn.Func;
  Inner.Depth = F.Depth + 1;
  Inner.Context = F.Context;
  // A model builder's helpers (`_resnet`) are part of the build: their
  // decisions are the report's.
  Inner.Record = inBuilder(F);
  Inner.SuppressAtEntry = Suppress;
  if (Enclosing)
    Inner.Locals = Enclosing->Locals;
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
  Flow Fl = execBody(*Fn.Func, Inner);
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
  if (Fl == Flow::Raised && !Inner.Returned)
    return Value::unknown("`" + Fn.QualifiedName +
                          "()` raises on the analyzed path");
  return Inner.Returned ? *Inner.Returned : Value::none();
}

} // namespace modcost
