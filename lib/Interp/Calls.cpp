//===- Calls.cpp - Calls: self, helpers, modules, torch ops -------------===//
///
/// \file
/// How a call expression is evaluated: `super()`, methods of self (other
/// receivers: MethodCalls.cpp), tensor methods,
/// functools.partial, custom op rules, builtins, classes, torch functions
/// and Python helpers.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "EvaluatorImpl.h"
#include "LegacyTensors.h"
#include "TensorOpRules.h"
#include "TensorShapes.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace llvm;

namespace modcost {

/// `copy.copy` / `copy.deepcopy` of a value: a fresh object with the same
/// attributes (and, deep, fresh copies of the objects and tensors it holds,
/// each object copied once so shared references stay shared). Tuples and
/// constants are copied as they are.
static Value
copyValue(const Value &V, bool Deep, ObjectGraph &Objects,
          DenseMap<const ObjectState *, std::shared_ptr<ObjectState>> &Memo) {
  Value R = V;
  if (V.is(ValueKind::Object) && V.Obj) {
    auto It = Memo.find(V.Obj.get());
    if (It != Memo.end()) {
      R.Obj = It->second;
      return R;
    }
    R.Obj = Objects.copyOf(*V.Obj);
    Memo[V.Obj.get()] = R.Obj;
    if (Deep) {
      for (auto &A : R.Obj->Attrs)
        A.second = copyValue(A.second, Deep, Objects, Memo);
      for (Value &I : R.Obj->Items)
        I = copyValue(I, Deep, Objects, Memo);
    }
    return R;
  }
  if (Deep && (V.is(ValueKind::Tuple) || V.is(ValueKind::Dict)))
    for (Value &E : R.Elems)
      E = copyValue(E, Deep, Objects, Memo);
  if (Deep && V.is(ValueKind::Tensor))
    R.Name.clear(); // A copied tensor is a new object.
  return R;
}

Evaluator::Flow Evaluator::execBody(const FunctionDef &Fn, Frame &F) {
  const Block &Body = Fn.body();
  StringRef Error = Fn.bodyError();
  if (Error.empty())
    return execBlock(Body, F);
  std::string Msg = "cannot read the body of `" + Fn.Name +
                    "` from the parse cache: " + Error.str() +
                    " (run with --no-cache)";
  if (Fn.Range.File)
    Diags.report(Fn.Range.File->getBufferID(), Fn.Range.Begin, DiagLevel::Error,
                 Msg);
  else
    Diags.report(DiagLevel::Error, Msg);
  F.Returned = Value::unknown(Msg);
  F.ReturnedOnPath = true;
  return Flow::Returned;
}

Value Evaluator::runMethod(const FunctionDef &Method, const PyModule &MethodMod,
                           const CallArgs &Args, Frame &F,
                           std::shared_ptr<ObjectState> Self) {
  // A method of a modeled class (a base such as transformers' ModelOutput)
  // is a use of that model.
  if (MethodMod.IsModel && Method.Parent) {
    Symbol Modeled;
    Modeled.Mod = &MethodMod;
    Modeled.QualifiedName =
        NameResolver::qualify(MethodMod, Method.Parent->Name);
    noteModel(Modeled);
  }
  Frame Inner;
  Inner.Mod = &MethodMod;
  Inner.Fn = &Method;
  Inner.DefiningClass = Method.Parent;
  Inner.Self = Self;
  Inner.Depth = F.Depth + 1;
  Inner.Context = F.Context;
  Inner.SuppressAtEntry = Suppress;
  // A @staticmethod called through self takes no self.
  bool Static = isStaticMethod(Method);
  bindParams(Method, Args, Inner, /*SkipSelf=*/!Static);
  Value SelfV;
  SelfV.Kind = ValueKind::Object;
  SelfV.Obj = Self;
  if (!Method.Params.empty() && !Static)
    Inner.Locals[Method.Params.front().Name] = SelfV;
  // The parameters as the caller passed them: described before the body
  // rebinds them (`x = self.layer(x)` would show the result).
  std::vector<std::pair<std::string, std::string>> P;
  std::vector<std::string> Why;
  for (size_t I = Static ? 0 : 1; I < Method.Params.size(); ++I) {
    auto It = Inner.Locals.find(Method.Params[I].Name);
    if (It == Inner.Locals.end() || It->second.isUnknown() ||
        It->second.is(ValueKind::Object))
      continue;
    P.push_back({Method.Params[I].Name, It->second.str()});
    Why.push_back("`" + Method.Params[I].Name + "` = " + It->second.str() +
                  ": WHERE the caller's argument at this line; WHY "
                  "parameter of the method; HOW passed positionally or by "
                  "keyword");
  }
  beginCall(Inner.Depth, &MethodMod, Method.Parent, &Method);
  Flow Fl = execBody(Method, Inner);
  Suppress -= Inner.SuppressedTail;
  GuessSuppress -= Inner.SuppressedTail;
  std::string Owner =
      Method.Parent ? NameResolver::qualify(MethodMod, Method.Parent->Name)
                    : MethodMod.Name;
  endCall(Owner + "." + Method.Name, std::move(P), std::move(Why));
  // A method that raises on the analyzed path has no value: not None
  // (`AutoModel.from_config` of a config class no table names).
  if (Fl == Flow::Raised && !Inner.Returned)
    return Value::unknown("`" + Method.Name +
                          "()` raises on the analyzed "
                          "path (defined at " +
                          location(Method.Range) + ")");
  Value R = Inner.Returned ? *Inner.Returned : Value::none();
  if (!R.isUnknown())
    R.Why = joinWhy(R.Why, "returned by `" + Method.Name + "()`");
  return R;
}

Value Evaluator::evalCall(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  CurrentCallSite = &E;
  if (std::optional<Value> R = callOnSelf(E, F))
    return *R;
  if (std::optional<Value> R = callListMethod(E, F))
    return *R;
  if (Callee.Kind == ExprKind::Lambda) {
    // `(lambda wn: getattr(self, wn))(name)`: the body runs with the
    // parameters bound, seeing the enclosing locals (nn.RNN's
    // _flat_weights).
    CallArgs Args = evalArgs(E, F);
    if (!Args.Keywords.empty() || Args.UnknownSplat ||
        Args.Positional.size() != Callee.Params.size())
      return Value::unknown("a lambda called with other arguments");
    Frame Inner = F;
    for (size_t I = 0; I < Callee.Params.size(); ++I)
      Inner.Locals[Callee.Params[I]] = Args.Positional[I];
    return eval(*Callee.op(0), Inner);
  }
  // The receiver of a method call is evaluated exactly once.
  std::optional<Value> Receiver;
  Value CalleeVal;
  if (Callee.Kind == ExprKind::Attribute) {
    Receiver = eval(*Callee.op(0), F);
    CalleeVal = evalAttribute(*Receiver, Callee.Name, F);
  } else {
    CalleeVal = eval(Callee, F);
  }
  Value FromProfile = callProfile(Callee, CalleeVal);
  if (!FromProfile.isUnknown()) {
    evalArgs(E, F);
    return FromProfile;
  }

  if (Receiver)
    if (std::optional<Value> R = callMethodOf(*Receiver, E, F))
      return *R;

  CallArgs Args = evalArgs(E, F);
  if (std::optional<Value> L = callLambda(CalleeVal, Args))
    return *L;
  if (std::optional<Value> L = callLocalFunction(CalleeVal, Args, F))
    return *L;
  if (std::optional<Value> P = makePartial(CalleeVal, Args))
    return *P;
  bindPartial(CalleeVal, Args);
  if (OpRules && !OpRules->empty() && !CalleeVal.IsClass) {
    // A custom rule (plugin, --op-rules) wins over everything below; an
    // unresolvable callee is known by its spelling.
    std::string Name = CalleeVal.is(ValueKind::Callable)
                           ? CalleeVal.Name
                           : Callee.getDottedName();
    if (!Name.empty())
      if (std::optional<Value> R = applyOpRule(Name, Args, E))
        return *R;
  }
  if (CalleeVal.is(ValueKind::Callable)) {
    CopyOut.clear();
    Value R = asBuffer(CalleeVal.Name, callCallable(CalleeVal, Args, E, F));
    if (CalleeVal.Keys.empty())
      applyCopyOut(E, F);
    return R;
  }
  if (CalleeVal.is(ValueKind::Object)) // Calling a submodule.
    return callModule(CalleeVal, Args, F);
  if (CalleeVal.isUnknown() && !CalleeVal.Elems.empty())
    if (std::optional<Value> R = callModuleAlternatives(CalleeVal, Args, F))
      return *R;
  if (CalleeVal.isUnknown() && Callee.Kind == ExprKind::Subscript &&
      (Callee.op(0)->Kind == ExprKind::Name ||
       Callee.op(0)->Kind == ExprKind::Attribute)) {
    // A module of a container picked by an index that is not known
    // (`self.layers[i](h)`): it runs, whatever its arguments are.
    Value Base = eval(*Callee.op(0), F);
    if (Base.is(ValueKind::Object) && isTorchModule(Base) &&
        !Base.Obj->Items.empty()) {
      noteUnknown("`" + Callee.Text.str() +
                  "` (which module of the container the index selects is "
                  "not known)");
      Value R = Value::tensor(-1, "the module called is not known");
      R.Name = UnknownIdentity;
      return R;
    }
  }
  // Something is called on tensors and nothing is known of it; or an
  // element of a sequence that is not known (`for h, layer in zip(...)`),
  // or a submodule of self that could not be built (`self.generator` from
  // an auto class on a config that is not known), is called whatever its
  // arguments: an unknown op, never a silent zero.
  const Expr *Owner =
      Callee.Kind == ExprKind::Attribute ? Callee.op(0) : nullptr;
  // A submodule of self reaching here is never a known callable, whatever
  // its value says (DataParallel's `self.module(*inputs)` with the
  // constructor's `module` unbound and no tensor among its arguments).
  bool UnknownElement =
      (CalleeVal.isUnknown() && (CalleeVal.Why == "loop variable" ||
                                 CalleeVal.Why == "comprehension variable")) ||
      (Owner && Owner->Kind == ExprKind::Name && Owner->Name == "self");
  if (UnknownElement || hasTensorArgs(Args)) {
    if (StringRef(CalleeVal.Why).contains(UnresolvedMarker))
      reportUnresolved(E, CalleeVal.Why);
    std::string Why =
        CalleeVal.Why.empty() ? "the callee is not known" : CalleeVal.Why;
    noteUnknown("`" + Callee.Text.str() + "` (" + Why + ")");
    Value R = Value::tensor(-1, Why);
    R.Name = UnknownIdentity;
    return R;
  }
  return Value::unknown(CalleeVal.Why);
}

Value Evaluator::asBuffer(StringRef CalleeName, Value R) {
  // `nn.Buffer(t)` through the library model of torch >= 2.5's class (the
  // installed torch may predate it; a real class takes the constructor
  // path): the tensor, registered as model state. What is not known to be
  // a tensor is one of unknown shape: counted as such, never as nothing.
  if (CalleeName != "torch.nn.Buffer" &&
      CalleeName != "torch.nn.parameter.Buffer")
    return R;
  if (!R.is(ValueKind::Tensor))
    R = Value::tensor(-1, R.Why);
  R.Role = TensorRole::Buffer;
  return R;
}

bool Evaluator::hasTensorArgs(const CallArgs &Args) {
  auto IsTensor = [](const Value &V) {
    return V.is(ValueKind::Tensor) ||
           (V.is(ValueKind::Tuple) && llvm::any_of(V.Elems, [](const Value &X) {
              return X.is(ValueKind::Tensor);
            }));
  };
  return llvm::any_of(Args.Positional, IsTensor) ||
         llvm::any_of(Args.Keywords,
                      [&](const auto &KV) { return IsTensor(KV.second); });
}

void Evaluator::reportUnresolved(const Expr &Site, StringRef Why) {
  if (!Site.Range.File || !UnresolvedReported.insert(&Site).second)
    return;
  Diags.report(Site.Range.File->getBufferID(), Site.Range.Begin,
               DiagLevel::Error, Why.str() + "; its cost is unknown");
}

Value Evaluator::unresolvedCall(StringRef N, std::string Msg,
                                const CallArgs &Args, const Expr &E) {
  std::string Why =
      "`" + N.str() + "` " + UnresolvedMarker + " (" + std::move(Msg) + ")";
  if (!hasTensorArgs(Args))
    return Value::unknown(Why);
  reportUnresolved(E, Why);
  noteUnknown(N.str() + " (not resolved)");
  Value R = Value::tensor(-1, Why);
  R.Name = UnknownIdentity;
  return R;
}

std::optional<Value> Evaluator::callOnSelf(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  // super().__init__(...) / super(Cls, self).__init__(...)
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Call &&
      Callee.op(0)->callee()->Kind == ExprKind::Name &&
      Callee.op(0)->callee()->Name == "super") {
    if (F.Self && F.DefiningClass) {
      std::string Current =
          NameResolver::qualify(*F.Mod, F.DefiningClass->Name);
      std::optional<Symbol> Next = findOnMRO(*F.Self, Callee.Name, Current);
      if (Callee.Name == "__init__") {
        CallArgs Args = evalArgs(E, F);
        // The next __init__ on the MRO, or a @dataclass's generated one.
        bool After = false;
        for (const std::string &ClassName : F.Self->MRO) {
          if (!After) {
            After = ClassName == Current;
            continue;
          }
          Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
          if (!S) {
            consumeError(S.takeError());
            break;
          }
          if (S->Kind != SymbolKind::Class)
            continue;
          if (S->Class->findMethod("__init__")) {
            runInit(*S->Mod, *S->Class, F.Self, Args, /*Record=*/false);
            break;
          }
          if (isDataclass(*S->Class)) {
            runDataclassInit(F.Self, Args);
            break;
          }
        }
        return Value::none();
      }
      // super().__getitem__(key) in a dict subclass: its items; `get` of
      // a Mapping whose class defines `__getitem__`.
      if (!Next) {
        CallArgs Args = evalArgs(E, F);
        if (std::optional<Value> R = dictSuperCall(*F.Self, Callee.Name, Args))
          return *R;
        if (std::optional<Value> R = mappingGet(F.Self, Callee.Name, Args, F))
          return *R;
      }
      // super().forward(...) and other methods: the next definition on the
      // MRO after the class whose method is running, as a composite.
      if (Next) {
        const FunctionDef *M = Next->Class->findMethod(Callee.Name);
        return inlineMethodChecked(*M, *Next->Mod, E, F, nullptr)
            .value_or(Value::tensor(-1));
      }
    }
    return Value::unknown();
  }

