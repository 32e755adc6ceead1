//===- Objects.cpp - Functions, constructors and forward()
//------------------===//
///
/// \file
/// Parameter binding, `__init__` chains (and @dataclass ones), object
/// construction and the unit's forward() run.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "ConfigBuilders.h"
#include "EvaluatorImpl.h"
#include "InputConventions.h"
#include "InputShapeInference.h"
#include "IntegerInputs.h"
#include "LayerLists.h"
#include "RequiredInputs.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

using namespace llvm;

namespace modcost {

/// The classes of \p Class's MRO defined in source (most derived first),
/// as a config object's ConfigDefaults holds them; empty if the MRO cannot
/// be computed.
static std::vector<std::pair<const PyModule *, const ClassDef *>>
sourceMRO(NameResolver &Resolver, const Symbol &Class) {
  std::vector<std::pair<const PyModule *, const ClassDef *>> Out;
  Expected<std::vector<MROEntry>> MRO =
      Resolver.computeMRO(*Class.Mod, *Class.Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return Out;
  }
  for (const MROEntry &E : *MRO)
    if (E.Mod && E.Class)
      Out.push_back({E.Mod, E.Class});
  return Out;
}

/// The class-level `config: LlamaConfig` annotation of \p C (transformers
/// v5's spelling of `config_class`), or null.
static const Expr *configAnnotation(const ClassDef &C) {
  for (const std::unique_ptr<Stmt> &S : C.Body)
    if (S->is(StmtKind::AnnAssign) && S->Exprs.size() >= 2 &&
        S->Exprs[0]->Kind == ExprKind::Name && S->Exprs[0]->Name == "config")
      return S->Exprs[1].get();
  return nullptr;
}

/// The config class and its bases that a model class declares for
/// from_pretrained (`config_class = RobertaConfig`, or the annotation
/// `config: RobertaConfig`, on a base class, found along \p Self's MRO),
/// or nothing. A class whose module imports no config
/// class (transformers' modular files: CamembertForCausalLM in
/// modular_camembert.py derives from Roberta's classes) gets its config's
/// defaults so.
/// With \p OwnOnly, only a declaration in \p Self's own class body counts
/// (an inherited one may name another config than the one its builder
/// passes: UVDoc's bridge, built with the backbone's config).
/// With \p SameModule, only a declaration in \p Self's module counts (not
/// PreTrainedModel's generic one).
static std::vector<std::pair<const PyModule *, const ClassDef *>>
declaredConfigClass(NameResolver &Resolver, const ObjectState &Self,
                    bool OwnOnly = false, bool SameModule = false) {
  std::vector<std::pair<const PyModule *, const ClassDef *>> Out;
  if (!Self.Mod || !Self.Class)
    return Out;
  Expected<std::vector<MROEntry>> MRO =
      Resolver.computeMRO(*Self.Mod, *Self.Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return Out;
  }
  for (const MROEntry &E : *MRO) {
    if (!E.Mod || !E.Class)
      continue;
    auto A = E.Class->Attributes.find("config_class");
    const Expr *Declared =
        A != E.Class->Attributes.end() ? A->second : configAnnotation(*E.Class);
    if (!Declared)
      continue;
    if ((OwnOnly && E.Class != Self.Class) || (SameModule && E.Mod != Self.Mod))
      return Out;
    Expected<Symbol> S = Resolver.resolveExpr(*E.Mod, *Declared);
    if (!S) {
      consumeError(S.takeError());
      return Out;
    }
    if (S->Kind != SymbolKind::Class || !S->Mod || !S->Class)
      return Out;
    return sourceMRO(Resolver, *S);
  }
  return Out;
}

//===----------------------------------------------------------------------===//
// Functions and constructors
//===----------------------------------------------------------------------===//

/// A --set value: a literal as given; a call (`Config(16, 3, True)`) or a
/// dotted name (`nn.BatchNorm2d`) is a Python expression evaluated in the
/// global scope of the analyzed class's module, as its caller would.
Value Evaluator::setValue(StringRef Param, const ProfileEntry &Set, Frame &F) {
  const Value &V = Set.Val;
  if (!Set.Expression || !F.Mod)
    return V;
  Expected<const PyModule *> Snippet =
      Resolver.getLoader().parseSnippet(V.Name, "--set " + Param.str());
  if (!Snippet) {
    consumeError(Snippet.takeError());
    return Value::unknown("`--set " + Param.str() + "=" + V.Name +
                          "` does not parse");
  }
  const Block &Body = (*Snippet)->Body;
  if (Body.size() != 1 || !Body.front()->is(StmtKind::Expr) ||
      Body.front()->Exprs.empty())
    return Value::unknown("`--set " + Param.str() + "=" + V.Name +
                          "` is not one expression");
  Frame Scope;
  Scope.Mod = F.Mod;
  Value R = eval(*Body.front()->Exprs.front(), Scope);
  if (R.isUnknown() && !StringRef(V.Name).contains('('))
    return V; // A dotted word that names nothing stays a string.
  if (R.isUnknown())
    Diags.report(DiagLevel::Warning, "`--set " + Param.str() + "=" + V.Name +
                                         "` evaluates to nothing known in `" +
                                         F.Mod->Name + "`");
  R.Why = joinWhy(R.Why, "`--set " + Param.str() + "=" + V.Name +
                             "`, evaluated in `" + F.Mod->Name + "`");
  return R;
}

void Evaluator::bindParams(const FunctionDef &Fn, const CallArgs &Args,
                           Frame &F, bool SkipSelf) {
  size_t Pos = 0;
  bool SkippedSelf = !SkipSelf;
  for (const Param &P : Fn.Params) {
    if (P.Kind == ParamKind::PositionalOnlyMarker ||
        P.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (!SkippedSelf) {
      SkippedSelf = true;
      continue;
    }
    if (P.Kind == ParamKind::VarArgs) {
      std::vector<Value> Rest;
      while (Pos < Args.Positional.size())
        Rest.push_back(Args.Positional[Pos++]);
      F.Locals[P.Name] =
          Args.UnknownSplat ? Value::unknown() : Value::tuple(std::move(Rest));
      continue;
    }
    if (P.Kind == ParamKind::VarKeywords) {
      // The keywords no named parameter takes.
      Value D;
      D.Kind = ValueKind::Dict;
      for (const auto &[K, V] : Args.Keywords)
        if (!Fn.findParam(K)) {
          D.Keys.push_back(K);
          D.Elems.push_back(V);
        }
      F.Locals[P.Name] = Args.UnknownSplat ? Value::unknown() : D;
      continue;
    }
    std::optional<Value> Bound;
    if (P.Kind == ParamKind::Positional && Pos < Args.Positional.size())
      Bound = Args.Positional[Pos++];
    for (const auto &[K, V] : Args.Keywords)
      if (K == P.Name)
        Bound = V;
    if (Bound) {
      F.Locals[P.Name] = *Bound;
      continue;
    }
    // --set NAME=VALUE binds a constructor parameter of the unit's class.
    if (F.Record && F.Context == "__init__")
      if (const ProfileEntry *Set = Profile.get("set", P.Name)) {
        F.Locals[P.Name] = setValue(P.Name, *Set, F);
        continue;
      }
    if (Args.UnknownSplat) {
      F.Locals[P.Name] = Value::unknown();
      continue;
    }
    // The index of the layer the unit analyzed on its own is.
    if (F.Record && F.Context == "__init__")
      if (std::optional<Value> Index =
              LayerLists(*this).standaloneLayerIndex(P, F)) {
        F.Locals[P.Name] = *Index;
        continue;
      }
    if (P.Default) {
      Frame DefScope;
      DefScope.Mod = F.Mod;
      Value V = eval(*P.Default, DefScope);
      V.Why = "constructor default `" + P.Name + "=" + P.Default->Text.str() +
              "` (" + location(P.Range) + ")";
      F.Locals[P.Name] = V;
      continue;
    }
    F.Locals[P.Name] = Value::symbolic(
        Sym.symbol(P.Name), "constructor parameter `" + P.Name + "`");
  }
}

void Evaluator::runInit(const PyModule &M, const ClassDef &C,
                        std::shared_ptr<ObjectState> Self, const CallArgs &Args,
                        bool Record) {
  const FunctionDef *Init = C.findMethod("__init__");
  if (!Init)
    return;
  // nn.Sequential(*mods) and nn.ModuleList(mods): keep the submodules in
  // order, so iterating or indexing the container finds them.
  std::string Qual = NameResolver::qualify(M, C.Name);
  if (initContainer(Qual, *Self, Args))
    return;
  Frame F;
  F.Mod = &M;
  F.Fn = Init;
  F.DefiningClass = &C;
  F.Self = Self;
  F.Record = Record;
  F.Context = "__init__";
  Value SelfV;
  SelfV.Kind = ValueKind::Object;
  SelfV.Obj = Self;
  bindParams(*Init, Args, F, /*SkipSelf=*/true);
  if (!Init->Params.empty())
    F.Locals[Init->Params.front().Name] = SelfV;
  // The analyzed class itself, built with nothing passed (no parent).
  bool Standalone = Self->CtorArgs.empty() && !CurrentCall;
  if (Self->CtorArgs.empty()) {
    // The most derived __init__ runs first: its parameters are the ones a
    // composite reference binds.
    for (size_t I = 1; I < Init->Params.size(); ++I) {
      const Param &P = Init->Params[I];
      if (P.Kind != ParamKind::Positional && P.Kind != ParamKind::KeywordOnly)
        continue;
      auto It = F.Locals.find(P.Name);
      if (It != F.Locals.end())
        Self->CtorArgs.push_back({P.Name, It->second});
      if (Record && It != F.Locals.end() && It->second.is(ValueKind::Symbol))
        noteSymbol(P.Name, "constructor parameter `" + P.Name + "` of `" +
                               Self->ClassName + "`");
    }
    if (CurrentCall)
      Self->ConstructSite =
          CurrentCall->Text.str() + "` at `" + location(CurrentCall->Range);
    CurrentCall = nullptr;
  }
  // Parameters named like configs are config objects.
  for (const Param &P : Init->Params) {
    auto It = F.Locals.find(P.Name);
    if (It == F.Locals.end())
      continue;
    bool ConfigLike = P.Name == "config" || P.Name == "cfg" ||
                      (P.Annotation && P.Annotation->Text.contains("Config"));
    // `config: BartConfig | None = None` of a module analyzed on its own:
    // the model builds it with its config (BartAttention reads
    // `self.config._attn_implementation`), so it is the model config.
    bool DefaultNone =
        Standalone && P.Default && It->second.is(ValueKind::None);
    if (!ConfigLike || !(It->second.is(ValueKind::Symbol) || DefaultNone))
      continue;
    if (DefaultNone) {
      std::string Note = "`" + P.Name + "` of `" + Self->ClassName +
                         "` defaults to None; the module analyzed on its own "
                         "is built with the model config";
      if (!is_contained(Result.Assumptions, Note))
        Result.Assumptions.push_back(Note);
    }
    Value Cfg;
    Cfg.Kind = ValueKind::Object;
    Cfg.Obj = Objects->make();
    Cfg.Obj->ClassName = "config";
    Cfg.Obj->IsConfig = true;
    Cfg.Why = "the model config";
    Cfg.Obj->ConfigDefaults = configClassDefaults(
        M, P, &C, &Cfg.Obj->ConfigClassGuessed,
        !P.Annotation && P.Name == "config" ? Self.get() : nullptr);
    if (Cfg.Obj->ConfigDefaults.empty())
      Cfg.Obj->ConfigDefaults = declaredConfigClass(Resolver, *Self);
    for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults)
      Cfg.Obj->MRO.push_back(NameResolver::qualify(*Mod, Class->Name));
    if (std::optional<Value> A = defaultAttention(M, C))
      Cfg.Obj->setAttr("_attn_implementation", *A);
    It->second = Cfg;
  }
  execBody(*Init, F);
  Suppress -= F.SuppressedTail;
  GuessSuppress -= F.SuppressedTail;
}

bool Evaluator::isDataclass(const ClassDef &C) {
  return llvm::any_of(C.Decorators, [](const auto &D) {
    const Expr *E = D.get();
    if (E->Kind == ExprKind::Call)
      E = E->callee();
    std::string N = E->getDottedName();
    return N == "dataclass" || N == "dataclasses.dataclass";
  });
}

/// The __init__ @dataclass generates: every annotated class-level field of
/// the dataclasses on the MRO (bases first), bound from the arguments in
/// order, then by keyword, then from the field's default.
Evaluator::DataclassFields
Evaluator::dataclassFields(ArrayRef<std::string> MRO) {
  DataclassFields Fields;
  for (const std::string &ClassName : llvm::reverse(MRO)) {
    Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
    if (!S) {
      consumeError(S.takeError());
      continue;
    }
    if (S->Kind != SymbolKind::Class || !isDataclass(*S->Class))
      continue;
    for (const auto &St : S->Class->Body) {
      if (!St->is(StmtKind::AnnAssign) || St->Exprs.size() < 3 ||
          St->Exprs[0]->Kind != ExprKind::Name ||
          St->Exprs[1]->Text.contains("ClassVar"))
        continue;
      std::string N = St->Exprs[0]->Name;
      const Expr *Default =
          St->Exprs[2]->Kind == ExprKind::Null ? nullptr : St->Exprs[2].get();
      auto It = llvm::find_if(Fields, [&](auto &P) { return P.first == N; });
      if (It != Fields.end())
        It->second = {S->Mod, Default};
      else
        Fields.push_back({N, {S->Mod, Default}});
    }
  }
  return Fields;
}

void Evaluator::runDataclassInit(std::shared_ptr<ObjectState> Self,
                                 const CallArgs &Args) {
  DataclassFields Fields = dataclassFields(Self->MRO);
  for (size_t I = 0; I < Fields.size(); ++I) {
    // Named, not a structured binding: lambdas cannot capture those in
    // C++17 (clang rejects it).
    const std::string &N = Fields[I].first;
    const auto &Def = Fields[I].second;
    Value V = Value::unknown();
    if (I < Args.Positional.size())
      V = Args.Positional[I];
    else if (auto K = llvm::find_if(Args.Keywords,
                                    [&](auto &KV) { return KV.first == N; });
             K != Args.Keywords.end())
      V = K->second;
    else if (Def.second && !Args.UnknownSplat) {
      Frame Scope;
      Scope.Mod = Def.first;
      V = eval(*Def.second, Scope);
    }
    Self->Attrs[N] = V;
  }
}

Value Evaluator::construct(const PyModule &M, const ClassDef &C,
                           const CallArgs &Args, bool Record) {
  auto Obj = Objects->make();
  Obj->ClassName = NameResolver::qualify(M, C.Name);
  Obj->Mod = &M;
  Obj->Class = &C;
  Value V;
  V.Kind = ValueKind::Object;
  V.Obj = Obj;
  V.Why = "an instance of `" + Obj->ClassName + "`";
  Expected<std::vector<MROEntry>> MRO = Resolver.computeMRO(M, C);
  if (!MRO) {
    consumeError(MRO.takeError());
    return Value::unknown();
  }
  for (const MROEntry &E : *MRO)
    Obj->MRO.push_back(E.QualifiedName);
  // Parameters and tensors are tensors, not modules.
  for (const std::string &N : Obj->MRO)
    if (N == "torch._tensor.Tensor" || N == "torch.Tensor" ||
        StringRef(N).ends_with("._C._TensorBase")) {
      if (N == Obj->ClassName) // torch.Tensor(data) itself: a float32 copy.
        if (std::optional<Value> T =
                ConcreteTensors(*this).concreteTensorClass(Args))
          return *T;
      // nn.Parameter(t): the same tensor, counted in weight bytes.
      if (!Args.Positional.empty() &&
          Args.Positional[0].is(ValueKind::Tensor)) {
        Value T = Args.Positional[0];
        T.Bytes = "w_bytes";
        // torch >= 2.5's nn.Buffer is registered state, not a weight.
        T.Role = StringRef(Obj->ClassName).ends_with(".Buffer")
                     ? TensorRole::Buffer
                     : TensorRole::Parameter;
        T.Why = "a parameter (`" + Obj->ClassName + "`)";
        return T;
      }
      return Value::tensor(-1, "a `" + Obj->ClassName + "`");
    }
  if (ConstructDepth >= MaxConstructDepth || budgetExceeded())
    return V;
  ++ConstructDepth;
  for (const MROEntry &E : *MRO) {
    if (E.Class && !E.Class->findMethod("__init__") && isDataclass(*E.Class)) {
      runDataclassInit(Obj, Args);
      break;
    }
    if (!E.Class || !E.Class->findMethod("__init__"))
      continue;
    runInit(*E.Mod, *E.Class, Obj, Args, Record && E.Class == &C);
    break;
  }
  storeDictItems(*Obj, Args);
  --ConstructDepth;
  return V;
}

/// True if \p Base is on the MRO of \p Class (itself included); false
/// when the MRO cannot be computed.
static bool derivesFrom(NameResolver &Resolver, const Symbol &Class,
                        const ClassDef *Base) {
  Expected<std::vector<MROEntry>> MRO =
      Resolver.computeMRO(*Class.Mod, *Class.Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return false;
  }
  return llvm::any_of(*MRO, [&](const MROEntry &E) { return E.Class == Base; });
}

/// The one config class \p M imports that derives from \p Annotated (a
/// parameter's annotation naming a base class, `config: PreTrainedConfig`):
/// the instance the model passes is its own family's config.
static std::optional<Symbol>
moduleConfigSubclass(NameResolver &Resolver, const PyModule &M,
                     const std::optional<Symbol> &Annotated) {
  if (!Annotated)
    return std::nullopt;
  std::optional<Symbol> Found;
  for (const ImportBinding *B : M.Imports) {
    if (!B->IsFrom || !StringRef(B->boundName()).ends_with("Config"))
      continue;
    Expected<Symbol> S = Resolver.lookup(M, B->boundName());
    if (!S) {
      consumeError(S.takeError());
      continue;
    }
    if (S->Kind != SymbolKind::Class || S->Class == Annotated->Class)
      continue;
    if (!derivesFrom(Resolver, *S, Annotated->Class))
      continue;
    if (Found && Found->Class != S->Class)
      return std::nullopt; // Two candidates: keep the annotation.
    Found = *S;
  }
  return Found;
}

/// The config class of \p M: of the classes named `...Config` it imports or
/// defines (those of \p M's own package, when there are any), the most derived
/// (a modular file imports PreTrainedConfig and defines Gemma2Config from it:
/// Gemma2Config); the first imported one when they are unrelated (then \p
/// Guessed is set).
static std::optional<Symbol>
moduleConfigClass(NameResolver &Resolver, const PyModule &M, bool &Guessed) {
  std::vector<Symbol> Candidates;
  auto Add = [&](StringRef Name) {
    if (!Name.ends_with("Config"))
      return;
    Expected<Symbol> S = Resolver.lookup(M, Name);
    if (!S) {
      consumeError(S.takeError());
      return;
    }
    if (S->Kind == SymbolKind::Class && S->Mod && S->Class)
      Candidates.push_back(*S);
  };
  for (const ImportBinding *B : M.Imports)
    if (B->IsFrom)
      Add(B->boundName());
  for (const ClassDef *C : M.Classes)
    Add(C->Name);
  if (Candidates.empty())
    return std::nullopt;
  // The module's own package configures it: T5Gemma's modeling file
  // imports `GenerationConfig` from `...generation` before its own
  // `T5GemmaConfig`; the generation config is not the model's.
  StringRef Package = StringRef(M.Name).rsplit('.').first;
  auto InOwnPackage = [&](const Symbol &S) {
    return StringRef(S.Mod->Name).rsplit('.').first == Package;
  };
  if (llvm::any_of(Candidates, InOwnPackage))
    llvm::erase_if(Candidates,
                   [&](const Symbol &S) { return !InOwnPackage(S); });
  // A candidate another candidate derives from is that one's base.
  auto IsBaseOfAnother = [&](const Symbol &Base) {
    return llvm::any_of(Candidates, [&](const Symbol &Other) {
      return Other.Class != Base.Class &&
             derivesFrom(Resolver, Other, Base.Class);
    });
  };
  std::vector<Symbol> MostDerived;
  for (const Symbol &S : Candidates)
    if (!IsBaseOfAnother(S))
      MostDerived.push_back(S);
  if (MostDerived.size() == 1)
    return MostDerived.front();
  Guessed = true;
  return Candidates.front();
}

std::vector<std::pair<const PyModule *, const ClassDef *>>
Evaluator::configClassDefaults(const PyModule &M, const Param &P,
                               const ClassDef *Built, bool *Guessed,
                               const ObjectState *Declaring) {
  std::vector<std::pair<const PyModule *, const ClassDef *>> Out;
  bool FirstOfSeveral = false;
  // An unannotated `config` of a model class \p Declaring that declares
  // its config class (Qwen2-VL's vision tower: `config:
  // Qwen2VLVisionConfig`, in a module that imports three): the
  // declaration, not a guess from the imports.
  if (Declaring) {
    Out = declaredConfigClass(Resolver, *Declaring, /*OwnOnly=*/true);
    if (!Out.empty())
      return Out;
  }
  // The config class: the parameter's annotation (`config: LlamaConfig`),
  // else the one config class the module imports (`from
  // .configuration_llama import LlamaConfig`).
  std::optional<Symbol> Class;
  auto TryResolve = [&](Expected<Symbol> S) {
    if (!S) {
      consumeError(S.takeError());
      return;
    }
    if (S->Kind == SymbolKind::Class && !Class)
      Class = *S;
  };
  if (P.Annotation && (P.Annotation->Kind == ExprKind::Name ||
                       P.Annotation->Kind == ExprKind::Attribute))
    TryResolve(Resolver.resolveExpr(M, *P.Annotation));
  if (std::optional<Symbol> Own = moduleConfigSubclass(Resolver, M, Class))
    Class = Own; // `config: PreTrainedConfig` in DistilBERT's FFN.
  // A module importing several: the one its classes build \p Built with
  // (ConfigBuilders.cpp).
  if (!Class && Built && llvm::count_if(M.Imports, [](const ImportBinding *B) {
                           return B->IsFrom &&
                                  StringRef(B->boundName()).ends_with("Config");
                         }) > 1)
    Class = builderConfigClass(Resolver, M, *Built);
  // Else what a base class of \p Declaring in its own module declares
  // (`config: LlamaConfig` on LlamaPreTrainedModel), before a guess.
  if (!Class && Declaring) {
    Out = declaredConfigClass(Resolver, *Declaring, /*OwnOnly=*/false,
                              /*SameModule=*/true);
    if (!Out.empty())
      return Out;
  }
  if (!Class)
    Class = moduleConfigClass(Resolver, M, FirstOfSeveral);
  if (!Class || !Class->Mod || !Class->Class)
    return Out;
  if (Guessed)
    *Guessed = FirstOfSeveral;
  return sourceMRO(Resolver, *Class);
}

} // namespace modcost
