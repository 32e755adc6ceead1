//===- EntryInputs.cpp - The unit's forward() and its inputs --------------===//
///
/// \file
/// Runs the unit's forward() with its inputs bound under the inference
/// profile: a passed input takes its name's shape convention (or its first
/// consumer's), one not passed its default, an integer its name's symbol.
/// A forward whose inputs are all `**kwargs` handed on to the next forward
/// on the MRO (`def forward(self, **super_kwargs): return
/// super().forward(**super_kwargs)`, the modular files' idiom), or to a
/// submodule (`return self.decoder(*args, **kwargs)`, a wrapper), receives
/// in them the inputs that forward takes, bound the same way.
///
//===----------------------------------------------------------------------===//

#include "DocstringShapes.h"
#include "EvaluatorImpl.h"
#include "InputConventions.h"
#include "InputShapeInference.h"
#include "IntegerInputs.h"
#include "RequiredInputs.h"

#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace modcost {

/// True if \p Fn's body has `if NAME is None: raise ...` at its top level
/// (the input alone decides it, unlike `if a is None and b is None`).
static bool raisesWhenNone(const FunctionDef &Fn, StringRef Name) {
  std::string Test = Name.str() + " is None";
  for (const std::unique_ptr<Stmt> &S : Fn.body())
    if (S->is(StmtKind::If) && !S->Exprs.empty() && S->Exprs[0]->Text == Test &&
        !S->Bodies.empty() && !S->Bodies[0].empty() &&
        S->Bodies[0].front()->is(StmtKind::Raise))
      return true;
  return false;
}

void Evaluator::runForward(const PyModule &M, const FunctionDef &Fn,
                           std::shared_ptr<ObjectState> Self) {
  Frame F;
  F.Mod = &M;
  F.Fn = &Fn;
  F.DefiningClass = Fn.Parent;
  F.Self = Self;
  F.Record = true;
  F.Context = "forward";
  CallChain.push_back({&Fn, Self.get()});
  bindInputs(M, Fn, Self, F);
  execBody(Fn, F);
  noteBudgetStop(Fn);
  Suppress -= F.SuppressedTail;
  GuessSuppress -= F.SuppressedTail;
}