  // Calls on self that change attributes.
  if (Callee.Kind == ExprKind::Attribute && F.Self &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.op(0)->Name == "self") {
    StringRef M = Callee.Name;
    if (M == "add_module" || M == "register_module") {
      CallArgs Args = evalArgs(E, F);
      if (Args.Positional.size() >= 2 &&
          Args.Positional[0].is(ValueKind::Str)) {
        Value V = Args.Positional[1];
        V.Why =
            joinWhy(V.Why, "`self." + Args.Positional[0].Name + "` set by " +
                               M.str() + " at " + location(E.Range));
        addSubmodule(*F.Self, Args.Positional[0], V);
      }
      return Value::none();
    }
    if (is_contained({"register_parameter", "register_buffer",
                      "register_forward_pre_hook", "register_forward_hook"},
                     M)) {
      CallArgs Args = evalArgs(E, F);
      return moduleStateMethod(*F.Self, M, Args, E).value_or(Value::none());
    }
  }

  // A helper method of self: run it (without recording its branches) to
  // learn what it returns, e.g. `self._get_no_batch_dim()`.
  // Weight initialization does not change what inference computes: in
  // __init__, `self.reset_parameters()`-style helpers and torch.nn.init
  // functions are not evaluated (they are also the most expensive part of
  // constructing torch modules).
  if (F.Context == "__init__") {
    StringRef N = Callee.Kind == ExprKind::Attribute ? StringRef(Callee.Name)
                                                     : StringRef();
    std::string Dotted = Callee.getDottedName();
    if (N == "reset_parameters" || N == "_reset_parameters" ||
        N == "init_weights" || N == "_init_weights" || N == "post_init" ||
        StringRef(Dotted).starts_with("init.") ||
        StringRef(Dotted).starts_with("nn.init.") ||
        StringRef(Dotted).starts_with("torch.nn.init."))
      return Value::none("weight initialization is not evaluated");
  }
  // A container subclass reading its own items (`for name, layer in
  // self.items()` in DenseNet's block): the items kept, not `_modules`.
  if (Callee.Kind == ExprKind::Attribute && F.Self &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.op(0)->Name == "self" &&
      isContainer(*F.Self) &&
      is_contained({"items", "values", "keys"}, Callee.Name)) {
    Value SelfV;
    SelfV.Kind = ValueKind::Object;
    SelfV.Obj = F.Self;
    if (std::optional<Value> R =
            containerMethod(SelfV, Callee.Name, evalArgs(E, F)))
      return R;
  }
  if (Callee.Kind == ExprKind::Attribute && F.Self && F.Self->Class &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.op(0)->Name == "self" &&
      F.Depth < MaxInlineDepth && !fact(Callee.Name)) {
    const FunctionDef *Method = nullptr;
    const PyModule *MethodMod = nullptr;
    if (std::optional<Symbol> S = findOnMRO(*F.Self, Callee.Name)) {
      Method = S->Class->findMethod(Callee.Name);
      MethodMod = S->Mod;
    }
    if (Method && !F.Self->Attrs.count(Callee.Name))
      return inlineMethodChecked(*Method, *MethodMod, E, F, nullptr)
          .value_or(Value::tensor(-1));
  }

