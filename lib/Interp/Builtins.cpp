//===- Builtins.cpp - Python builtins
//--------------------------------------===//
///
/// \file
/// Profile-given call results and the Python builtins of Builtins.def
/// (evaluated call arguments are in CallArguments.cpp).
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "SequencePieces.h"
#include "TensorShapes.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

using namespace llvm;

namespace modcost {

Value Evaluator::callProfile(const Expr &Callee, const Value &CalleeVal) {
  std::string Spelled = Callee.getDottedName();
  for (const std::string &Key :
       {Spelled, CalleeVal.is(ValueKind::Callable) ? CalleeVal.Name : "",
        Spelled.substr(Spelled.rfind('.') + 1)}) {
    if (Key.empty())
      continue;
    if (const ProfileEntry *P = Profile.get("calls", Key))
      return P->Val;
  }
  return Value::unknown();
}

/// Python's `pow(x, y)` of two numbers (torchaudio's HDemucs dilations,
/// `pow(2, d)`): an int for int operands and y >= 0 (unknown past int64), a
/// float otherwise; a three-argument pow or non-numbers are not modelled.
static std::optional<Value> builtinPow(const CallArgs &Args) {
  if (Args.Positional.size() != 2 || !Args.Keywords.empty())
    return std::nullopt;
  const Value &X = Args.Positional[0], &Y = Args.Positional[1];
  if (!isNumeric(X) || !isNumeric(Y))
    return Value::unknown("pow of values that are not known numbers");
  std::string Why = joinWhy(X.Why, Y.Why);
  bool Ints = !X.is(ValueKind::Float) && !Y.is(ValueKind::Float);
  if (Ints && num(Y) >= 0) {
    int64_t Base = int64_t(num(X)), V = 1;
    for (int64_t I = 0; I < int64_t(num(Y)); ++I)
      if (__builtin_mul_overflow(V, Base, &V))
        return Value::unknown("pow past 64 bits");
    return Value::integer(V, Why);
  }
  return Value::floating(std::pow(num(X), num(Y)), Why);
}

const llvm::StringMap<Evaluator::BuiltinHandler> &Evaluator::builtinTable() {
  static const llvm::StringMap<BuiltinHandler> Table = [] {
    llvm::StringMap<BuiltinHandler> T;
#define BUILTIN(HANDLER, DOC, ...)                                             \
  for (const char *Name : {__VA_ARGS__})                                       \
    T[Name] = &Evaluator::HANDLER;
#include "modcost/Interp/Builtins.def"
    return T;
  }();
  return Table;
}

std::optional<Value> Evaluator::callBuiltin(StringRef Name,
                                            const CallArgs &Args,
                                            const Expr &Call, Frame &F) {
  if (Name == "pow")
    return builtinPow(Args);
  if (Name == "abs" && Args.Positional.size() == 1 &&
      isNumeric(Args.Positional[0])) {
    // Python's abs of a number (HDemucs' `self.depth = abs(depth)`).
    const Value &X = Args.Positional[0];
    if (X.is(ValueKind::Float))
      return Value::floating(std::fabs(X.F), X.Why);
    int64_t I = X.is(ValueKind::Bool) ? X.B : X.I;
    if (I != std::numeric_limits<int64_t>::min())
      return Value::integer(I < 0 ? -I : I, X.Why);
  }
  // Python's abs of a tensor is its `__abs__`, torch.abs (a sliding
  // window's `abs(q_idx - kv_idx) <= sliding_window`).
  if (Name == "abs" && Args.Positional.size() == 1 && Args.Keywords.empty() &&
      Args.Positional[0].is(ValueKind::Tensor)) {
    Value R = tensorMethod(Args.Positional[0], "abs", CallArgs());
    noteOp("abs", {Args.Positional[0]}, R, CostExtras(), "abs");
    return R;
  }
  const auto &Table = builtinTable();
  auto It = Table.find(Name);
  if (It == Table.end())
    return std::nullopt;
  // A module container (nn.ModuleList, nn.Sequential) iterates as the
  // sequence of its submodules: `enumerate(self.layers)`. Only for the
  // builtins that iterate: `setattr(self, name, nn.Sequential(...))`
  // stores the container itself.
  bool Iterates = is_contained({"enumerate", "zip", "list", "tuple", "sum",
                                "max", "min", "all", "any", "len"},
                               Name);
  if (Iterates && llvm::any_of(Args.Positional, [](const Value &V) {
        return V.is(ValueKind::Object) && !V.Obj->Items.empty();
      })) {
    CallArgs Seq = Args;
    for (Value &V : Seq.Positional)
      if (V.is(ValueKind::Object) && !V.Obj->Items.empty())
        V = itemsTuple(*V.Obj, V.Why);
    if (Name != "len")
      return (this->*It->second)(Name, Seq, Call, F);
  }
  return (this->*It->second)(Name, Args, Call, F);
}

std::optional<Value> Evaluator::builtinGetattr(StringRef Name,
                                               const CallArgs &Args,
                                               const Expr &Call, Frame &F) {
  if ((Name == "getattr" || Name == "hasattr") && Args.Positional.size() >= 2 &&
      Args.arg(1).is(ValueKind::Str) && Args.arg(1).StrExact) {
    Value Obj = Args.arg(0);
    std::string Attr = Args.arg(1).Name;
    // A module: its source says, before the attribute is evaluated.
    if (Obj.is(ValueKind::Module))
      if (std::optional<Value> Has = moduleHasAttr(Obj.Name, Attr)) {
        if (Name == "hasattr")
          return *Has;
        // `getattr(module, name, default)` of a name it lacks: the default.
        if (!Has->B && Args.Positional.size() >= 3) {
          Value D = Args.arg(2);
          D.Why =
              joinWhy(D.Why, Has->Why + ", so getattr returns its default `" +
                                 Call.op(3)->Text.str() + "`");
          return D;
        }
      }
    Value V = evalAttribute(Obj, Attr, F);
    bool Known =
        !V.isUnknown() && !(Obj.is(ValueKind::Object) && Obj.Obj->IsConfig &&
                            V.is(ValueKind::Symbol) && !fact(Attr));
    bool Absent = Obj.is(ValueKind::Object) && !Obj.Obj->IsConfig &&
                  V.isUnknown() && !fact(Attr) && !Obj.Obj->Attrs.count(Attr);
    // A config whose class is known lacks what neither config.json nor
    // the class (fields, __init__, __post_init__) defines.
    std::optional<std::string> ConfigLacks;
    if (!Known && Obj.is(ValueKind::Object) && Obj.Obj->IsConfig)
      ConfigLacks = configLacks(Obj, Attr);
    if (Name == "hasattr") {
      if (Known)
        return Value::boolean(true, joinWhy(V.Why, "`" + Attr + "` is set"));
      if (ConfigLacks)
        return Value::boolean(false, *ConfigLacks);
      // A method defined on the object's class or a base.
      if (Obj.is(ValueKind::Object) && !Obj.Obj->IsConfig)
        if (std::optional<Symbol> S = findOnMRO(*Obj.Obj, Attr))
          return Value::boolean(true, "`" + S->QualifiedName +
                                          "` defines the method `" + Attr +
                                          "`");
      if (std::optional<Value> No = lacksAttribute(Obj, Attr))
        return *No;
      return Value::unknown();
    }
    if (Known)
      return V;
    if (ConfigLacks && Args.Positional.size() >= 3) {
      Value D = Args.arg(2);
      D.Why =
          joinWhy(D.Why, *ConfigLacks + ", so getattr returns its default `" +
                             Call.op(3)->Text.str() + "`");
      return D;
    }
    if (Args.Positional.size() >= 3 && (Absent || Obj.is(ValueKind::Object))) {
      if (Obj.is(ValueKind::Object) && Obj.Obj->IsConfig) {
        Value C = ConfigReader(*this).configAttribute(
            Attr, Obj.Obj->SymbolPrefix, &Obj);
        ConfigReader(*this).noteConfigSizeHint(Obj, Attr, C);
        // A size the config may lack keeps its symbol in the formulas
        // (`getattr(config, "head_dim", hidden_size // num_heads)`); when
        // nothing gave it a number, the code's own default is its hint.
        ConfigReader(*this).hintFromFallback(C, Args.arg(2), Call.op(3)->Text,
                                             "the getattr default", Attr);
        C.Why += " (getattr default `" + Call.op(3)->Text.str() + "` not used)";
        return C;
      }
      Value D = Args.arg(2);
      D.Why = joinWhy(D.Why, "`" + Attr +
                                 "` is never set, so getattr returns its "
                                 "default `" +
                                 Call.op(3)->Text.str() + "`");
      return D;
    }
    return Value::unknown();
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinCast(StringRef Name,
                                            const CallArgs &Args,
                                            const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 2)
    return std::nullopt;
  return Args.Positional[1];
}

std::optional<Value> Evaluator::builtinSetattr(StringRef Name,
                                               const CallArgs &Args,
                                               const Expr &Call, Frame &F) {
  if (Name == "setattr" && Args.Positional.size() == 3 &&
      Args.arg(0).is(ValueKind::Object) && Args.arg(1).is(ValueKind::Str)) {
    Args.arg(0).Obj->setAttr(Args.arg(1).Name, Args.arg(2));
    return Value::none();
  }
  if (Name == "delattr" && Args.Positional.size() == 2 &&
      Args.arg(0).is(ValueKind::Object) && Args.arg(1).is(ValueKind::Str) &&
      Args.arg(1).StrExact) {
    Args.arg(0).Obj->eraseAttr(Args.arg(1).Name);
    return Value::none();
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinLen(StringRef Name, const CallArgs &Args,
                                           const Expr &Call, Frame &F) {
  if (Name == "len") {
    Value V = Args.arg(0);
    if (V.is(ValueKind::Tuple) && V.RepeatCount)
      return Value::symbolic(V.RepeatCount, V.Why);
    if (V.is(ValueKind::Object) && V.Obj->ItemsRepeat)
      return Value::symbolic(V.Obj->ItemsRepeat, V.Why);
    if (V.is(ValueKind::Object) && !V.Obj->Items.empty())
      return Value::integer(V.Obj->Items.size(), V.Why);
    if (V.is(ValueKind::Tuple) || V.is(ValueKind::Dict))
      return Value::integer(V.Elems.size(), V.Why);
    if (V.is(ValueKind::Str) && V.StrExact)
      return Value::integer(V.Name.size(), V.Why);
    // A tensor's length is its first dimension.
    if (V.is(ValueKind::Tensor) && V.DimsKnown && !isFreeRank(V) &&
        !V.Dims.empty() && V.Dims[0])
      return dimValue(V.Dims[0], "the first dimension of " + V.str());
    // An object whose class defines `__len__` (a cache's number of layers,
    // `len(self.layers)`): what that method returns.
    if (V.is(ValueKind::Object) && !V.Obj->IsConfig && !V.Obj->IsCache)
      if (std::optional<Value> L = callObjectMethod(V, "__len__", {}, F))
        if (L->is(ValueKind::Int) || L->is(ValueKind::Symbol))
          return *L;
    return Value::unknown();
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinBool(StringRef Name,
                                            const CallArgs &Args,
                                            const Expr &Call, Frame &F) {
  if (Name == "bool" && Args.Positional.size() == 1) {
    Truth T = Args.arg(0).truth();
    if (T == Truth::Unknown)
      return Value::unknown(Args.arg(0).Why);
    return Value::boolean(T == Truth::True, Args.arg(0).Why);
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinSequence(StringRef Name,
                                                const CallArgs &Args,
                                                const Expr &Call, Frame &F) {
  if ((Name == "tuple" || Name == "list") && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tuple)) {
    Value R = Args.arg(0); // A new list, or a tuple (no list identity).
    R.ListId = Name == "list" ? ++ListIds : 0;
    return R;
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinDict(StringRef Name,
                                            const CallArgs &Args,
                                            const Expr &Call, Frame &F) {

  Value D;
  D.Kind = ValueKind::Dict;
  D.Why = "`" + Call.Text.str() + "` at " + location(Call.Range);
  if (Args.Positional.size() == 1) {
    const Value &From = Args.Positional[0];
    if (From.is(ValueKind::Dict)) {
      D.Keys = From.Keys;
      D.Elems = From.Elems;
    } else if (From.is(ValueKind::Tuple) && !From.RepeatCount) {
      // (key, value) pairs: `OrderedDict([("conv0", conv), ...])`.
      for (const Value &P : From.Elems) {
        if (!P.is(ValueKind::Tuple) || P.Elems.size() != 2 ||
            !P.Elems[0].is(ValueKind::Str) || !P.Elems[0].StrExact)
          return Value::unknown("`" + Call.Text.str() +
                                "`: a key that is not a known string");
        D.Keys.push_back(P.Elems[0].Name);
        D.Elems.push_back(P.Elems[1]);
      }
    } else {
      return Value::unknown();
    }
  } else if (Args.Positional.size() > 1 || Args.UnknownSplat) {
    return Value::unknown();
  }
  for (const auto &[K, V] : Args.Keywords) {
    auto It = llvm::find(D.Keys, K);
    if (It != D.Keys.end())
      D.Elems[It - D.Keys.begin()] = V;
    else {
      D.Keys.push_back(K);
      D.Elems.push_back(V);
    }
  }
  return D;
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinStr(StringRef Name, const CallArgs &Args,
                                           const Expr &Call, Frame &F) {
  if (Name == "str" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Str))
    return Args.arg(0);
  if (Name == "str" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Int))
    return Value::string(std::to_string(Args.arg(0).I), Args.arg(0).Why);
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinRange(StringRef Name,
                                             const CallArgs &Args,
                                             const Expr &Call, Frame &F) {
  if (Name == "range" && !Args.Positional.empty() &&
      Args.Positional.size() <= 2) {
    Value Lo = Args.Positional.size() == 2 ? indexValue(Args.arg(0))
                                           : Value::integer(0);
    Value Hi =
        indexValue(Args.Positional.size() == 2 ? Args.arg(1) : Args.arg(0));
    if (Lo.is(ValueKind::Int) && Hi.is(ValueKind::Int) && Hi.I - Lo.I <= 64) {
      std::vector<Value> Elems;
      for (int64_t I = Lo.I; I < Hi.I; ++I)
        Elems.push_back(Value::integer(I, Hi.Why));
      return Value::tuple(std::move(Elems), Hi.Why);
    }
    const sym::Expr *L = dimExpr(Lo), *H = dimExpr(Hi);
    if (L && H) {
      // A range of symbolic length: one representative element, the index
      // as a symbol of its own (at least the lower bound), so a condition
      // true for every index is decided (`layer_idx not in []`,
      // `(layer_idx + 1) % 1 == 0`); a cost that depends on it is unknown
      // (see recordOp), as the loop prices one iteration N times.
      Value Index = Value::symbolic(Sym.symbol(loopIndexName(Call.Range.Line)),
                                    "the index of `" + Call.Text.str() +
                                        "` at " + location(Call.Range));
      if (L->isConstant() && L->getConstantValue().isInteger())
        if (auto Lo64 = L->getConstantValue().getNumerator().tryGetInt64()) {
          Index.MinValue = *Lo64;
          // Below the stop, too: `i >= n` is False in every iteration
          // (IndexBounds.cpp).
          if (*Lo64 >= 0)
            Index.IndexBound = H;
        }
      ++LoopIndexSymbols;
      Value Rep = Value::tuple({Index}, Hi.Why);
      Rep.RepeatCount = Sym.sub(H, L);
      return Rep;
    }
    return Value::unknown();
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinSumMaxMin(StringRef Name,
                                                 const CallArgs &Args,
                                                 const Expr &Call, Frame &F) {
  // math.prod of a known sequence (1 when it is empty).
  if (Name == "math.prod" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tuple) && !Args.arg(0).RepeatCount &&
      Args.arg(0).Elems.empty())
    return Value::integer(1, Args.arg(0).Why);
  if ((Name == "sum" || Name == "max" || Name == "min" ||
       Name == "math.prod") &&
      Args.Positional.size() == 1 && Args.arg(0).is(ValueKind::Tuple) &&
      !Args.arg(0).RepeatCount && !Args.arg(0).Elems.empty()) {
    std::vector<const sym::Expr *> Xs;
    for (const Value &E : Args.arg(0).Elems) {
      const sym::Expr *D = dimExpr(E);
      if (!D)
        return Value::unknown();
      Xs.push_back(D);
    }
    if (Name == "sum")
      return Value::symbolic(Sym.add(Xs), Args.arg(0).Why);
    if (Name == "math.prod")
      return Value::symbolic(Sym.mul(Xs), Args.arg(0).Why);
    return Value::symbolic(Name == "max" ? Sym.max(Xs) : Sym.min(Xs),
                           Args.arg(0).Why);
  }
  // sum(t) / max(t) / min(t) of a one-dimensional tensor: Python iterates
  // its zero-dimensional elements; priced as the reduction `t.sum()` (or
  // `max`, `min`). The result is zero-dimensional, its value known when
  // every element of t holds one (Fill).
  if ((Name == "sum" || Name == "max" || Name == "min") &&
      Args.Positional.size() == 1 && Args.Keywords.empty() &&
      Args.arg(0).is(ValueKind::Tensor) && Args.arg(0).DimsKnown &&
      Args.arg(0).Dims.size() == 1 && Args.arg(0).Dims[0]) {
    const Value &T = Args.arg(0);
    Value R = Value::shaped({}, resultBytes(T));
    if (T.Fill)
      R.Fill = Name == "sum" ? Sym.mul(T.Fill, T.Dims[0]) : T.Fill;
    noteOp(Name, {T}, R, CostExtras(), "`" + Name.str() + "()` of a tensor");
    return R;
  }
  // max(a, b, ...) / min(a, b, ...) of numbers: the chosen argument itself
  // (Python returns it, int or float); with a symbol, sym's max / min.
  if ((Name == "max" || Name == "min") && Args.Positional.size() >= 2 &&
      Args.Keywords.empty()) {
    bool IsMax = Name == "max";
    if (llvm::all_of(Args.Positional, isNumeric)) {
      const Value *Best = &Args.Positional[0];
      for (const Value &V : Args.Positional)
        if (IsMax ? num(V) > num(*Best) : num(V) < num(*Best))
          Best = &V;
      return *Best;
    }
    std::vector<const sym::Expr *> Xs;
    std::string Why;
    for (const Value &V : Args.Positional) {
      const sym::Expr *D = V.is(ValueKind::Float) ? nullptr : dimExpr(V);
      if (!D)
        return Value::unknown();
      Xs.push_back(D);
      Why = joinWhy(Why, V.Why);
    }
    return Value::symbolic(IsMax ? Sym.max(Xs) : Sym.min(Xs), Why);
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinAllAny(StringRef Name,
                                              const CallArgs &Args,
                                              const Expr &Call, Frame &F) {
  // all(xs) / any(xs) over a known sequence: decided when every element's
  // truth is known, or when one element decides it.
  if ((Name == "all" || Name == "any") && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tuple) && !Args.arg(0).RepeatCount) {
    bool IsAll = Name == "all", Undecided = false;
    for (const Value &E : Args.arg(0).Elems) {
      Truth T = E.truth();
      if (T == Truth::Unknown)
        Undecided = true;
      else if ((T == Truth::True) != IsAll)
        return Value::boolean(!IsAll, E.Why);
    }
    if (Undecided)
      return Value::unknown(Args.arg(0).Why);
    return Value::boolean(IsAll, Args.arg(0).Why);
  }
  // Over a list of symbolic length (`["full_attention" for _ in
  // range(config.num_hidden_layers)]`, one representative): whatever the
  // length, any() of false elements is false and all() of true ones true.
  if ((Name == "all" || Name == "any") && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tuple) && Args.arg(0).RepeatCount &&
      !Args.arg(0).Elems.empty()) {
    bool IsAll = Name == "all";
    for (const Value &E : Args.arg(0).Elems)
      if (E.truth() != (IsAll ? Truth::True : Truth::False))
        return std::nullopt;
    return Value::boolean(
        IsAll,
        joinWhy(Args.arg(0).Why,
                "every element of a list of " + Args.arg(0).RepeatCount->str() +
                    " copies is " + (IsAll ? "true" : "false") +
                    ", whatever its length"));
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinEnumerate(StringRef Name,
                                                 const CallArgs &Args,
                                                 const Expr &Call, Frame &F) {
  // Iterating a tensor yields views of its rows: no kernel, and pairs of
  // unknown length.
  if (Name == "enumerate" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tensor))
    return Value::unknown("enumerate() of a tensor: its rows, views");
  if (Name == "enumerate" && Args.Positional.size() == 1 &&
      Args.arg(0).is(ValueKind::Tuple)) {
    Value T = Args.arg(0);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      T.Elems[I] = Value::tuple({!T.Segments.empty() ? segmentIndex(T, I, Call)
                                 : T.RepeatCount ? Value::unknown("loop index")
                                                 : Value::integer(I),
                                 T.Elems[I]});
    return T;
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinZip(StringRef Name, const CallArgs &Args,
                                           const Expr &Call, Frame &F) {

  if (Name == "zip" && !Args.Positional.empty()) {
    if (std::optional<Value> P = SequencePieces(*this).zipPieces(Args, Call))
      return *P;
    size_t N = SIZE_MAX;
    for (const Value &Arg : Args.Positional) {
      // A container of submodules zips its modules.
      const Value A = Arg.is(ValueKind::Object) && !Arg.Obj->Items.empty()
                          ? itemsTuple(*Arg.Obj)
                          : Arg;
      if (!A.is(ValueKind::Tuple) || A.RepeatCount || !A.Segments.empty())
        return Value::unknown();
      N = std::min(N, A.Elems.size());
    }
    std::vector<Value> Out;
    for (size_t I = 0; I < N; ++I) {
      std::vector<Value> Row;
      for (const Value &A : Args.Positional)
        Row.push_back(A.is(ValueKind::Object) ? A.Obj->Items[I] : A.Elems[I]);
      Out.push_back(Value::tuple(std::move(Row)));
    }
    return Value::tuple(std::move(Out));
  }
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinSlice(StringRef Name,
                                             const CallArgs &Args,
                                             const Expr &Call, Frame &F) {
  if (Args.Positional.empty() || Args.Positional.size() > 3 ||
      !Args.Keywords.empty())
    return std::nullopt;
  Value S =
      Value::callable("builtins.slice", false, "`" + Call.Text.str() + "`");
  if (Args.Positional.size() == 1)
    S.Elems = {Value::none(), Args.Positional[0], Value::none()};
  else
    S.Elems = {Args.Positional[0], Args.Positional[1],
               Args.Positional.size() > 2 ? Args.Positional[2] : Value::none()};
  return S;
}

std::optional<Value> Evaluator::builtinEnvironment(StringRef Name,
                                                   const CallArgs &Args,
                                                   const Expr &Call, Frame &F) {
  if (Args.Positional.empty() || Args.Positional.size() > 2)
    return std::nullopt;
  Value D = Args.Positional.size() == 2 ? Args.Positional[1] : Value::none();
  D.Why = joinWhy(D.Why, "`" + Call.Text.str() +
                             "`: the analyzed run sets no environment "
                             "variables, so it is the default");
  return D;
}

std::optional<Value> Evaluator::builtinImportModule(StringRef Name,
                                                    const CallArgs &Args,
                                                    const Expr &Call,
                                                    Frame &F) {
  if (Args.Positional.empty() || Args.Positional.size() > 2 ||
      !Args.Positional[0].is(ValueKind::Str) || !Args.Positional[0].StrExact)
    return std::nullopt;
  std::string Mod = Args.Positional[0].Name;
  if (StringRef(Mod).starts_with(".")) {
    // import_module(".llama", "transformers.models"): relative to package.
    if (Args.Positional.size() != 2 || !Args.Positional[1].is(ValueKind::Str) ||
        !Args.Positional[1].StrExact)
      return std::nullopt;
    Mod = Args.Positional[1].Name + Mod;
  }
  if (!SourceRoots::isValidDottedName(Mod))
    return std::nullopt;
  Expected<const PyModule *> M = Resolver.getLoader().load(Mod);
  if (!M) {
    consumeError(M.takeError());
    return std::nullopt;
  }
  return Value::module(Mod, "`" + Call.Text.str() + "` imports `" + Mod + "`");
}

std::optional<Value> Evaluator::builtinOperatorIndex(StringRef Name,
                                                     const CallArgs &Args,
                                                     const Expr &Call,
                                                     Frame &F) {
  if (Args.Positional.size() != 1)
    return std::nullopt;
  const Value &X = Args.Positional[0];
  if (X.is(ValueKind::Int) || (X.is(ValueKind::Symbol) && X.Sym))
    return X;
  if (X.is(ValueKind::Bool))
    return Value::integer(X.B, X.Why);
  return std::nullopt;
}

std::optional<Value> Evaluator::builtinFields(StringRef Name,
                                              const CallArgs &Args,
                                              const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 1 || !Args.Positional[0].is(ValueKind::Object))
    return std::nullopt;
  const ObjectState &O = *Args.Positional[0].Obj;
  std::vector<Value> Out;
  for (const auto &Field : dataclassFields(O.MRO)) {
    Value F;
    F.Kind = ValueKind::Object;
    F.Obj = Objects->make();
    F.Obj->ClassName = "dataclasses.Field";
    F.Obj->Attrs["name"] = Value::string(Field.first);
    Out.push_back(std::move(F));
  }
  if (Out.empty())
    return std::nullopt;
  return Value::tuple(std::move(Out),
                      "the dataclass fields of `" + O.ClassName + "`");
}

std::optional<Value> Evaluator::lacksAttribute(const Value &Obj,
                                               StringRef Attr) {
  if (fact(Attr))
    return std::nullopt;
  // A tensor has its own attributes and methods, not a library's
  // (`hasattr(x, "jax")`).
  if (Obj.is(ValueKind::Tensor)) {
    if (lookupOp(Attr) || Profile.get("tensors", Attr) ||
        is_contained({"shape", "dtype", "device", "ndim", "T", "mT", "grad",
                      "data", "is_leaf", "layout", "names"},
                     Attr))
      return std::nullopt;
    return Value::boolean(false,
                          "a tensor has no attribute `" + Attr.str() + "`");
  }
  // None has only the dunder attributes of every object.
  if (Obj.is(ValueKind::None) && !Attr.starts_with("__"))
    return Value::boolean(
        false, joinWhy(Obj.Why, "None has no attribute `" + Attr.str() + "`"));
  // An object whose classes are all known and define no such attribute, and
  // whose constructor did not set it.
  if (!Obj.is(ValueKind::Object) || Obj.Obj->IsConfig || Obj.Obj->IsCache ||
      !Obj.Obj->Class || Obj.Obj->Attrs.count(Attr))
    return std::nullopt;
  if (classesDefine(Resolver, *Obj.Obj, Attr) != false)
    return std::nullopt;
  return Value::boolean(false, "`" + Obj.Obj->ClassName + "` never sets `" +
                                   Attr.str() + "`");
}

} // namespace modcost
