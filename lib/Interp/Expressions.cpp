//===- Expressions.cpp - Expression evaluation
//------------------------------===//
///
/// \file
/// Literals, names, attributes, subscripts, containers, lambdas, ternaries
/// and comprehensions.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "LayerLists.h"
#include "SequencePieces.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SaveAndRestore.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>

using namespace llvm;

namespace modcost {

/// Whether \p E computes without a call (`config.hidden_size // heads`):
/// evaluating it has no effect to undo.
static bool isCallFree(const Expr &E) {
  if (E.is(ExprKind::Call) || E.is(ExprKind::Lambda) ||
      E.is(ExprKind::Comprehension) || E.is(ExprKind::NamedExpr))
    return false;
  for (const auto &Op : E.Ops)
    if (Op && !isCallFree(*Op))
      return false;
  return true;
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

Value Evaluator::eval(const Expr &E, Frame &F) {
  // The rest of a statement that raised does not run (ExceptionFlow.cpp).
  if (!PendingRaise.empty())
    return Value::unknown("an exception was raised");
  ++Steps;
  SaveAndRestore<const Expr *> Site(CurrentExpr, &E);
  if (budgetExceeded()) {
    noteBudgetExceeded(E.Range, F);
    return Value::unknown("evaluation budget exceeded");
  }
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
    // Rebuilt when every field is a known string or integer without a
    // format spec (`f"stage{i}"`); otherwise only known to be non-empty.
    std::string Out;
    size_t Field = 0;
    bool Exact = true;
    for (char C : E.Name) {
      if (C != FStringField && C != FStringFormatted) {
        Out += C;
        continue;
      }
      Value V = Field < E.Ops.size() ? eval(*E.op(Field), F) : Value();
      ++Field;
      if (C == FStringField && V.is(ValueKind::Str) && V.StrExact)
        Out += V.Name;
      else if (C == FStringField && V.is(ValueKind::Int))
        Out += std::to_string(V.I);
      else
        Exact = false;
    }
    if (Exact)
      return Value::string(Out);
    if (llvm::all_of(E.Name, [](char C) {
          return C == FStringField || C == FStringFormatted;
        }))
      return Value::unknown(); // Only fields: it may be empty.
    Value S = Value::string("");
    S.StrExact = false;
    return S;
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
    Value T = Value::tuple(std::move(Elems));
    if (E.Kind == ExprKind::List)
      T.ListId = ++ListIds; // A new list object.
    return T;
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
  case ExprKind::Subscript:
    return evalSubscript(E, F);
  case ExprKind::BinaryOp:
    return evalBinary(E, F);
  case ExprKind::UnaryOp:
  case ExprKind::Not:
  case ExprKind::BoolOp:
    return evalLogical(E, F);
  case ExprKind::Compare:
    return evalCompare(E, F);
  case ExprKind::IfExp:
    return evalTernary(E, F);
  case ExprKind::Comprehension:
    return evalComprehension(E, F);
  case ExprKind::NamedExpr: {
    Value V = eval(*E.op(1), F);
    assign(*E.op(0), V, F);
    return V;
  }
  case ExprKind::Await:
    return eval(*E.op(0), F);
  case ExprKind::Lambda:
    return makeLambda(E, F);
  case ExprKind::Slice: {
    // `a[lo:hi:step]` passed on to a `__getitem__`: a slice object, as
    // slice(lo, hi, step) builds it.
    Value S =
        Value::callable("builtins.slice", false, "`" + E.Text.str() + "`");
    for (size_t I = 0; I < 3; ++I)
      S.Elems.push_back(I < E.numOps() && E.op(I)->Kind != ExprKind::Null
                            ? eval(*E.op(I), F)
                            : Value::none());
    return S;
  }
  default:
    return Value::unknown();
  }
}

/// The dict of a dict comprehension's (key, value) pairs, later keys
/// winning; unknown unless every key is a known string.
static Value dictFromPairs(ArrayRef<Value> Pairs, const Expr &E) {
  Value D;
  D.Kind = ValueKind::Dict;
  D.Why = "`" + E.Text.str() + "`";
  for (const Value &P : Pairs) {
    const Value &K = P.Elems[0];
    if (!K.is(ValueKind::Str) || !K.StrExact)
      return Value::unknown("a key of `" + E.Text.str() +
                            "` is not a known string");
    auto It = llvm::find(D.Keys, K.Name);
    if (It != D.Keys.end())
      D.Elems[It - D.Keys.begin()] = P.Elems[1];
    else {
      D.Keys.push_back(K.Name);
      D.Elems.push_back(P.Elems[1]);
    }
  }
  return D;
}

Value Evaluator::evalComprehension(const Expr &E, Frame &F) {
  // Only `[elt for x in known-iterable if cond ...]`: one `for`, then
  // `if` clauses whose truth is known for every element.
  bool IsDict = E.Op == "dict";
  size_t FirstClause = IsDict ? 2 : 1;
  if (E.numOps() < FirstClause + 1 ||
      E.op(FirstClause)->Kind != ExprKind::ForClause)
    return Value::unknown();
  for (size_t I = FirstClause + 1; I < E.numOps(); ++I)
    if (E.op(I)->Kind == ExprKind::ForClause && !IsDict)
      return nestedComprehension(E, FirstClause, F);
  for (size_t I = FirstClause + 1; I < E.numOps(); ++I)
    if (E.op(I)->Kind != ExprKind::IfClause)
      return Value::unknown();
  bool Filtered = E.numOps() > FirstClause + 1;
  const Expr &For = *E.op(FirstClause);
  Value Iter = eval(*For.op(1), F);
  if (std::optional<Value> Elements =
          ConcreteTensors(*this).concreteElements(Iter))
    Iter = *Elements;
  if (Iter.is(ValueKind::Object) && !Iter.Obj->Items.empty())
    Iter = itemsTuple(*Iter.Obj);
  // Layers that differ by index: segments (LayerSegments.cpp).
  if (std::optional<Value> Segmented = segmentedComprehension(E, Iter, F)) {
    LayerLists(*this).keepElementRecipe(*Segmented, E, F, Iter);
    return *Segmented;
  }
  if (std::optional<Value> P =
          SequencePieces(*this).comprehensionPieces(E, Iter, F))
    return *P;
  // A dict comprehension inverts or filters a table (transformers'
  // `{v: k for k, v in CONFIG_MAPPING_NAMES.items()}`, hundreds of
  // entries); a list comprehension builds a few modules or values.
  size_t MaxElems = IsDict ? 4096 : 64;
  if (!Iter.is(ValueKind::Tuple) || Iter.Elems.size() > MaxElems ||
      (Filtered && Iter.RepeatCount) || (IsDict && Iter.RepeatCount) ||
      !Iter.Segments.empty()) {
    // Elements not enumerated: on the priced path, their expression still
    // runs, once with an unknown element and an unknown count, as a `for`
    // loop over what is not known does; its calls are never dropped.
    if (recording()) {
      llvm::StringMap<Value> Saved = F.Locals;
      assign(*For.op(0), Value::unknown("comprehension variable"), F);
      std::string TripName = "trip_count_line_" + std::to_string(E.Range.Line);
      if (F.Record && F.Depth == 0)
        noteSymbol(TripName, "unknown number of elements of the "
                             "comprehension at line " +
                                 std::to_string(E.Range.Line) + " (`" +
                                 For.op(1)->Text.str() + "`)");
      LoopFactors.push_back(
          {Sym.symbol(TripName), "runs " + TripName +
                                     " times: the number of elements of the "
                                     "comprehension at line " +
                                     std::to_string(E.Range.Line) +
                                     " is not known"});
      eval(*E.op(0), F);
      if (IsDict)
        eval(*E.op(1), F);
      LoopFactors.pop_back();
      F.Locals = std::move(Saved);
    }
    return Value::unknown();
  }
  // Comprehension variables do not leak (Python 3): evaluate in a copy.
  llvm::StringMap<Value> Saved = F.Locals;
  std::vector<Value> Out;
  bool Undecided = false;
  for (const Value &X : Iter.Elems) {
    assign(*For.op(0), X, F);
    Truth Keep = Truth::True;
    for (size_t I = FirstClause + 1; I < E.numOps() && Keep == Truth::True; ++I)
      Keep = eval(*E.op(I)->op(0), F).truth();
    Undecided |= Keep == Truth::Unknown;
    if (Keep == Truth::True && IsDict)
      Out.push_back(Value::tuple({eval(*E.op(0), F), eval(*E.op(1), F)}));
    else if (Keep == Truth::True)
      Out.push_back(eval(*E.op(0), F));
  }
  F.Locals = std::move(Saved);
  if (Undecided)
    return Value::unknown("a comprehension's `if` is not decided");
  if (IsDict)
    return dictFromPairs(Out, E);
  Value R = Value::tuple(std::move(Out), Iter.Why);
  R.RepeatCount = Iter.RepeatCount;
  return R;
}

Value Evaluator::nestedComprehension(const Expr &E, size_t First, Frame &F) {
  constexpr size_t MaxClauseElems = 64, MaxElems = 4096;
  // Comprehension variables do not leak (Python 3): evaluate in a copy.
  llvm::StringMap<Value> Saved = F.Locals;
  std::vector<Value> Out;
  bool Failed = false;
  std::function<void(size_t)> Clause = [&](size_t I) {
    if (Failed)
      return;
    if (I == E.numOps()) {
      Out.push_back(eval(*E.op(0), F));
      Failed = Out.size() > MaxElems;
      return;
    }
    const Expr &C = *E.op(I);
    if (C.Kind == ExprKind::IfClause) {
      Truth T = eval(*C.op(0), F).truth();
      Failed = T == Truth::Unknown;
      if (T == Truth::True)
        Clause(I + 1);
      return;
    }
    Value Iter = eval(*C.op(1), F);
    if (std::optional<Value> Elements =
            ConcreteTensors(*this).concreteElements(Iter))
      Iter = *Elements;
    if (C.Kind != ExprKind::ForClause || !Iter.is(ValueKind::Tuple) ||
        Iter.RepeatCount || !Iter.Segments.empty() ||
        Iter.Elems.size() > MaxClauseElems) {
      Failed = true;
      return;
    }
    for (const Value &X : Iter.Elems) {
      assign(*C.op(0), X, F);
      Clause(I + 1);
    }
  };
  Clause(First);
  F.Locals = std::move(Saved);
  if (Failed)
    return Value::unknown("a comprehension over sequences that are not known");
  return Value::tuple(std::move(Out));
}

Value Evaluator::sliceTuple(const Value &Base, const Value &Slice) {
  // Constant bounds and a step of 1: shape[:-1], shape[2:], outputs[:2].
  int64_t N = int64_t(Base.Elems.size());
  auto Bound = [&](const Value &V, int64_t Default) -> std::optional<int64_t> {
    if (V.is(ValueKind::None))
      return Default;
    if (!V.is(ValueKind::Int))
      return std::nullopt;
    return std::clamp<int64_t>(V.I < 0 ? V.I + N : V.I, 0, N);
  };
  auto Lo = Bound(Slice.Elems[0], 0), Hi = Bound(Slice.Elems[1], N);
  const Value &Step = Slice.Elems[2];
  if (!Lo || !Hi ||
      !(Step.is(ValueKind::None) || (Step.is(ValueKind::Int) && Step.I == 1)))
    return Value::unknown("the slice " + Slice.Why +
                          " has bounds that are "
                          "not constants");
  std::vector<Value> Elems;
  for (int64_t I = *Lo; I < *Hi; ++I)
    Elems.push_back(Base.Elems[I]);
  return Value::tuple(std::move(Elems), Base.Why);
}

Value Evaluator::evalSubscript(const Expr &E, Frame &F) {
  Value Base = eval(*E.op(0), F);
  if (Base.is(ValueKind::Tensor))
    return tensorSubscript(Base, E, F);
  if (E.numOps() == 2 && E.op(1)->Kind == ExprKind::Slice &&
      Base.is(ValueKind::Tuple) && !Base.RepeatCount)
    return sliceTuple(Base, eval(*E.op(1), F));
  if (Base.is(ValueKind::Object) && E.numOps() == 2)
    if (std::optional<Value> R = subscriptObject(Base, E, F))
      return *R;
  if (E.numOps() == 2) {
    Value Idx = eval(*E.op(1), F);
    if (Base.is(ValueKind::Tuple) && isSliceObject(Idx) && !Base.RepeatCount)
      return sliceTuple(Base, Idx);
    // A constant index into a list of symbolic length: the element its
    // comprehension builds there, or the segment it falls in
    // (`config.layer_types[0]`, LayerIndex.cpp).
    if (Base.is(ValueKind::Tuple) && Base.RepeatCount && Idx.is(ValueKind::Int))
      if (std::optional<Value> V =
              LayerLists(*this).repeatedElementAt(Base, Idx.I))
        return *V;
    if (Base.is(ValueKind::Tuple) && Base.RepeatCount &&
        Idx.is(ValueKind::Symbol))
      if (std::optional<Value> V =
              LayerLists(*this).segmentAtLoopIndex(Base, Idx))
        return *V;
    // n copies of one value (`[x for i in range(n)]`): an index in range
    // gives it, whatever the index (a loop's `layer_idx`).
    if (Base.is(ValueKind::Tuple) && Base.RepeatCount &&
        Base.Elems.size() == 1 && !isSliceObject(Idx) &&
        (Idx.is(ValueKind::Int) || Idx.is(ValueKind::Symbol) ||
         Idx.isUnknown()))
      return Value(Base.Elems[0]);
    if (Base.is(ValueKind::Tuple) && Idx.is(ValueKind::Int)) {
      int64_t I = Idx.I < 0 ? Idx.I + int64_t(Base.Elems.size()) : Idx.I;
      if (I >= 0 && I < int64_t(Base.Elems.size()))
        return Base.Elems[I];
    }
    if (Base.is(ValueKind::Dict) && Idx.is(ValueKind::Str)) {
      for (size_t K = 0; K < Base.Keys.size(); ++K)
        if (Base.Keys[K] == Idx.Name)
          return Base.Elems[K];
      // Every key of a dict value is known: a key it does not hold raises
      // KeyError, which a `try` may expect (`Mapping.get`).
      if (Idx.StrExact && TryDepth && raiseInTry("KeyError"))
        return Value::unknown("KeyError: '" + Idx.Name + "' is not a key");
    }
    // A key not known, into a dict whose values are all one object (the
    // full and sliding masks of a mapping, both the prepared 4-D mask):
    // whichever key it is, the value is that object.
    if (Base.is(ValueKind::Dict) && !Idx.is(ValueKind::Str) &&
        !Base.Elems.empty() && llvm::all_of(Base.Elems, [&](const Value &V) {
          return Value::identical(V, Base.Elems[0]) == true;
        })) {
      Value R = Base.Elems[0];
      R.Why = joinWhy(R.Why, "every value of the dict indexed by `" +
                                 E.op(1)->Text.str() + "` is this one");
      return R;
    }
    // A key not known exactly (a layer's type from a list of alternating
    // names, `causal_mask_mapping[config.layer_types[i]]`): the value is
    // one of the dict's, so it is what they all agree on, as at the join
    // of branches (two masks of one shape, neither None).
    if (Base.is(ValueKind::Dict) && !Base.Elems.empty() &&
        !(Idx.is(ValueKind::Str) && Idx.StrExact) && !isSliceObject(Idx)) {
      Value R = Base.Elems[0];
      for (const Value &V : llvm::drop_begin(Base.Elems))
        R = Value::join(R, V);
      if (!R.isUnknown()) {
        R.Why = joinWhy(R.Why, "what every value of the dict indexed by `" +
                                   E.op(1)->Text.str() + "` agrees on");
        return R;
      }
    }
  }
  if (Base.is(ValueKind::Tensor))
    return Value::tensor(-1);
  return Value::unknown();
}

Value Evaluator::evalLogical(const Expr &E, Frame &F) {
  switch (E.Kind) {
  case ExprKind::UnaryOp: {
    Value V = eval(*E.op(0), F);
    if (E.Op == "-" && V.is(ValueKind::Int))
      return Value::integer(-V.I, V.Why);
    if (E.Op == "-" && V.is(ValueKind::Float))
      return Value::floating(-V.F, V.Why);
    if (E.Op == "+" && (isNumeric(V) || V.is(ValueKind::Symbol)))
      return V;
    // A symbolic integer negates into the shapes and slices it reaches
    // (`x[:, -slen:]`, `-self.window`); an opaque one stays a quantity
    // equal only to itself.
    if (E.Op == "-" && V.is(ValueKind::Symbol)) {
      if (const sym::Expr *S = dimExpr(V)) {
        Value R = Value::symbolic(Sym.neg(S), V.Why);
        R.Fractional = V.Fractional && R.is(ValueKind::Symbol);
        return R;
      }
      return Value::symbol("(-" + V.str() + ")", V.Why);
    }
    if (V.is(ValueKind::Tensor)) {
      Value Out = broadcast(V, Value::unknown());
      if (E.Op == "-")
        noteOp("__neg__", {V}, Out, CostExtras(), "unary `-`");
      // `~m` of a bool mask holds the elements m does not: numel minus
      // m's true count (Evaluator::maskTrueCount).
      if (E.Op == "~" && V.Bytes == "1" && Out.DimsKnown &&
          !is_contained(Out.Dims, nullptr))
        if (const sym::Expr *C = maskTrueCount(V, E.op(0)))
          Out.TrueCount = Sym.sub(Sym.mul(Out.Dims), C);
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
  default: { // BoolOp
    Value L = eval(*E.op(0), F);
    Truth T = L.truth();
    bool IsAnd = E.Op == "and";
    if (T == (IsAnd ? Truth::False : Truth::True)) {
      // Short circuit: the right side never runs. A config size that
      // nothing gave a number takes the fallback's as its hint
      // (`getattr(config, "head_dim", None) or hidden_size // num_heads`);
      // the fallback is evaluated only for such a size.
      if (!IsAnd && L.Sym && L.Sym->isSymbol() &&
          !SizeHints.count(L.Sym->getName().str()) && isCallFree(*E.op(1))) {
        ++Suppress;
        Value R = eval(*E.op(1), F);
        --Suppress;
        ConfigReader(*this).hintFromFallback(L, R, E.op(1)->Text,
                                             "the fallback of `or`");
      }
      return L;
    }
    Value R = eval(*E.op(1), F);
    if (T != Truth::Unknown) {
      // The left side let evaluation reach the right one: both matter.
      R.Why = joinWhy(L.Why, R.Why);
      return R;
    }
    Truth RT = R.truth();
    // Unknown left side: the result is one of the two sides. Its truth is
    // still known when the right side settles it (`c and False` is falsy,
    // `c or True` truthy), but it is a bool only when that side is one: `x
    // or dim` is x or dim, never True (an `nn.Linear(h, x or h)` of 1).
    if (RT == (IsAnd ? Truth::False : Truth::True) && R.is(ValueKind::Bool))
      return Value::boolean(!IsAnd, R.Why);
    return Value::unknown(
        joinWhy(L.Why, R.Why) + "; `" + E.Text.str() +
        "` is either side (its left side's truth is not known)");
  }
  }
}

Value Evaluator::evalTernary(const Expr &E, Frame &F) {
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
  ++GuessSuppress;
  Value B = eval(*E.op(2), F);
  --Suppress;
  --GuessSuppress;
  D.Value = "undecided";
  D.Reason = "assuming the value `" + E.op(0)->Text.str() +
             "` (rule: an undecided ternary takes its first operand)";
  D.Taken = "`" + E.op(0)->Text.str() + "`";
  record(&E, D, true, E.op(1)->Range, F);
  if (F.Record)
    Result.ExprTaken[&E] = 0;
  return Value::join(A, B);
}

} // namespace modcost