  return std::nullopt;
}

std::optional<Value> Evaluator::makePartial(const Value &CalleeVal,
                                            const CallArgs &Args) {
  if (CalleeVal.is(ValueKind::Callable) &&
      (CalleeVal.Name == "functools.partial" || CalleeVal.Name == "partial") &&
      !Args.Positional.empty() && Args.Positional[0].is(ValueKind::Callable)) {
    // functools.partial(f, *a, **kw): a callable carrying bound arguments.
    Value P = Args.Positional[0];
    for (size_t I = 1; I < Args.Positional.size(); ++I) {
      P.Keys.push_back("");
      P.Elems.push_back(Args.Positional[I]);
    }
    for (const auto &[K, V] : Args.Keywords) {
      P.Keys.push_back(K);
      P.Elems.push_back(V);
    }
    return P;
  }
  return std::nullopt;
}

void Evaluator::bindPartial(const Value &CalleeVal, CallArgs &Args) {
  if (CalleeVal.is(ValueKind::Callable) && !CalleeVal.Keys.empty()) {
    // Calling a partial: bound positionals first, call keywords win.
    CallArgs Full;
    for (size_t I = 0; I < CalleeVal.Keys.size(); ++I)
      if (CalleeVal.Keys[I].empty())
        Full.Positional.push_back(CalleeVal.Elems[I]);
    llvm::append_range(Full.Positional, Args.Positional);
    for (size_t I = 0; I < CalleeVal.Keys.size(); ++I)
      if (!CalleeVal.Keys[I].empty())
        Full.Keywords.push_back({CalleeVal.Keys[I], CalleeVal.Elems[I]});
    llvm::append_range(Full.Keywords, Args.Keywords);
    Full.UnknownSplat = Args.UnknownSplat;
    Args = std::move(Full);
  }
}

