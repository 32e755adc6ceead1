//===- Operators.cpp - Binary operators and comparisons
//---------------------===//
///
/// \file
/// Arithmetic on numbers, symbols and tensors (with the symbolic size
/// limits) and comparisons, including `is None` and `in`.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "ConfigReader.h"
#include "EvaluatorImpl.h"
#include "FillArithmetic.h"
#include "Packages.h"
#include "SequencePieces.h"
#include "TensorFills.h"
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

void Evaluator::adoptPartnerShape(Value &Open, const Value &Known,
                                  const Expr &Site) {
  if (!Open.ShapeFromPartner || Open.DimsKnown || !Known.DimsKnown)
    return;
  Open.Dims = Known.Dims;
  Open.DimsKnown = true;
  Open.Rank = int(Known.Dims.size());
  Open.ShapeFromPartner = false;
  std::string Shape;
  for (const sym::Expr *D : Known.Dims)
    Shape += (Shape.empty() ? "" : ", ") + (D ? D->str() : std::string("?"));
  std::string Note = "input `" + Open.Name + "` has shape [" + Shape +
                     "]: the tensor it is first combined with element-wise "
                     "at " +
                     location(Site.Range) +
                     " (no convention for its name and no consumer that "
                     "implies one; --input-shape " +
                     Open.Name + "=... overrides)";
  Open.Why = joinWhy(Open.Why, Note);
  if (!is_contained(Result.Assumptions, Note))
    Result.Assumptions.push_back(Note);
}

std::optional<std::pair<int64_t, int64_t>> shortFraction(double F) {
  if (!std::isfinite(F) || std::fabs(F) >= 1e12)
    return std::nullopt;
  for (int64_t Q = 1; Q <= 1000; ++Q) {
    double P = F * double(Q);
    double R = std::nearbyint(P);
    if (std::fabs(P - R) <= 1e-9 * std::max(1.0, std::fabs(P)))
      return std::make_pair(int64_t(R), Q);
  }
  return std::nullopt;
}

/// A lower bound of number or quantity \p V: an int itself, a float
/// rounded down, a symbol's MinValue.
static std::optional<int64_t> lowerBound(const Value &V) {
  if (V.is(ValueKind::Int))
    return V.I;
  if (V.is(ValueKind::Float) && std::isfinite(V.F) && std::fabs(V.F) < 1e15)
    return int64_t(std::floor(V.F));
  if (V.is(ValueKind::Symbol))
    return V.MinValue;
  return std::nullopt;
}

/// `[a, b] * 3` and `3 * [a, b]`: the sequence repeated a known number of
/// times (wav2vec2's `[(512, 3, 2)] * 4` layer configs); nullopt for
/// anything else, or past a million elements.
static std::optional<Value> repeatSequence(const Value &L, const Value &R,
                                           StringRef Op, StringRef Why) {
  if (Op != "*")
    return std::nullopt;
  const Value &Seq = L.is(ValueKind::Tuple) ? L : R;
  const Value &Count = L.is(ValueKind::Tuple) ? R : L;
  if (!Seq.is(ValueKind::Tuple) || Seq.RepeatCount || !Count.is(ValueKind::Int))
    return std::nullopt;
  int64_t N = std::max<int64_t>(Count.I, 0);
  if (N * int64_t(Seq.Elems.size() + 1) > 1000000)
    return std::nullopt;
  std::vector<Value> Elems;
  for (int64_t I = 0; I < N; ++I)
    llvm::append_range(Elems, Seq.Elems);
  return Value::tuple(std::move(Elems), Why);
}

Value Evaluator::evalBinary(const Expr &E, Frame &F) {
  Value L = eval(*E.op(0), F), R = eval(*E.op(1), F);
  return binaryOp(std::move(L), std::move(R), E.Op, E);
}

