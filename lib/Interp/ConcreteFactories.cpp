//===- ConcreteFactories.cpp - Known values through torch constructors ----===//
///
/// \file
/// Constructors compute stochastic-depth schedules and stage boundaries
/// from configuration numbers with torch and numpy:
///
///   [x.tolist() for x in torch.Tensor(np.linspace(0, r, sum(depths)))
///                              .split(depths)]                  (BiT)
///   [x.item() for x in torch.linspace(0, r, sum(depths))]       (Swin)
///   torch.tensor(depths).cumsum(0).tolist()                     (Hiera)
///
/// The values decide which layers exist (`DropPath(p) if p > 0.0 else
/// nn.Identity()`), so they are computed here, as torch computes them:
/// `torch.linspace` in float32 as torch 1.13's CPU kernel does, the
/// `torch.Tensor` constructor rounding to float32, `split` into pieces,
/// iteration over the elements (zero-dimensional tensors) and reductions.
///
//===----------------------------------------------------------------------===//

#include "ConcreteNumbers.h"
#include "ConcreteTensors.h"

#include <cmath>

using namespace llvm;

namespace modcost {

using namespace concrete;

/// torch.linspace's float32 values as torch 1.13's CPU kernel computes
/// them (RangeFactoriesKernel.cpp, checked element by element against the
/// installed torch): step = (end - start) / (steps - 1) in float; the first
/// half counts up from start, the second down from end, each a fused
/// multiply-add; the vectorized loop (AVX2: two vectors of 8 per
/// iteration) takes a fused base and adds k * step unfused to it; the rest
/// is scalar.
static std::vector<double> torchLinspace(float Start, float End,
                                         int64_t Steps) {
  if (Steps == 1)
    return {double(Start)};
  const float Step = (End - Start) / float(Steps - 1);
  const int64_t Halfway = Steps / 2;
  auto Fused = [&](int64_t I) {
    return I < Halfway ? std::fma(Step, float(I), Start)
                       : std::fma(-Step, float(Steps - I - 1), End);
  };
  constexpr int64_t Lanes = 8;
  std::vector<double> Out;
  int64_t I = 0;
  for (; I <= Steps - 2 * Lanes; I += 2 * Lanes)
    for (int64_t V = 0; V < 2; ++V) {
      float Base = Fused(I + V * Lanes);
      for (int64_t K = 0; K < Lanes; ++K) {
        volatile float Offset = float(K) * Step;
        Out.push_back(double(float(Base + Offset)));
      }
    }
  for (; I < Steps; ++I)
    Out.push_back(double(Fused(I)));
  return Out;
}

std::optional<Value> ConcreteTensors::concreteLinspace(const CallArgs &Args) {
  std::optional<Value> StepsKw = Args.keyword("steps");
  size_t NeedPositional = StepsKw ? 2 : 3;
  if (Args.Positional.size() != NeedPositional)
    return std::nullopt;
  for (const auto &[K, V] : Args.Keywords)
    if (K != "steps" && K != "device" && K != "requires_grad" &&
        !(K == "dtype" && V.is(ValueKind::DType) &&
          StringRef(V.Name).ends_with("float32")))
      return std::nullopt; // Another dtype, out=: not modelled.
  Value Steps = StepsKw ? *StepsKw : Args.Positional[2];
  if (!isNumber(Args.Positional[0]) || !isNumber(Args.Positional[1]) ||
      !Steps.is(ValueKind::Int) || Steps.I <= 0 ||
      size_t(Steps.I) > MaxElements)
    return std::nullopt;
  Numbers N;
  N.Integral = false;
  N.V = torchLinspace(float(asNumber(Args.Positional[0])),
                      float(asNumber(Args.Positional[1])), Steps.I);
  return makeTensor(N, Sym);
}

std::optional<Value> ConcreteTensors::concreteRand(const CallArgs &Args) {
  // rand(n) or rand((n,)) with a known n.
  if (Args.Positional.size() != 1 || !Args.Keywords.empty())
    return std::nullopt;
  Value N = Args.Positional[0];
  if (N.is(ValueKind::Tuple) && N.Elems.size() == 1)
    N = N.Elems[0];
  if (!N.is(ValueKind::Int) || N.I < 1 || N.I > int64_t(concrete::MaxElements))
    return std::nullopt;
  Numbers Half;
  Half.Integral = false;
  Half.V.assign(size_t(N.I), 0.5);
  if (const Expr *Site = Eval.CurrentCallSite)
    Eval.noteAssumption("the random draw `" + Site->Text.str() + "` at " +
                        location(Site->Range) +
                        " takes its expectation: every element is 1/2");
  Value R = makeTensor(Half, Sym);
  R.RandomDraw = true;
  for (Value &E : R.Elems)
    E.RandomDraw = true;
  return R;
}

std::optional<Value>
ConcreteTensors::concreteTensorClass(const CallArgs &Args) {
  // torch.Tensor(data) is a float32 copy of data (a list or an array).
  if (Args.Positional.size() != 1 || !Args.Keywords.empty())
    return std::nullopt;
  std::optional<Numbers> N = numbersOfList(Args.Positional[0]);
  if (!N && isConcrete(Args.Positional[0]) && !Args.Positional[0].Dims.empty())
    N = numbersOf(Args.Positional[0]);
  if (!N || N->V.empty())
    return std::nullopt;
  N->Integral = false;
  return makeTensor(*N, Sym);
}

std::optional<Value> ConcreteTensors::concreteCopy(const Value &T) {
  // torch.tensor(t)/as_tensor/from_numpy: the same values and dtype.
  if (!isConcrete(T))
    return std::nullopt;
  Value R = T;
  R.Role = TensorRole::Other;
  return R;
}

std::optional<Value> ConcreteTensors::concreteElements(const Value &T) {
  if (!isConcrete(T) || T.Dims.empty())
    return std::nullopt;
  std::vector<Value> Rows;
  for (const Value &E : T.Elems) {
    Value Row = Value::shaped({}, T.Bytes, "an element of " + T.str());
    Row.Elems.push_back(E);
    Rows.push_back(std::move(Row));
  }
  return Value::tuple(std::move(Rows), "the elements of " + T.str());
}

std::optional<Value> ConcreteTensors::concreteSplit(const Value &T,
                                                    const CallArgs &Args) {
  // t.split(size) or t.split([s0, s1, ...]) along the only dimension.
  if (!isConcrete(T) || T.Dims.empty() || Args.Positional.empty())
    return std::nullopt;
  if (std::optional<Value> D = Args.keyword("dim"))
    if (!D->is(ValueKind::Int) || (D->I != 0 && D->I != -1))
      return std::nullopt;
  const Value &S = Args.Positional[0];
  std::vector<int64_t> Sizes;
  int64_t Total = int64_t(T.Elems.size());
  if (S.is(ValueKind::Int) && S.I > 0) {
    for (int64_t At = 0; At < Total; At += S.I)
      Sizes.push_back(std::min(S.I, Total - At));
  } else if (S.is(ValueKind::Tuple) && !S.RepeatCount) {
    int64_t Sum = 0;
    for (const Value &E : S.Elems) {
      if (!E.is(ValueKind::Int) || E.I < 0)
        return std::nullopt;
      Sizes.push_back(E.I);
      Sum += E.I;
    }
    if (Sum != Total)
      return std::nullopt; // torch raises; not modelled.
  } else {
    return std::nullopt;
  }
  std::vector<Value> Pieces;
  size_t At = 0;
  for (int64_t Size : Sizes) {
    Value P = Value::shaped({Sym.constant(Size)}, T.Bytes);
    P.Elems.assign(T.Elems.begin() + At, T.Elems.begin() + At + Size);
    At += size_t(Size);
    Pieces.push_back(std::move(P));
  }
  return Value::tuple(std::move(Pieces));
}

std::optional<Value> ConcreteTensors::concreteReduction(const Value &T,
                                                        StringRef M,
                                                        const CallArgs &Args) {
  // sum/prod/max/min/mean over all elements: a zero-dimensional tensor.
  if (M != "sum" && M != "prod" && M != "max" && M != "min" && M != "mean")
    return std::nullopt;
  if (!Args.Positional.empty() || !Args.Keywords.empty())
    return std::nullopt;
  std::optional<Numbers> N = numbersOf(T);
  if (!N || N->Scalar || N->V.empty())
    return std::nullopt;
  double R = M == "prod" ? 1 : M == "max" || M == "min" ? N->V[0] : 0;
  for (double X : N->V)
    R = M == "prod"  ? R * X
        : M == "max" ? std::max(R, X)
        : M == "min" ? std::min(R, X)
                     : R + X;
  if (M == "mean") {
    if (N->Integral)
      return std::nullopt; // torch raises on an integer mean.
    R /= double(N->V.size());
  }
  return makeScalarTensor(R, N->Integral, T.Bytes);
}

} // namespace modcost