void Evaluator::bindInputs(const PyModule &M, const FunctionDef &Fn,
                           std::shared_ptr<ObjectState> Self, Frame &F) {
  const FunctionDef *Outer = std::exchange(InputsOf, &Fn);
  bool First = true, FirstInput = true;
  for (const Param &P : Fn.Params) {
    if (P.Kind == ParamKind::PositionalOnlyMarker ||
        P.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (First && Self) {
      First = false;
      Value S;
      S.Kind = ValueKind::Object;
      S.Obj = Self;
      F.Locals[P.Name] = S;
      continue;
    }
    First = false;
    bool IsFirstInput = std::exchange(FirstInput, false);
    if (P.Kind == ParamKind::VarArgs) {
      F.Locals[P.Name] = Value::tuple({}, "no extra positional arguments");
      continue;
    }
    if (P.Kind == ParamKind::VarKeywords) {
      F.Locals[P.Name] = forwardedKeywords(M, Fn, P, Self);
      continue;
    }
    int Rank = -1;
    if (const ProfileEntry *R = Profile.get("input_rank", P.Name))
      if (R->Val.is(ValueKind::Int))
        Rank = int(R->Val.I);
    std::string ClassName =
        Self ? conventionClass(Profile, *Self, P.Name) : std::string();
    // An input not passed under the profile that the code cannot run
    // without is passed after all (RequiredInputs.cpp).
    std::string Required;
    const ProfileEntry *Listed = Profile.get("inputs", P.Name);
    // A parameter with no default is passed by every caller: the profile's
    // None describes an optional input (`inputs_embeds=None`), not a
    // required one (`Aimv2Encoder.forward(self, inputs_embeds)`).
    bool RequiredParameter = !P.Default && Listed &&
                             Listed->Val.is(ValueKind::None) &&
                             Listed->Origin != "-D";
    if (RequiredParameter) {
      Result.Assumptions.push_back(
          "input `" + P.Name +
          "` is passed: a parameter with no default, although the profile "
          "lists it as not passed (" +
          Listed->Val.Why + ")");
      Listed = nullptr;
    }
    // (`-D inputs.NAME=None` on the command line is obeyed.)
    bool NotPassed =
        Listed
            ? Listed->Val.is(ValueKind::None) && Listed->Origin != "-D"
            : !fact(P.Name) && P.Default && P.Default->Kind == ExprKind::None;
    // Only an input with an [input_shape] convention, or one its first
    // consumer's convention shapes: the shape of one with neither could
    // only be guessed from a helper's uses (Whisper's
    // `_mask_input_features` unpacks three dimensions it does not name,
    // then returns it to `self.encoder`, whose conv1d shapes it).
    bool HasConvention =
        Profile.get("input_shape", P.Name) ||
        (Self && classConvention(Profile, *Self, P.Name, false));
    if (NotPassed)
      Required = requiredByCode(
          P.Name, Fn, Self.get(),
          [this](const ObjectState &O, StringRef Name) -> const FunctionDef * {
            std::optional<Symbol> S = findOnMRO(O, Name);
            return S ? S->Class->findMethod(Name) : nullptr;
          },
          [this](const Param &Q) {
            if (const ProfileEntry *E = Profile.get("inputs", Q.Name))
              return E->Val.is(ValueKind::Str) &&
                     (E->Val.Name == "passed" || E->Val.Name == "cache");
            return !Q.Default && Q.Kind != ParamKind::VarArgs &&
                   Q.Kind != ParamKind::VarKeywords;
          });
    // Passed only when a shape can be given it: a convention, its first
    // consumer's, or, for one the code raises without, the shape its
    // docstring states (BROS's `bbox`).
    bool RaisesWithout = raisesWhenNone(Fn, P.Name);
    if (!Required.empty() && !HasConvention &&
        !(Self && InputShapeInference(*this).shapedByConsumer(P, Fn, *Self)) &&
        !(RaisesWithout && docstringShape(P.Name, Fn)))
      Required.clear();
    if (!Required.empty())
      Result.Assumptions.push_back(
          "input `" + P.Name + "` is passed: the code " +
          (StringRef(Required).starts_with("it raises when it is None")
               ? ""
               : "does not test it for None on the analyzed path and ") +
          "cannot run without it (" + Required + ")");
    if (const ProfileEntry *In = Required.empty() ? Listed : nullptr) {
      const Value &V = In->Val;
      if (V.is(ValueKind::Str) && V.Name == "cache") {
        Value C;
        C.Kind = ValueKind::Object;
        C.Obj = Objects->make();
        C.Obj->ClassName = "DynamicCache";
        C.Obj->IsCache = true;
        C.Why = "`" + P.Name + "` is a key/value cache (" + V.Why + ")";
        F.Locals[P.Name] = C;
        continue;
      }
      if (V.is(ValueKind::Str) && V.Name == "passed") {
        const ProfileEntry *Used = nullptr;
        Value T = inputValue(P, ClassName, Rank, nullptr, &Used);
        // The code's own requirement wins over the name's convention.
        if (std::optional<Value> C =
                InputShapeInference(*this).consumerOverride(P, Fn, Self.get(),
                                                            T, Used))
          T = std::move(*C);
        T.Why = "`" + P.Name + "` is passed (" + V.Why + ")" +
                (T.DimsKnown ? "; " + T.Why : "");
        F.Locals[P.Name] = T;
        continue;
      }
      if (V.is(ValueKind::Str) && F.Locals.count(V.Name)) {
        Value Alias = F.Locals[V.Name];
        Alias.Why = "`" + P.Name + "` is `" + V.Name + "` (" + V.Why + ")";
        F.Locals[P.Name] = Alias;
        continue;
      }
      if (V.is(ValueKind::None)) {
        F.Locals[P.Name] =
            Value::none("`" + P.Name + "` is not passed (" + V.Why + ")");
        continue;
      }
    }
    if (const ProfileEntry *Fact = fact(P.Name); Fact && Required.empty()) {
      F.Locals[P.Name] = Fact->Val;
      continue;
    }
    if (P.Default && Required.empty()) {
      Frame DefScope;
      DefScope.Mod = &M;
      Value V = eval(*P.Default, DefScope);
      V.Why = "`" + P.Name + "` is not passed under the profile (default `" +
              P.Default->Text.str() + "`)";
      F.Locals[P.Name] = V;
      continue;
    }
    if (std::optional<Value> NT = nonTensorInput(P)) {
      F.Locals[P.Name] = *NT;
      continue;
    }
    // An integer, not a tensor: annotated `int`, or, with no annotation and
    // no shape convention for its name, used only as one
    // (IntegerInputs.cpp). It is the symbol of its name.
    std::string IntWhy;
    if (annotatedInteger(P))
      IntWhy = "its annotation `" + P.Annotation->Text.str() + "`";
    else if (!P.Annotation && !HasConvention)
      IntWhy = integerByUses(
          P.Name, Fn, Self.get(),
          [this](const ObjectState &O, StringRef Name) -> const FunctionDef * {
            std::optional<Symbol> S = findOnMRO(O, Name);
            return S ? S->Class->findMethod(Name) : nullptr;
          });
    if (!IntWhy.empty()) {
      std::string Why = "`" + P.Name + "` is an integer, the symbol `" +
                        P.Name + "`: " + IntWhy;
      noteSymbol(P.Name, Why);
      Value I = Value::symbolic(Sym.symbol(P.Name), Why);
      I.MinValue = 1;
      F.Locals[P.Name] = I;
      if (!P.Annotation)
        Result.Assumptions.push_back("input " + Why + " (-D " + P.Name +
                                     "=N states its value)");
      continue;
    }
    const ProfileEntry *Used = nullptr;
    Value In = inputValue(
        P, ClassName, Rank,
        Self ? classConvention(Profile, *Self, P.Name, IsFirstInput) : nullptr,
        &Used);
    if (std::optional<Value> C = InputShapeInference(*this).consumerOverride(
            P, Fn, Self.get(), In, Used))
      In = std::move(*C);
    bindConfigDims(In, Self.get(), F);
    if (!In.DimsKnown && In.is(ValueKind::Tensor)) {
      if (std::optional<Value> Inferred =
              InputShapeInference(*this).inferInputShape(P, Fn, Self.get())) {
        In = std::move(*Inferred);
      } else {
        In.ShapeFromPartner = true;
        In.Name = P.Name;
        OpenInputs[P.Name] = P.Range;
      }
    }
    F.Locals[P.Name] = In;
  }
  InputsOf = Outer;
}

/// `super().forward` or `self.NAME` (a submodule called).
static bool isHandOnCallee(const Expr &Callee) {
  if (Callee.Kind != ExprKind::Attribute)
    return false;
  const Expr &Base = *Callee.op(0);
  if (Base.Kind == ExprKind::Name)
    return Base.Name == "self";
  return Callee.Name == "forward" && Base.Kind == ExprKind::Call &&
         Base.callee()->Kind == ExprKind::Name &&
         Base.callee()->Name == "super";
}

/// The call in \p Fn's top-level statements that hands `**Name` on to the
/// next forward on the MRO (`super().forward(..., **Name)`) or to a
/// submodule (`self.decoder(*args, **Name)`), or null.
static const Expr *handOnCall(const FunctionDef &Fn, StringRef Name) {
  for (const std::unique_ptr<Stmt> &S : Fn.body()) {
    if (!S->is(StmtKind::Return) && !S->is(StmtKind::Assign) &&
        !S->is(StmtKind::Expr))
      continue;
    if (S->Exprs.empty() || !S->Exprs.back())
      continue;
    const Expr &E = *S->Exprs.back();
    if (E.Kind != ExprKind::Call || !isHandOnCallee(*E.callee()))
      continue;
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr &A = *E.op(I);
      if (A.Kind == ExprKind::DoubleStarred &&
          A.op(0)->Kind == ExprKind::Name && A.op(0)->Name == Name)
        return &E;
    }
  }
  return nullptr;
}