Value Evaluator::binaryOp(Value L, Value R, StringRef Op, const Expr &E) {
  std::string Why = joinWhy(L.Why, R.Why);
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
  if (L.is(ValueKind::Str) && L.StrExact && Op == "%")
    return formatPercent(L.Name, R, Why);
  if (L.is(ValueKind::Tensor) && R.is(ValueKind::Tensor) && Op != "@") {
    adoptPartnerShape(L, R, E);
    adoptPartnerShape(R, L, E);
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
                         .Case("^", "__xor__")
                         .Default("");
    Value Out = Op == "@" ? matmul(L, R) : broadcast(L, R);
    if (std::optional<Value> C =
            ConcreteTensors(*this).concreteBinary(Op, L, R))
      Out.Elems = C->Elems;
    if (Op != "@")
      Out.Fill = elementwiseFill(Op, L, R, Sym); // FillArithmetic.cpp
    if (Name.empty())
      noteUnknown("`" + Op.str() + "` on tensors", Op == "@");
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
  if (std::optional<Value> Rep = repeatSequence(L, R, Op, Why))
    return *Rep;
  if (std::optional<Value> P =
          SequencePieces(*this).piecewiseBinary(L, R, Op, Why))
    return *P;
  const sym::Expr *A = dimExpr(L), *B = dimExpr(R);
  // A float that holds an integer (`base_width / 64.0` with the default 64)
  // scales a symbol like an integer; one that is a short fraction
  // (`in_dim * 0.25`, `1.5 * hidden_size`) scales it by that fraction, a
  // quantity that int() then rounds down (Builtins.cpp).
  auto ShortFraction = [&](const Value &V) -> const sym::Expr * {
    if (!V.is(ValueKind::Float))
      return nullptr;
    if (std::optional<std::pair<int64_t, int64_t>> PQ = shortFraction(V.F))
      return Sym.constant(PQ->first, PQ->second);
    return nullptr;
  };
  if (!A && L.is(ValueKind::Float) && R.is(ValueKind::Symbol) &&
      (Op == "*" || Op == "+" || Op == "-"))
    A = ShortFraction(L);
  if (!B && R.is(ValueKind::Float) && L.is(ValueKind::Symbol) &&
      (Op == "*" || Op == "+" || Op == "-" || Op == "/"))
    B = ShortFraction(R);
  if (A && B && (!L.is(ValueKind::Float) || R.is(ValueKind::Symbol)) &&
      (!R.is(ValueKind::Float) || L.is(ValueKind::Symbol)) &&
      !symbolicResultTooLarge(A, B, Op, E)) {
    // A loop index modulo a constant (`(i + 1) % 4`): a layer pattern
    // (LayerSegments.cpp); exact for an index Stride * j + r.
    if ((Op == "%" || Op == "//") && R.is(ValueKind::Int)) {
      if (!IndexProbes.empty())
        noteIndexComparison(L, Op, R, E);
      if (const sym::Expr *D =
              divideLoopIndexForm(A, R.I, /*Remainder=*/Op == "%", Sym))
        return Value::symbolic(D, Why);
    }
    // Integer quantities (dimensions, head counts) stay symbolic. `//` of
    // symbols is taken as exact: model code divides widths that are
    // multiples of each other (embed_dim // num_heads).
    // A float operand makes a float quantity.
    bool Fractional = L.is(ValueKind::Float) || R.is(ValueKind::Float) ||
                      L.Fractional || R.Fractional;
    auto Quantity = [&](const sym::Expr *X) {
      Value Q = Value::symbolic(X, Why);
      Q.Fractional = Fractional && Q.is(ValueKind::Symbol);
      return Q;
    };
    // The sum or product of quantities at least 1 is at least the sum or
    // product of their bounds (`4 * dim`, `dim * mlp_ratio` of a width):
    // its truth is known (`hidden_features or in_features`).
    auto Bounded = [&](Value Q) {
      std::optional<int64_t> LoL = lowerBound(L), LoR = lowerBound(R);
      if (Q.is(ValueKind::Symbol) && LoL && LoR && *LoL >= 1 && *LoR >= 1 &&
          *LoL < (int64_t(1) << 30) && *LoR < (int64_t(1) << 30))
        Q.MinValue = Op == "+" ? *LoL + *LoR : *LoL * *LoR;
      return Q;
    };
    // True division of quantities is exact too (`hidden_features * 2 /
    // 3`): a float quantity, which int() rounds down.
    if (Op == "/" && !B->isZero() &&
        (L.is(ValueKind::Symbol) || R.is(ValueKind::Symbol))) {
      Fractional = true;
      return Quantity(Sym.div(A, B));
    }
    if (Op == "+")
      return Bounded(Quantity(Sym.add(A, B)));
    if (Op == "-")
      return Quantity(Sym.sub(A, B));
    if (Op == "*")
      return Bounded(Quantity(Sym.mul(A, B)));
    if (Op == "//" && !B->isZero()) {
      // ... except the rounding idiom `(x + 7) // 8`: a positive constant
      // term that leaves a remainder with a constant divisor floors.
      // (`(kernel_size - 1) // 2` of an odd kernel stays exact.)
      if (B->isConstant() && A->getKind() == sym::ExprKind::Add)
        for (const sym::Expr *T : A->operands())
          if (T->isConstant() && T->getConstantValue() > sym::Rational(0) &&
              !Sym.div(T, B)->getConstantValue().isInteger())
            return Value::symbolic(Sym.floorDiv(A, B), Why);
      return Value::symbolic(Sym.div(A, B), Why);
    }
    // a % b: a - b * floor(a / b), exact (a size b is positive): Swin's
    // `(ws - w % ws) % ws` with the window clamped to the feature map,
    // `ws = min(h, w)`, is 0 where h = w.
    if (Op == "%" && !B->isZero())
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

/// The canonical name of torch dtype \p N (`torch.half` is
/// `torch.float16`), or "" if \p N names no dtype.
static StringRef canonicalDtype(StringRef N) {
  return StringSwitch<StringRef>(N)
      .Cases("torch.float16", "torch.half", "torch.float16")
      .Cases("torch.float32", "torch.float", "torch.float32")
      .Cases("torch.float64", "torch.double", "torch.float64")
      .Case("torch.bfloat16", "torch.bfloat16")
      .Cases("torch.int64", "torch.long", "torch.int64")
      .Cases("torch.int32", "torch.int", "torch.int32")
      .Cases("torch.int16", "torch.short", "torch.int16")
      .Cases("torch.int8", "torch.uint8", "torch.bool", N)
      .Cases("torch.complex64", "torch.cfloat", "torch.complex64")
      .Default("");
}

std::optional<bool> Evaluator::activationDtypeIs(const Value &A,
                                                 const Value &B) {
  // `hidden_states.dtype == torch.float16`: the activation dtype is the
  // profile's `tensors.dtype` (a_bytes stays a symbol in the formulas).
  const Value &D = A.is(ValueKind::DType) ? A : B;
  const Value &C = A.is(ValueKind::DType) ? B : A;
  if (!D.is(ValueKind::DType) || D.Name != "activation dtype" ||
      !C.is(ValueKind::Callable))
    return std::nullopt;
  StringRef Other = canonicalDtype(C.Name);
  const ProfileEntry *P = Profile.get("tensors", "dtype");
  if (Other.empty() || !P || !P->Val.is(ValueKind::Str))
    return std::nullopt;
  return canonicalDtype("torch." + P->Val.Name) == Other;
}

/// `a.device == b.device` for two torch.device objects: equal when their
/// types are known and equal (every tensor of an inference run is on the
/// one device of the profile's `tensors.device_type`), different when the
/// types differ; nullopt for anything else (an index, an unknown type).
static std::optional<bool> sameDevice(const Value &A, const Value &B) {
  auto IsDevice = [](const Value &V) {
    return V.is(ValueKind::Object) && V.Obj &&
           V.Obj->ClassName == "torch.device";
  };
  if (!IsDevice(A) || !IsDevice(B))
    return std::nullopt;
  auto Type = [](const Value &V) -> std::optional<std::string> {
    auto It = V.Obj->Attrs.find("type");
    if (It == V.Obj->Attrs.end() || !It->second.is(ValueKind::Str))
      return std::nullopt;
    return It->second.Name;
  };
  std::optional<std::string> TA = Type(A), TB = Type(B);
  if (!TA || !TB || A.Obj->Attrs.count("index") || B.Obj->Attrs.count("index"))
    return std::nullopt;
  return *TA == *TB;
}

std::optional<bool> decideByDifference(const sym::Expr *A, StringRef Op,
                                       const sym::Expr *B,
                                       sym::ExprContext &Sym,
                                       std::string &Why) {
  if (!A || !B || (A->isConstant() && B->isConstant()))
    return std::nullopt;
  const sym::Expr *D = Sym.sub(A, B);
  if (!D || !D->isConstant())
    return std::nullopt;
  sym::Rational Zero(0), X = D->getConstantValue();
  std::optional<bool> R;
  if (Op == "<")
    R = X < Zero;
  else if (Op == "<=")
    R = !(X > Zero);
  else if (Op == ">")
    R = X > Zero;
  else if (Op == ">=")
    R = !(X < Zero);
  else if (Op == "==")
    R = X == Zero;
  else if (Op == "!=")
    R = !(X == Zero);
  if (R)
    Why = "`" + A->str() + " - " + B->str() + "` is " + X.toString() +
          " for every size";
  return R;
}

Value Evaluator::evalCompare(const Expr &E, Frame &F) {
  Value Left = eval(*E.op(0), F);
  std::string Why = Left.Why;
  bool AllTrue = true;
  // Some link was decided by a convention of the phase, not by the code.
  bool Convention = false;
  for (size_t I = 0; I < E.CompareOps.size() && I + 1 < E.numOps(); ++I) {
    Value Right = eval(*E.op(I + 1), F);
    Why = joinWhy(Why, Right.Why);
    StringRef Op = E.CompareOps[I];
    std::optional<bool> R = compareVersions(Left, Op, Right);
    if (R) {
      // packaging.version objects (Packages.cpp).
    } else if (Op == "==" || Op == "!=") {
      R = Value::equal(Left, Right);
      if (!R && (R = activationDtypeIs(Left, Right)))
        Why = joinWhy(Why, "the activation dtype is the profile's "
                           "tensors.dtype = " +
                               Profile.get("tensors", "dtype")->Val.Name);
      if (!R && (R = sameDevice(Left, Right)))
        Why = joinWhy(Why, *R ? "both are on the device every tensor of the "
                                "run is on (profile tensors.device_type)"
                              : "devices of different types");
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
            Q = activationDtypeIs(Left, X);
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
      } else if (Right.is(ValueKind::Dict) && Left.is(ValueKind::Callable)) {
        // A known dict has string keys only: a class is not one of them
        // (`type(config) in self._extra_content`).
        R = false;
      } else if (Right.is(ValueKind::Str) && Right.StrExact &&
                 Left.is(ValueKind::Str) && Left.StrExact) {
        R = StringRef(Right.Name).contains(Left.Name);
      } else if (Right.is(ValueKind::Object)) {
        R = mappingContains(Right, Left, F);
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
        O = mirroredComparison(Op);
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
    if (!R && !Left.is(ValueKind::Tensor) && !Right.is(ValueKind::Tensor) &&
        Op != "is" && Op != "is not" && Op != "in" && Op != "not in") {
      std::string HintWhy;
      R = decideByDifference(dimExpr(Left), Op, dimExpr(Right), Sym, HintWhy);
      if (!R)
        R = decideIndexComparison(Left, Op, Right, HintWhy);
      // The convention that the tokens fit the model's positions and the
      // phase's facts (a prefill has two tokens or more) come before the
      // hints: a model of 77 positions (CLIP's text) runs on at most 77
      // tokens, whatever the profile's count of tokens.
      if (!R)
        R = ConfigReader(*this).decideBySequenceFit(Left, Op, Right, HintWhy);
      bool ByConvention = false;
      if (!R)
        R = SequencePieces(*this).decideByFacts(
            dimExpr(Left), Op, dimExpr(Right), HintWhy, &ByConvention);
      if (!R)
        R = ConfigReader(*this).decideAtHints(Left, Op, Right, HintWhy,
                                              &ByConvention);
      Convention |= ByConvention;
      // The sizes the decision holds for come first when the provenance
      // would cut them off.
      if (R) {
        std::string Joined = joinWhy(Why, HintWhy);
        Why = StringRef(Joined).contains(HintWhy) ? Joined
                                                  : joinWhy(HintWhy, Why);
      }
    }
    // A random draw's expectation prices arithmetic (a probabilistic
    // rounding), never a branch: `torch.rand(1).item() < p` stays open.
    if (R && (Left.RandomDraw || Right.RandomDraw)) {
      R.reset();
      Why = joinWhy(Why, "a random draw (its expectation stands for it in "
                         "arithmetic, not in a branch)");
    }
    if (!R && !IndexProbes.empty())
      noteIndexComparison(Left, Op, Right, E);
    if (Left.is(ValueKind::Tensor) || Right.is(ValueKind::Tensor)) {
      if (Op != "is" && Op != "is not") {
        Value Out = broadcast(Left, Right);
        Out.Bytes = "1";
        StringRef Name = Op == "<" || Op == "<="   ? "__lt__"
                         : Op == ">" || Op == ">=" ? "__gt__"
                                                   : "__eq__";
        noteOp(Name, {Left, Right}, Out, CostExtras(), "`" + Op.str() + "`");
        Out.IndexBound = nullptr;
        // An index tensor against a size its bound settles: every
        // element's truth is known (IndexBounds.cpp).
        std::string BoundWhy;
        std::optional<bool> D =
            decideIndexComparison(Left, Op, Right, BoundWhy);
        if (!D)
          D = TensorFills(*this).decideFillComparison(Left, Op, Right,
                                                      BoundWhy);
        if (D && !Left.RandomDraw && !Right.RandomDraw) {
          Out.Fill = Sym.constant(*D ? 1 : 0);
          Out.Why = BoundWhy;
        }
        return Out;
      }
    }
    if (!R)
      AllTrue = false;
    else if (!*R) {
      Value False = Value::boolean(false, Why);
      False.ByConvention = Convention;
      return False;
    }
    Left = Right;
  }
  if (AllTrue) {
    Value True = Value::boolean(true, Why);
    True.ByConvention = Convention;
    return True;
  }
  // Undecided, but what a comparison gives is a bool, or a tensor when an
  // operand not known here is one: never callable, whatever its truth.
  Value U = Value::unknown(Why);
  U.NotCallable = true;
  return U;
}

/// `"name%d" % i`: printf-style formatting with `%d`, `%i`, `%s` and `%%`
/// of known integers and strings; anything else is a non-empty string.
Value Evaluator::formatPercent(StringRef Format, const Value &Args,
                               StringRef Why) {
  std::vector<Value> Fields =
      Args.is(ValueKind::Tuple) ? Args.Elems : std::vector<Value>{Args};
  std::string Out;
  size_t Next = 0;
  bool Exact = !Args.RepeatCount;
  for (size_t I = 0; I < Format.size(); ++I) {
    if (Format[I] != '%' || I + 1 == Format.size()) {
      Out += Format[I];
      continue;
    }
    char C = Format[++I];
    if (C == '%') {
      Out += '%';
      continue;
    }
    const Value V = Next < Fields.size() ? Fields[Next] : Value::unknown();
    ++Next;
    if ((C == 'd' || C == 'i' || C == 's') && V.is(ValueKind::Int))
      Out += std::to_string(V.I);
    else if (C == 's' && V.is(ValueKind::Str) && V.StrExact)
      Out += V.Name;
    else
      Exact = false;
  }
  Value S = Value::string(Out, Why);
  S.StrExact = Exact && Next == Fields.size();
  return S;
}

} // namespace modcost
