//===- Evaluator.cpp - Partial evaluation of __init__ and forward ---------===//
///
/// \file
/// See Evaluator.h for the model. The interpreter is deliberately
/// conservative: anything it does not model evaluates to Unknown, and only
/// facts (profile entries, literals, constructor defaults, evaluated
/// attributes) decide branches.
///
//===----------------------------------------------------------------------===//

#include "modcost/Analysis/Evaluator.h"
#include "EvaluatorImpl.h"
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

/// Last line of a statement; an `if` includes its whole elif/else chain.
static unsigned stmtEndLine(const Stmt &S) {
  unsigned End = S.Range.EndLine;
  if (S.Kind == StmtKind::If && !S.Bodies[1].empty())
    End = std::max(End, stmtEndLine(*S.Bodies[1].back()));
  return End;
}

static std::pair<unsigned, unsigned> blockLines(const Block &B) {
  if (B.empty())
    return {0, 0};
  return {B.front()->Range.Line, stmtEndLine(*B.back())};
}

/// True if the block ends in `raise` at its top level.
static bool blockRaises(const Block &B) {
  for (const auto &S : B)
    if (S->Kind == StmtKind::Raise)
      return true;
  return false;
}

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

void Evaluator::record(const void *Key, DecisionInfo D, bool Undecided,
                       const SourceRange &At, Frame &F) {
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
    // Seen before (a loop body evaluated more than once): keep it only if
    // every visit agreed.
    DecisionInfo &Old = Result.Decisions[It->second];
    if (Old.Value != D.Value && Old.Value != "undecided") {
      Old.Value = "undecided";
      Old.Reason = "the condition differs between loop iterations";
      Old.Skipped.clear();
      ++Result.Undecided;
      --Result.Decided;
    }
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
    if (At.File)
      Diags.report(At.File->getBufferID(), At.Begin, DiagLevel::Warning,
                   "cannot decide `" + D.Condition +
                       "` under the inference profile; " + D.Reason);
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
      if (!GlobalsInProgress.insert(Key).second)
        return Value::unknown();
      Frame Global;
      Global.Mod = F.Mod;
      Value V = eval(*ValueExpr, Global);
      GlobalsInProgress.erase(Key);
      if (V.isUnknown())
        break;
      V.Why = "module constant `" + Name.str() + "` = " + V.str() + " at " +
              location(ValueExpr->Range);
      return V;
    }
  Expected<Symbol> S = Resolver.lookup(*F.Mod, Name);
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
    // (`isinstance`, `len`) or an unresolvable global.
    for (const auto &A : F.Mod->Assignments)
      if (A.first == Name)
        return Value::callable(NameResolver::qualify(*F.Mod, Name), false);
    return Value::callable(Name, false);
  }
  return symbolToValue(*S);
}

