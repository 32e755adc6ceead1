//===- Resampling.cpp - Shapes of resampling and data constructors --------===//
///
/// \file
/// Shape rules of the torch functions whose result size comes from their
/// arguments rather than their input tensor: resampling
/// (`F.interpolate`/`F.upsample` by `size` or `scale_factor`, and
/// `torch.grid_sampler` at the grid's points) and the data constructors
/// (`torch.tensor`, `torch.as_tensor`) whose shape is the nesting of a
/// Python list. resampleExtras gives the resampling mode's arithmetic to
/// the cost rule (family Resample in OpCatalog.cpp; docs/CostModel.md,
/// Resampling).
///
//===----------------------------------------------------------------------===//

#include "TensorOpRules.h"
#include "TensorShapes.h"

#include <cmath>

using namespace llvm;

namespace modcost {

/// \p F as a fraction Num / Den with a small power-of-two denominator
/// (2.0, 0.5, 1.5, 0.25), or nullopt.
static std::optional<std::pair<int64_t, int64_t>> smallFraction(double F) {
  for (int64_t Den = 1; Den <= 1024; Den *= 2) {
    double N = F * double(Den);
    if (N == std::floor(N) && std::fabs(N) < 1e12)
      return std::make_pair(int64_t(N), Den);
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::functionResample(StringRef Op,
                                                     const CallArgs &Args) {
  Value X = Args.arg(0);
  if (Op == "grid_sampler") {
    // grid_sampler(input [N, C, *in], grid [N, *out, k]): [N, C, *out].
    Value G = keywordOr(Args, "grid", 1);
    if (!X.DimsKnown || !G.is(ValueKind::Tensor) || !G.DimsKnown ||
        X.Dims.size() < 3 || G.Dims.size() != X.Dims.size())
      return Value::tensor(X.Rank);
    Dims Out{X.Dims[0], X.Dims[1]};
    Out.insert(Out.end(), G.Dims.begin() + 1, G.Dims.end() - 1);
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op != "interpolate" && Op != "upsample")
    return std::nullopt;
  if (!X.DimsKnown || X.Dims.size() < 3)
    return Value::tensor(X.Rank);
  size_t Spatial = X.Dims.size() - 2;
  Value Size = keywordOr(Args, "size", 1);
  Value Scale = keywordOr(Args, "scale_factor", 2);
  Dims Out(X.Dims.begin(), X.Dims.begin() + 2);
  auto Nth = [&](const Value &V, size_t I) -> const Value & {
    return V.is(ValueKind::Tuple) && !V.RepeatCount && I < V.Elems.size()
               ? V.Elems[I]
               : V;
  };
  bool BySize = !Size.isUnknown() && !Size.is(ValueKind::None);
  if (BySize && Size.is(ValueKind::Tuple) && Size.Elems.size() != Spatial)
    return Value::tensor(X.Rank);
  if (!BySize && Scale.is(ValueKind::Tuple) && Scale.Elems.size() != Spatial)
    return Value::tensor(X.Rank);
  for (size_t I = 0; I < Spatial; ++I) {
    const sym::Expr *In = X.Dims[2 + I];
    if (BySize) {
      Out.push_back(Eval.dimExpr(Nth(Size, I)));
      continue;
    }
    // floor(in * scale_factor), torch's output size for a given scale.
    const Value &S = Nth(Scale, I);
    std::optional<std::pair<int64_t, int64_t>> Frac;
    if (S.is(ValueKind::Int))
      Frac = std::make_pair(S.I, int64_t(1));
    else if (S.is(ValueKind::Float))
      Frac = smallFraction(S.F);
    if (!Frac || !In || Frac->first <= 0) {
      Out.push_back(nullptr);
      continue;
    }
    const sym::Expr *Scaled = Sym.mul(In, Sym.constant(Frac->first));
    Out.push_back(Frac->second == 1
                      ? Scaled
                      : Sym.floorDiv(Scaled, Sym.constant(Frac->second)));
  }
  return Value::shaped(Out, resultBytes(X));
}

CostExtras resampleExtras(StringRef Op, const CallArgs &Args, const Value &Out,
                          sym::ExprContext &Ctx) {
  CostExtras X;
  const Value &In = Args.arg(0);
  if (Op == "grid_sampler") {
    // interpolation_mode: 0 bilinear, 1 nearest, 2 bicubic (torch's
    // GridSamplerInterpolation). Per output element: the weighted sum of
    // the 2^d corners (d multiplies and adds each, less one add), or the
    // 4 + 1 cubic interpolations of 4 taps (7 each); per grid coordinate:
    // its unnormalization ((x + 1) * size - 1) / 2.
    Value M = keywordOr(Args, "interpolation_mode", 2);
    bool FiveD = In.DimsKnown && In.Dims.size() == 5;
    if (M.is(ValueKind::Int) && M.I >= 0 && M.I <= 2)
      X.PerOutput = Ctx.constant(M.I == 0   ? (FiveD ? 15 : 7)
                                 : M.I == 1 ? 0
                                            : 35);
    X.PerLastInput = 4;
    return X;
  }
  Value M = keywordOr(Args, "mode", 3);
  if (M.isUnknown() || M.is(ValueKind::None))
    M = Value::string("nearest");
  if (!M.is(ValueKind::Str) || !M.StrExact)
    return X;
  StringRef Mode = M.Name;
  // torch's CPU kernels: linear w0 * x0 + w1 * x1 (3); bilinear and
  // trilinear nest it, 2 * f(d - 1) + 3 = 3 * (2^d - 1); bicubic four
  // 4-tap row interpolations and one column (5 * 7); the weights and
  // source indices are per output position, shared by every channel.
  int64_t PerOut = Mode == "nearest" || Mode == "nearest-exact" ? 0
                   : Mode == "linear"                           ? 3
                   : Mode == "bilinear"                         ? 9
                   : Mode == "trilinear"                        ? 21
                   : Mode == "bicubic"                          ? 35
                                                                : -1;
  if (PerOut >= 0) {
    X.PerOutput = Ctx.constant(PerOut);
    return X;
  }
  if (Mode == "area" && In.DimsKnown && Out.is(ValueKind::Tensor) &&
      Out.DimsKnown && !llvm::is_contained(In.Dims, nullptr) &&
      !llvm::is_contained(Out.Dims, nullptr))
    // adaptive_avg_pool: 1 per input element, as the catalog prices it.
    X.PerOutput = Ctx.div(Ctx.mul(In.Dims), Ctx.mul(Out.Dims));
  return X;
}

/// The shape of the nested list \p V (`[[0, 6], [0, 8]]` is [2, 2]) and
/// whether its leaves are all floats, all integers or all bools; nullopt
/// for a ragged list or a leaf that is not a known kind of number.
namespace {
struct DataShape {
  Dims Extents;
  bool AnyFloat = false, AnyInt = false, AnyBool = false;
};
} // namespace

static bool dataShape(const Value &V, size_t Depth, DataShape &S,
                      sym::ExprContext &Sym) {
  if (V.is(ValueKind::Float)) {
    S.AnyFloat = true;
    return Depth == S.Extents.size();
  }
  if (V.is(ValueKind::Int) ||
      (V.is(ValueKind::Symbol) && V.Sym && !V.Fractional)) {
    S.AnyInt = true;
    return Depth == S.Extents.size();
  }
  if (V.is(ValueKind::Bool)) {
    S.AnyBool = true;
    return Depth == S.Extents.size();
  }
  if (V.is(ValueKind::Symbol)) {
    // An opaque quantity (`hidden_size ** 0.5`, Gemma's embedding scale):
    // a number of unknown value, a float when a float or a true division
    // made it, as Python's arithmetic does.
    StringRef Text = V.Name;
    if (V.Fractional || Text.contains('.') || Text.contains(" / "))
      S.AnyFloat = true;
    else
      S.AnyInt = true;
    return Depth == S.Extents.size();
  }
  if (V.is(ValueKind::Tensor) && V.DimsKnown && V.Dims.empty()) {
    // A zero-dimensional tensor converts to its one number, of its dtype.
    (V.Bytes == "8"   ? S.AnyInt
     : V.Bytes == "1" ? S.AnyBool
                      : S.AnyFloat) = true;
    return Depth == S.Extents.size();
  }
  if (!V.is(ValueKind::Tuple) || !V.Keys.empty())
    return false;
  const sym::Expr *Len =
      V.RepeatCount ? V.RepeatCount : Sym.constant(int64_t(V.Elems.size()));
  if (Depth == S.Extents.size())
    S.Extents.push_back(Len);
  else if (S.Extents[Depth] != Len)
    return false; // Ragged: torch rejects it.
  for (const Value &E : V.Elems)
    if (!dataShape(E, Depth + 1, S, Sym))
      return false;
  // An empty list is a float32 tensor of shape [0].
  if (V.Elems.empty() && !V.RepeatCount)
    S.AnyFloat = true;
  return true;
}

std::optional<Value> TensorOpRules::functionFromData(StringRef Op,
                                                     const CallArgs &Args) {
  if (Op != "tensor" && Op != "as_tensor")
    return std::nullopt;
  Value Data = keywordOr(Args, "data", 0);
  std::string Given;
  if (std::optional<Value> D = Args.keyword("dtype"))
    Given = D->is(ValueKind::DType) ? std::string("a_bytes") : bytesOfDtype(*D);
  if (Data.is(ValueKind::Tensor)) {
    // torch.tensor(t) copies t; as_tensor(t) returns t itself unless a
    // conversion is asked for.
    std::string B = Given.empty() ? Data.Bytes : Given;
    if (Op == "as_tensor" && B == Data.Bytes)
      return Data;
    Value R = sameShape(Data);
    R.Bytes = B;
    return R;
  }
  DataShape S;
  if (!dataShape(Data, 0, S, Sym))
    return Value::tensor(-1, "the data of `torch." + Op.str() +
                                 "` is not a list of known numbers");
  // torch's inference: float32 if any float, else int64, else bool.
  std::string B = !Given.empty() ? Given
                  : S.AnyFloat   ? "4"
                  : S.AnyInt     ? "8"
                                 : "1";
  return Value::shaped(S.Extents, B, "data of `torch." + Op.str() + "`");
}

} // namespace modcost
