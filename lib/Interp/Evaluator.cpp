//===- Evaluator.cpp - Decisions, names and attributes -------------------===//
///
/// \file
/// See Evaluator.h for the model. The interpreter is deliberately
/// conservative: anything it does not model evaluates to Unknown, and only
/// facts (profile entries, literals, constructor defaults, evaluated
/// attributes) decide branches. This file records decisions and looks up
/// names and attributes; the other Interp files hold the rest.
///
//===----------------------------------------------------------------------===//

#include "modcost/Interp/Evaluator.h"
#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "Properties.h"
#include "TensorShapes.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>
#include <limits>

using namespace llvm;

namespace modcost {

//===----------------------------------------------------------------------===//
// Recording decisions
//===----------------------------------------------------------------------===//

const ProfileEntry *Evaluator::fact(StringRef Name) const {
  if (const ProfileEntry *P = Profile.get("facts", Name))
    return P;
  // `_attn_implementation` is the private spelling of `attn_implementation`.
  if (Name.starts_with("_"))
    return Profile.get("facts", Name.drop_front());
  return nullptr;
}

void reportUndecided(DiagnosticEngine &Diags, const DecisionInfo &D,
                     const SourceRange &At) {
  if (At.File)
    Diags.report(At.File->getBufferID(), At.Begin, DiagLevel::Warning,
                 "cannot decide `" + D.Condition +
                     "` under the inference profile; " + D.Reason);
}

void Evaluator::record(const void *Key, DecisionInfo D, bool Undecided,
                       const SourceRange &At, Frame &F) {
  UndecidedSeen += Undecided;
  // Decisions inside callees are the callee's business, except undecided
  // ones on the priced path: their assumption shapes this unit's cost, so
  // they are reported here too, never silently.
  bool Nested = !F.Record && Undecided && F.Depth > 0 && recording();
  if (!F.Record && !Nested)
    return;
  if (Nested && F.Fn) {
    D.Context = "in `" + F.Fn->Name + "` (called from line " +
                std::to_string(Result.Kernels[CurEntry].Line) + ")";
  }
  auto It = DecisionIndex.find(Key);
  if (It != DecisionIndex.end()) {
    // Seen before (a loop body evaluated more than once, once per
    // element): every visit that decided took its own branch, so a
    // condition true on some iterations and false on others is decided
    // per iteration (`varies`: a backbone's `stage in self.out_features`
    // over its stage names). An undecided visit makes it undecided.
    DecisionInfo &Old = Result.Decisions[It->second];
    if (Provisional.take(It->second)) {
      // Met first while building a representative element: this visit,
      // at a segment's own index, replaces it (LayerSegments.cpp).
      --Result.Undecided;
      D.Context = Old.Context;
      D.File = Old.File;
      D.Line = Old.Line;
      D.Column = Old.Column;
      Old = std::move(D);
      if (Undecided) {
        ++Result.Undecided;
        reportUndecided(Diags, Old, At);
      } else if (Old.Kind != "dead" && Old.Kind != "skip") {
        ++Result.Decided;
      }
      return;
    }
    if (Old.Value == D.Value || Old.Value == "undecided")
      return;
    if (!Undecided) {
      if (Old.Value != "varies") {
        Old.Value = "varies";
        Old.Taken = "per iteration";
        Old.Reason = "decided on every iteration, true on some and false on "
                     "others: each iteration takes its own branch";
        Old.Skipped.clear();
      }
      return;
    }
    --Result.Decided;
    Old.Value = "undecided";
    Old.Reason = "the condition differs between loop iterations";
    Old.Skipped.clear();
    ++Result.Undecided;
    return;
  }
  if (!Nested)
    D.Context = F.Context;
  D.File = At.File ? At.File->getRelativePath() : "";
  D.Line = At.Line;
  D.Column = At.Column;
  DecisionIndex[Key] = Result.Decisions.size();
  if (Undecided) {
    ++Result.Undecided;
    if (Provisional.Depth)
      Provisional.Pending.push_back({Result.Decisions.size(), At});
    else
      reportUndecided(Diags, D, At);
  } else if (D.Kind != "dead" && D.Kind != "skip") {
    ++Result.Decided;
  }
  Result.Decisions.push_back(std::move(D));
}

//===----------------------------------------------------------------------===//
// Names and attributes
//===----------------------------------------------------------------------===//

Value Evaluator::symbolToValue(const Symbol &S) {
  switch (S.Kind) {
  case SymbolKind::Class:
    return Value::callable(S.QualifiedName, true);
  case SymbolKind::Function:
    return Value::callable(S.QualifiedName, false);
  case SymbolKind::Module:
    return Value::module(S.QualifiedName);
  case SymbolKind::External:
    return Value::callable(S.QualifiedName, false);
  case SymbolKind::None:
    break;
  }
  return Value::unknown();
}

Value Evaluator::lookupName(StringRef Name, Frame &F) {
  auto L = F.Locals.find(Name);
  if (L != F.Locals.end())
    return L->second;
  if (!F.Mod)
    return Value::unknown();
  // Module-level constants (`_DEFAULT_EPS = 1e-5`, `MODES = ("a", "b")`).
  for (const auto &[Target, ValueExpr] : F.Mod->Assignments)
    if (Target == Name) {
      if (ValueExpr->Kind == ExprKind::Name ||
          ValueExpr->Kind == ExprKind::Attribute)
        break; // An alias: resolved as a symbol below.
      std::string Key = F.Mod->Name + "." + Name.str();
      // Evaluated once: a module-level object (`ACT2FN =
      // ClassInstantier(ACT2CLS)`) is one object wherever it is read.
      auto Cached = GlobalValues.find(Key);
      if (Cached != GlobalValues.end()) {
        if (Cached->second.isUnknown())
          break;
        return Cached->second;
      }
      if (!GlobalsInProgress.insert(Key).second)
        return Value::unknown();
      Frame Global;
      Global.Mod = F.Mod;
      ++Suppress; // Building a global prices nothing on this line.
      const Stmt *First = topLevelAssignment(*F.Mod, ValueExpr);
      std::optional<Value> InOrder =
          First ? globalInSourceOrder(Name, First, Global) : std::nullopt;
      Value V = InOrder ? *InOrder : eval(*ValueExpr, Global);
      --Suppress;
      GlobalsInProgress.erase(Key);
      if (!V.isUnknown())
        V.Why = "module constant `" + Name.str() + "` = " + V.str() + " at " +
                location(ValueExpr->Range);
      GlobalValues[Key] = V;
      if (V.isUnknown())
        break;
      return V;
    }
  Expected<Symbol> S = Resolver.lookup(*F.Mod, Name);
  if (S && !*S) {
    // An imported table this module extends (`NAMES.update({...})`).
    Frame Global;
    Global.Mod = F.Mod;
    if (std::optional<Value> V = globalInSourceOrder(Name, nullptr, Global))
      if (!V->isUnknown())
        return *V;
    if (std::optional<Value> V = importedConstant(Name, F))
      return *V;
  }
  if (!S) {
    consumeError(S.takeError());
    // `from flash_attn import flash_attn_func` with no flash_attn source:
    // an external callable that keeps its qualified name, so a call of it
    // is priced by a plugin or --op-rules rule, or reported as unknown.
    for (const ImportBinding *B : F.Mod->Imports)
      if (B->IsFrom && B->Level == 0 && B->Name != "*" &&
          B->boundName() == Name)
        return Value::callable(B->Module + "." + B->Name, false);
    return Value::unknown();
  }
  if (!*S) {
    // A module-level object we cannot evaluate (`linear =
    // _add_docstr(torch._C._nn.linear, ...)`) keeps its qualified name, so
    // the op catalog can still recognize it; anything else is a builtin
    // (`isinstance`, `len`) or an unresolvable global. An op of the
    // catalog imported from a module whose Python source does not define
    // it (`from torch import _weight_norm`, a C function) keeps its
    // qualified name too.
    if (lookupAnyOp(Name))
      for (const ImportBinding *B : F.Mod->Imports)
        if (B->IsFrom && B->Level == 0 && B->Name != "*" &&
            B->boundName() == Name && B->Name == Name)
          return Value::callable(B->Module + "." + B->Name, false);
    for (const auto &A : F.Mod->Assignments)
      if (A.first == Name)
        return Value::callable(NameResolver::qualify(*F.Mod, Name), false);
    return Value::callable(Name, false);
  }
  return symbolToValue(*S);
}

std::optional<Value> Evaluator::moduleGlobal(StringRef Module, StringRef Name,
                                             const PyModule *Except) {
  Expected<const PyModule *> Mod = Resolver.getLoader().load(Module);
  if (!Mod) {
    consumeError(Mod.takeError());
    return std::nullopt;
  }
  if (!*Mod || *Mod == Except)
    return std::nullopt;
  std::string Key = "import:" + (*Mod)->Name + "." + Name.str();
  if (!GlobalsInProgress.insert(Key).second)
    return std::nullopt;
  Frame Source;
  Source.Mod = *Mod;
  Value V = lookupName(Name, Source);
  GlobalsInProgress.erase(Key);
  // Only data: objects, containers and literals. A callable made at
  // module level (`_pair = _ntuple(2, "_pair")`) keeps its name, which
  // the catalog and the special cases know.
  if (V.isUnknown() || V.is(ValueKind::Callable) || V.is(ValueKind::Module))
    return std::nullopt;
  return V;
}

Value Evaluator::localImport(const ImportBinding &B, Frame &F) {
  if (!F.Mod || B.Name == "*")
    return Value::unknown("local import");
  Expected<std::string> Abs = Resolver.absoluteModule(*F.Mod, B);
  if (!Abs) {
    consumeError(Abs.takeError());
    return Value::unknown("local import");
  }
  // `import a.b` binds `a`; `import a.b as c` binds `a.b`; `from M import
  // n` binds M.n.
  std::string Target =
      !B.IsFrom
          ? (B.AsName.empty() ? StringRef(*Abs).split('.').first.str() : *Abs)
          : *Abs + "." + B.Name;
  Expected<Symbol> S = Resolver.resolveDotted(Target, nullptr);
  if (S && *S)
    return symbolToValue(*S);
  if (!S)
    consumeError(S.takeError());
  // `from .models.auto import CONFIG_MAPPING` in
  // consolidate_backbone_kwargs_to_config: a module-level object, as the
  // module that holds it evaluates it (what importedConstant gives a
  // module-level import of it).
  if (B.IsFrom)
    if (std::optional<Value> V = moduleGlobal(*Abs, B.Name))
      return *V;
  // Not under the source roots (`from flash_attn import flash_attn_func`):
  // an external callable that keeps its qualified name, as lookupName
  // gives a module-level import of it.
  if (B.IsFrom && B.Level == 0)
    return Value::callable(Target, false);
  return Value::unknown("local import of `" + Target +
                        "`, not found under the source roots");
}

Value Evaluator::evalAttribute(const Value &Obj, StringRef Name, Frame &F) {
  switch (Obj.Kind) {
  case ValueKind::Object: {
    if (Obj.Obj->IsCache && Name == "is_sliding") {
      // Which of the cache's layers keep a sliding window: none, unless the
      // config's layer_types names them (per layer, in order).
      if (std::optional<Value> Types =
              ConfigReader(*this).configFileValue("layer_types"))
        if (Types->is(ValueKind::Tuple)) {
          Value S = *Types;
          for (Value &E : S.Elems)
            E = Value::boolean(E.is(ValueKind::Str) &&
                                   E.Name == "sliding_attention",
                               Types->Why);
          return S;
        }
      Value S = Value::tuple({Value::boolean(false)},
                             "no layer_types in the config: every cache layer "
                             "is a full one");
      S.RepeatCount = Sym.symbol("num_layers");
      return S;
    }
    if (Obj.Obj->IsCache)
      if (std::optional<Value> C = cacheAttribute(Obj, Name))
        return *C;
    if (Obj.Obj->IsConfig && !Obj.Obj->Attrs.count(Name)) {
      if (std::optional<Value> C = ConfigReader(*this).subConfig(Obj, Name))
        return *C;
      if (Name == "rope_parameters")
        if (std::optional<Value> R =
                ConfigReader(*this).convertedRopeParameters(Obj))
          return *R;
      if (std::optional<Value> C = ConfigReader(*this).configFileValue(
              Obj.Obj->ConfigPrefix + Name.str())) {
        ConfigReader(*this).noteConfigNumber(Name, *C);
        if (Name == "rope_parameters")
          return ConfigReader(*this).standardizedRopeParameters(Obj, *C);
        return *C;
      }
    }
    // An attribute set on a config object is what reading it gives back,
    // before the profile's fact of that name (the attention a model class
    // without sdpa support is built with, AttentionDefault.cpp); so is one
    // a module copied from such a config (T5's decoder stack reads
    // `config.is_decoder`, set on its copy of the config).
    auto Stored = Obj.Obj->Attrs.find(Name);
    bool SetOnConfig = Stored != Obj.Obj->Attrs.end() &&
                       (Obj.Obj->IsConfig || Stored->second.SetOnConfig);
    if (const ProfileEntry *P = SetOnConfig ? nullptr : fact(Name))
      return P->Val;
    if (std::optional<Value> V = moduleStateView(Obj, Name))
      return *V;
    auto It = Obj.Obj->Attrs.find(Name);
    if (It != Obj.Obj->Attrs.end()) {
      // A tensor attribute (a parameter, a buffer) is one object: every
      // read of it has the same identity.
      if (It->second.is(ValueKind::Tensor) && It->second.Name.empty())
        It->second.Name = "%" + std::to_string(++TensorIds);
      return It->second;
    }
    // The object's class, as `type(obj)` gives it (TypeOf.cpp): a config's
    // `to_dict()` reads `self.__class__.model_type`.
    if (Name == "__class__" && !Obj.Obj->MRO.empty())
      return Value::callable(Obj.Obj->MRO.front(), true,
                             "the class of the object is `" +
                                 Obj.Obj->MRO.front() + "`");
    // The module the object's class is defined in (torchvision's
    // `_log_api_usage_once(self)` reads it).
    if (Name == "__module__" && Obj.Obj->Class && Obj.Obj->Mod)
      return Value::string(Obj.Obj->Mod->Name, "`" + Obj.Obj->ClassName +
                                                   "` is defined in `" +
                                                   Obj.Obj->Mod->Name + "`");
    // A @property: its getter runs on the object (Properties.cpp).
    std::pair<const PyModule *, const FunctionDef *> Getter{nullptr, nullptr};
    if (Obj.Obj->IsConfig)
      Getter = configPropertyGetter(Obj.Obj->ConfigDefaults, Name);
    else if (Obj.Obj->Class)
      if (std::optional<Symbol> S = findOnMRO(*Obj.Obj, Name))
        if (!StringRef(S->QualifiedName).starts_with("torch.nn.modules."))
          Getter = {S->Mod, propertyGetter(*S->Class, Name)};
    if (Getter.second) {
      // Run in place and off the priced path, its decisions not reported,
      // as a config's derivations are (ConfigDerived.cpp). A getter whose
      // result stays unknown (PreTrainedModel's `dtype` walks the
      // parameters) leaves the read as it was: the bound getter.
      const FunctionDef &G = *Getter.second;
      std::optional<ActiveCallScope> Active =
          F.Depth < MaxCallDepth && !budgetExceeded()
              ? enterCall(G, CurrentCallSite, Obj.Obj.get(), nullptr)
              : std::nullopt;
      if (Active) {
        Frame Inner;
        Inner.Mod = Getter.first;
        Inner.Fn = &G;
        Inner.DefiningClass = G.Parent;
        Inner.Self = Obj.Obj;
        Inner.Depth = F.Depth + 1;
        Inner.Context = F.Context;
        Inner.SuppressAtEntry = Suppress;
        CallArgs Args;
        Args.Positional.push_back(Obj);
        bindParams(G, Args, Inner, /*SkipSelf=*/false);
        ++Suppress;
        Flow Fl = execBody(G, Inner);
        Suppress -= 1 + Inner.SuppressedTail;
        GuessSuppress -= Inner.SuppressedTail;
        if (Fl != Flow::Raised && Inner.Returned &&
            !Inner.Returned->isUnknown()) {
          Value R = *Inner.Returned;
          R.Why = joinWhy(R.Why, "property `" + Name.str() + "` defined at " +
                                     location(G.Range));
          return R;
        }
      }
    }
    if (Obj.Obj->Class) {
      if (const FunctionDef *M = Obj.Obj->Class->findMethod(Name))
        return boundMethod(Obj.Obj->ClassName + "." + Name.str(), *M, Obj);
      auto A = Obj.Obj->Class->Attributes.find(Name);
      if (A != Obj.Obj->Class->Attributes.end()) {
        Frame ClassScope;
        ClassScope.Mod = Obj.Obj->Mod;
        Value V = eval(*A->second, ClassScope);
        if (!V.isUnknown())
          return V;
      }
      // A method a base class defines (transformers' PreTrainedModel.
      // get_input_embeddings on a wrapped language model). torch's own
      // Module methods keep their dedicated rules (children(), hooks).
      if (!Obj.Obj->IsConfig)
        if (std::optional<Symbol> S = findOnMRO(*Obj.Obj, Name))
          if (!StringRef(S->QualifiedName)
                   .starts_with("torch.nn.modules.module.")) {
            const FunctionDef *M = S->Class->findMethod(Name);
            if (none_of(M->Decorators, [](const auto &D) {
                  return StringRef(D->Text).contains("property");
                }))
              return boundMethod(S->QualifiedName + "." + Name.str(), *M, Obj);
          }
    }
    if (Obj.Obj->IsConfig) {
      if (std::optional<Value> M = ConfigReader(*this).configMethod(Obj, Name))
        return *M;
      Value D = ConfigReader(*this).configDefault(Obj, Name);
      ConfigReader(*this).noteConfigNumber(Name, D);
      return D;
    }
    return Value::unknown();
  }
  case ValueKind::Module: {
    // torch's tensor functions take their rules from the op catalog, not
    // from their Python definitions: no need to load the module (parsing
    // torch/nn/functional.py alone is most of a run). A call the catalog
    // cannot shape still resolves the function then.
    StringRef Mod = Obj.Name;
    if ((Mod == "torch" || Mod.starts_with("torch.")) &&
        !Mod.starts_with("torch.nn.modules") && lookupOp(Name))
      return Value::callable(Obj.Name + "." + Name.str(), false);
    // torch's dtypes come from its C extension: no Python source defines
    // them, and looking through torch/__init__.py's star imports for one
    // parses several large files in vain.
    if (Mod == "torch" &&
        is_contained({"float32",   "float",      "float64",  "double",
                      "float16",   "half",       "bfloat16", "int8",
                      "uint8",     "int16",      "short",    "int32",
                      "int",       "int64",      "long",     "bool",
                      "complex64", "complex128", "cfloat",   "cdouble"},
                     Name))
      return Value::callable("torch." + Name.str(), false);
    Expected<Symbol> S =
        Resolver.resolveDotted(Obj.Name + "." + Name.str(), nullptr);
    if (!S) {
      consumeError(S.takeError());
      return Value::unknown();
    }
    if (!*S)
      return Value::callable(Obj.Name + "." + Name.str(), false);
    return symbolToValue(*S);
  }
  case ValueKind::Callable:
    // The module a Python function or class is defined in.
    if (Name == "__module__") {
      Expected<Symbol> S = Resolver.resolveDotted(Obj.Name, nullptr);
      if (!S) {
        consumeError(S.takeError());
        return Value::unknown();
      }
      if ((S->Kind == SymbolKind::Class || S->Kind == SymbolKind::Function) &&
          S->Mod)
        return Value::string(S->Mod->Name, "`" + Obj.Name +
                                               "` is defined in `" +
                                               S->Mod->Name + "`");
      return Value::unknown();
    }
    // A class's or function's own name (`key.__name__` of a config class
    // in transformers' `_LazyAutoMapping`).
    if (Name == "__name__")
      return Value::string(StringRef(Obj.Name).rsplit('.').second.empty()
                               ? StringRef(Obj.Name)
                               : StringRef(Obj.Name).rsplit('.').second,
                           joinWhy(Obj.Why, "the name of `" + Obj.Name + "`"));
    if (!Obj.IsClass)
      return Value::callable(Obj.Name + "." + Name.str(), false);
    return classAttribute(Obj.Name, Name);
  case ValueKind::Tensor: {
    // Masks from comparisons are bool and ids or lengths int64; the rest
    // share the activation dtype.
    if (Name == "dtype" && (Obj.Bytes == "1" || Obj.Bytes == "8"))
      return Value::callable(Obj.Bytes == "1" ? "torch.bool" : "torch.int64",
                             false,
                             "a tensor of " + Obj.Bytes + "-byte elements");
    if (Name == "dtype")
      return Value::dtype("activation dtype", "tensors share the activation "
                                              "dtype (profile)");
    if (Name == "ndim" && Obj.Rank >= 0)
      return Value::integer(Obj.Rank, Obj.Why);
    if (Name == "shape" && Obj.DimsKnown && Obj.Rank >= 0) {
      std::vector<Value> Elems;
      for (const sym::Expr *D : Obj.Dims)
        Elems.push_back(dimValue(D, Obj.Why));
      return Value::tuple(std::move(Elems), Obj.Why);
    }
    if (const ProfileEntry *P = Profile.get("tensors", Name))
      return P->Val;
    if (Name == "device") {
      // A torch.device whose `type` is the profile's device type.
      Value D;
      D.Kind = ValueKind::Object;
      D.Obj = Objects->make();
      D.Obj->ClassName = "torch.device";
      if (const ProfileEntry *P = Profile.get("tensors", "device_type"))
        D.Obj->Attrs["type"] = P->Val;
      D.Why = "the tensor's device (profile tensors.device_type)";
      return D;
    }
    // `p.data`: the same storage, detached from autograd: the same tensor
    // for costs (nn.utils.weight_norm's `Parameter(weight.data)`).
    if (Name == "data")
      return Obj;
    // `z.real`, `z.imag`: views of a complex tensor's parts (a real
    // tensor's `real` is itself).
    if ((Name == "real" || Name == "imag") && isComplexBytes(Obj.Bytes)) {
      Value R = viewOf(Obj);
      R.Bytes = realPartBytes(Obj.Bytes);
      R.Contiguous = false; // Every other element of the storage.
      return R;
    }
    if (Name == "real")
      return Obj;
    if (Name == "T" || Name == "mT") {
      CallArgs Swap;
      Swap.Positional = {Value::integer(-2), Value::integer(-1)};
      return tensorMethod(Obj, "transpose", Swap);
    }
    return Value::unknown();
  }
  case ValueKind::Str:
    // An enum member evaluates to its value (`InterpolationMode.BILINEAR`
    // is "bilinear", see isEnumMemberValue): its `.value` is itself.
    if (Name == "value" && Obj.StrExact)
      return Obj;
    return Value::unknown();
  default:
    return Value::unknown();
  }
}

std::optional<Value> Evaluator::importedConstant(StringRef Name, Frame &F) {
  // `from ...activations import ACT2FN`: the constant as the module that
  // defines it evaluates it.
  for (const ImportBinding *B : F.Mod->Imports) {
    if (!B->IsFrom || B->Name == "*" || B->boundName() != Name)
      continue;
    Expected<std::string> Abs = Resolver.absoluteModule(*F.Mod, *B);
    if (!Abs) {
      consumeError(Abs.takeError());
      return std::nullopt;
    }
    return moduleGlobal(*Abs, B->Name, F.Mod);
  }
  // A package re-exporting a module's names (`from .configuration_auto
  // import *` in transformers' `models/auto/__init__.py`, so `from ..auto
  // import CONFIG_MAPPING` is the lazy config mapping): the global as the
  // module defining it evaluates it. A star import binds no private name.
  if (Name.starts_with("_"))
    return std::nullopt;
  for (const ImportBinding *B : F.Mod->Imports) {
    if (!B->IsFrom || B->Name != "*")
      continue;
    Expected<std::string> Abs = Resolver.absoluteModule(*F.Mod, *B);
    if (!Abs) {
      consumeError(Abs.takeError());
      continue;
    }
    Expected<const PyModule *> Mod = Resolver.getLoader().load(*Abs);
    if (!Mod) {
      consumeError(Mod.takeError());
      continue;
    }
    if (!*Mod || *Mod == F.Mod)
      continue;
    std::string Key = "import*:" + (*Mod)->Name + "." + Name.str();
    if (!GlobalsInProgress.insert(Key).second)
      continue;
    Frame Source;
    Source.Mod = *Mod;
    Value V = lookupName(Name, Source);
    GlobalsInProgress.erase(Key);
    if (!V.isUnknown() && !V.is(ValueKind::Callable) &&
        !V.is(ValueKind::Module))
      return V;
  }
  return std::nullopt;
}

Value Evaluator::classAttribute(StringRef ClassName, StringRef Name) {
  // `block.expansion` of a class passed as a value: the class-body
  // assignment on the class or its bases.
  Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
  if (!S) {
    consumeError(S.takeError());
    return Value::unknown();
  }
  if (S->Kind != SymbolKind::Class)
    return Value::unknown();
  Expected<std::vector<MROEntry>> MRO = Resolver.computeMRO(*S->Mod, *S->Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return Value::unknown();
  }
  for (const MROEntry &E : *MRO) {
    if (!E.Class)
      continue;
    auto A = E.Class->Attributes.find(Name);
    if (A == E.Class->Attributes.end())
      continue;
    Frame ClassScope;
    ClassScope.Mod = E.Mod;
    Value V = eval(*A->second, ClassScope);
    if (!V.isUnknown())
      V.Why = joinWhy(V.Why, "`" + E.Class->Name + "." + Name.str() + "` at " +
                                 location(A->second->Range));
    // A member of an Enum class whose value is an object (torchvision's
    // `ResNet50_Weights.IMAGENET1K_V1 = Weights(...)`) is an instance of
    // the enum class: `isinstance(weights, ResNet50_Weights)` in its
    // `verify` holds.
    if (V.is(ValueKind::Object) && V.Obj && !V.Obj->IsConfig &&
        any_of(*MRO, [](const MROEntry &M) {
          return StringRef(M.QualifiedName).starts_with("enum.");
        })) {
      V.Obj = Objects->copyOf(*V.Obj);
      std::vector<std::string> Enum;
      for (const MROEntry &M : *MRO)
        Enum.push_back(M.QualifiedName);
      V.Obj->MRO.insert(V.Obj->MRO.begin(), Enum.begin(), Enum.end());
    }
    return V;
  }
  // A method read through the class, defined on it or a base: a
  // classmethod gets the class as its first argument (`Weights.verify(w)`
  // with `verify` defined in WeightsEnum).
  for (const MROEntry &E : *MRO) {
    if (!E.Class)
      continue;
    const FunctionDef *M = E.Class->findMethod(Name);
    if (!M)
      continue;
    Value C = Value::callable(E.QualifiedName + "." + M->Name, false);
    if (llvm::any_of(M->Decorators, [](const auto &D) {
          return D->getDottedName() == "classmethod";
        })) {
      C.Keys.push_back("");
      C.Elems.push_back(Value::callable(ClassName, true));
    }
    return C;
  }
  return Value::unknown();
}

} // namespace modcost