Value Evaluator::evalAttribute(const Value &Obj, StringRef Name, Frame &F) {
  switch (Obj.Kind) {
  case ValueKind::Object: {
    if (const ProfileEntry *P = fact(Name))
      return P->Val;
    auto It = Obj.Obj->Attrs.find(Name);
    if (It != Obj.Obj->Attrs.end()) {
      // A tensor attribute (a parameter, a buffer) is one object: every
      // read of it has the same identity.
      if (It->second.is(ValueKind::Tensor) && It->second.Name.empty())
        It->second.Name = "%" + std::to_string(++TensorIds);
      return It->second;
    }
    // The module the object's class is defined in (torchvision's
    // `_log_api_usage_once(self)` reads it).
    if (Name == "__module__" && Obj.Obj->Class && Obj.Obj->Mod)
      return Value::string(Obj.Obj->Mod->Name, "`" + Obj.Obj->ClassName +
                                                   "` is defined in `" +
                                                   Obj.Obj->Mod->Name + "`");
    if (Obj.Obj->Class) {
      if (Obj.Obj->Class->findMethod(Name))
        return Value::callable(Obj.Obj->ClassName + "." + Name.str(), false);
      auto A = Obj.Obj->Class->Attributes.find(Name);
      if (A != Obj.Obj->Class->Attributes.end()) {
        Frame ClassScope;
        ClassScope.Mod = Obj.Obj->Mod;
        Value V = eval(*A->second, ClassScope);
        if (!V.isUnknown())
          return V;
      }
    }
    if (Obj.Obj->IsConfig)
      return configAttribute(Name);
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
    if (!Obj.IsClass)
      return Value::callable(Obj.Name + "." + Name.str(), false);
    return Value::unknown();
  case ValueKind::Tensor: {
    if (Name == "dtype")
      return Value::dtype("activation dtype", "tensors share the activation "
                                              "dtype (profile)");
    if (Name == "ndim" && Obj.Rank >= 0)
      return Value::integer(Obj.Rank, Obj.Why);
    if (Name == "shape" && Obj.DimsKnown) {
      std::vector<Value> Elems;
      for (const sym::Expr *D : Obj.Dims)
        Elems.push_back(dimValue(D, Obj.Why));
      return Value::tuple(std::move(Elems), Obj.Why);
    }
    if (const ProfileEntry *P = Profile.get("tensors", Name))
      return P->Val;
    if (Name == "T" || Name == "mT") {
      CallArgs Swap;
      Swap.Positional = {Value::integer(-2), Value::integer(-1)};
      return tensorMethod(Obj, "transpose", Swap);
    }
    return Value::unknown();
  }
  default:
    return Value::unknown();
  }
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

/// `copy.copy` / `copy.deepcopy` of a value: a fresh object with the same
/// attributes (and, deep, fresh copies of the objects and tensors it holds,
/// each object copied once so shared references stay shared). Tuples and
/// constants are copied as they are.
static Value
copyValue(const Value &V, bool Deep,
          DenseMap<const ObjectState *, std::shared_ptr<ObjectState>> &Memo) {
  Value R = V;
  if (V.is(ValueKind::Object) && V.Obj) {
    auto It = Memo.find(V.Obj.get());
    if (It != Memo.end()) {
      R.Obj = It->second;
      return R;
    }
    R.Obj = std::make_shared<ObjectState>(*V.Obj);
    Memo[V.Obj.get()] = R.Obj;
    if (Deep) {
      for (auto &A : R.Obj->Attrs)
        A.second = copyValue(A.second, Deep, Memo);
      for (Value &I : R.Obj->Items)
        I = copyValue(I, Deep, Memo);
    }
    return R;
  }
  if (Deep && (V.is(ValueKind::Tuple) || V.is(ValueKind::Dict)))
    for (Value &E : R.Elems)
      E = copyValue(E, Deep, Memo);
  if (Deep && V.is(ValueKind::Tensor))
    R.Name.clear(); // A copied tensor is a new object.
  return R;
}

static std::optional<int64_t> parseInt(StringRef Text) {
  std::string Clean;
  for (char C : Text)
    if (C != '_')
      Clean += C;
  StringRef T(Clean);
  int64_t V;
  if (T.starts_with_insensitive("0x")) {
    if (!T.drop_front(2).getAsInteger(16, V))
      return V;
    return std::nullopt;
  }
  if (T.starts_with_insensitive("0o")) {
    if (!T.drop_front(2).getAsInteger(8, V))
      return V;
    return std::nullopt;
  }
  if (T.starts_with_insensitive("0b")) {
    if (!T.drop_front(2).getAsInteger(2, V))
      return V;
    return std::nullopt;
  }
  if (!T.getAsInteger(10, V))
    return V;
  return std::nullopt;
}

static bool isNumeric(const Value &V) {
  return V.is(ValueKind::Int) || V.is(ValueKind::Float) ||
         V.is(ValueKind::Bool);
}
static double num(const Value &V) {
  return V.is(ValueKind::Float) ? V.F : V.is(ValueKind::Bool) ? V.B : V.I;
}

/// Terms and total degree of \p E's canonical form.
static std::pair<uint64_t, uint64_t> termsAndDegree(const sym::Expr *E) {
  uint64_t Degree = 0;
  auto Ts = sym::terms(E);
  for (const sym::Term &T : Ts) {
    uint64_t D = 0;
    for (const sym::Factor &F : T.Factors)
      D += uint64_t(std::abs(F.Exponent));
    Degree = std::max(Degree, D);
  }
  return {Ts.size(), Degree};
}

bool Evaluator::symbolicResultTooLarge(const sym::Expr *A, const sym::Expr *B,
                                       StringRef Op, const Expr &Site) {
  if (Op != "*" && Op != "**" && Op != "%" && Op != "//")
    return false;
  auto [TA, DA] = termsAndDegree(A);
  auto [TB, DB] = termsAndDegree(B);
  uint64_t Terms = TA * TB, Degree = DA + DB;
  if (Op == "**" && B->isConstant()) {
    auto N = B->getConstantValue().getNumerator().tryGetInt64();
    Terms = TA, Degree = DA;
    for (int64_t I = 1; N && I < *N && Terms <= MaxSymbolicTerms; ++I)
      Terms *= TA, Degree += DA;
  }
  if (Terms <= MaxSymbolicTerms && Degree <= MaxSymbolicDegree)
    return false;
  if (Site.Range.File && OversizeReported.insert(&Site).second)
    Diags.report(
        Site.Range.File->getBufferID(), Site.Range.Begin, DiagLevel::Warning,
        "symbolic expression too large (" + Twine(Terms) + " terms, degree " +
            Twine(Degree) + "; the limits are " + Twine(MaxSymbolicTerms) +
            " and " + Twine(MaxSymbolicDegree) +
            "): the value is unknown from here on");
  return true;
}

Value Evaluator::evalBinary(const Expr &E, Frame &F) {
  Value L = eval(*E.op(0), F), R = eval(*E.op(1), F);
  std::string Why = joinWhy(L.Why, R.Why);
  StringRef Op = E.Op;
  if (isNumeric(L) && isNumeric(R)) {
    bool Ints = !L.is(ValueKind::Float) && !R.is(ValueKind::Float);
    int64_t A = L.is(ValueKind::Bool) ? L.B : L.I;
    int64_t B = R.is(ValueKind::Bool) ? R.B : R.I;
    if (Ints && (Op == "&" || Op == "|" || Op == "^")) {
      int64_t V = Op == "&" ? (A & B) : Op == "|" ? (A | B) : (A ^ B);
      if (L.is(ValueKind::Bool) && R.is(ValueKind::Bool))
        return Value::boolean(V != 0, Why);
      return Value::integer(V, Why);
    }
    if (Ints) {
      // Python integers do not overflow: past int64 the value continues
      // exactly as a symbolic constant (big rational arithmetic).
      int64_t V;
      if (Op == "+")
        return __builtin_add_overflow(A, B, &V)
                   ? Value::symbolic(Sym.add(Sym.constant(A), Sym.constant(B)),
                                     Why)
                   : Value::integer(V, Why);
      if (Op == "-")
        return __builtin_sub_overflow(A, B, &V)
                   ? Value::symbolic(Sym.sub(Sym.constant(A), Sym.constant(B)),
                                     Why)
                   : Value::integer(V, Why);
      if (Op == "*")
        return __builtin_mul_overflow(A, B, &V)
                   ? Value::symbolic(Sym.mul(Sym.constant(A), Sym.constant(B)),
                                     Why)
                   : Value::integer(V, Why);
      bool MinByMinusOne = A == std::numeric_limits<int64_t>::min() && B == -1;
      if (Op == "//" && B != 0 && !MinByMinusOne)
        return Value::integer(A / B - ((A % B != 0) && ((A < 0) != (B < 0))),
                              Why);
      if (Op == "%" && B != 0 && !MinByMinusOne)
        return Value::integer(((A % B) + B) % B, Why);
    }
    double X = num(L), Y = num(R);
    if (Op == "+")
      return Value::floating(X + Y, Why);
    if (Op == "-")
      return Value::floating(X - Y, Why);
    if (Op == "*")
      return Value::floating(X * Y, Why);
    if (Op == "/" && Y != 0)
      return Value::floating(X / Y, Why);
    if (Op == "**" && Ints && B >= 0 && B < 64) {
      // Exact: repeated multiplication, symbolic past int64.
      int64_t V = 1;
      bool Overflow = false;
      for (int64_t I = 0; I < B && !Overflow; ++I)
        Overflow = __builtin_mul_overflow(V, A, &V);
      if (!Overflow)
        return Value::integer(V, Why);
      return Value::symbolic(Sym.pow(Sym.constant(A), B), Why);
    }
    if (Op == "**")
      return Value::floating(std::pow(X, Y), Why);
    return Value::unknown(Why);
  }
  if (L.is(ValueKind::Str) && R.is(ValueKind::Str) && Op == "+") {
    Value S = Value::string(L.Name + R.Name, Why);
    S.StrExact = L.StrExact && R.StrExact;
    return S;
  }
  if (L.is(ValueKind::Tensor) || R.is(ValueKind::Tensor)) {
    StringRef Name = StringSwitch<StringRef>(Op)
                         .Case("+", "__add__")
                         .Case("-", "__sub__")
                         .Case("*", "__mul__")
                         .Case("/", "__truediv__")
                         .Case("//", "__floordiv__")
                         .Case("%", "__mod__")
                         .Case("**", "__pow__")
                         .Case("@", "__matmul__")
                         .Case("&", "__and__")
                         .Case("|", "__or__")
                         .Default("");
    Value Out = Op == "@" ? matmul(L, R) : broadcast(L, R);
    if (Name.empty())
      noteUnknown("`" + Op.str() + "` on tensors");
    else
      noteOp(Name, {L, R}, Out, CostExtras(), "`" + Op.str() + "`");
    return Out;
  }
  if (L.is(ValueKind::Tuple) && R.is(ValueKind::Tuple) && Op == "+" &&
      !L.RepeatCount && !R.RepeatCount) {
    std::vector<Value> Elems = L.Elems;
    llvm::append_range(Elems, R.Elems);
    return Value::tuple(std::move(Elems), Why);
  }
  const sym::Expr *A = dimExpr(L), *B = dimExpr(R);
  // A float that holds an integer (`base_width / 64.0` with the default 64)
  // scales a symbol like an integer.
  auto IntegralFloat = [&](const Value &V) -> const sym::Expr * {
    if (V.is(ValueKind::Float) && V.F == std::floor(V.F) &&
        std::fabs(V.F) < 1e15)
      return Sym.constant(int64_t(V.F));
    return nullptr;
  };
  if (!A && L.is(ValueKind::Float) && R.is(ValueKind::Symbol) &&
      (Op == "*" || Op == "+" || Op == "-"))
    A = IntegralFloat(L);
  if (!B && R.is(ValueKind::Float) && L.is(ValueKind::Symbol) &&
      (Op == "*" || Op == "+" || Op == "-"))
    B = IntegralFloat(R);
  if (A && B && (!L.is(ValueKind::Float) || R.is(ValueKind::Symbol)) &&
      (!R.is(ValueKind::Float) || L.is(ValueKind::Symbol)) &&
      !symbolicResultTooLarge(A, B, Op, E)) {
    // Integer quantities (dimensions, head counts) stay symbolic. `//` of
    // symbols is taken as exact: model code divides widths that are
    // multiples of each other (embed_dim // num_heads).
    if (Op == "+")
      return Value::symbolic(Sym.add(A, B), Why);
    if (Op == "-")
      return Value::symbolic(Sym.sub(A, B), Why);
    if (Op == "*")
      return Value::symbolic(Sym.mul(A, B), Why);
    if (Op == "//" && !B->isZero())
      return Value::symbolic(Sym.div(A, B), Why);
    // a % c with a constant c: a - c * floor(a / c), exact.
    if (Op == "%" && B->isConstant() && !B->isZero())
      return Value::symbolic(Sym.sub(A, Sym.mul(B, Sym.floorDiv(A, B))), Why);
    if (Op == "**" && B->isConstant() && B->getConstantValue().isInteger())
      if (auto N = B->getConstantValue().getNumerator().tryGetInt64())
        if (*N >= 0 && *N < 8)
          return Value::symbolic(Sym.pow(A, *N), Why);
  }
  if ((L.is(ValueKind::Symbol) || isNumeric(L)) &&
      (R.is(ValueKind::Symbol) || isNumeric(R)))
    // An opaque quantity: equal only to itself.
    return Value::symbol("(" + L.str() + " " + Op.str() + " " + R.str() + ")",
                         Why);
  return Value::unknown(Why);
}

Value Evaluator::evalCompare(const Expr &E, Frame &F) {
  Value Left = eval(*E.op(0), F);
  std::string Why = Left.Why;
  bool AllTrue = true;
  for (size_t I = 0; I < E.CompareOps.size() && I + 1 < E.numOps(); ++I) {
    Value Right = eval(*E.op(I + 1), F);
    Why = joinWhy(Why, Right.Why);
    StringRef Op = E.CompareOps[I];
    std::optional<bool> R;
    if (Op == "==" || Op == "!=") {
      R = Value::equal(Left, Right);
      if (R && Op == "!=")
        R = !*R;
    } else if (Op == "is" || Op == "is not") {
      R = Value::identical(Left, Right);
      if (R && Op == "is not")
        R = !*R;
    } else if (Op == "in" || Op == "not in") {
      if (Right.is(ValueKind::Tuple)) {
        bool Any = false, AllKnown = true;
        for (const Value &X : Right.Elems) {
          auto Q = Value::equal(Left, X);
          if (!Q)
            AllKnown = false;
          else if (*Q)
            Any = true;
        }
        if (Any)
          R = true;
        else if (AllKnown)
          R = false;
      } else if (Right.is(ValueKind::Dict) && Left.is(ValueKind::Str) &&
                 Left.StrExact) {
        R = llvm::is_contained(Right.Keys, Left.Name);
      } else if (Right.is(ValueKind::Str) && Right.StrExact &&
                 Left.is(ValueKind::Str) && Left.StrExact) {
        R = StringRef(Right.Name).contains(Left.Name);
      }
      if (R && Op == "not in")
        R = !*R;
    } else if ((Left.is(ValueKind::Symbol) && Left.MinValue &&
                isNumeric(Right)) ||
               (Right.is(ValueKind::Symbol) && Right.MinValue &&
                isNumeric(Left))) {
      // A symbol with a lower bound against a constant: decided only when
      // the bound settles it (`cache_len > 0` while decoding).
      bool SymLeft = Left.is(ValueKind::Symbol);
      double Lo = double(SymLeft ? *Left.MinValue : *Right.MinValue);
      double C = num(SymLeft ? Right : Left);
      StringRef O = Op;
      if (!SymLeft) // c OP sym  ==  sym OP' c
        O = Op == "<"    ? ">"
            : Op == ">"  ? "<"
            : Op == "<=" ? ">="
            : Op == ">=" ? "<="
                         : Op;
      if ((O == ">" && Lo > C) || (O == ">=" && Lo >= C) ||
          (O == "!=" && Lo > C))
        R = true;
      else if ((O == "<" && Lo >= C) || (O == "<=" && Lo > C) ||
               (O == "==" && Lo > C))
        R = false;
    } else if (isNumeric(Left) && isNumeric(Right)) {
      double A = num(Left), B = num(Right);
      if (Op == "<")
        R = A < B;
      else if (Op == "<=")
        R = A <= B;
      else if (Op == ">")
        R = A > B;
      else if (Op == ">=")
        R = A >= B;
    }
    if (Left.is(ValueKind::Tensor) || Right.is(ValueKind::Tensor)) {
      if (Op != "is" && Op != "is not") {
        Value Out = broadcast(Left, Right);
        Out.Bytes = "1";
        StringRef Name = Op == "<" || Op == "<="   ? "__lt__"
                         : Op == ">" || Op == ">=" ? "__gt__"
                                                   : "__eq__";
        noteOp(Name, {Left, Right}, Out, CostExtras(), "`" + Op.str() + "`");
        return Out;
      }
    }
    if (!R)
      AllTrue = false;
    else if (!*R)
      return Value::boolean(false, Why);
    Left = Right;
  }
  if (AllTrue)
    return Value::boolean(true, Why);
  return Value::unknown(Why);
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
      else
        A.UnknownSplat = true;
    } else {
      A.Positional.push_back(eval(Arg, F));
    }
  }
  return A;
}

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