Value Evaluator::forwardedKeywords(const PyModule &M, const FunctionDef &Fn,
                                   const Param &P,
                                   std::shared_ptr<ObjectState> Self) {
  Value D;
  D.Kind = ValueKind::Dict;
  D.Why = "no extra keyword arguments";
  const Expr *Call =
      Self && Fn.Parent && InputsOf == &Fn ? handOnCall(Fn, P.Name) : nullptr;
  if (!Call)
    return D;
  // The forward that receives them, and its instance.
  const Expr &Callee = *Call->callee();
  std::shared_ptr<ObjectState> Receiver = Self;
  std::optional<Symbol> Next;
  if (Callee.op(0)->Kind == ExprKind::Name) {
    // Only a wrapper whose inputs are all `*args, **kwargs`: a forward with
    // inputs of its own hands on extras the caller may add (attention
    // kwargs), not inputs the profile passes.
    bool Wrapper = llvm::all_of(Fn.Params, [&](const Param &Q) {
      return &Q == &Fn.Params.front() || Q.Kind == ParamKind::VarArgs ||
             Q.Kind == ParamKind::VarKeywords;
    });
    if (!Wrapper)
      return D;
    auto It = Self->Attrs.find(Callee.Name);
    if (It == Self->Attrs.end() || !It->second.is(ValueKind::Object) ||
        !It->second.Obj)
      return D;
    Receiver = It->second.Obj;
    Next = findOnMRO(*Receiver, "forward");
  } else {
    Next =
        findOnMRO(*Self, "forward", NameResolver::qualify(M, Fn.Parent->Name));
  }
  const FunctionDef *Target =
      Next && Next->Class ? Next->Class->findMethod("forward") : nullptr;
  if (!Target || Target == &Fn)
    return D;
  // The names the call passes itself (positionally or by keyword) and
  // the entry's own parameters are not in the forwarded dict.
  StringSet<> Given;
  for (const Param &Q : Fn.Params)
    Given.insert(Q.Name);
  size_t Positional = 0;
  for (size_t I = 1; I < Call->numOps(); ++I) {
    const Expr &A = *Call->op(I);
    if (A.Kind == ExprKind::Keyword)
      Given.insert(A.Name);
    else if (A.Kind != ExprKind::DoubleStarred && A.Kind != ExprKind::Starred)
      ++Positional;
  }
  size_t Index = 0;
  for (const Param &Q : Target->Params) {
    if (Q.Kind == ParamKind::Positional && Index++ <= Positional)
      Given.insert(Q.Name); // self, then the positional arguments
  }
  Frame G;
  G.Mod = Next->Mod;
  G.Fn = Target;
  G.DefiningClass = Target->Parent;
  G.Self = Receiver;
  bindInputs(*Next->Mod, *Target, Receiver, G);
  for (const Param &Q : Target->Params) {
    if (Given.count(Q.Name) || Q.Kind == ParamKind::VarArgs ||
        Q.Kind == ParamKind::VarKeywords ||
        Q.Kind == ParamKind::PositionalOnlyMarker ||
        Q.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    auto It = G.Locals.find(Q.Name);
    if (It == G.Locals.end())
      continue;
    D.Keys.push_back(Q.Name);
    D.Elems.push_back(It->second);
  }
  D.Why = "the inputs of `" +
          NameResolver::qualify(*Next->Mod, Next->Class->Name) +
          ".forward`, which `" + Call->Text.str() + "` hands them on to";
  return D;
}

} // namespace modcost
