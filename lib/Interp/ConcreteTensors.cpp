//===- ConcreteTensors.cpp - Small tensors whose values are known ---------===//
///
/// \file
/// Constructors sometimes compute a model's layout with torch on plain
/// numbers: regnet's `BlockParams.from_init_params` takes
/// `torch.arange(depth) * w_a + w_0`, logs, powers and rounds it, and reads
/// the block widths back with `.int().tolist()`. A one-dimensional tensor
/// built from known numbers keeps its values here (Value::Elems of a
/// Tensor, one Int or Float per element; floats rounded to float32, torch's
/// default dtype), element-wise arithmetic and the functions below compute
/// on them, and `tolist()`/`item()`/`int()` give them back as numbers.
/// Anything else about such a tensor (its shape, its cost in forward()) is
/// the ordinary tensor's. `tolist()` or `item()` of a tensor whose values
/// are not known gives an unknown value and a warning at the call.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "ConcreteNumbers.h"
#include "SymbolicElements.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace llvm;

namespace modcost {

namespace concrete {

bool isConcrete(const Value &V) {
  if (!V.is(ValueKind::Tensor) || !V.DimsKnown || V.Elems.empty())
    return false;
  if (V.Dims.empty())
    return V.Elems.size() == 1;
  if (V.Dims.size() != 1 || !V.Dims[0] || !V.Dims[0]->isConstant())
    return false;
  auto N = V.Dims[0]->getConstantValue().getNumerator().tryGetInt64();
  return N && size_t(*N) == V.Elems.size();
}

double asNumber(const Value &V) {
  return V.is(ValueKind::Float)  ? V.F
         : V.is(ValueKind::Bool) ? double(V.B)
                                 : double(V.I);
}

bool isNumber(const Value &V) {
  return V.is(ValueKind::Int) || V.is(ValueKind::Float) ||
         V.is(ValueKind::Bool);
}

std::optional<Numbers> numbersOf(const Value &V) {
  Numbers N;
  if (isNumber(V)) {
    N.V = {asNumber(V)};
    N.Integral = !V.is(ValueKind::Float);
    N.Scalar = true;
    return N;
  }
  if (!isConcrete(V))
    return std::nullopt;
  for (const Value &E : V.Elems) {
    if (!isNumber(E))
      return std::nullopt; // A stated size (SymbolicElements.cpp).
    N.V.push_back(asNumber(E));
    N.Integral &= !E.is(ValueKind::Float);
  }
  return N;
}

std::optional<Numbers> numbersOfList(const Value &V) {
  if (!V.is(ValueKind::Tuple) || V.RepeatCount || V.Elems.size() > MaxElements)
    return std::nullopt;
  Numbers N;
  for (const Value &E : V.Elems) {
    if (!isNumber(E))
      return std::nullopt;
    N.V.push_back(asNumber(E));
    N.Integral &= !E.is(ValueKind::Float);
  }
  return N;
}

Value makeTensor(const Numbers &N, sym::ExprContext &Sym, bool Double) {
  Value T = Value::shaped({Sym.constant(int64_t(N.V.size()))},
                          N.Integral || Double ? "8" : "4");
  for (double X : N.V)
    T.Elems.push_back(N.Integral ? Value::integer(int64_t(X))
                      : Double   ? Value::floating(X)
                                 : Value::floating(double(float(X))));
  return T;
}

Value makeScalarTensor(double X, bool Integral, StringRef Bytes) {
  Value T = Value::shaped({}, Integral ? "8" : Bytes);
  T.Elems.push_back(Integral       ? Value::integer(int64_t(X))
                    : Bytes == "4" ? Value::floating(double(float(X)))
                                   : Value::floating(X));
  return T;
}

} // namespace concrete

using namespace concrete;
constexpr size_t MaxConcreteElements = concrete::MaxElements;

namespace {

/// Python's (and torch's) floor division and modulo on numbers.
double floorDiv(double A, double B) { return std::floor(A / B); }
double pyMod(double A, double B) { return A - B * std::floor(A / B); }

} // namespace

bool ConcreteTensors::isConcreteTensor(const Value &V) { return isConcrete(V); }

/// `.tolist()` of a one-dimensional tensor whose values are not known but
/// whose length is: a list of that many unknown numbers (a stochastic-depth
/// schedule zipped with the stages it configures), or one representative
/// repeated a symbolic number of times; nullopt for any other tensor.
static std::optional<Value> listOfUnknowns(const Value &T, const Expr &Call) {
  if (!T.is(ValueKind::Tensor) || !T.DimsKnown || T.Dims.size() != 1 ||
      !T.Dims[0])
    return std::nullopt;
  Value Elem = Value::unknown("values of a tensor (`" + Call.Text.str() +
                              "` at " + location(Call.Range) + ")");
  const sym::Expr *N = T.Dims[0];
  if (!N->isConstant()) {
    Value L = Value::tuple({Elem}, "`.tolist()` of " + T.str());
    L.RepeatCount = N;
    return L;
  }
  auto Len = N->getConstantValue().getNumerator().tryGetInt64();
  if (!N->getConstantValue().isInteger() || !Len || *Len < 0 ||
      size_t(*Len) > MaxConcreteElements)
    return std::nullopt;
  return Value::tuple(std::vector<Value>(size_t(*Len), Elem),
                      "`.tolist()` of " + T.str());
}

std::optional<Value>
ConcreteTensors::concreteBinary(StringRef Op, const Value &L, const Value &R) {
  if (!isConcreteTensor(L) && !isConcreteTensor(R))
    return std::nullopt;
  if (std::optional<Value> S = SymbolicElements(Eval).elementwise(Op, L, R))
    return S;
  std::optional<Numbers> A = numbersOf(L), B = numbersOf(R);
  if (!A || !B ||
      (A->V.size() != B->V.size() && !A->Scalar && !B->Scalar &&
       A->V.size() != 1 && B->V.size() != 1))
    return std::nullopt;
  size_t Len = std::max(A->V.size(), B->V.size());
  Numbers Out;
  // torch's promotion: a float scalar or tensor makes a float32 result,
  // and true division always does.
  Out.Integral = A->Integral && B->Integral && Op != "/";
  for (size_t I = 0; I < Len; ++I) {
    double X = A->V[A->V.size() == 1 ? 0 : I];
    double Y = B->V[B->V.size() == 1 ? 0 : I];
    if ((Op == "/" || Op == "//" || Op == "%") && Y == 0)
      return std::nullopt;
    double Z = StringSwitch<double>(Op)
                   .Case("+", X + Y)
                   .Case("-", X - Y)
                   .Case("*", X * Y)
                   .Case("/", X / Y)
                   .Case("//", floorDiv(X, Y))
                   .Case("%", Op == "%" ? pyMod(X, Y) : 0)
                   .Case("**", std::pow(X, Y))
                   .Default(NAN);
    if (std::isnan(Z) && !std::isnan(X) && !std::isnan(Y))
      return std::nullopt; // An operator not modelled on values.
    Out.V.push_back(Out.Integral ? Z : double(float(Z)));
  }
  return makeTensor(Out, Sym);
}

/// \p F applied to each element (a float32 result).
static Numbers mapFloat(const Numbers &N, double (*F)(double)) {
  Numbers Out;
  Out.Integral = false;
  for (double X : N.V)
    Out.V.push_back(double(float(F(double(float(X))))));
  return Out;
}

/// The positional arguments of \p Args as numbers in \p P (\p Integral
/// false if any is a float); false if one is not a known number.
static bool positionalNumbers(const CallArgs &Args, std::vector<double> &P,
                              bool &Integral) {
  for (const Value &V : Args.Positional) {
    if (!isNumber(V))
      return false;
    P.push_back(asNumber(V));
    Integral &= !V.is(ValueKind::Float);
  }
  return true;
}

std::optional<Value> ConcreteTensors::concreteFunction(StringRef Op,
                                                       const CallArgs &Args) {
  auto Arg = [&](size_t I) { return Args.arg(I); };
  if (std::optional<Value> S = SymbolicElements(Eval).function(Op, Args))
    return S;
  if (Op == "rand")
    return concreteRand(Args);
  if (Op == "arange") {
    std::vector<double> P;
    bool Integral = true;
    if (!positionalNumbers(Args, P, Integral))
      return std::nullopt;
    if (P.empty() || P.size() > 3)
      return std::nullopt;
    double Start = P.size() > 1 ? P[0] : 0, End = P.size() > 1 ? P[1] : P[0];
    double Step = P.size() > 2 ? P[2] : 1;
    if (Step == 0 || (End - Start) / Step > MaxConcreteElements)
      return std::nullopt;
    Numbers N;
    N.Integral = Integral;
    for (double X = Start; Step > 0 ? X < End : X > End; X += Step)
      N.V.push_back(X);
    if (N.V.empty())
      return std::nullopt;
    return makeTensor(N, Sym);
  }
  if (Op == "linspace")
    return concreteLinspace(Args);
  if (Op == "tensor" || Op == "as_tensor" || Op == "from_numpy") {
    if (std::optional<Numbers> N = numbersOfList(Arg(0)))
      if (!N->V.empty())
        return makeTensor(*N, Sym);
    if (isNumber(Arg(0))) { // torch.tensor(2.5): a zero-dimensional tensor.
      std::optional<Value> DType = Args.keyword("dtype");
      bool Float = Arg(0).is(ValueKind::Float) ||
                   (DType && StringRef(DType->Name).contains("float"));
      if (DType && !StringRef(DType->Name).ends_with("float32") &&
          !StringRef(DType->Name).ends_with("int64"))
        return std::nullopt; // Another dtype: not modelled.
      return makeScalarTensor(asNumber(Arg(0)), !Float, "4");
    }
    return concreteCopy(Arg(0));
  }
  // The rest take a concrete tensor (or numbers) as operands.
  bool AnyConcrete = false;
  for (const Value &V : Args.Positional)
    AnyConcrete |= isConcreteTensor(V);
  if (!AnyConcrete)
    return std::nullopt;
  StringRef Binary = StringSwitch<StringRef>(Op)
                         .Cases("add", "__add__", "+")
                         .Cases("sub", "subtract", "-")
                         .Cases("mul", "multiply", "*")
                         .Cases("div", "divide", "true_divide", "/")
                         .Case("floor_divide", "//")
                         .Cases("pow", "float_power", "**")
                         .Default("");
  if (!Binary.empty()) {
    if (Args.Positional.size() != 2 || Args.keyword("rounding_mode"))
      return std::nullopt;
    return concreteBinary(Binary, Arg(0), Arg(1));
  }
  return concreteUnary(Op, Arg(0));
}

std::optional<Value> Evaluator::builtinNumpyRange(StringRef Name,
                                                  const CallArgs &Args,
                                                  const Expr &Call, Frame &F) {
  std::vector<double> P;
  bool Integral = true;
  if (!positionalNumbers(Args, P, Integral))
    return std::nullopt;
  if (std::optional<Value> Num = Args.keyword("num")) {
    if (!Num->is(ValueKind::Int))
      return std::nullopt;
    P.push_back(double(Num->I));
  }
  if (Args.Keywords.size() > (Args.keyword("num") ? 1u : 0u))
    return std::nullopt; // endpoint=, dtype=, step=: not modelled.
  if (Name.ends_with(".arange")) {
    CallArgs Torch = Args;
    std::optional<Value> R =
        ConcreteTensors(*this).concreteFunction("arange", Torch);
    if (R && !Integral) // numpy's float arrays are float64.
      for (Value &E : R->Elems)
        E = Value::floating(E.F);
    return R;
  }
  // linspace(start, stop, num=50): numpy's step (stop - start) / (num - 1),
  // the last value exactly stop.
  if (P.size() < 2 || P.size() > 3)
    return std::nullopt;
  int64_t Num = P.size() == 3 ? int64_t(P[2]) : 50;
  if (Num <= 0 || size_t(Num) > MaxConcreteElements)
    return std::nullopt;
  Numbers N;
  N.Integral = false;
  double Step = Num > 1 ? (P[1] - P[0]) / double(Num - 1) : 0;
  for (int64_t I = 0; I < Num; ++I)
    N.V.push_back(I == Num - 1 && Num > 1 ? P[1] : P[0] + double(I) * Step);
  return makeTensor(N, Sym, /*Double=*/true);
}

std::optional<Value> ConcreteTensors::concreteUnary(StringRef Op,
                                                    const Value &T) {
  std::optional<Numbers> N = numbersOf(T);
  if (!N || N->Scalar)
    return std::nullopt;
  if (Op == "log" || Op == "exp" || Op == "sqrt" || Op == "log2") {
    double (*F)(double) =
        Op == "log"    ? static_cast<double (*)(double)>(std::log)
        : Op == "exp"  ? static_cast<double (*)(double)>(std::exp)
        : Op == "sqrt" ? static_cast<double (*)(double)>(std::sqrt)
                       : static_cast<double (*)(double)>(std::log2);
    return makeTensor(mapFloat(*N, F), Sym);
  }
  Numbers Out = *N;
  Out.V.clear();
  if (Op == "round" || Op == "floor" || Op == "ceil" || Op == "abs" ||
      Op == "neg") {
    for (double X : N->V)
      Out.V.push_back(Op == "round"   ? std::nearbyint(X) // half to even
                      : Op == "floor" ? std::floor(X)
                      : Op == "ceil"  ? std::ceil(X)
                      : Op == "abs"   ? std::fabs(X)
                                      : -X);
    return makeTensor(Out, Sym);
  }
  if (Op == "diff") {
    for (size_t I = 1; I < N->V.size(); ++I)
      Out.V.push_back(N->V[I] - N->V[I - 1]);
    if (Out.V.empty())
      return std::nullopt;
    return makeTensor(Out, Sym);
  }
  if (Op == "cumsum") {
    double S = 0;
    for (double X : N->V)
      Out.V.push_back(S += X);
    return makeTensor(Out, Sym);
  }
  return std::nullopt;
}

std::optional<Value> ConcreteTensors::concreteMethod(const Value &T,
                                                     StringRef M,
                                                     const CallArgs &Args,
                                                     const Expr &Call) {
  if (std::optional<Value> S = SymbolicElements(Eval).method(T, M, Args))
    return S;
  bool Known = isConcreteTensor(T);
  if (M == "tolist" || M == "item") {
    if (!Known && M == "item" && T.Fill)
      return std::nullopt; // Every element is one stated value (Fill).
    if (!Known) {
      std::optional<Value> L =
          M == "tolist" ? listOfUnknowns(T, Call) : std::nullopt;
      if (Call.Range.File)
        Eval.Diags.report(
            Call.Range.File->getBufferID(), Call.Range.Begin,
            DiagLevel::Warning,
            "`." + M +
                "()` of a tensor whose values are not known "
                "(only one-dimensional tensors computed from known "
                "numbers keep theirs): " +
                (L ? "a list of " + T.Dims[0]->str() + " unknown numbers"
                   : std::string("the result is unknown")));
      if (L)
        return *L;
      return Value::unknown("values of a tensor");
    }
    if (M == "item" || T.Dims.empty()) // A zero-dimensional tolist().
      return T.Elems.size() == 1 ? std::optional<Value>(T.Elems[0])
                                 : std::nullopt;
    return Value::tuple(T.Elems, "tolist()");
  }
  if (!Known)
    return std::nullopt;
  std::optional<Numbers> N = numbersOf(T);
  if (!N && (M == "int" || M == "long"))
    return T; // Stated sizes: integers already (SymbolicElements.cpp).
  if (!N)
    return std::nullopt;
  if (M == "int" || M == "long" || M == "float" || M == "double") {
    Numbers Out;
    Out.Integral = M == "int" || M == "long";
    for (double X : N->V)
      Out.V.push_back(Out.Integral ? std::trunc(X) : X);
    Value R = makeTensor(Out, Sym);
    R.Bytes = M == "long" || M == "double" ? "8" : "4";
    return R;
  }
  StringRef Binary = StringSwitch<StringRef>(M)
                         .Cases("add", "__add__", "+")
                         .Cases("sub", "__sub__", "-")
                         .Cases("mul", "__mul__", "*")
                         .Cases("div", "__truediv__", "/")
                         .Default("");
  if (!Binary.empty())
    return Args.Positional.size() == 1 ? concreteBinary(Binary, T, Args.arg(0))
                                       : std::nullopt;
  if (M == "split")
    return concreteSplit(T, Args);
  if (std::optional<Value> R = concreteReduction(T, M, Args))
    return R;
  return concreteUnary(M, T);
}

} // namespace modcost