Value Evaluator::builtin(StringRef Name, const CallArgs &Args, const Expr &Call,
                         Frame &F, bool &Handled) {
  Handled = true;
  auto Arg = [&](size_t I) -> Value {
    return I < Args.Positional.size() ? Args.Positional[I] : Value::unknown();
  };
  if (Name == "isinstance" && Args.Positional.size() == 2) {
    Value Obj = Arg(0), Cls = Arg(1);
    std::vector<Value> Classes =
        Cls.is(ValueKind::Tuple) ? Cls.Elems : std::vector<Value>{Cls};
    bool Unknown = false;
    for (const Value &C : Classes) {
      if (!C.is(ValueKind::Callable)) {
        Unknown = true;
        continue;
      }
      StringRef CN = C.Name;
      if (Obj.is(ValueKind::Object)) {
        if (llvm::is_contained(Obj.Obj->MRO, CN.str()))
          return Value::boolean(true, "`" + Obj.Obj->ClassName +
                                          "` is a subclass of `" + CN.str() +
                                          "`");
      } else if (Obj.is(ValueKind::Tensor)) {
        if (CN.ends_with("Tensor") && !CN.contains("Nested"))
          return Value::boolean(true, "a tensor is a torch.Tensor");
      } else if (Obj.is(ValueKind::Str)) {
        if (CN == "str")
          return Value::boolean(true, Obj.Why);
      } else if (Obj.is(ValueKind::Bool) || Obj.is(ValueKind::Int) ||
                 (Obj.is(ValueKind::Symbol) && Obj.Sym)) {
        // Symbols stand for integers (dimensions, counts).
        if (CN == "int" || CN == "numbers.Integral" ||
            (CN == "bool" && Obj.is(ValueKind::Bool)))
          return Value::boolean(true, Obj.Why);
        if (Obj.is(ValueKind::Symbol) &&
            (CN == "str" || CN == "float" || CN == "tuple" || CN == "list"))
          continue;
      } else if (Obj.is(ValueKind::Float)) {
        if (CN == "float")
          return Value::boolean(true, Obj.Why);
      } else if (Obj.is(ValueKind::Tuple)) {
        // A tuple or list is a Sequence (typing's or collections.abc's) and
        // is none of the other builtin types; another class is not known.
        StringRef Abc =
            CN.rsplit('.').second.empty() ? CN : CN.rsplit('.').second;
        if (CN == "tuple" || CN == "list" ||
            is_contained({"Sequence", "Iterable", "Collection", "Sized",
                          "Container", "Reversible"},
                         Abc))
          return Value::boolean(true, Obj.Why);
        if (!is_contained({"str", "int", "float", "bool", "dict", "set",
                           "numbers.Integral"},
                          CN) &&
            !CN.ends_with("Tensor"))
          Unknown = true;
      } else if (!Obj.is(ValueKind::None) && !Obj.is(ValueKind::Callable)) {
        Unknown = true;
      }
    }
    if (Unknown)
      return Value::unknown(Obj.Why);
    return Value::boolean(false, joinWhy(Obj.Why, "`" + Obj.str() +
                                                      "` is not an instance "
                                                      "of `" +
                                                      Cls.str() + "`"));
  }
  if ((Name == "getattr" || Name == "hasattr") && Args.Positional.size() >= 2 &&
      Arg(1).is(ValueKind::Str) && Arg(1).StrExact) {
    Value Obj = Arg(0);
    std::string Attr = Arg(1).Name;
    Value V = evalAttribute(Obj, Attr, F);
    bool Known =
        !V.isUnknown() && !(Obj.is(ValueKind::Object) && Obj.Obj->IsConfig &&
                            V.is(ValueKind::Symbol) && !fact(Attr));
    bool Absent = Obj.is(ValueKind::Object) && !Obj.Obj->IsConfig &&
                  V.isUnknown() && !fact(Attr) && !Obj.Obj->Attrs.count(Attr);
    if (Name == "hasattr") {
      if (Known)
        return Value::boolean(true, joinWhy(V.Why, "`" + Attr + "` is set"));
      return Value::unknown();
    }
    if (Known)
      return V;
    if (Args.Positional.size() >= 3 && (Absent || Obj.is(ValueKind::Object))) {
      if (Obj.is(ValueKind::Object) && Obj.Obj->IsConfig) {
        Value C = configAttribute(Attr);
        C.Why += " (getattr default `" + Call.op(3)->Text.str() + "` not used)";
        return C;
      }
      Value D = Arg(2);
      D.Why = joinWhy(D.Why, "`" + Attr +
                                 "` is never set, so getattr returns its "
                                 "default `" +
                                 Call.op(3)->Text.str() + "`");
      return D;
    }
    return Value::unknown();
  }
  if (Name == "setattr" && Args.Positional.size() == 3 &&
      Arg(0).is(ValueKind::Object) && Arg(1).is(ValueKind::Str)) {
    Arg(0).Obj->Attrs[Arg(1).Name] = Arg(2);
    return Value::none();
  }
  if (Name == "len") {
    Value V = Arg(0);
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
    return Value::unknown();
  }
  if (Name == "bool" && Args.Positional.size() == 1) {
    Truth T = Arg(0).truth();
    if (T == Truth::Unknown)
      return Value::unknown(Arg(0).Why);
    return Value::boolean(T == Truth::True, Arg(0).Why);
  }
  if (Name == "int" && Args.Positional.size() == 1 && isNumeric(Arg(0)))
    return Value::integer(int64_t(num(Arg(0))), Arg(0).Why);
  if (Name == "int" && Args.Positional.size() == 1 &&
      Arg(0).is(ValueKind::Symbol) && Arg(0).Sym)
    return Arg(0);
  // round(x): Python rounds half to even and returns an int; a symbol
  // stands for an integer already. round(x, n) is a float.
  if (Name == "round" && !Args.Positional.empty() &&
      (Args.Positional.size() == 1 || Arg(1).is(ValueKind::None))) {
    if (Arg(0).is(ValueKind::Float))
      return Value::integer(int64_t(std::nearbyint(Arg(0).F)), Arg(0).Why);
    if (Arg(0).is(ValueKind::Int) || Arg(0).is(ValueKind::Bool))
      return Value::integer(int64_t(num(Arg(0))), Arg(0).Why);
    if (Arg(0).is(ValueKind::Symbol) && Arg(0).Sym)
      return Arg(0);
    return Value::unknown(Arg(0).Why);
  }
  if (Name == "round" && Args.Positional.size() == 2 && isNumeric(Arg(0)) &&
      Arg(1).is(ValueKind::Int)) {
    double Scale = std::pow(10.0, double(Arg(1).I));
    return Value::floating(std::nearbyint(num(Arg(0)) * Scale) / Scale,
                           Arg(0).Why);
  }
  if (Name == "float" && Args.Positional.size() == 1 && isNumeric(Arg(0)))
    return Value::floating(num(Arg(0)), Arg(0).Why);
  if ((Name == "tuple" || Name == "list") && Args.Positional.size() == 1 &&
      Arg(0).is(ValueKind::Tuple))
    return Arg(0);
  if (Name == "dict") {
    Value D;
    D.Kind = ValueKind::Dict;
    for (const auto &[K, V] : Args.Keywords) {
      D.Keys.push_back(K);
      D.Elems.push_back(V);
    }
    return Args.Positional.empty() ? D : Value::unknown();
  }
  if (Name == "str" && Args.Positional.size() == 1 && Arg(0).is(ValueKind::Str))
    return Arg(0);
  if (Name == "str" && Args.Positional.size() == 1 && Arg(0).is(ValueKind::Int))
    return Value::string(std::to_string(Arg(0).I), Arg(0).Why);
  if (Name == "range" && !Args.Positional.empty() &&
      Args.Positional.size() <= 2) {
    Value Lo = Args.Positional.size() == 2 ? Arg(0) : Value::integer(0);
    Value Hi = Args.Positional.size() == 2 ? Arg(1) : Arg(0);
    if (Lo.is(ValueKind::Int) && Hi.is(ValueKind::Int) && Hi.I - Lo.I <= 64) {
      std::vector<Value> Elems;
      for (int64_t I = Lo.I; I < Hi.I; ++I)
        Elems.push_back(Value::integer(I, Hi.Why));
      return Value::tuple(std::move(Elems), Hi.Why);
    }
    const sym::Expr *L = dimExpr(Lo), *H = dimExpr(Hi);
    if (L && H) {
      // A range of symbolic length: one representative element.
      Value Rep = Value::tuple({Value::unknown("loop index")}, Hi.Why);
      Rep.RepeatCount = Sym.sub(H, L);
      return Rep;
    }
    return Value::unknown();
  }
  if ((Name == "sum" || Name == "max" || Name == "min") &&
      Args.Positional.size() == 1 && Arg(0).is(ValueKind::Tuple) &&
      !Arg(0).RepeatCount && !Arg(0).Elems.empty()) {
    std::vector<const sym::Expr *> Xs;
    for (const Value &E : Arg(0).Elems) {
      const sym::Expr *D = dimExpr(E);
      if (!D)
        return Value::unknown();
      Xs.push_back(D);
    }
    if (Name == "sum")
      return Value::symbolic(Sym.add(Xs), Arg(0).Why);
    return Value::symbolic(Name == "max" ? Sym.max(Xs) : Sym.min(Xs),
                           Arg(0).Why);
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
  // all(xs) / any(xs) over a known sequence: decided when every element's
  // truth is known, or when one element decides it.
  if ((Name == "all" || Name == "any") && Args.Positional.size() == 1 &&
      Arg(0).is(ValueKind::Tuple) && !Arg(0).RepeatCount) {
    bool IsAll = Name == "all", Undecided = false;
    for (const Value &E : Arg(0).Elems) {
      Truth T = E.truth();
      if (T == Truth::Unknown)
        Undecided = true;
      else if ((T == Truth::True) != IsAll)
        return Value::boolean(!IsAll, E.Why);
    }
    if (Undecided)
      return Value::unknown(Arg(0).Why);
    return Value::boolean(IsAll, Arg(0).Why);
  }
  if (Name == "enumerate" && Args.Positional.size() == 1 &&
      Arg(0).is(ValueKind::Tuple)) {
    Value T = Arg(0);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      T.Elems[I] = Value::tuple(
          {T.RepeatCount ? Value::unknown("loop index") : Value::integer(I),
           T.Elems[I]});
    return T;
  }
  if (Name == "zip" && !Args.Positional.empty()) {
    size_t N = SIZE_MAX;
    for (const Value &A : Args.Positional) {
      if (!A.is(ValueKind::Tuple) || A.RepeatCount)
        return Value::unknown();
      N = std::min(N, A.Elems.size());
    }
    std::vector<Value> Out;
    for (size_t I = 0; I < N; ++I) {
      std::vector<Value> Row;
      for (const Value &A : Args.Positional)
        Row.push_back(A.Elems[I]);
      Out.push_back(Value::tuple(std::move(Row)));
    }
    return Value::tuple(std::move(Out));
  }
  Handled = false;
  return Value::unknown();
}

Value Evaluator::inlineMethod(const FunctionDef &Method,
                              const PyModule &MethodMod, const Expr &E,
                              Frame &F, std::shared_ptr<ObjectState> Self) {
  if (!Self)
    Self = F.Self;
  CallChain.push_back({&Method, Self.get()});
  auto PopChain = make_scope_exit([&] { CallChain.pop_back(); });
  CallArgs Args = evalArgs(E, F);
  Frame Inner;
  Inner.Mod = &MethodMod;
  Inner.Fn = &Method;
  Inner.DefiningClass = Method.Parent;
  Inner.Self = Self;
  Inner.Depth = F.Depth + 1;
  Inner.Context = F.Context;
  Inner.SuppressAtEntry = Suppress;
  // A @staticmethod called through self takes no self.
  bool Static = llvm::any_of(Method.Decorators, [](const auto &D) {
    return D->getDottedName() == "staticmethod";
  });
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
  execBlock(Method.Body, Inner);
  Suppress -= Inner.SuppressedTail;
  std::string Owner =
      Method.Parent ? NameResolver::qualify(MethodMod, Method.Parent->Name)
                    : MethodMod.Name;
  endCall(Owner + "." + Method.Name, std::move(P), std::move(Why));
  Value R = Inner.Returned ? *Inner.Returned : Value::none();
  if (!R.isUnknown())
    R.Why = joinWhy(R.Why, "returned by `" + Method.Name + "()`");
  return R;
}

Value Evaluator::evalCall(const Expr &E, Frame &F) {
  const Expr &Callee = *E.callee();
  CurrentCallSite = &E;
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
      // super().forward(...) and other methods: the next definition on the
      // MRO after the class whose method is running, as a composite.
      if (Next) {
        const FunctionDef *M = Next->Class->findMethod(Callee.Name);
        if (isRecursive(*M, &E, F.Self.get()))
          return Value::tensor(-1);
        return inlineMethod(*M, *Next->Mod, E, F);
      }
    }
    return Value::unknown();
  }

  // Calls on self that change attributes.
  if (Callee.Kind == ExprKind::Attribute && F.Self &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.op(0)->Name == "self") {
    StringRef M = Callee.Name;
    if (M == "register_parameter" || M == "register_buffer" ||
        M == "add_module" || M == "register_module") {
      CallArgs Args = evalArgs(E, F);
      if (Args.Positional.size() >= 2 &&
          Args.Positional[0].is(ValueKind::Str)) {
        Value V = Args.Positional[1];
        // A buffer is model state (BatchNorm's running statistics): stored
        // like the weights, whatever factory made it. An explicit dtype
        // (a literal size such as `4`) stays.
        if ((M == "register_buffer" || M == "register_parameter") &&
            V.is(ValueKind::Tensor) && V.Bytes == "a_bytes")
          V.Bytes = "w_bytes";
        V.Why =
            joinWhy(V.Why, "`self." + Args.Positional[0].Name + "` set by " +
                               M.str() + " at " + location(E.Range));
        F.Self->Attrs[Args.Positional[0].Name] = V;
      }
      return Value::none();
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
  if (Callee.Kind == ExprKind::Attribute && F.Self && F.Self->Class &&
      Callee.op(0)->Kind == ExprKind::Name && Callee.op(0)->Name == "self" &&
      F.Depth < MaxInlineDepth && !fact(Callee.Name)) {
    const FunctionDef *Method = nullptr;
    const PyModule *MethodMod = nullptr;
    if (std::optional<Symbol> S = findOnMRO(*F.Self, Callee.Name)) {
      Method = S->Class->findMethod(Callee.Name);
      MethodMod = S->Mod;
    }
    if (Method && !F.Self->Attrs.count(Callee.Name) &&
        isRecursive(*Method, &E, F.Self.get()))
      return Value::tensor(-1);
    if (Method && !F.Self->Attrs.count(Callee.Name))
      return inlineMethod(*Method, *MethodMod, E, F);
  }

  // list.copy() of a known list.
  if (Callee.Kind == ExprKind::Attribute && Callee.Name == "copy" &&
      E.numOps() == 1) {
    Value L = eval(*Callee.op(0), F);
    if (L.is(ValueKind::Tuple) || L.is(ValueKind::Dict))
      return L;
  }
  // list.append / list.extend on a local list.
  if (Callee.Kind == ExprKind::Attribute &&
      Callee.op(0)->Kind == ExprKind::Name &&
      (Callee.Name == "append" || Callee.Name == "extend")) {
    auto It = F.Locals.find(Callee.op(0)->Name);
    if (It != F.Locals.end() && It->second.is(ValueKind::Tuple)) {
      CallArgs Args = evalArgs(E, F);
      Value &List = It->second;
      if (List.RepeatCount || Args.Positional.size() != 1) {
        List = Value::unknown();
      } else if (Callee.Name == "append") {
        List.Elems.push_back(Args.Positional[0]);
      } else if (Args.Positional[0].is(ValueKind::Tuple) &&
                 !Args.Positional[0].RepeatCount) {
        llvm::append_range(List.Elems, Args.Positional[0].Elems);
      } else {
        List = Value::unknown();
      }
      return Value::none();
    }
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

  // A method of a plain Python object (a settings object such as
  // torchvision's MBConvConfig), or a @staticmethod of any object: run it
  // with that object as self.
  if (Receiver && Receiver->is(ValueKind::Object) && Receiver->Obj->Class &&
      !Receiver->Obj->IsConfig && !Receiver->Obj->IsCache &&
      !Receiver->Obj->Attrs.count(Callee.Name) && F.Depth < MaxInlineDepth) {
    if (std::optional<Symbol> S = findOnMRO(*Receiver->Obj, Callee.Name)) {
      const FunctionDef *Method = S->Class->findMethod(Callee.Name);
      bool Static = llvm::any_of(Method->Decorators, [](const auto &D) {
        return D->getDottedName() == "staticmethod";
      });
      bool IsModule = llvm::is_contained(Receiver->Obj->MRO,
                                         "torch.nn.modules.module.Module");
      if ((Static || !IsModule) &&
          !isRecursive(*Method, &E, Receiver->Obj.get()))
        return inlineMethod(*Method, *S->Mod, E, F, Receiver->Obj);
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

  // The number of tokens already cached depends on the phase.
  if (Callee.Kind == ExprKind::Attribute &&
      (Callee.Name == "get_seq_length" || Callee.Name == "get_usable_length")) {
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
  // the new ones, a copy into the cache.
  if (Receiver && Receiver->is(ValueKind::Object) && Receiver->Obj->IsCache &&
      Callee.Name == "update") {
    CallArgs Args = evalArgs(E, F);
    std::vector<Value> Out;
    const ProfileEntry *Phase = fact("phase");
    bool Decode =
        Phase && Phase->Val.is(ValueKind::Str) && Phase->Val.Name == "decode";
    for (size_t I = 0; I < 2 && I < Args.Positional.size(); ++I) {
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
             All, CostExtras(), "cache.update");
      Out.push_back(All);
    }
    return Value::tuple(std::move(Out));
  }

  if (Receiver) {
    const Value &Obj = *Receiver;
    if (Obj.is(ValueKind::Tensor)) {
      CallArgs Args = evalArgs(E, F);
      Value R = tensorMethod(Obj, Callee.Name, Args);
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
      noteOp(Callee.Name, Ins, R, CostExtras(), "." + Callee.Name);
      return R;
    }
  }

  CallArgs Args = evalArgs(E, F);
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
    StringRef N = CalleeVal.Name;
    // copy.deepcopy(layer): a fresh object equivalent to its argument
    // (torch's `_get_clones` fills a ModuleList with deep copies).
    if ((N == "copy.deepcopy" || N == "copy.copy") &&
        Args.Positional.size() >= 1) {
      DenseMap<const ObjectState *, std::shared_ptr<ObjectState>> Memo;
      Value R = copyValue(Args.Positional[0], N == "copy.deepcopy", Memo);
      R.Why = joinWhy(R.Why, "a copy made by `" + N.str() + "` at " +
                                 location(E.Range));
      return R;
    }
    bool Handled = false;
    if (!N.contains('.')) {
      Value B = builtin(N, Args, E, F, Handled);
      if (Handled)
        return B;
    }
    // math.ceil / math.floor: an int (a symbol stands for an integer).
    if ((N == "math.ceil" || N == "math.floor") &&
        Args.Positional.size() == 1) {
      const Value &X = Args.Positional[0];
      if (X.is(ValueKind::Float))
        return Value::integer(
            int64_t(N == "math.ceil" ? std::ceil(X.F) : std::floor(X.F)),
            X.Why);
      if (X.is(ValueKind::Int) || (X.is(ValueKind::Symbol) && X.Sym))
        return X;
      return Value::unknown(X.Why);
    }
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
    if (CalleeVal.IsClass) {
      CurrentCall = &E;
      Expected<Symbol> S = Resolver.resolveDotted(N, nullptr);
      if (!S) {
        consumeError(S.takeError());
        return Value::unknown();
      }
      if (S->Kind == SymbolKind::Class)
        return construct(*S->Mod, *S->Class, Args, /*Record=*/false);
    }
    // Tensor operations of torch and torch.nn.functional take their shape
    // rule from the catalog, even where torch defines them in Python.
    if (N.starts_with("torch.") && !N.starts_with("torch.nn.modules")) {
      if (std::optional<Value> R = tensorFunction(Last, Args)) {
        std::vector<Value> Ins;
        CostExtras X;
        for (const Value &A : Args.Positional) {
          if (A.is(ValueKind::Tensor))
            Ins.push_back(A);
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
            Args.Positional[0].is(ValueKind::Str)) {
          // The contracted extents: indices of the inputs absent from the
          // output.
          StringRef Eq = Args.Positional[0].Name;
          auto [Lhs, Rhs] = Eq.split("->");
          SmallVector<StringRef, 4> Specs;
          Lhs.split(Specs, ',');
          std::map<char, const sym::Expr *> Sizes;
          for (size_t I = 0; I < Specs.size() && I < Ins.size(); ++I) {
            StringRef Spec = Specs[I].trim();
            if (Ins[I].DimsKnown && Ins[I].Dims.size() == Spec.size())
              for (size_t J = 0; J < Spec.size(); ++J)
                Sizes.emplace(Spec[J], Ins[I].Dims[J]);
          }
          const sym::Expr *Contracted = Sym.getOne();
          for (auto &[C, D] : Sizes)
            if (!Rhs.contains(C))
              Contracted = D ? Sym.mul(Contracted, D) : nullptr;
          X.Contracted = Contracted;
        }
        if (Last == "_native_multi_head_attention" &&
            Args.Positional.size() > 4)
          X.Heads = dimExpr(Args.Positional[4]);
        if (Last.contains("pool") && !Last.starts_with("adaptive")) {
          Value K = Args.Positional.size() > 1 ? Args.Positional[1]
                                               : Value::unknown();
          for (const auto &[Kw, V] : Args.Keywords)
            if (Kw == "kernel_size")
              K = V;
          if (const sym::Expr *D = dimExpr(K))
            X.Window = Sym.pow(D, Last.contains("1d") ? 1 : 2);
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
      // a call the evaluator could not follow): its shape rule cannot run,
      // but it is still that op, with unknown operand shapes. torch's own
      // Python definition (F.layer_norm calling the C builtin
      // torch.layer_norm) would only hide the name under one with no rule.
      const OpInfo *Info = lookupOp(Last);
      if (Info && Info->Family != OpFamily::Factory &&
          !Args.Positional.empty() && Args.Positional[0].isUnknown()) {
        std::vector<Value> Ins{Value::tensor(-1)};
        for (size_t I = 1; I < Args.Positional.size(); ++I)
          if (Args.Positional[I].is(ValueKind::Tensor))
            Ins.push_back(Args.Positional[I]);
        Value R =
            Value::tensor(-1, "the input of `" + N.str() + "` is not known");
        R.Name = UnknownIdentity;
        std::string Spelled = Callee.getDottedName();
        noteOp(Last, Ins, R, CostExtras(),
               Spelled.empty() ? Last.str() : Spelled);
        return R;
      }
    }
    // A Python helper function: evaluate it with these arguments.
    Expected<Symbol> S = Resolver.resolveDotted(N, nullptr);
    if (!S) {
      consumeError(S.takeError());
      return Value::unknown();
    }
    if (S->Kind == SymbolKind::Function)
      return callFunction(*S, Args, F);
    bool TensorArgs = llvm::any_of(Args.Positional, [](const Value &V) {
      return V.is(ValueKind::Tensor);
    });
    if (N.starts_with("torch.")) {
      if (TensorArgs)
        noteUnknown(N);
      Value R = Value::tensor(-1);
      R.Name = UnknownIdentity; // It may return one of its arguments.
      return R;
    }
    if (TensorArgs)
      noteUnknown(N);
  }
  if (CalleeVal.is(ValueKind::Object)) // Calling a submodule.
    return callModule(CalleeVal, Args, F);
  return Value::unknown();
}

Value Evaluator::eval(const Expr &E, Frame &F) {
  ++Steps;
  if (budgetExceeded())
    return Value::unknown("evaluation budget exceeded");
  switch (E.Kind) {
  case ExprKind::Int: {
    auto V = parseInt(E.Text);
    return V ? Value::integer(*V) : Value::unknown();
  }
  case ExprKind::Float: {
    std::string Clean;
    for (char C : E.Text)
      if (C != '_')
        Clean += C;
    double D;
    if (!StringRef(Clean).getAsDouble(D))
      return Value::floating(D);
    return Value::unknown();
  }
  case ExprKind::String:
    return Value::string(E.Name);
  case ExprKind::FString: {
    Value S = Value::string("");
    S.StrExact = false;
    if (E.Name.empty() && E.Ops.empty())
      S.StrExact = true;
    return E.Name.empty() ? Value::unknown() : S;
  }
  case ExprKind::True:
    return Value::boolean(true);
  case ExprKind::False:
    return Value::boolean(false);
  case ExprKind::None:
    return Value::none();
  case ExprKind::Name:
    return lookupName(E.Name, F);
  case ExprKind::Attribute:
    return evalAttribute(eval(*E.op(0), F), E.Name, F);
  case ExprKind::Call:
    return evalCall(E, F);
  case ExprKind::Tuple:
  case ExprKind::List: {
    std::vector<Value> Elems;
    for (const auto &Op : E.Ops) {
      if (Op->Kind == ExprKind::Starred) {
        Value V = eval(*Op->op(0), F);
        if (!V.is(ValueKind::Tuple))
          return Value::unknown();
        llvm::append_range(Elems, V.Elems);
        continue;
      }
      Elems.push_back(eval(*Op, F));
    }
    return Value::tuple(std::move(Elems));
  }
  case ExprKind::Dict: {
    Value D;
    D.Kind = ValueKind::Dict;
    for (size_t I = 0; I + 1 < E.numOps(); I += 2) {
      Value K = eval(*E.op(I), F);
      if (!K.is(ValueKind::Str) || !K.StrExact)
        return Value::unknown();
      D.Keys.push_back(K.Name);
      D.Elems.push_back(eval(*E.op(I + 1), F));
    }
    return D;
  }
  case ExprKind::Subscript: {
    Value Base = eval(*E.op(0), F);
    if (Base.is(ValueKind::Tensor))
      return tensorSubscript(Base, E, F);
    if (E.numOps() == 2 && E.op(1)->Kind == ExprKind::Slice &&
        Base.is(ValueKind::Tuple) && !Base.RepeatCount) {
      // Tuple slicing with constant bounds: shape[:-1], shape[2:].
      auto Bound = [&](const Expr *X,
                       int64_t Default) -> std::optional<int64_t> {
        if (X->Kind == ExprKind::Null)
          return Default;
        Value V = eval(*X, F);
        if (!V.is(ValueKind::Int))
          return std::nullopt;
        int64_t N = int64_t(Base.Elems.size());
        return std::clamp<int64_t>(V.I < 0 ? V.I + N : V.I, 0, N);
      };
      const Expr &Sl = *E.op(1);
      auto Lo = Bound(Sl.op(0), 0);
      auto Hi = Bound(Sl.op(1), int64_t(Base.Elems.size()));
      if (Lo && Hi && Sl.op(2)->Kind == ExprKind::Null) {
        std::vector<Value> Elems;
        for (int64_t I = *Lo; I < *Hi; ++I)
          Elems.push_back(Base.Elems[I]);
        return Value::tuple(std::move(Elems), Base.Why);
      }
      return Value::unknown();
    }
    if (Base.is(ValueKind::Object) && !Base.Obj->Items.empty() &&
        E.numOps() == 2) {
      Value Idx = eval(*E.op(1), F);
      if (Base.Obj->ItemsRepeat)
        return Base.Obj->Items[0];
      if (Idx.is(ValueKind::Int)) {
        int64_t N = int64_t(Base.Obj->Items.size());
        int64_t I = Idx.I < 0 ? Idx.I + N : Idx.I;
        if (I >= 0 && I < N)
          return Base.Obj->Items[I];
      }
      return Value::unknown();
    }
    if (E.numOps() == 2) {
      Value Idx = eval(*E.op(1), F);
      if (Base.is(ValueKind::Tuple) && Idx.is(ValueKind::Int)) {
        int64_t I = Idx.I < 0 ? Idx.I + int64_t(Base.Elems.size()) : Idx.I;
        if (I >= 0 && I < int64_t(Base.Elems.size()))
          return Base.Elems[I];
      }
      if (Base.is(ValueKind::Dict) && Idx.is(ValueKind::Str))
        for (size_t K = 0; K < Base.Keys.size(); ++K)
          if (Base.Keys[K] == Idx.Name)
            return Base.Elems[K];
    }
    if (Base.is(ValueKind::Tensor))
      return Value::tensor(-1);
    return Value::unknown();
  }
  case ExprKind::BinaryOp:
    return evalBinary(E, F);
  case ExprKind::UnaryOp: {
    Value V = eval(*E.op(0), F);
    if (E.Op == "-" && V.is(ValueKind::Int))
      return Value::integer(-V.I, V.Why);
    if (E.Op == "-" && V.is(ValueKind::Float))
      return Value::floating(-V.F, V.Why);
    if (E.Op == "+" && isNumeric(V))
      return V;
    if (V.is(ValueKind::Tensor)) {
      Value Out = broadcast(V, Value::unknown());
      if (E.Op == "-")
        noteOp("__neg__", {V}, Out, CostExtras(), "unary `-`");
      return Out;
    }
    return Value::unknown(V.Why);
  }
  case ExprKind::Not: {
    Value V = eval(*E.op(0), F);
    Truth T = V.truth();
    if (T == Truth::Unknown)
      return Value::unknown(V.Why);
    return Value::boolean(T == Truth::False, V.Why);
  }
  case ExprKind::BoolOp: {
    Value L = eval(*E.op(0), F);
    Truth T = L.truth();
    bool IsAnd = E.Op == "and";
    if (T == (IsAnd ? Truth::False : Truth::True))
      return L; // Short circuit: the right side never runs.
    Value R = eval(*E.op(1), F);
    if (T != Truth::Unknown) {
      // The left side let evaluation reach the right one: both matter.
      R.Why = joinWhy(L.Why, R.Why);
      return R;
    }
    Truth RT = R.truth();
    // Unknown left side: the result's truth is still known when the right
    // side settles it (`x and False` is falsy, `x or True` is truthy).
    if (RT == (IsAnd ? Truth::False : Truth::True))
      return Value::boolean(!IsAnd, R.Why);
    return Value::unknown(joinWhy(L.Why, R.Why));
  }
  case ExprKind::Compare:
    return evalCompare(E, F);
  case ExprKind::IfExp: {
    Value C = eval(*E.op(1), F);
    Truth T = C.truth();
    DecisionInfo D;
    D.Kind = "ternary";
    D.Condition = E.op(1)->Text.str();
    if (T != Truth::Unknown) {
      bool Then = T == Truth::True;
      D.Value = Then ? "true" : "false";
      D.Reason = C.Why.empty() ? "constant" : C.Why;
      D.Taken = Then ? "`" + E.op(0)->Text.str() + "`"
                     : "`" + E.op(2)->Text.str() + "`";
      record(&E, D, false, E.op(1)->Range, F);
      if (F.Record)
        Result.ExprTaken[&E] = Then ? 0 : 2;
      return eval(*E.op(Then ? 0 : 2), F);
    }
    Value A = eval(*E.op(0), F);
    ++Suppress; // only the assumed operand is priced
    Value B = eval(*E.op(2), F);
    --Suppress;
    D.Value = "undecided";
    D.Reason = "assuming the value `" + E.op(0)->Text.str() +
               "` (rule: an undecided ternary takes its first operand)";
    D.Taken = "`" + E.op(0)->Text.str() + "`";
    record(&E, D, true, E.op(1)->Range, F);
    if (F.Record)
      Result.ExprTaken[&E] = 0;
    return Value::join(A, B);
  }
  case ExprKind::Comprehension:
    return evalComprehension(E, F);
  case ExprKind::NamedExpr: {
    Value V = eval(*E.op(1), F);
    assign(*E.op(0), V, F);
    return V;
  }
  case ExprKind::Await:
    return eval(*E.op(0), F);
  default:
    return Value::unknown();
  }
}

Value Evaluator::evalComprehension(const Expr &E, Frame &F) {
  // Only `[elt for x in known-iterable]` with no `if` clause and one `for`.
  bool IsDict = E.Op == "dict";
  size_t FirstClause = IsDict ? 2 : 1;
  if (E.numOps() != FirstClause + 1 ||
      E.op(FirstClause)->Kind != ExprKind::ForClause || IsDict)
    return Value::unknown();
  const Expr &For = *E.op(FirstClause);
  Value Iter = eval(*For.op(1), F);
  if (Iter.is(ValueKind::Object) && !Iter.Obj->Items.empty()) {
    Value T = Value::tuple(Iter.Obj->Items);
    T.RepeatCount = Iter.Obj->ItemsRepeat;
    Iter = T;
  }
  if (!Iter.is(ValueKind::Tuple) || Iter.Elems.size() > 64)
    return Value::unknown();
  // Comprehension variables do not leak (Python 3): evaluate in a copy.
  llvm::StringMap<Value> Saved = F.Locals;
  std::vector<Value> Out;
  for (const Value &X : Iter.Elems) {
    assign(*For.op(0), X, F);
    Out.push_back(eval(*E.op(0), F));
  }
  F.Locals = std::move(Saved);
  Value R = Value::tuple(std::move(Out), Iter.Why);
  R.RepeatCount = Iter.RepeatCount;
  return R;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void Evaluator::assign(const Expr &Target, const Value &V, Frame &F) {
  switch (Target.Kind) {
  case ExprKind::Name: {
    static const bool Trace = std::getenv("MODCOST_TRACE_EVAL") != nullptr;
    if (Trace)
      errs() << "trace: " << location(Target.Range) << " depth " << F.Depth
             << ": " << Target.Name << " = " << V.str() << "\n";
    Value Stored = V;
    // A tensor bound to a name gets an identity, so `q is k` holds when
    // both name the same object.
    if (Stored.is(ValueKind::Tensor) && Stored.Name.empty())
      Stored.Name = "%" + std::to_string(++TensorIds);
    if (Stored.Why.empty() && !Stored.isUnknown())
      Stored.Why = "`" + Target.Name + "` = " + V.str() + " (set at " +
                   location(Target.Range) + ")";
    F.Locals[Target.Name] = Stored;
    return;
  }
  case ExprKind::Attribute: {
    Value Obj = eval(*Target.op(0), F);
    if (Obj.is(ValueKind::Object)) {
      Value Stored = V;
      Stored.Why = joinWhy(V.Why, "`" + Target.Text.str() + "` set at " +
                                      location(Target.Range));
      Obj.Obj->Attrs[Target.Name] = Stored;
    }
    return;
  }
  case ExprKind::Tuple:
  case ExprKind::List: {
    size_t N = Target.numOps();
    bool Starred = llvm::any_of(
        Target.Ops, [](const auto &O) { return O->Kind == ExprKind::Starred; });
    if (V.is(ValueKind::Tuple) && !Starred && V.Elems.size() == N) {
      for (size_t I = 0; I < N; ++I)
        assign(*Target.op(I), V.Elems[I], F);
      return;
    }
    for (const auto &T : Target.Ops)
      assign(T->Kind == ExprKind::Starred ? *T->op(0) : *T, Value::unknown(),
             F);
    return;
  }
  case ExprKind::Starred:
    assign(*Target.op(0), Value::unknown(), F);
    return;
  case ExprKind::Subscript: {
    // A store into a region of a tensor (`mask[a:b, c:d] = 1`,
    // `x[idx] = y`): the region is written, a tensor source read. Only the
    // tensor's contents change; its shape does not.
    Value Base = eval(*Target.op(0), F);
    if (!Base.is(ValueKind::Tensor))
      return;
    ++Suppress; // The region itself is not a read.
    Value Region = tensorSubscript(Base, Target, F);
    --Suppress;
    if (V.is(ValueKind::Tensor))
      noteOp("copy_", {V}, Region, CostExtras(), "store into a region");
    else
      noteOp("fill_", {}, Region, CostExtras(), "store into a region");
    return;
  }
  default:
    return;
  }
}

/// Snapshot of what a branch can change: locals and self's attributes.
struct EnvSnapshot {
  StringMap<Value> Locals;
  StringMap<Value> Attrs;
};

static EnvSnapshot snapshot(const StringMap<Value> &Locals,
                            const std::shared_ptr<ObjectState> &Self) {
  EnvSnapshot S;
  S.Locals = Locals;
  if (Self)
    S.Attrs = Self->Attrs;
  return S;
}

static StringMap<Value> joinMaps(const StringMap<Value> &A,
                                 const StringMap<Value> &B) {
  StringMap<Value> Out;
  for (const auto &E : A) {
    auto It = B.find(E.first());
    Out[E.first()] = It == B.end() ? Value::unknown("set on one branch only")
                                   : Value::join(E.second, It->second);
  }
  for (const auto &E : B)
    if (!A.count(E.first()))
      Out[E.first()] = Value::unknown("set on one branch only");
  return Out;
}

Evaluator::Flow Evaluator::execIf(const Stmt &S, Frame &F) {
  Value C = eval(*S.Exprs[0], F);
  Truth T = C.truth();
  const Block &Then = S.Bodies[0], &Else = S.Bodies[1];
  DecisionInfo D;
  D.Kind = S.IsElif ? "elif" : "if";
  D.Condition = S.Exprs[0]->Text.str();
  bool ElseIsElif =
      Else.size() == 1 && Else[0]->Kind == StmtKind::If && Else[0]->IsElif;
  if (T != Truth::Unknown) {
    bool TakeThen = T == Truth::True;
    D.Value = TakeThen ? "true" : "false";
    D.Reason = C.Why.empty() ? "constant condition" : C.Why;
    D.Taken = TakeThen ? "then" : (Else.empty() ? "none" : "else");
    auto Skipped = blockLines(TakeThen ? Else : Then);
    if (Skipped.first && !(TakeThen == false && false))
      D.Skipped.push_back(Skipped);
    if (!TakeThen && ElseIsElif)
      D.Taken = "elif";
    record(&S, D, false, S.Exprs[0]->Range, F);
    if (F.Record)
      Result.BranchTaken[&S] = TakeThen ? 0 : 1;
    return execBlock(TakeThen ? Then : Else, F);
  }
  // Undecided: run both, join, and pick the path by the documented rule.
  bool ThenRaises = blockRaises(Then), ElseRaises = blockRaises(Else);
  bool ChooseThen = !ThenRaises || ElseRaises;
  D.Value = "undecided";
  if (ThenRaises && !ElseRaises)
    D.Reason = "assuming it is false: the other branch raises (rule: never "
               "take a branch that raises)";
  else
    D.Reason = "assuming it is true (rule: an undecided condition takes the "
               "`then` branch)";
  if (!C.Why.empty())
    D.Reason += "; it depends on " + C.Why;
  D.Taken = ChooseThen ? "then" : "else";
  record(&S, D, true, S.Exprs[0]->Range, F);
  if (F.Record)
    Result.BranchTaken[&S] = ChooseThen ? 0 : 1;

  // Both branches run (their effects are joined) but only the chosen one
  // is priced.
  EnvSnapshot Before = snapshot(F.Locals, F.Self);
  Suppress += ChooseThen ? 0 : 1;
  Flow ThenFlow = execBlock(Then, F);
  Suppress -= ChooseThen ? 0 : 1;
  EnvSnapshot AfterThen = snapshot(F.Locals, F.Self);
  F.Locals = Before.Locals;
  if (F.Self)
    F.Self->Attrs = Before.Attrs;
  Suppress += ChooseThen ? 1 : 0;
  Flow ElseFlow = execBlock(Else, F);
  Suppress -= ChooseThen ? 1 : 0;
  bool ThenEnds = ThenFlow != Flow::Normal, ElseEnds = ElseFlow != Flow::Normal;
  if (ThenEnds && ElseEnds)
    return ThenFlow == Flow::Returned ? ThenFlow : ElseFlow;
  if (ThenEnds) {
    // Only the else path continues: keep its state. If the chosen branch
    // was the one that returned, what follows is not priced.
    if (ChooseThen && ThenFlow == Flow::Returned) {
      ++Suppress;
      ++F.SuppressedTail;
    }
    return Flow::Normal;
  }
  if (ElseEnds) {
    if (!ChooseThen && ElseFlow == Flow::Returned) {
      ++Suppress;
      ++F.SuppressedTail;
    }
    F.Locals = AfterThen.Locals;
    if (F.Self)
      F.Self->Attrs = AfterThen.Attrs;
    return Flow::Normal;
  }
  F.Locals = joinMaps(AfterThen.Locals, F.Locals);
  if (F.Self)
    F.Self->Attrs = joinMaps(AfterThen.Attrs, F.Self->Attrs);
  return Flow::Normal;
}

Evaluator::Flow Evaluator::execLoop(const Stmt &S, Frame &F) {
  const Block &Body = S.Bodies[0];
  if (S.Kind == StmtKind::While) {
    Value C = eval(*S.Exprs[0], F);
    Truth T = C.truth();
    DecisionInfo D;
    D.Kind = "while";
    D.Condition = S.Exprs[0]->Text.str();
    if (T == Truth::False) {
      D.Value = "false";
      D.Reason = C.Why.empty() ? "constant condition" : C.Why;
      D.Taken = "none";
      auto Skipped = blockLines(Body);
      if (Skipped.first)
        D.Skipped.push_back(Skipped);
      record(&S, D, false, S.Exprs[0]->Range, F);
      if (F.Record)
        Result.BranchTaken[&S] = 1;
      return execBlock(S.Bodies[1], F);
    }
  }
  // Weight initialization (`for m in self.modules(): init_(m.weight)`)
  // does not change what inference computes: it is not evaluated.
  if (S.Kind == StmtKind::For && F.Context == "__init__") {
    StringRef It = S.Exprs[1]->Text;
    for (StringRef Init : {"self.modules()", "self.named_modules()",
                           "self.parameters()", "self.named_parameters()",
                           "self.children()", "self.named_children()"})
      if (It == Init) {
        DecisionInfo D;
        D.Kind = "skip";
        D.Condition = ("for " + S.Exprs[0]->Text + " in " + It).str();
        D.Value = "true";
        D.Taken = "none";
        D.Reason = "weight initialization over `" + It.str() +
                   "` does not affect inference";
        auto Lines = blockLines(Body);
        if (Lines.first)
          D.Skipped.push_back(Lines);
        record(&S, D, false, S.Exprs[1]->Range, F);
        return Flow::Normal;
      }
  }
  // Unroll a short loop over a known tuple; otherwise run the body once
  // with an unknown loop variable and join with not running it.
  if (S.Kind == StmtKind::For) {
    Value Iter = eval(*S.Exprs[1], F);
    // A container's submodules (nn.Sequential, nn.ModuleList) are unrolled
    // however many there are (a whole network's blocks, each different);
    // other known sequences up to 16 elements.
    size_t MaxUnroll = 16;
    if (Iter.is(ValueKind::Object) && !Iter.Obj->Items.empty()) {
      MaxUnroll = MaxContainerUnroll;
      Value T = Value::tuple(Iter.Obj->Items);
      T.RepeatCount = Iter.Obj->ItemsRepeat;
      Iter = T;
    }
    if (Iter.is(ValueKind::Tensor) && Iter.DimsKnown && !Iter.Dims.empty() &&
        Iter.Dims[0]) {
      // Iterating a tensor visits its rows: N identical iterations (a
      // routing loop over the experts that were hit).
      Value Row = Value::shaped(std::vector<const sym::Expr *>(
                                    Iter.Dims.begin() + 1, Iter.Dims.end()),
                                Iter.Bytes);
      assign(*S.Exprs[0], Row, F);
      LoopFactors.push_back(
          {Iter.Dims[0], "runs " + Iter.Dims[0]->str() +
                             " times: the loop at line " +
                             std::to_string(S.Range.Line) +
                             " over the rows of `" + S.Exprs[1]->Text.str() +
                             "` (routing = 'uniform': every expert is hit and "
                             "receives an equal share of the routed tokens)"});
      RoutingShares.push_back(Iter.Dims[0]);
      Flow Fl = execBlock(Body, F);
      RoutingShares.pop_back();
      LoopFactors.pop_back();
      if (Fl == Flow::Returned || Fl == Flow::Raised)
        return Fl;
      return execBlock(S.Bodies[1], F);
    }
    if (Iter.is(ValueKind::Tuple) && Iter.RepeatCount && !Iter.Elems.empty()) {
      // N identical iterations: run the body once on the representative,
      // and price it N times.
      EnvSnapshot Before = snapshot(F.Locals, F.Self);
      assign(*S.Exprs[0], Iter.Elems[0], F);
      LoopFactors.push_back(
          {Iter.RepeatCount, "runs " + Iter.RepeatCount->str() +
                                 " times: the loop at line " +
                                 std::to_string(S.Range.Line) + " over `" +
                                 S.Exprs[1]->Text.str() + "`"});
      Flow Fl = execBlock(Body, F);
      LoopFactors.pop_back();
      if (Fl == Flow::Returned || Fl == Flow::Raised)
        return Fl;
      (void)Before;
      return execBlock(S.Bodies[1], F);
    }
    if (Iter.is(ValueKind::Tuple) && Iter.Elems.size() <= MaxUnroll) {
      for (const Value &V : Iter.Elems) {
        assign(*S.Exprs[0], V, F);
        Flow Fl = execBlock(Body, F);
        if (Fl == Flow::Broke)
          return Flow::Normal;
        if (Fl != Flow::Normal)
          return Fl;
      }
      return execBlock(S.Bodies[1], F);
    }
  }
  EnvSnapshot Before = snapshot(F.Locals, F.Self);
  if (S.Kind == StmtKind::For)
    assign(*S.Exprs[0], Value::unknown("loop variable"), F);
  // An unknown trip count is a symbol of its own, never a silent 1.
  std::string TripName = "trip_count_line_" + std::to_string(S.Range.Line);
  if (F.Record && F.Depth == 0)
    noteSymbol(TripName, "unknown trip count of the loop at line " +
                             std::to_string(S.Range.Line) + " (`" +
                             S.Exprs[0]->Text.str() + "`)");
  LoopFactors.push_back({Sym.symbol(TripName),
                         "runs " + TripName +
                             " times: the trip count of "
                             "the loop at line " +
                             std::to_string(S.Range.Line) + " is not known"});
  execBlock(Body, F);
  LoopFactors.pop_back();
  F.Locals = joinMaps(Before.Locals, F.Locals);
  if (F.Self)
    F.Self->Attrs = joinMaps(Before.Attrs, F.Self->Attrs);
  execBlock(S.Bodies[1], F);
  return Flow::Normal;
}

Evaluator::Flow Evaluator::execStmt(const Stmt &S, Frame &F) {
  // Each top-level line of the unit's forward() collects its kernels.
  int Saved = CurEntry;
  bool Computational = S.Kind != StmtKind::Pass &&
                       S.Kind != StmtKind::FunctionDef &&
                       S.Kind != StmtKind::ClassDef &&
                       S.Kind != StmtKind::Import && S.Kind != StmtKind::Try;
  if (F.Record && F.Depth == 0 && F.Context == "forward" && CallStack.empty() &&
      Computational)
    beginEntry(S);
  // A top-level line of a composite callee being priced: its own report.
  CallAccumulator *Callee = nullptr;
  int SavedCallee = -1;
  if (!CallStack.empty() && CallStack.back().FrameDepth == F.Depth &&
      Computational && recording()) {
    Callee = &CallStack.back();
    SavedCallee = Callee->CurEntry;
    beginEntry(S);
  }
  size_t Depth = CallStack.size();
  Flow Fl = execStmtImpl(S, F);
  if (Callee && CallStack.size() == Depth)
    CallStack.back().CurEntry = SavedCallee;
  CurEntry = Saved;
  return Fl;
}

Evaluator::Flow Evaluator::execStmtImpl(const Stmt &S, Frame &F) {
  ++Steps;
  if (budgetExceeded())
    return Flow::Normal;
  switch (S.Kind) {
  case StmtKind::Expr:
    eval(*S.Exprs[0], F);
    return Flow::Normal;
  case StmtKind::Assign: {
    Value V = eval(*S.Exprs.back(), F);
    // `a = b = t`: both names are the same tensor object.
    if (V.is(ValueKind::Tensor) && V.Name.empty())
      V.Name = "%" + std::to_string(++TensorIds);
    for (size_t I = 0; I + 1 < S.Exprs.size(); ++I) {
      assign(*S.Exprs[I], V, F);
      const Expr &T = *S.Exprs[I];
      if ((T.Kind == ExprKind::Tuple || T.Kind == ExprKind::List) &&
          V.is(ValueKind::Tuple) && V.Elems.size() == T.numOps())
        for (size_t K = 0; K < T.numOps(); ++K)
          logShape(*T.op(K), V.Elems[K], F);
      else
        logShape(T, V, F);
    }
    return Flow::Normal;
  }
  case StmtKind::AnnAssign:
    if (S.Exprs[2]->Kind != ExprKind::Null) {
      Value V = eval(*S.Exprs[2], F);
      assign(*S.Exprs[0], V, F);
      logShape(*S.Exprs[0], V, F);
    }
    return Flow::Normal;
  case StmtKind::AugAssign: {
    Value R = eval(*S.Exprs[1], F);
    Value L = eval(*S.Exprs[0], F);
    Value Out = Value::unknown();
    if (L.is(ValueKind::Tensor)) {
      Out = L;
      StringRef InPlace = StringSwitch<StringRef>(S.Op)
                              .Case("+=", "add_")
                              .Case("-=", "sub_")
                              .Case("*=", "mul_")
                              .Case("/=", "div_")
                              .Default("");
      if (InPlace.empty())
        noteUnknown("`" + S.Op + "` on a tensor");
      else
        noteOp(InPlace, {L, R}, L, CostExtras(), "`" + S.Op + "`");
    } else if (isNumeric(L) && isNumeric(R) && S.Op == "+=")
      Out = L.is(ValueKind::Float) || R.is(ValueKind::Float)
                ? Value::floating(num(L) + num(R))
                : Value::integer(L.I + R.I);
    assign(*S.Exprs[0], Out, F);
    logShape(*S.Exprs[0], Out, F);
    return Flow::Normal;
  }
  case StmtKind::If:
    return execIf(S, F);
  case StmtKind::For:
  case StmtKind::While:
    return execLoop(S, F);
  case StmtKind::With:
    for (size_t I = 0; I + 1 < S.Exprs.size(); I += 2) {
      Value V = eval(*S.Exprs[I], F);
      if (S.Exprs[I + 1]->Kind != ExprKind::Null)
        assign(*S.Exprs[I + 1], Value::unknown(), F);
      (void)V;
    }
    return execBlock(S.Bodies[0], F);
  case StmtKind::Try: {
    // The inference path is the one without exceptions.
    Flow Fl = execBlock(S.Bodies[0], F);
    if (Fl == Flow::Normal)
      Fl = execBlock(S.Bodies[S.Bodies.size() - 2], F);
    Flow Fin = execBlock(S.Bodies.back(), F);
    return Fin != Flow::Normal ? Fin : Fl;
  }
  case StmtKind::Return: {
    Value V = S.Exprs.empty() ? Value::none() : eval(*S.Exprs[0], F);
    // The caller continues with what the chosen path returns: a return on
    // a branch that is not taken only counts if nothing else returns.
    bool OnPath = Suppress <= F.SuppressAtEntry;
    if (OnPath) {
      F.Returned = F.ReturnedOnPath ? Value::join(*F.Returned, V) : V;
      F.ReturnedOnPath = true;
    } else if (!F.ReturnedOnPath) {
      F.Returned = F.Returned ? Value::join(*F.Returned, V) : V;
    }
    if (!S.Exprs.empty()) {
      Expr Ret(ExprKind::Name, S.Range, "return");
      Ret.Range = S.Exprs[0]->Range;
      Ret.Text = "return";
      logShape(Ret, V, F);
    }
    return Flow::Returned;
  }
  case StmtKind::Raise:
    return Flow::Raised;
  case StmtKind::Break:
  case StmtKind::Continue:
    return Flow::Broke;
  case StmtKind::FunctionDef:
    F.Locals[S.Function->Name] =
        Value::callable(S.Function->Name, false, "local function");
    return Flow::Normal;
  case StmtKind::ClassDef:
    F.Locals[S.Class->Name] = Value::callable(S.Class->Name, true);
    return Flow::Normal;
  case StmtKind::Import:
    for (const ImportBinding &B : S.Imports)
      F.Locals[B.boundName()] = Value::unknown("local import");
    return Flow::Normal;
  case StmtKind::Delete:
    for (const auto &E : S.Exprs)
      if (E->Kind == ExprKind::Name)
        F.Locals.erase(E->Name);
    return Flow::Normal;
  default:
    return Flow::Normal;
  }
}

Evaluator::Flow Evaluator::execBlock(const Block &B, Frame &F) {
  for (size_t I = 0; I < B.size(); ++I) {
    Flow Fl = execStmt(*B[I], F);
    if (Fl == Flow::Normal)
      continue;
    if (I + 1 < B.size() && (Fl == Flow::Returned || Fl == Flow::Raised) &&
        F.Record) {
      const Stmt &Last = *B[I];
      DecisionInfo D;
      D.Kind = "dead";
      StringRef Head = Last.Text.take_until([](char C) { return C == '\n'; });
      D.Condition = Head.str();
      D.Value = "true";
      D.Taken = "none";
      D.Reason =
          formatv("unreachable: `{0}` at line {1} always {2}",
                  Head.size() > 60 ? Head.take_front(57).str() + "..."
                                   : Head.str(),
                  Last.Range.Line, Fl == Flow::Returned ? "returns" : "raises")
              .str();
      D.Skipped.push_back({B[I + 1]->Range.Line, B.back()->Range.EndLine});
      for (size_t J = I + 1; J < B.size(); ++J)
        Result.Dead.insert(B[J].get());
      record(B[I + 1].get(), D, false, B[I + 1]->Range, F);
    }
    return Fl;
  }
  return Flow::Normal;
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
  if (Qual == "torch.nn.modules.container.Sequential" ||
      Qual == "torch.nn.modules.container.ModuleList") {
    bool IsList = Qual.back() == 't';
    std::vector<Value> Items;
    if (!IsList && !Args.UnknownSplat)
      Items = Args.Positional;
    if (IsList && !Args.Positional.empty() &&
        Args.Positional[0].is(ValueKind::Tuple)) {
      Items = Args.Positional[0].Elems;
      Self->ItemsRepeat = Args.Positional[0].RepeatCount;
    }
    Self->Items = Items;
    for (size_t I = 0; I < Items.size(); ++I)
      Self->Attrs[std::to_string(I)] = Items[I];
    return;
  }
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
    if (It == F.Locals.end() || !It->second.is(ValueKind::Symbol))
      continue;
    bool ConfigLike = P.Name == "config" || P.Name == "cfg" ||
                      (P.Annotation && P.Annotation->Text.contains("Config"));
    if (!ConfigLike)
      continue;
    Value Cfg;
    Cfg.Kind = ValueKind::Object;
    Cfg.Obj = std::make_shared<ObjectState>();
    Cfg.Obj->ClassName = "config";
    Cfg.Obj->IsConfig = true;
    Cfg.Why = "the model config";
    It->second = Cfg;
  }
  execBlock(Init->Body, F);
  Suppress -= F.SuppressedTail;
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
void Evaluator::runDataclassInit(std::shared_ptr<ObjectState> Self,
                                 const CallArgs &Args) {
  std::vector<std::pair<std::string, std::pair<const PyModule *, const Expr *>>>
      Fields;
  for (const std::string &ClassName : llvm::reverse(Self->MRO)) {
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
  auto Obj = std::make_shared<ObjectState>();
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
      // nn.Parameter(t): the same tensor, counted in weight bytes.
      if (!Args.Positional.empty() &&
          Args.Positional[0].is(ValueKind::Tensor)) {
        Value T = Args.Positional[0];
        T.Bytes = "w_bytes";
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
  --ConstructDepth;
  return V;
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
  bool First = true;
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
    if (P.Kind == ParamKind::VarArgs) {
      F.Locals[P.Name] = Value::tuple({}, "no extra positional arguments");
      continue;
    }
    if (P.Kind == ParamKind::VarKeywords) {
      Value D;
      D.Kind = ValueKind::Dict;
      D.Why = "no extra keyword arguments";
      F.Locals[P.Name] = D;
      continue;
    }
    int Rank = -1;
    if (const ProfileEntry *R = Profile.get("input_rank", P.Name))
      if (R->Val.is(ValueKind::Int))
        Rank = int(R->Val.I);
    StringRef ClassName = Self ? StringRef(Self->ClassName) : StringRef();
    if (const ProfileEntry *In = Profile.get("inputs", P.Name)) {
      const Value &V = In->Val;
      if (V.is(ValueKind::Str) && V.Name == "cache") {
        Value C;
        C.Kind = ValueKind::Object;
        C.Obj = std::make_shared<ObjectState>();
        C.Obj->ClassName = "DynamicCache";
        C.Obj->IsCache = true;
        C.Why = "`" + P.Name + "` is a key/value cache (" + V.Why + ")";
        F.Locals[P.Name] = C;
        continue;
      }
      if (V.is(ValueKind::Str) && V.Name == "passed") {
        Value T = inputValue(P, ClassName, Rank);
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
    if (const ProfileEntry *Fact = fact(P.Name)) {
      F.Locals[P.Name] = Fact->Val;
      continue;
    }
    if (P.Default) {
      Frame DefScope;
      DefScope.Mod = &M;
      Value V = eval(*P.Default, DefScope);
      V.Why = "`" + P.Name + "` is not passed under the profile (default `" +
              P.Default->Text.str() + "`)";
      F.Locals[P.Name] = V;
      continue;
    }
    F.Locals[P.Name] = inputValue(P, ClassName, Rank);
  }
  execBlock(Fn.Body, F);
  Suppress -= F.SuppressedTail;
}

} // namespace modcost