Value Evaluator::callCallable(const Value &CalleeVal, CallArgs &Args,
                              const Expr &E, Frame &F) {
  StringRef N = CalleeVal.Name;
  // copy.deepcopy(layer): a fresh object equivalent to its argument
  // (torch's `_get_clones` fills a ModuleList with deep copies).
  if ((N == "copy.deepcopy" || N == "copy.copy") &&
      Args.Positional.size() >= 1) {
    DenseMap<const ObjectState *, std::shared_ptr<ObjectState>> Memo;
    Value R =
        copyValue(Args.Positional[0], N == "copy.deepcopy", *Objects, Memo);
    R.Why = joinWhy(R.Why,
                    "a copy made by `" + N.str() + "` at " + location(E.Range));
    return R;
  }
  // torch.jit.isinstance(x, T): Python's isinstance when T is a class (a
  // typing container such as List[int] stays unknown there).
  if (N == "torch.jit.isinstance" || N == "torch._jit_internal.isinstance")
    N = "isinstance";
  if (std::optional<Value> B = callBuiltin(N, Args, E, F))
    return *B;
  StringRef Last = N.rsplit('.').second.empty() ? N : N.rsplit('.').second;
  // torch.nn.modules.utils._pair and friends: repeat a scalar.
  if (Last == "_single" || Last == "_pair" || Last == "_triple" ||
      Last == "_quadruple") {
    size_t Count = Last == "_single"   ? 1
                   : Last == "_pair"   ? 2
                   : Last == "_triple" ? 3
                                       : 4;
    if (!Args.Positional.empty()) {
      const Value &A = Args.Positional[0];
      if (A.is(ValueKind::Tuple))
        return A;
      if (A.is(ValueKind::Str))
        return A;
      return Value::tuple(std::vector<Value>(Count, A), A.Why);
    }
  }
  // torch's classes that make tensors or dtype limits (LegacyTensors.cpp),
  // before their Python definitions (`class Tensor(torch._C.TensorBase)`).
  if (N.starts_with("torch.") && !N.starts_with("torch.nn.")) {
    CallArgs Factory;
    if (Last == "finfo" || Last == "iinfo" ||
        legacyConstructor(Last, Args, Factory))
      if (std::optional<Value> R = callTorchFunction(N, Args, E))
        return *R;
  }
  if (CalleeVal.IsClass) {
    CurrentCall = &E;
    Expected<Symbol> S = Resolver.resolveDotted(N, nullptr);
    if (!S) {
      consumeError(S.takeError());
      return Value::unknown();
    }
    if (S->Kind == SymbolKind::Class) {
      noteModel(*S);
      // The model a builder constructs records its own __init__'s
      // decisions, as a class unit's does.
      return construct(*S->Mod, *S->Class, Args,
                       /*Record=*/inBuilder(F) && ConstructDepth == 0);
    }
  }
  // Tensor operations of torch and torch.nn.functional take their shape
  // rule from the catalog, even where torch defines them in Python.
  if (N.starts_with("torch.") && !N.starts_with("torch.nn.modules"))
    if (std::optional<Value> R = callTorchFunction(N, Args, E))
      return *R;
  // A Python helper function: evaluate it with these arguments.
  Expected<Symbol> S = Resolver.resolveDotted(N, nullptr);
  if (!S)
    return unresolvedCall(N, toString(S.takeError()), Args, E);
  if (S->Kind == SymbolKind::Function) {
    noteModel(*S);
    return callFunction(*S, Args, F);
  }
  if (S->Kind == SymbolKind::External || S->Kind == SymbolKind::None) {
    // A package that is on no source root (torch itself when only the
    // transformers tree was given): nothing it builds or computes is known.
    StringRef Top = N.split('.').first;
    StringRef Last = N.rsplit('.').second;
    if (N.contains('.') && !Resolver.getLoader().exists(Top))
      return unresolvedCall(N,
                            "no package `" + Top.str() +
                                "` under the source roots; add its directory "
                                "with --source-root",
                            Args, E);
    // A class the package's sources do not define (`torch.nn.RMSNorm` is
    // torch 2.x; the installed sources may be older). Lower-case names of
    // torch are its C functions, which have no Python source.
    if (N.contains('.') && !Last.empty() && isUpper(Last.front()))
      return unresolvedCall(N,
                            "no definition of `" + Last.str() + "` in the `" +
                                Top.str() +
                                "` sources under the source roots (a newer "
                                "version's name?)",
                            Args, E);
  }
  // Tensors passed in a tuple or list count too (`torch.cat([a, b])`,
  // `_VF.broadcast_tensors((x, y))`): an op on them, never a silent zero.
  bool TensorArgs = hasTensorArgs(Args);
  if (N.starts_with("torch.")) {
    // A catalog op whose shape rule could not read its operands (an unknown
    // value, a tensor of unknown shape) has a cost rule: say what it lacks.
    std::vector<Value> Operands = Args.Positional;
    for (const auto &KV : Args.Keywords)
      Operands.push_back(KV.second);
    const OpInfo *Info = lookupOp(N.rsplit('.').second);
    bool Open = any_of(Operands, [](const Value &V) {
      return V.isUnknown() || (V.is(ValueKind::Tensor) && !V.DimsKnown);
    });
    if (TensorArgs && Info && Open) {
      warnOpenInputs(Operands);
      std::string Source = unknownOperandSource(Operands);
      noteUnknown(E.callee()->Text.str() + " (operand shapes unknown" +
                      (Source.empty() ? "" : ": " + Source) + ")",
                  isMatrixFamily(Info->Family));
    } else if (TensorArgs)
      noteUnknown(N);
    Value R = Value::tensor(-1);
    R.Name = UnknownIdentity; // It may return one of its arguments.
    return R;
  }
  if (TensorArgs)
    noteUnknown(N);
  return Value::unknown();
}

