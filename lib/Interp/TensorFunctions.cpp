//===- TensorFunctions.cpp - Shapes of torch functions --------------------===//
///
/// \file
/// The result of a `torch.*` / `torch.nn.functional.*` tensor function:
/// factories, matrix products and attention, convolution and pooling,
/// concatenation, indexing and element-wise functions with rules of their
/// own. tensorFunction tries one family after another; each returns nullopt
/// for an op not of its family. The rest is read from the op catalog's shape
/// column (OpCatalog.def): functions that keep their input's shape, return
/// it, broadcast two operands, or are the functional form of a Tensor method
/// (TensorMethods.cpp). An op none of them knows has no shape rule (nullopt).
/// docs/Shapes.md lists the rules.
///
//===----------------------------------------------------------------------===//

#include "TensorFills.h"
#include "TensorOpRules.h"
#include "TensorShapes.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

/// True for a function whose result on a tensor of unknown rank depends
/// only on its elements and its last dimension: element-wise functions,
/// normalizations and softmax (their cost is per element), comparisons,
/// `where`, and `glu` over the last dimension. Functional forms of Tensor
/// methods are decided by the method (TensorMethods.cpp).
static bool functionKeepsRankFree(StringRef Op, const CallArgs &Args) {
  if (Op == "glu") {
    Value D = keywordOr(Args, "dim", 1);
    return D.isUnknown() || (D.is(ValueKind::Int) && D.I == -1);
  }
  // `F.linear` maps the last dimension only: the leading ones stay free.
  if (Op == "where" || Op == "eq" || Op == "ne" || Op == "gt" || Op == "lt" ||
      Op == "ge" || Op == "le" || Op == "quantize_per_tensor" ||
      Op == "linear" || Op.starts_with("logical_"))
    return true;
  const OpInfo *Info = lookupAnyOp(Op);
  // A loss decides for itself (LossFunctions.cpp): a reduced loss is 0-d
  // whatever its input's rank.
  return Info &&
         (Info->Family == OpFamily::Loss || Info->Shape == OpShape::Same ||
          Info->Shape == OpShape::Broadcast ||
          Info->Shape == OpShape::Identity ||
          Info->Shape == OpShape::MethodForm);
}