std::optional<Value>
Evaluator::callTorchFunction(StringRef N, const CallArgs &Args, const Expr &E) {
  const Expr &Callee = *E.callee();
  StringRef Last = N.rsplit('.').second.empty() ? N : N.rsplit('.').second;
  // F.unfold is not Tensor.unfold (a view): torch's Python definition runs,
  // which calls im2col.
  if (Last == "unfold")
    return std::nullopt;
  // F.embedding_bag(input, weight, ...) and F.max_unpool2d(input, indices,
  // kernel_size, ...) take other arguments than the C functions of the same
  // name they call (torch.embedding_bag(weight, input, ...),
  // max_unpool2d(input, indices, output_size)): their Python definitions
  // run, and the catalog prices the C call. F.local_response_norm has no C
  // function at all: its Python (squares, a pad, an average pool, a power
  // and a division) is priced op by op. F.fold calls col2im.
  if (N.starts_with("torch.nn.functional.") &&
      (Last == "embedding_bag" || Last == "max_unpool2d" ||
       Last == "max_unpool3d" || Last == "local_response_norm" ||
       Last == "fold"))
    return std::nullopt;
  // `torch.finfo(x.dtype).min` and the legacy typed constructors
  // (LegacyTensors.cpp): no tensor functions, but known all the same.
  if (std::optional<Value> L = numericLimits(Last, Args, *Objects, Sym))
    return L;
  if (N == "torch.device")
    if (std::optional<Value> D = torchDevice(Last, Args, *Objects))
      return D;
  CallArgs Factory;
  if (std::optional<std::string> Op = legacyConstructor(Last, Args, Factory))
    return callTorchFunction("torch." + *Op, Factory, E);
  std::optional<Value> R = tensorFunction(Last, Args);
  if (std::optional<Value> C =
          ConcreteTensors(*this).concreteFunction(Last, Args)) {
    if (R && R->is(ValueKind::Tensor) && R->DimsKnown)
      R->Elems = C->Elems;
    else
      R = C;
  } else if (R && R->is(ValueKind::Tensor)) {
    R->Elems.clear(); // Values only from concreteFunction.
  }
  if (R) {
    std::vector<Value> Ins;
    CostExtras X;
    for (const Value &A : Args.Positional) {
      if (A.is(ValueKind::Tensor))
        Ins.push_back(A);
      else if (A.is(ValueKind::Tuple) && A.RepeatCount && A.Elems.size() == 1 &&
               A.Elems[0].is(ValueKind::Tensor))
        Ins.push_back(repeatedOperand(A.Elems[0], A.RepeatCount));
      else if (A.is(ValueKind::Tuple))
        for (const Value &T : A.Elems)
          if (T.is(ValueKind::Tensor))
            Ins.push_back(T);
    }
    for (const auto &[K, V] : Args.Keywords)
      if (V.is(ValueKind::Tensor) && K != "out")
        Ins.push_back(V);
    if (Last == "linear" || Last.starts_with("conv")) {
      // A bias is the third operand when present.
      size_t Pos = 2;
      bool Bias = Args.Positional.size() > Pos &&
                  Args.Positional[Pos].is(ValueKind::Tensor);
      for (const auto &[K, V] : Args.Keywords)
        if (K == "bias" && V.is(ValueKind::Tensor))
          Bias = true;
      X.HasBias = Bias;
    }
    if (Last == "einsum" && !Args.Positional.empty() &&
        Args.Positional[0].is(ValueKind::Str))
      X.Contracted = einsumContracted(Args.Positional[0].Name, Ins, Sym);
    if (std::optional<CostExtras> RX = recurrentExtras(Last, Args))
      X = *RX;
    if (Last == "interpolate" || Last == "upsample" || Last == "grid_sampler")
      X = resampleExtras(Last, Args, *R, Sym);
    if (Last == "stft" || Last == "istft")
      X = TensorOpRules(*this).spectralExtras(Last, Args);
    if (Last == "_native_multi_head_attention" && Args.Positional.size() > 4)
      X.Heads = dimExpr(Args.Positional[4]);
    if (Last == "cosine_similarity") {
      // The extent reduced along `dim` of the broadcast inputs.
      Value B = broadcast(Args.arg(0), Args.arg(1));
      if (B.DimsKnown)
        if (auto D = normDim(Args.Positional.size() > 2 || Args.keyword("dim")
                                 ? keywordOr(Args, "dim", 2)
                                 : Value::integer(1),
                             B.Dims.size()))
          if (B.Dims[*D])
            X.Window = B.Dims[*D];
    }
    if (Last == "pairwise_distance") {
      // The extent reduced: the last of the broadcast inputs.
      Value B = broadcast(Args.arg(0), Args.arg(1));
      if (B.DimsKnown && !B.Dims.empty() && B.Dims.back())
        X.Window = B.Dims.back();
    }
    if (Last.contains("pool") && !Last.starts_with("adaptive")) {
      Value K =
          Args.Positional.size() > 1 ? Args.Positional[1] : Value::unknown();
      for (const auto &[Kw, V] : Args.Keywords)
        if (Kw == "kernel_size")
          K = V;
      // A window of k in every spatial dimension (max_pool3d: k^3).
      int Spatial = Last.contains("1d") ? 1 : Last.contains("3d") ? 3 : 2;
      if (const sym::Expr *D = dimExpr(K))
        X.Window = Sym.pow(D, Spatial);
      else if (K.is(ValueKind::Tuple)) {
        const sym::Expr *W = Sym.getOne();
        for (const Value &E : K.Elems)
          W = dimExpr(E) ? Sym.mul(W, dimExpr(E)) : nullptr;
        X.Window = W;
      }
    }
    std::string Spelled = Callee.getDottedName();
    noteOp(Last, Ins, *R, X, Spelled.empty() ? Last.str() : Spelled);
    return *R;
  }
  // A catalog op whose input is not known to be anything (the value of
  // a call the evaluator could not follow), or is None (an optional input
  // left at its default, `encoder_hidden_states=None` indexed and passed
  // on): its shape rule cannot run, but it is still that op, with unknown
  // operand shapes. torch's own Python definition (F.layer_norm calling
  // the C builtin torch.layer_norm) would only hide the name under one
  // with no rule, and a C function bound at module level (`linear =
  // _add_docstr(torch._C._nn.linear, ...)`) would be reported by its
  // qualified name as an op with no rule.
  const OpInfo *Info = lookupOp(Last);
  if (Info && Info->Family != OpFamily::Factory && !Args.Positional.empty() &&
      (Args.Positional[0].isUnknown() ||
       Args.Positional[0].is(ValueKind::None))) {
    std::vector<Value> Ins{Value::tensor(-1)};
    for (size_t I = 1; I < Args.Positional.size(); ++I)
      if (Args.Positional[I].is(ValueKind::Tensor))
        Ins.push_back(Args.Positional[I]);
    Value R = Value::tensor(-1, "the input of `" + N.str() + "` is not known");
    R.Name = UnknownIdentity;
    std::string Spelled = Callee.getDottedName();
    noteOp(Last, Ins, R, CostExtras(), Spelled.empty() ? Last.str() : Spelled);
    return R;
  }
  return std::nullopt;
}

void Evaluator::noteModel(const Symbol &S) {
  if (!S.Mod || !S.Mod->IsModel || !S.Mod->File)
    return;
  std::string Entry = "`" + S.QualifiedName + "` from the model `" +
                      S.Mod->File->getRelativePath() + "`";
  if (!llvm::is_contained(Result.ModelsUsed, Entry))
    Result.ModelsUsed.push_back(std::move(Entry));
}

} // namespace modcost