std::optional<Value> Evaluator::tensorFunction(StringRef Op,
                                               const CallArgs &Args) {
  TensorOpRules Rules(*this);
  // Factories take sizes (or a tensor to imitate), not an input tensor.
  if (std::optional<Value> R = Rules.functionFactory(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionSpectral(Op, Args))
    return R;
  Value X = Args.arg(0);
  if (Op == "roll" || Op == "clone")
    return X.is(ValueKind::Tensor) ? X : Value::tensor(-1);
  if (Op == "flip" || Op == "fliplr" || Op == "flipud") // A reversed copy.
    return X.is(ValueKind::Tensor) ? sameShape(X) : Value::tensor(-1);
  // The rest take a tensor first, except the ones taking a sequence of
  // tensors, a mask or an equation.
  if (!X.is(ValueKind::Tensor) && Op != "cat" && Op != "concat" &&
      Op != "stack" && Op != "where" && Op != "einsum")
    return std::nullopt;
  if (isFreeRank(X) && !functionKeepsRankFree(Op, Args))
    return Value::tensor(-1); // Its result would depend on X's rank.
  if (Op == "cosine_similarity") {
    // The broadcast inputs reduced along `dim` (1 by default).
    Value B = broadcast(X, Args.arg(1));
    Value D = Args.Positional.size() > 2 || Args.keyword("dim")
                  ? keywordOr(Args, "dim", 2)
                  : Value::integer(1);
    std::optional<size_t> I;
    if (B.DimsKnown)
      I = normDim(D, B.Dims.size());
    if (!I)
      return Value::tensor(-1);
    Dims Out = B.Dims;
    Out.erase(Out.begin() + *I);
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op == "pairwise_distance") {
    // The broadcast inputs reduced along their last dimension (kept as 1
    // with keepdim=True).
    Value B = broadcast(X, Args.arg(1));
    if (!B.DimsKnown || B.Dims.empty())
      return Value::tensor(-1);
    Truth Keep = Args.Positional.size() > 4 ? Args.arg(4).truth()
                 : Args.keyword("keepdim")  ? Args.keyword("keepdim")->truth()
                                            : Truth::False;
    if (Keep == Truth::Unknown)
      return Value::tensor(-1);
    Dims Out = B.Dims;
    if (Keep == Truth::True)
      Out.back() = Sym.getOne();
    else
      Out.pop_back();
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op == "unique") {
    // Sorted distinct elements (without inverse, counts or dim): one
    // dimension, bounded by every element being distinct (an assumption).
    for (const auto &[K, V] : Args.Keywords)
      if (K != "sorted" && V.truth() != Truth::False)
        return std::nullopt;
    if (Args.Positional.size() > 1 || !X.DimsKnown ||
        is_contained(X.Dims, nullptr))
      return Value::tensor(1);
    Value R = Value::shaped({Sym.mul(X.Dims)}, resultBytes(X));
    R.IndexBound = X.IndexBound;
    if (CurrentCallSite)
      noteAssumption("the values of `" + CurrentCallSite->Text.str() + "` at " +
                     location(CurrentCallSite->Range) +
                     " are not known: all of its " + R.Dims[0]->str() +
                     " elements are taken as distinct (the upper bound)");
    return R;
  }
  if (std::optional<Value> R = Rules.functionProduct(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionRecurrent(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionSpatial(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionJoin(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionIndexing(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionElementwise(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionLoss(Op, Args))
    return R;
  if (std::optional<Value> R = Rules.functionBags(Op, Args))
    return R;
  return Rules.functionFromCatalog(Op, Args);
}

std::optional<Value> TensorOpRules::functionFactory(StringRef Op,
                                                    const CallArgs &Args) {
  Value X = Args.arg(0);
  if (Op == "empty" || Op == "zeros" || Op == "ones" || Op == "randn" ||
      Op == "rand" || Op == "full" || Op == "empty_like" ||
      Op == "zeros_like" || Op == "ones_like" || Op == "full_like" ||
      Op == "randn_like" || Op == "rand_like") {
    if (Op.ends_with("_like")) {
      if (!X.is(ValueKind::Tensor))
        return Value::tensor(-1);
      // A new tensor of X's shape (not X itself); of X's dtype unless one is
      // given (the activation dtype: a_bytes).
      Value R = sameShape(X);
      R.Bytes = X.Bytes;
      R.Fill = TensorFills(Eval).factoryFill(Op, Args);
      if (std::optional<Value> D = Args.keyword("dtype")) {
        std::string B = bytesOfDtype(*D);
        R.Bytes = D->is(ValueKind::DType) ? "a_bytes" : B.empty() ? R.Bytes : B;
      }
      return R;
    }
    CallArgs Sizes = Args;
    if (Op == "full" && !Sizes.Positional.empty())
      Sizes.Positional.resize(1);
    std::optional<Dims> D;
    if (Op == "full" && X.is(ValueKind::Tuple))
      D = Eval.shapeArgs(Sizes, 0);
    else if (Op != "full")
      D = Eval.shapeArgs(Sizes, 0);
    if (auto S = Args.keyword("size"))
      if (S->is(ValueKind::Tuple)) {
        CallArgs One;
        One.Positional.push_back(*S);
        D = Eval.shapeArgs(One, 0);
      }
    if (!D)
      return Value::tensor(-1);
    std::optional<Value> DType = Args.keyword("dtype");
    std::string Bytes = DType ? bytesOfDtype(*DType) : "";
    // torch.full infers a bool tensor from a bool fill value.
    Value FillValue = keywordOr(Args, "fill_value", 1);
    bool BoolFill = Op == "full" && !DType && FillValue.is(ValueKind::Bool);
    if (BoolFill)
      Bytes = "1";
    Value R = Value::shaped(*D, Bytes.empty() ? "a_bytes" : Bytes);
    R.Fill = TensorFills(Eval).factoryFill(Op, Args);
    if (BoolFill && !is_contained(*D, nullptr))
      R.TrueCount = FillValue.B ? Sym.mul(*D) : Sym.getZero();
    return R;
  }
  if (Op == "randperm") {
    // A permutation of range(n), int64 (its order is not known).
    const sym::Expr *N = Eval.dimExpr(indexValue(X));
    if (!N)
      return Value::tensor(1);
    return Eval.boundedIndices(Value::shaped({N}, "8"), N, "`randperm`");
  }
  // The legacy typed constructors of sizes (`torch.FloatTensor(n, m)`): an
  // uninitialized tensor of that element type.
  if (std::string B = bytesOfTypeName(Op);
      !B.empty() && !Args.Positional.empty() && Args.Keywords.empty() &&
      llvm::all_of(Args.Positional, [&](const Value &V) {
        return (V.is(ValueKind::Int) || V.is(ValueKind::Symbol)) &&
               Eval.dimExpr(V);
      })) {
    Dims Sizes;
    for (const Value &V : Args.Positional)
      Sizes.push_back(Eval.dimExpr(V));
    return Value::shaped(Sizes, B, "`torch." + Op.str() + "` of sizes");
  }
  if (Op == "eye") {
    // torch.eye(n, m=None, *, dtype=None): [n, m], m = n by default.
    const sym::Expr *N = Eval.dimExpr(keywordOr(Args, "n", 0));
    Value MV = keywordOr(Args, "m", 1);
    const sym::Expr *M =
        MV.isUnknown() || MV.is(ValueKind::None) ? N : Eval.dimExpr(MV);
    std::string B = "a_bytes";
    if (std::optional<Value> D = Args.keyword("dtype"))
      if (!D->is(ValueKind::DType) && !bytesOfDtype(*D).empty())
        B = bytesOfDtype(*D);
    if (!N || !M)
      return Value::tensor(2, "the size of `torch.eye` is not known");
    return Value::shaped({N, M}, B, "`torch.eye`");
  }
  if (Op == "arange") {
    // arange(end) / arange(start, end[, step]): ceil((end - start) / step)
    // int64 elements, or the dtype given (`dtype=x.dtype`: the
    // activations').
    std::optional<Value> DType = Args.keyword("dtype");
    std::string Bytes = !DType                        ? ""
                        : DType->is(ValueKind::DType) ? "a_bytes"
                                                      : bytesOfDtype(*DType);
    // A float bound or step (`arange(0.5, h)`, `arange(0, d, 2.0)`) makes
    // float32 elements, as torch's default dtype, and counts as its exact
    // fraction.
    bool AnyFloat = any_of(Args.Positional, [](const Value &V) {
      return V.is(ValueKind::Float) || V.Fractional;
    });
    if (Bytes.empty())
      Bytes = AnyFloat ? "4" : "8";
    auto Bound = [&](const Value &V) -> const sym::Expr * {
      if (V.is(ValueKind::Float))
        if (std::optional<std::pair<int64_t, int64_t>> PQ = shortFraction(V.F))
          return Sym.constant(PQ->first, PQ->second);
      return Eval.dimExpr(V);
    };
    // arange(end) starts at 0; with a step, or a fractional extent, the
    // count rounds up.
    bool OneArg = Args.Positional.size() == 1;
    bool Stepped = Args.Positional.size() >= 3;
    const sym::Expr *Lo = OneArg ? Sym.getZero() : Bound(Args.arg(0));
    const sym::Expr *Hi = Bound(OneArg ? X : Args.arg(1));
    const sym::Expr *Step = Stepped ? Bound(Args.arg(2)) : Sym.getOne();
    if (!Lo || !Hi || !Step || Step->isZero())
      return Value::tensor(1);
    const sym::Expr *N = Sym.sub(Hi, Lo);
    if (Stepped || !N->isIntegral())
      N = Sym.ceilDiv(N, Step);
    Value R = Value::shaped({N}, Bytes);
    return OneArg ? Eval.boundedIndices(R, N, "`arange`") : R;
  }
  if (std::optional<Value> R = functionFromData(Op, Args))
    return R;
  if (Op == "meshgrid") {
    // meshgrid(a, b, ..., indexing="ij"): k tensors of shape [|a|, |b|, ...].
    std::vector<Value> In = Args.Positional;
    if (In.size() == 1 && In[0].is(ValueKind::Tuple))
      In = In[0].Elems;
    if (In.empty())
      return Value::unknown();
    Dims Out;
    for (const Value &V : In) {
      if (!V.is(ValueKind::Tensor) || !V.DimsKnown || V.Dims.size() != 1)
        return Value::unknown();
      Out.push_back(V.Dims[0]);
    }
    if (auto Ix = Args.keyword("indexing"))
      if (Ix->is(ValueKind::Str) && Ix->Name == "xy" && Out.size() >= 2)
        std::swap(Out[0], Out[1]);
    // Each input expanded along the others: views with stride 0.
    Value Grid = Value::shaped(Out, In[0].Bytes);
    Grid.Contiguous = Out.size() < 2;
    return Value::tuple(std::vector<Value>(In.size(), Grid));
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::functionProduct(StringRef Op,
                                                    const CallArgs &Args) {
  Value X = Args.arg(0);
  if (Op == "matmul" || Op == "bmm" || Op == "mm")
    return Eval.matmul(X, Args.arg(1));
  if (Op == "baddbmm" || Op == "addmm") {
    bool Batched = Op == "baddbmm";
    return Eval.matmul(keywordOr(Args, Batched ? "batch1" : "mat1", 1),
                       keywordOr(Args, Batched ? "batch2" : "mat2", 2));
  }
  if (Op == "linear") {
    Value W = keywordOr(Args, "weight", 1);
    if (!X.DimsKnown || !W.is(ValueKind::Tensor) || !W.DimsKnown ||
        W.Dims.empty())
      return Value::tensor(X.Rank);
    Dims Out(X.Dims.begin(), X.Dims.end() - 1);
    Out.push_back(W.Dims.size() == 2 ? W.Dims[0] : nullptr);
    Value R = Value::shaped(Out, resultBytes(X));
    if (isFreeRank(X)) // [leading_dims, out_features], its rank not known.
      R.Rank = -1;
    return R;
  }
  if (Op == "einsum")
    return einsumShape(X, Args.Positional);
  if (Op == "scaled_dot_product_attention") {
    Value Q = X, V = Args.arg(2);
    if (!Q.DimsKnown || !V.is(ValueKind::Tensor) || !V.DimsKnown)
      return Value::tensor(Q.Rank);
    Dims Out(Q.Dims.begin(), Q.Dims.end() - 1);
    Out.push_back(V.Dims.back());
    return Value::shaped(Out, Q.Bytes);
  }
  // torch's fused inference kernels behind nn.MultiheadAttention and
  // nn.TransformerEncoderLayer fast paths: the output has the query's shape.
  if (Op == "_native_multi_head_attention" ||
      Op == "_transformer_encoder_layer_fwd") {
    Value Out = X;
    Out.Name.clear();
    Out.Contiguous = true;
    Out.Order.clear();
    if (Op == "_native_multi_head_attention")
      return Value::tuple({Out, Value::none()});
    return Out;
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::functionSpatial(StringRef Op,
                                                    const CallArgs &Args) {
  Value X = Args.arg(0);
  auto KwOr = [&](StringRef Name, size_t Pos) {
    return keywordOr(Args, Name, Pos);
  };
  if (Op == "pixel_shuffle" || Op == "pixel_unshuffle") {
    // [..., C, H, W] -> [..., C / r^2, H * r, W * r] (unshuffle: the
    // inverse), r the upscale (downscale) factor.
    bool Up = Op == "pixel_shuffle";
    const sym::Expr *F =
        Eval.dimExpr(KwOr(Up ? "upscale_factor" : "downscale_factor", 1));
    size_t Rank = X.Dims.size();
    if (!X.DimsKnown || Rank < 3 || !F || F->isZero())
      return Value::tensor(X.Rank);
    Dims Out = X.Dims;
    const sym::Expr *F2 = Sym.mul(F, F);
    auto Scale = [&](const sym::Expr *E, const sym::Expr *By, bool Mul) {
      return !E ? nullptr : Mul ? Sym.mul(E, By) : Sym.div(E, By);
    };
    Out[Rank - 3] = Scale(X.Dims[Rank - 3], F2, !Up);
    Out[Rank - 2] = Scale(X.Dims[Rank - 2], F, Up);
    Out[Rank - 1] = Scale(X.Dims[Rank - 1], F, Up);
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op == "im2col") {
    // F.unfold's im2col(input, kernel_size, dilation, padding, stride), each
    // a pair: [N, C, H, W] -> [N, C * kh * kw, L], L the number of blocks,
    // prod over H and W of floor((in + 2p - d(k-1) - 1) / s) + 1.
    if (!X.DimsKnown || X.Dims.size() != 4)
      return Value::tensor(-1);
    auto Pair = [&](size_t Pos, size_t I) -> const sym::Expr * {
      Value V = Args.arg(Pos);
      if (V.is(ValueKind::Tuple))
        return I < V.Elems.size() ? Eval.dimExpr(V.Elems[I]) : nullptr;
      return Eval.dimExpr(V);
    };
    const sym::Expr *Blocks = Sym.getOne(), *Patch = X.Dims[1];
    for (size_t I = 0; I < 2; ++I) {
      const sym::Expr *In = X.Dims[2 + I], *K = Pair(1, I), *D = Pair(2, I),
                      *P = Pair(3, I), *S = Pair(4, I);
      if (!In || !K || !D || !P || !S || S->isZero() || !Patch || !Blocks)
        return Value::shaped({X.Dims[0], nullptr, nullptr}, resultBytes(X));
      const sym::Expr *Num =
          Sym.sub(Sym.add(In, Sym.mul(Sym.constant(2), P)),
                  Sym.add(Sym.mul(D, Sym.sub(K, Sym.getOne())), Sym.getOne()));
      Blocks = Sym.mul(Blocks, Sym.add(Sym.floorDiv(Num, S), Sym.getOne()));
      Patch = Sym.mul(Patch, K);
    }
    return Value::shaped({X.Dims[0], Patch, Blocks}, resultBytes(X));
  }
  if (Op == "conv1d" || Op == "conv2d" || Op == "conv3d" ||
      Op == "max_pool1d" || Op == "max_pool2d" || Op == "avg_pool1d" ||
      Op == "avg_pool2d" || Op == "max_pool3d" || Op == "avg_pool3d") {
    bool Conv = Op.starts_with("conv");
    size_t Spatial = Op[Op.size() - 2] - '0'; // conv2d -> 2
    if (!X.DimsKnown || X.Dims.size() < Spatial + 1)
      return Value::tensor(X.Rank);
    Value W = Conv ? KwOr("weight", 1) : Value::unknown();
    auto Tuple = [&](const Value &V, int64_t Default) -> Dims {
      Dims Out;
      if (V.is(ValueKind::Tuple))
        for (const Value &E : V.Elems)
          Out.push_back(Eval.dimExpr(E));
      else if (Eval.dimExpr(V))
        Out.assign(Spatial, Eval.dimExpr(V));
      else if (V.isUnknown())
        Out.assign(Spatial, Sym.constant(Default));
      Out.resize(Spatial, nullptr);
      return Out;
    };
    Dims K, S, P, D;
    if (Conv) {
      if (!W.is(ValueKind::Tensor) || !W.DimsKnown ||
          W.Dims.size() != Spatial + 2)
        return Value::tensor(X.Rank);
      K.assign(W.Dims.end() - Spatial, W.Dims.end());
      S = Tuple(KwOr("stride", 3), 1);
      Value Pad = KwOr("padding", 4);
      if (Pad.is(ValueKind::Str) && Pad.Name == "same")
        P.assign(Spatial, nullptr);
      else if (Pad.is(ValueKind::Str) && Pad.Name == "valid")
        P.assign(Spatial, Sym.constant(0)); // torch: no padding.
      else
        P = Tuple(Pad, 0);
      D = Tuple(KwOr("dilation", 5), 1);
    } else {
      K = Tuple(KwOr("kernel_size", 1), 1);
      Value St = KwOr("stride", 2);
      S = St.isUnknown() || (St.is(ValueKind::Tuple) && St.Elems.empty())
              ? K
              : Tuple(St, 1);
      P = Tuple(KwOr("padding", 3), 0);
      D = Tuple(Op.contains("max") ? KwOr("dilation", 4) : Value::unknown(), 1);
    }
    // ceil_mode: max_pool's 6th argument, avg_pool's 5th.
    bool CeilMode =
        !Conv &&
        KwOr("ceil_mode", Op.contains("max") ? 5 : 4).truth() == Truth::True;
    Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
    if (Conv)
      Out.back() = W.Dims[0];
    for (size_t I = 0; I < Spatial; ++I) {
      const sym::Expr *In = X.Dims[X.Dims.size() - Spatial + I];
      Value Pad = KwOr("padding", 4);
      if (Conv && Pad.is(ValueKind::Str) && Pad.Name == "same") {
        Out.push_back(In);
        continue;
      }
      // A zero stride (torch rejects it) leaves the extent unknown.
      if (!In || !K[I] || !S[I] || !P[I] || !D[I] || S[I]->isZero()) {
        Out.push_back(nullptr);
        continue;
      }
      // floor((in + 2p - d(k-1) - 1) / s) + 1; with ceil_mode, ceil, less
      // one if the last window would start past the input and its left
      // padding (torch's pooling_output_shape).
      const sym::Expr *Num = Sym.sub(
          Sym.add(In, Sym.mul(Sym.constant(2), P[I])),
          Sym.add(Sym.mul(D[I], Sym.sub(K[I], Sym.getOne())), Sym.getOne()));
      if (CeilMode) {
        const sym::Expr *O = Sym.add(Sym.ceilDiv(Num, S[I]), Sym.getOne());
        const sym::Expr *Start = Sym.mul(Sym.sub(O, Sym.getOne()), S[I]);
        const sym::Expr *Past = Sym.sub(Start, Sym.add(In, P[I]));
        if (Past->isConstant() && !Past->getConstantValue().isNegative())
          O = Sym.sub(O, Sym.getOne());
        Out.push_back(O);
        continue;
      }
      Out.push_back(Sym.add(Sym.floorDiv(Num, S[I]), Sym.getOne()));
    }
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op.starts_with("adaptive_avg_pool") ||
      Op.starts_with("adaptive_max_pool")) {
    size_t Spatial = Op.contains("1d") ? 1 : Op.contains("3d") ? 3 : 2;
    if (!X.DimsKnown || X.Dims.size() < Spatial)
      return Value::tensor(X.Rank);
    Value O = KwOr("output_size", 1);
    Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
    for (size_t I = 0; I < Spatial; ++I)
      Out.push_back(O.is(ValueKind::Tuple) && I < O.Elems.size()
                        ? Eval.dimExpr(O.Elems[I])
                        : Eval.dimExpr(O));
    Value R = Value::shaped(Out, X.Bytes);
    // A max pool asked for its indices returns them too, int64.
    if (Op.starts_with("adaptive_max") &&
        KwOr("return_indices", 2).truth() == Truth::True)
      return Value::tuple({R, Value::shaped(Out, "8")});
    return R;
  }
  if (Op == "pad") {
    Value P = KwOr("pad", 1);
    if (!X.DimsKnown || !P.is(ValueKind::Tuple) || P.Elems.size() % 2)
      return Value::tensor(X.Rank);
    Dims Out = X.Dims;
    for (size_t I = 0; I < P.Elems.size() / 2 && I < Out.size(); ++I) {
      size_t D = Out.size() - 1 - I;
      const sym::Expr *L = Eval.dimExpr(P.Elems[2 * I]),
                      *R = Eval.dimExpr(P.Elems[2 * I + 1]);
      Out[D] = Out[D] && L && R ? Sym.add({Out[D], L, R}) : nullptr;
    }
    return Value::shaped(Out, X.Bytes);
  }
  return functionResample(Op, Args);
}

/// True for a tensor of shape [0]: torch.cat skips it beside tensors of
/// another rank (its legacy rule: `torch.cat([torch.empty(0), x])` is x).
static bool isLegacyEmpty(const Value &V) {
  return V.is(ValueKind::Tensor) && V.DimsKnown && V.Dims.size() == 1 &&
         V.Dims[0] && V.Dims[0]->isZero();
}

static Value withoutLegacyEmpty(const Value &Seq) {
  if (Seq.RepeatCount || !llvm::any_of(Seq.Elems, isLegacyEmpty) ||
      llvm::all_of(Seq.Elems, isLegacyEmpty))
    return Seq;
  Value R = Seq;
  llvm::erase_if(R.Elems, isLegacyEmpty);
  return R;
}

std::optional<Value> TensorOpRules::functionJoin(StringRef Op,
                                                 const CallArgs &Args) {
  if (Op != "cat" && Op != "concat" && Op != "stack")
    return std::nullopt;
  Value Seq = Args.arg(0);
  Value D = keywordOr(Args, "dim", 1);
  if (D.isUnknown())
    D = Value::integer(0);
  if (!Seq.is(ValueKind::Tuple) || Seq.Elems.empty())
    return Value::tensor(-1);
  // A list of N equal tensors (one representative): N pieces.
  const sym::Expr *Count = Seq.RepeatCount
                               ? Seq.RepeatCount
                               : Sym.constant(int64_t(Seq.Elems.size()));
  if (Op != "stack")
    Seq = withoutLegacyEmpty(Seq);
  const Value &First = Seq.Elems[0];
  if (!First.is(ValueKind::Tensor) || !First.DimsKnown)
    return Value::tensor(-1);
  size_t Rank = First.Dims.size();
  if (Op == "stack") {
    if (!D.is(ValueKind::Int))
      return Value::tensor(int(Rank) + 1);
    int64_t I = D.I < 0 ? D.I + int64_t(Rank) + 1 : D.I;
    Dims Out = First.Dims;
    Out.insert(Out.begin() + std::clamp<int64_t>(I, 0, Rank), Count);
    return Value::shaped(Out, First.Bytes);
  }
  auto I = normDim(D, Rank);
  if (!I)
    return Value::tensor(int(Rank));
  Dims Out = First.Dims;
  Dims Parts;
  for (const Value &E : Seq.Elems) {
    if (!E.is(ValueKind::Tensor) || !E.DimsKnown || E.Dims.size() != Rank ||
        !E.Dims[*I])
      return Value::tensor(int(Rank));
    Parts.push_back(E.Dims[*I]);
  }
  Out[*I] =
      Seq.RepeatCount ? Sym.mul(Seq.RepeatCount, Parts[0]) : Sym.add(Parts);
  return Value::shaped(Out, First.Bytes);
}

std::optional<Value> TensorOpRules::functionIndexing(StringRef Op,
                                                     const CallArgs &Args) {
  Value X = Args.arg(0);
  if (Op == "bucketize") {
    // bucketize(input, boundaries, *, out_int32=False, right=False): the
    // bucket of each element, int64 (int32 with out_int32=True).
    Value R = sameShape(X);
    std::optional<Value> Int32 = Args.keyword("out_int32");
    R.Bytes = Int32 && Int32->truth() == Truth::True ? "4" : "8";
    if (Int32 && Int32->truth() == Truth::Unknown)
      return Value::tensor(X.Rank, "the dtype of `bucketize` is not known");
    return R;
  }
  if (Op == "where" && Args.Positional.size() == 1) {
    // torch.where(mask): index tensors of the True positions. Their length
    // is data-dependent; inside a loop over the rows of a routing mask,
    // routing = 'uniform' gives each iteration its share of the elements.
    const ProfileEntry *Routing = Eval.fact("routing");
    const sym::Expr *N = X.DimsKnown && !llvm::is_contained(X.Dims, nullptr)
                             ? Sym.mul(X.Dims)
                             : nullptr;
    if (N && !Eval.RoutingShares.empty() && Routing &&
        Routing->Val.is(ValueKind::Str) && Routing->Val.Name == "uniform") {
      Value Idx = Value::shaped({Sym.div(N, Eval.RoutingShares.back())}, "8",
                                "uniform routing: each of the " +
                                    Eval.RoutingShares.back()->str() +
                                    " iterations receives an equal share");
      // The j-th index tensor holds coordinates along dimension j.
      std::vector<Value> Coords;
      for (const sym::Expr *D : X.Dims)
        Coords.push_back(Eval.boundedIndices(
            Idx, D, "`torch.where` of a mask, along a dimension"));
      return Value::tuple(std::move(Coords));
    }
    std::vector<Value> Coords;
    for (size_t J = 0, E = X.DimsKnown ? X.Dims.size() : 1; J < E; ++J)
      Coords.push_back(Eval.boundedIndices(
          Value::tensor(1), X.DimsKnown ? X.Dims[J] : nullptr,
          "`torch.where` of a mask, along a dimension"));
    return Value::tuple(std::move(Coords));
  }
  if (Op == "nonzero" || Op == "argwhere") {
    // Upper bound: every element is non-zero (all experts hit).
    if (!X.DimsKnown || llvm::is_contained(X.Dims, nullptr))
      return Value::tensor(2);
    // Each row holds the coordinates of a non-zero element.
    return Eval.boundedIndices(
        Value::shaped({Sym.mul(X.Dims), Sym.constant(int64_t(X.Dims.size()))},
                      "8"),
        Eval.largestExtent(X),
        "`" + Op.str() + "` of a tensor of shape " + X.str());
  }
  if (Op == "one_hot") {
    if (!X.DimsKnown)
      return Value::tensor(-1);
    const sym::Expr *Classes = Eval.dimExpr(keywordOr(Args, "num_classes", 1));
    if (!Classes)
      return Value::tensor(-1);
    Dims Out = X.Dims;
    Out.push_back(Classes);
    return Value::shaped(Out, "8");
  }
  if (Op == "embedding") {
    Value W = keywordOr(Args, "weight", 1);
    if (!X.DimsKnown || !W.DimsKnown || W.Dims.size() != 2)
      return Value::tensor(-1);
    Dims Out = X.Dims;
    Out.push_back(W.Dims[1]);
    return Value::shaped(Out);
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::functionElementwise(StringRef Op,
                                                        const CallArgs &Args) {
  Value X = Args.arg(0);
  if (Op == "greater" || Op == "less" || Op == "eq" || Op == "ne" ||
      Op == "gt" || Op == "lt" || Op == "ge" || Op == "le" ||
      Op == "greater_equal" || Op == "less_equal" || Op == "logical_not" ||
      Op == "logical_and" || Op == "logical_or" || Op == "logical_xor") {
    Value R =
        Args.arg(1).is(ValueKind::Tensor) ? Eval.broadcast(X, Args.arg(1)) : X;
    R.Name.clear();
    R.Bytes = "1";
    R.Contiguous = true;
    R.Order.clear();
    return R;
  }
  // torch.where(mask) with one argument is indexing (functionIndexing).
  if (Op == "where" && Args.Positional.size() != 1) {
    Value C = X, A = Args.arg(1), B = Args.arg(2);
    Value R = A.is(ValueKind::Tensor) ? Eval.broadcast(C, A) : C;
    return B.is(ValueKind::Tensor) ? Eval.broadcast(R, B) : R;
  }
  // Weight normalization computes weights from weights: the results keep
  // v's element size (w_bytes), as the convolution reading them does.
  if (Op == "quantize_per_tensor" || Op == "quantize_per_channel") {
    // (input, scale, zero_point[, axis], dtype): the input's shape in the
    // quantized type's element size.
    Value D = keywordOr(Args, "dtype", Op == "quantize_per_tensor" ? 3 : 4);
    std::string B = bytesOfDtype(D);
    if (B.empty() || !X.DimsKnown) {
      // Neither its size nor, for an unknown dtype, its element size is
      // known: never a free conversion between equal sizes.
      Value R = Value::tensor(-1);
      R.Bytes = "unknown";
      return R;
    }
    Value R = sameShape(X);
    R.Bytes = B;
    return R;
  }
  if (Op == "_weight_norm") {
    Value R = sameShape(X);
    R.Bytes = X.Bytes;
    return R;
  }
  if (Op == "norm_except_dim") {
    // norm_except_dim(v, pow, dim): 1 in every dimension but `dim`.
    Value R = sameShape(X);
    R.Bytes = X.Bytes;
    Value D = Args.arg(2);
    if (!R.DimsKnown || !D.is(ValueKind::Int))
      return Value::tensor(-1);
    if (D.I == -1)
      return Value::shaped({}, X.Bytes);
    std::optional<size_t> I = normDim(D, R.Dims.size());
    if (!I)
      return Value::tensor(int(R.Dims.size()));
    for (size_t J = 0; J < R.Dims.size(); ++J)
      if (J != *I)
        R.Dims[J] = Sym.getOne();
    return R;
  }
  if (Op == "glu") {
    // glu(x, dim=-1) halves `dim`.
    Value R = sameShape(X);
    if (R.DimsKnown && !R.Dims.empty()) {
      Value D = keywordOr(Args, "dim", 1);
      std::optional<size_t> I = D.isUnknown()
                                    ? std::optional<size_t>(R.Dims.size() - 1)
                                    : normDim(D, R.Dims.size());
      if (!I)
        return Value::tensor(int(R.Dims.size()));
      if (R.Dims[*I])
        R.Dims[*I] = Sym.div(R.Dims[*I], Sym.constant(2));
    }
    return R;
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::functionFromCatalog(StringRef Op,
                                                        const CallArgs &Args) {
  // Shape-only entries included: they have a shape rule but no cost rule.
  const OpInfo *Info = lookupAnyOp(Op);
  if (!Info)
    return std::nullopt;
  Value X = Args.arg(0);
  switch (Info->Shape) {
  case OpShape::MethodForm: {
    // Functional forms of Tensor methods: torch.transpose(x, 0, 1), ...
    CallArgs Rest = Args;
    Rest.Positional.erase(Rest.Positional.begin());
    return Eval.tensorMethod(X, Op, Rest);
  }
  case OpShape::Broadcast:
    if (Args.Positional.size() > 1 && Args.arg(1).is(ValueKind::Tensor))
      return Eval.broadcast(X, Args.arg(1));
    return sameShape(X);
  case OpShape::Same: {
    // Element-wise functions and normalizations keep the input's shape;
    // the magnitude of complex numbers is real.
    Value R = sameShape(X);
    if (Op == "abs" && isComplexBytes(X.Bytes))
      R.Bytes = realPartBytes(X.Bytes);
    return R;
  }
  case OpShape::Identity: {
    // Eval-mode dropout returns its input itself.
    Value R = sameShape(X);
    R.Name = X.Name;
    return R;
  }
  case OpShape::Rule:
    // A reduction whose method has the rule (`torch.logsumexp(x, dim)`,
    // `torch.var`, `torch.prod`): its functional form is the method's.
    if (Info->Family == OpFamily::Reduction && X.is(ValueKind::Tensor)) {
      CallArgs Rest = Args;
      Rest.Positional.erase(Rest.Positional.begin());
      return Eval.tensorMethod(X, Op, Rest);
    }
    break;
  case OpShape::Operator:
    break;
  }
  return std::nullopt;
}

} // namespace modcost
