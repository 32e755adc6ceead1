//===- TensorMethods.cpp - Shapes of Tensor methods -----------------------===//
///
/// \file
/// The result of `x.method(...)` for a tensor `x`: its metadata (`dim()`,
/// `size()`), and the shape, element size and layout of what views,
/// reshapes, casts, splits, reductions, indexing and element-wise methods
/// return. tensorMethod tries one family after another; each returns nullopt
/// for a method not of its family. A method no family knows gives a tensor of
/// unknown shape that may be the receiver itself. docs/Shapes.md lists the
/// rules.
///
//===----------------------------------------------------------------------===//

#include "FillArithmetic.h"
#include "TensorFills.h"
#include "TensorOpRules.h"
#include "TensorShapes.h"
#include "modcost/Interp/TensorLayout.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <numeric>

using namespace llvm;

namespace modcost {

/// True for a method whose result on a tensor of unknown rank depends only
/// on its elements and its last dimension: element-wise ones, and
/// reductions with no dimension or the last one (-1).
static bool methodKeepsRankFree(StringRef M, const CallArgs &Args) {
  if (StringRef(M).starts_with("view") || M == "reshape" || M == "permute" ||
      M == "transpose" || M == "flatten" || M == "unflatten" ||
      M == "unsqueeze" || M == "squeeze" || M == "expand" || M == "expand_as" ||
      M == "repeat" || M == "narrow" || M == "select" || M == "chunk" ||
      M == "split" || M == "unbind" || M == "movedim" || M == "swapaxes" ||
      M == "gather" || M == "index_select" || M == "matmul" || M == "mm" ||
      M == "bmm" || M == "flip" || M == "roll" || M == "tile" || M == "outer" ||
      M == "unfold")
    return false;
  bool Reduces = StringSwitch<bool>(M)
                     .Cases("sum", "mean", "prod", "max", "min", "amax", true)
                     .Cases("amin", "argmax", "argmin", "norm", "std", true)
                     .Cases("var", "softmax", "log_softmax", "cumsum", true)
                     .Cases("logsumexp", "all", "any", "count_nonzero", true)
                     .Default(false);
  if (!Reduces)
    return true;
  std::optional<Value> D = Args.keyword("dim");
  if (!D && !Args.Positional.empty())
    D = Args.Positional.front();
  return !D || D->is(ValueKind::None) || (D->is(ValueKind::Int) && D->I == -1);
}

Value Evaluator::tensorMethod(const Value &T, StringRef M,
                              const CallArgs &Args) {
  TensorOpRules Rules(*this);
  if (std::optional<Value> R = Rules.methodMetadata(T, M, Args))
    return *R;
  if (std::optional<Value> R = Rules.methodCopyOrCast(T, M, Args))
    return withIndexBoundOf(T, M, *R);
  // A tensor whose rank nothing fixes takes element-wise methods and
  // reductions (over all of it or its last dimension), not reshapes or
  // reorderings, which depend on the rank.
  bool RankFree = isFreeRank(T) && !methodKeepsRankFree(M, Args);
  if (!T.DimsKnown || RankFree) {
    Value R = Value::tensor(-1);
    R.Name = UnknownIdentity; // Some methods return their receiver.
    return R;
  }
  if (std::optional<Value> R = Rules.methodReshape(T, M, Args))
    return withIndexBoundOf(T, M, *R);
  if (std::optional<Value> R = Rules.methodFlatten(T, M, Args))
    return withIndexBoundOf(T, M, *R);
  if (std::optional<Value> R = Rules.methodDimOrder(T, M, Args))
    return withIndexBoundOf(T, M, *R);
  if (std::optional<Value> R = Rules.methodSplit(T, M, Args))
    return withIndexBoundOf(T, M, *R);
  if (std::optional<Value> R = Rules.methodReduction(T, M, Args)) {
    methodResultFill(T, M, Args, *R, Sym); // FillArithmetic.cpp
    return *R;
  }
  if (M == "matmul" || M == "bmm" || M == "mm")
    return matmul(T, Args.arg(0));
  // `bias.baddbmm(batch1=q, batch2=k)`: the product, the receiver added
  // (broadcast) to it (Bloom's alibi scores).
  if (M == "baddbmm" || M == "addmm") {
    bool Batched = M == "baddbmm";
    return matmul(keywordOr(Args, Batched ? "batch1" : "mat1", 0),
                  keywordOr(Args, Batched ? "batch2" : "mat2", 1));
  }
  if (std::optional<Value> R = Rules.methodIndexing(T, M, Args))
    return *R;
  if (std::optional<Value> R = Rules.methodElementwise(T, M, Args)) {
    methodResultFill(T, M, Args, *R, Sym);
    return *R;
  }
  Value R = Value::tensor(-1);
  R.Name = UnknownIdentity; // An unknown method may return its receiver.
  return R;
}

std::optional<Value> TensorOpRules::methodMetadata(const Value &T, StringRef M,
                                                   const CallArgs &Args) {
  size_t Rank = T.DimsKnown ? T.Dims.size() : 0;
  if (M == "dim" || M == "ndimension")
    return T.Rank >= 0 ? Value::integer(T.Rank, T.Why) : Value::unknown();
  if (M == "size") {
    if (!T.DimsKnown || isFreeRank(T))
      return Value::unknown();
    if (Args.Positional.empty() && !Args.keyword("dim")) {
      std::vector<Value> Elems;
      for (const sym::Expr *D : T.Dims)
        Elems.push_back(Eval.dimValue(D));
      return Value::tuple(std::move(Elems));
    }
    if (auto I = normDim(dimArg(Args, 0), Rank))
      return Eval.dimValue(T.Dims[*I]);
    return Value::unknown();
  }
  if (M == "numel") {
    if (!T.DimsKnown || llvm::is_contained(T.Dims, nullptr))
      return Value::unknown();
    Value N = Eval.dimValue(Sym.mul(T.Dims));
    // Extents that are products of size symbols and positive constants
    // (the profile's batch_size, seq_len, the free-rank leading_dims...)
    // are at least 1, so is their product: `x.numel() == 0` is False.
    // cache_len may be 0 (an empty cache), floors of sizes too.
    if (llvm::all_of(T.Dims, isPositiveSizeProduct)) {
      N.MinValue = 1;
      N.Why = "the number of elements of a tensor of extents " +
              Sym.mul(T.Dims)->str() + ", sizes of at least 1 each";
    }
    return N;
  }
  if (M == "item" && T.Fill)
    return Eval.dimValue(T.Fill);
  if (M == "is_floating_point" && T.Bytes != "4") {
    // Activations and weights are floating point; int64 ids and bool masks
    // are not. A 4-byte tensor may be either (int32, float32).
    bool Float = T.Bytes == "a_bytes" || T.Bytes == "w_bytes" || T.Bytes == "2";
    return Value::boolean(Float,
                          "`" + T.Name + "` has " + T.Bytes + "-byte elements");
  }
  // `x.type()` without a dtype: the type's name, a string.
  if (M == "type" && Args.Positional.empty() && Args.Keywords.empty())
    return Value::unknown("the type name of a tensor");
  if (M == "item" || M == "tolist" || M == "is_floating_point" ||
      M == "is_contiguous" || M == "is_complex" || M == "data_ptr" ||
      M == "stride" || M == "element_size")
    return Value::unknown();
  return std::nullopt;
}

std::optional<Value> TensorOpRules::methodCopyOrCast(const Value &T,
                                                     StringRef M,
                                                     const CallArgs &Args) {
  if (M == "contiguous") {
    Value R = T;
    if (!T.Contiguous) // A contiguous tensor returns itself.
      R.Name.clear();
    R.Contiguous = true;
    R.Order.clear();
    return R;
  }
  if (M == "clone" || M == "detach")
    return sameShape(T);
  // The legacy constructor `x.new(t)` of one tensor returns an alias of t
  // (autograd Functions' `x.new(x)`, HuBERT's GradMultiply).
  if (M == "new" && Args.Positional.size() == 1 && Args.Keywords.empty() &&
      Args.arg(0).is(ValueKind::Tensor))
    return Args.arg(0);
  if (M == "dequantize") { // Back to float32.
    Value R = sameShape(T);
    R.Bytes = "4";
    return R;
  }
  if (!(M == "float" || M == "half" || M == "bfloat16" || M == "double" ||
        M == "long" || M == "int" || M == "bool" || M == "to" || M == "type" ||
        M == "type_as" || M == "cpu" || M == "cuda"))
    return std::nullopt;
  // A device move is `to(device)`: devices are not modeled, so the tensor
  // itself, as `to` without a dtype returns it.
  if (M == "cpu" || M == "cuda")
    M = "to";
  Value R = sameShape(T);
  std::string B = M == "float"                       ? "4"
                  : (M == "half" || M == "bfloat16") ? "2"
                  : M == "double" || M == "long"     ? "8"
                  : M == "int"                       ? "4"
                  : M == "bool"                      ? "1"
                                                     : "";
  if (M == "to" || M == "type") {
    Value D = keywordOr(Args, "dtype", 0);
    B = bytesOfDtype(D);
    if (D.is(ValueKind::DType) && D.Name == "activation dtype")
      B = "a_bytes"; // .to(x.dtype): back to the activation type.
    if (B.empty() && D.is(ValueKind::Tensor))
      B = D.Bytes;
    if (B.empty() && M == "type" &&
        (D.is(ValueKind::Str) || D.is(ValueKind::Callable)))
      B = bytesOfTypeName(D.Name);
    if (B.empty())
      B = resultBytes(T);
  }
  if (M == "type_as")
    B = Args.arg(0).is(ValueKind::Tensor) ? Args.arg(0).Bytes : T.Bytes;
  R.Bytes = B;
  // A cast keeps a stated element value; to bool it becomes its truth.
  R.Fill = T.Fill;
  if (B == "1" && T.Fill && T.Fill->isConstant())
    R.Fill = Sym.constant(T.Fill->getConstantValue().isZero() ? 0 : 1);
  // A cast to its own type returns the tensor itself; between element
  // sizes that may be equal (a_bytes and 4) it may.
  auto Literal = [](StringRef X) { return !X.empty() && isDigit(X[0]); };
  if (B == T.Bytes)
    R.Name = T.Name;
  else if (!Literal(B) || !Literal(T.Bytes))
    R.Name = UnknownIdentity;
  return R;
}

/// Replaces the one `-1` of a new shape \p Out by what the element count of
/// \p In leaves for it (unknown if an extent is).
static void solveMinusOne(Dims &Out, const Dims &In, sym::ExprContext &Sym) {
  int Minus = -1;
  for (size_t I = 0; I < Out.size(); ++I)
    if (Out[I] && Out[I]->isConstant() &&
        Out[I]->getConstantValue() == sym::Rational(-1))
      Minus = int(I);
  if (Minus < 0)
    return;
  Out[Minus] = nullptr;
  bool Known = !llvm::is_contained(In, nullptr);
  Dims Others;
  for (size_t I = 0; I < Out.size(); ++I)
    if (int(I) != Minus) {
      if (!Out[I])
        Known = false;
      else
        Others.push_back(Out[I]);
    }
  if (!Known)
    return;
  // Other extents of product 0 (an empty selection): torch cannot infer
  // the -1 either; it stays unknown.
  const sym::Expr *Den = Others.empty() ? Sym.getOne() : Sym.mul(Others);
  if (Den->isConstant() && Den->getConstantValue() == sym::Rational(0))
    return;
  Out[Minus] = Sym.div(Sym.mul(In), Den);
}

std::optional<Value> TensorOpRules::methodReshape(const Value &T, StringRef M,
                                                  const CallArgs &Args) {
  size_t Rank = T.Dims.size();
  if (M == "repeat_interleave") {
    auto I = normDim(dimArg(Args, 1), Rank);
    const sym::Expr *N = Eval.dimExpr(Args.arg(0));
    if (!I || !N)
      return Value::tensor(-1);
    Value R = sameShape(T);
    R.Dims[*I] = T.Dims[*I] ? Sym.mul(T.Dims[*I], N) : nullptr;
    return R;
  }
  if (!(M == "view" || M == "reshape" || M == "view_as" || M == "reshape_as" ||
        M == "expand" || M == "expand_as" || M == "repeat" || M == "tile" ||
        M == "new_zeros" || M == "new_ones" || M == "new_empty"))
    return std::nullopt;
  std::optional<Dims> Shape;
  if (M == "view_as" || M == "reshape_as" || M == "expand_as") {
    if (Args.arg(0).is(ValueKind::Tensor) && Args.arg(0).DimsKnown)
      Shape = Args.arg(0).Dims;
  } else {
    Shape = Eval.shapeArgs(Args, 0);
  }
  if (!Shape)
    return Value::tensor(-1);
  Dims Out = *Shape;
  if (M == "expand" || M == "expand_as") {
    size_t Off = Out.size() - std::min(Out.size(), T.Dims.size());
    for (size_t I = 0; I < Out.size(); ++I)
      if (Out[I] && Out[I]->isConstant() &&
          Out[I]->getConstantValue() == sym::Rational(-1) && I >= Off)
        Out[I] = T.Dims[I - Off];
    // Stride 0 where an extent grows (from 1 or from nothing); an expand
    // that grows nothing but adds leading size-1 dimensions is T itself.
    bool Grows = false;
    for (size_t I = 0; I < Out.size(); ++I) {
      const sym::Expr *From = I < Off ? Sym.getOne() : T.Dims[I - Off];
      Grows |= From != Out[I] && !(Out[I] && Out[I]->isOne());
    }
    Value R = Value::shaped(Out, resultBytes(T));
    R.Contiguous = !Grows && T.Contiguous;
    R.Fill = T.Fill;
    return R;
  }
  // tile: as repeat, with fewer repeats than dimensions padded with
  // leading 1s.
  if (M == "tile" && Out.size() < T.Dims.size())
    Out.insert(Out.begin(), T.Dims.size() - Out.size(), Sym.getOne());
  if (M == "repeat" || M == "tile") {
    size_t Off = Out.size() - std::min(Out.size(), T.Dims.size());
    for (size_t I = Off; I < Out.size(); ++I)
      Out[I] = Out[I] && T.Dims[I - Off] ? Sym.mul(Out[I], T.Dims[I - Off])
                                         : nullptr;
    // The same elements repeated: of T's element type (int64 positions
    // stay integer indices).
    Value R = Value::shaped(Out, resultBytes(T));
    R.Fill = T.Fill;
    return R;
  }
  solveMinusOne(Out, T.Dims, Sym);
  // A view or reshape of a weight is still read as a weight.
  bool View =
      M == "view" || M == "reshape" || M == "view_as" || M == "reshape_as";
  Value R = Value::shaped(Out, View ? T.Bytes : resultBytes(T));
  if (View || M == "expand" || M == "expand_as" || M == "repeat")
    R.Fill = T.Fill; // The same elements, rearranged or repeated.
  if (M.starts_with("new_"))
    R.Fill = TensorFills(Eval).factoryFill(M, Args);
  if (View) {
    // A view of T's strides when torch can take one (a strided result:
    // the reshape is free), else a copy (contiguous). A view that torch
    // could not take raises; it is left contiguous.
    if (std::optional<Value> L = reshapeLayout(T, Out, Sym)) {
      R.Contiguous = L->Contiguous;
      R.Order = L->Order;
    }
  }
  return R;
}

std::optional<Value> TensorOpRules::methodFlatten(const Value &T, StringRef M,
                                                  const CallArgs &Args) {
  size_t Rank = T.Dims.size();
  if (M == "unflatten") {
    auto I = normDim(dimArg(Args, 0), Rank);
    Value Sizes = keywordOr(Args, "sizes", 1);
    if (!I || !Sizes.is(ValueKind::Tuple))
      return Value::tensor(-1);
    Dims Out(T.Dims.begin(), T.Dims.begin() + *I);
    Dims Parts;
    for (const Value &S : Sizes.Elems)
      Parts.push_back(Eval.dimExpr(S));
    int Minus = -1;
    for (size_t K = 0; K < Parts.size(); ++K)
      if (Parts[K] && Parts[K]->isConstant() &&
          Parts[K]->getConstantValue() == sym::Rational(-1))
        Minus = int(K);
    if (Minus >= 0) {
      Dims Others;
      for (size_t K = 0; K < Parts.size(); ++K)
        if (int(K) != Minus && Parts[K])
          Others.push_back(Parts[K]);
      Parts[Minus] =
          T.Dims[*I] ? Sym.div(T.Dims[*I], Sym.mul(Others)) : nullptr;
    }
    Out.insert(Out.end(), Parts.begin(), Parts.end());
    Out.insert(Out.end(), T.Dims.begin() + *I + 1, T.Dims.end());
    Value R = Value::shaped(Out, resultBytes(T));
    // Splitting one dimension: always a view of T's strides.
    std::optional<Value> L = reshapeLayout(T, Out, Sym);
    R.Contiguous = L ? L->Contiguous : T.Contiguous;
    R.Order = L ? L->Order : std::vector<uint8_t>();
    return R;
  }
  if (M != "flatten")
    return std::nullopt;
  Value S = keywordOr(Args, "start_dim", 0);
  Value E = keywordOr(Args, "end_dim", 1);
  if (S.isUnknown())
    S = Value::integer(0);
  if (E.isUnknown())
    E = Value::integer(-1);
  auto A = normDim(S, Rank), B = normDim(E, Rank);
  if (Rank == 0)
    return Value::shaped({Sym.getOne()});
  if (!A || !B || *A > *B)
    return Value::tensor(-1);
  Dims Out(T.Dims.begin(), T.Dims.begin() + *A);
  Dims Mid(T.Dims.begin() + *A, T.Dims.begin() + *B + 1);
  Out.push_back(llvm::is_contained(Mid, nullptr) ? nullptr : Sym.mul(Mid));
  Out.insert(Out.end(), T.Dims.begin() + *B + 1, T.Dims.end());
  Value R = Value::shaped(Out, resultBytes(T));
  // As reshape: a view when T's strides allow it, else a copy.
  if (std::optional<Value> L = reshapeLayout(T, Out, Sym)) {
    R.Contiguous = L->Contiguous;
    R.Order = L->Order;
  }
  return R;
}

std::optional<Value> TensorOpRules::methodDimOrder(const Value &T, StringRef M,
                                                   const CallArgs &Args) {
  size_t Rank = T.Dims.size();
  if (M == "transpose" || M == "swapaxes" || M == "swapdims") {
    auto A = normDim(Args.arg(0), Rank), B = normDim(Args.arg(1), Rank);
    if (!A || !B)
      return Value::tensor(int(Rank));
    Value R = viewOf(T);
    std::swap(R.Dims[*A], R.Dims[*B]);
    std::vector<size_t> Perm(Rank);
    std::iota(Perm.begin(), Perm.end(), 0);
    std::swap(Perm[*A], Perm[*B]);
    permuteLayout(R, T, Perm);
    return R;
  }
  if (M == "t" && Rank == 2) {
    Value R = viewOf(T);
    std::swap(R.Dims[0], R.Dims[1]);
    permuteLayout(R, T, {1, 0});
    return R;
  }
  if (M == "permute") {
    std::vector<Value> Order =
        Args.Positional.size() == 1 && Args.arg(0).is(ValueKind::Tuple)
            ? Args.arg(0).Elems
            : Args.Positional;
    if (Order.size() != Rank)
      return Value::tensor(int(Rank));
    Value R = viewOf(T);
    std::vector<size_t> Perm;
    for (size_t I = 0; I < Rank; ++I) {
      auto D = normDim(Order[I], Rank);
      if (!D)
        return Value::tensor(int(Rank));
      R.Dims[I] = T.Dims[*D];
      Perm.push_back(*D);
    }
    permuteLayout(R, T, Perm);
    return R;
  }
  if (M == "unsqueeze") {
    Value D = dimArg(Args, 0);
    if (!D.is(ValueKind::Int))
      return Value::tensor(int(Rank) + 1);
    int64_t I = D.I < 0 ? D.I + int64_t(Rank) + 1 : D.I;
    if (I < 0 || I > int64_t(Rank))
      return Value::tensor(int(Rank) + 1);
    Value R = viewOf(T, /*KeepContiguous=*/true);
    R.Dims.insert(R.Dims.begin() + I, Sym.getOne());
    R.Rank = int(R.Dims.size());
    unsqueezeLayout(R, T, size_t(I));
    return R;
  }
  if (M == "squeeze") {
    Value R = viewOf(T, /*KeepContiguous=*/true);
    std::vector<size_t> Dropped;
    if (Args.Positional.empty() && !Args.keyword("dim")) {
      Dims Out;
      for (size_t I = 0; I < Rank; ++I)
        if (!(T.Dims[I] && T.Dims[I]->isOne()))
          Out.push_back(T.Dims[I]);
        else
          Dropped.push_back(I);
      R.Dims = Out;
    } else if (auto I = normDim(dimArg(Args, 0), Rank)) {
      if (T.Dims[*I] && T.Dims[*I]->isOne()) {
        R.Dims.erase(R.Dims.begin() + *I);
        Dropped.push_back(*I);
      }
    }
    R.Rank = int(R.Dims.size());
    squeezeLayout(R, T, Dropped);
    return R;
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::methodSplit(const Value &T, StringRef M,
                                                const CallArgs &Args) {
  if (M != "chunk" && M != "split" && M != "unbind")
    return std::nullopt;
  Value D = M == "unbind" ? dimArg(Args, 0) : dimArg(Args, 1);
  if (D.isUnknown())
    D = Value::integer(0);
  auto I = normDim(D, T.Dims.size());
  if (!I)
    return Value::unknown();
  const sym::Expr *Extent = T.Dims[*I];
  // A piece along the first dimension is contiguous; along another, when
  // every dimension before it has size 1 (torch ignores their strides).
  bool PieceContiguous =
      *I == 0 || (T.Contiguous && llvm::all_of(ArrayRef(T.Dims).take_front(*I),
                                               [](const sym::Expr *D) {
                                                 return D && D->isOne();
                                               }));
  // The count or sizes, positional or by keyword (`chunk(chunks=2, dim=2)`).
  Value N = M == "chunk"   ? keywordOr(Args, "chunks", 0)
            : M == "split" ? keywordOr(Args, "split_size", 0)
                           : Args.arg(0);
  if (M == "split" && N.isUnknown())
    N = keywordOr(Args, "split_size_or_sections", 0);
  std::optional<int64_t> Count;
  const sym::Expr *Piece = nullptr;
  if (M == "unbind") {
    if (Extent && Extent->isConstant())
      Count = Extent->getConstantValue().getNumerator().tryGetInt64();
  } else if (M == "chunk" && N.is(ValueKind::Int)) {
    Count = N.I;
    Piece = Extent ? Sym.div(Extent, Sym.constant(N.I)) : nullptr;
  } else if (M == "split" && N.is(ValueKind::Tuple)) {
    // split([s0, s1, ...], dim): one piece per size.
    std::vector<Value> Pieces;
    for (const Value &S : N.Elems) {
      Value Part = viewOf(T);
      Part.Dims[*I] = Eval.dimExpr(S);
      Part.Contiguous = PieceContiguous;
      Pieces.push_back(Part);
    }
    return Value::tuple(std::move(Pieces));
  } else if (M == "split") {
    const sym::Expr *Size = Eval.dimExpr(N);
    if (Size && Extent) {
      const sym::Expr *Q = Sym.div(Extent, Size);
      if (Q->isConstant())
        Count = Q->getConstantValue().getNumerator().tryGetInt64();
      Piece = Size;
    }
  }
  bool Many = !Count || *Count > 64;
  if (M == "unbind" && Many && Extent) {
    // As many pieces as a symbolic or large extent: N equal views (a loop
    // over them runs N identical iterations).
    Value Part = viewOf(T);
    Part.Dims.erase(Part.Dims.begin() + *I);
    Part.Rank = int(Part.Dims.size());
    Value R = Value::tuple({Part});
    R.RepeatCount = Extent;
    return R;
  }
  if (Many || *Count <= 0)
    return Value::unknown();
  Value Part = viewOf(T);
  if (M == "unbind") {
    Part.Dims.erase(Part.Dims.begin() + *I);
  } else {
    Part.Dims[*I] = Piece;
    Part.Contiguous = PieceContiguous;
  }
  Part.Rank = int(Part.Dims.size());
  return Value::tuple(std::vector<Value>(size_t(*Count), Part));
}

std::optional<Value> TensorOpRules::methodReduction(const Value &T, StringRef M,
                                                    const CallArgs &Args) {
  size_t Rank = T.Dims.size();
  if (M == "topk") {
    Value D = dimArg(Args, 1);
    if (D.isUnknown())
      D = Value::integer(-1);
    auto I = normDim(D, Rank);
    if (!I)
      return Value::unknown();
    Value R = sameShape(T);
    R.Dims[*I] = Eval.dimExpr(keywordOr(Args, "k", 0)); // topk(x, k=..., dim=1)
    Value Idx = R;
    Idx.Bytes = "8"; // int64 indices
    Idx = Eval.boundedIndices(Idx, T.Dims[*I], "`topk` along a dimension");
    return Value::tuple({R, Idx});
  }
  if (M == "sort" || M == "argsort") {
    // sort(dim=-1, descending=False): the values in order and their int64
    // positions along dim (a tuple); argsort: the positions alone.
    Value D = dimArg(Args, 0);
    if (D.isUnknown() || D.is(ValueKind::Bool))
      D = Value::integer(-1); // `x.sort(descending=True)`: the last dim.
    auto I = normDim(D, Rank);
    if (!I && Rank != 0)
      return Value::unknown();
    Value Idx = sameShape(T);
    Idx.Bytes = "8";
    if (I)
      Idx = Eval.boundedIndices(Idx, T.Dims[*I],
                                "`" + M.str() + "` along a dimension");
    if (M == "argsort")
      return Idx;
    return Value::tuple({sameShape(T), Idx});
  }
  // `aminmax`: the amin and the amax of the same reduction, a pair.
  if (M == "aminmax") {
    std::optional<Value> R = methodReduction(T, "amin", Args);
    if (!R || !R->is(ValueKind::Tensor))
      return Value::tensor(-1);
    return Value::tuple({*R, *R});
  }
  if (!(M == "sum" || M == "mean" || M == "amax" || M == "amin" || M == "max" ||
        M == "min" || M == "var" || M == "std" || M == "norm" || M == "prod" ||
        M == "argmax" || M == "argmin" || M == "logsumexp" || M == "all" ||
        M == "any"))
    return std::nullopt;
  // Element-wise max/min of two tensors (`torch.min(a, b)`): the other
  // tensor is no dimension.
  if ((M == "max" || M == "min") && Args.arg(0).is(ValueKind::Tensor))
    return Eval.broadcast(T, Args.arg(0));
  Value D = dimArg(Args, M == "norm" ? 1 : 0);
  std::optional<Value> KeepDim = Args.keyword("keepdim");
  bool Keep = KeepDim && KeepDim->truth() == Truth::True;
  // torch sums (and multiplies) bool and 8-bit integer elements as int64.
  std::string RB = M == "all" || M == "any" ? "1"
                   : (M == "sum" || M == "prod") && T.Bytes == "1"
                       ? "8"
                       : resultBytes(T);
  if (D.isUnknown()) {
    Value R = Value::shaped({}, RB);
    // The max or min of a tensor whose elements are all one stated value.
    if (M == "max" || M == "min" || M == "amax" || M == "amin" || M == "mean")
      R.Fill = T.Fill;
    // Their sum: transformers' `fast_all(mask)` is `mask.sum() ==
    // mask.numel()`.
    if (M == "sum")
      R.Fill = TensorFills(Eval).sumOfFill(T);
    // An index into the flattened tensor.
    if (M == "argmax" || M == "argmin") {
      R.Bytes = "8";
      R = Eval.boundedIndices(R, Eval.extentOfAll(T),
                              "`" + M.str() + "` of a tensor");
    }
    // The largest or smallest of bounded indices is one of them.
    if (M == "max" || M == "min" || M == "amax" || M == "amin")
      R.IndexBound = T.IndexBound;
    // all() and any() of it are its truth (an attention mask without
    // padding is all ones): a 0-d tensor whose truth is known.
    if ((M == "all" || M == "any") && T.Fill && T.Fill->isConstant()) {
      R.Fill = Sym.constant(T.Fill->getConstantValue().isZero() ? 0 : 1);
      R.Why = "every element is " + T.Fill->str() +
              " (a stated input value, [input_value], or the value its "
              "factory fills in: torch.ones/zeros/full)";
    }
    return R;
  }
  std::vector<Value> Ds =
      D.is(ValueKind::Tuple) ? D.Elems : std::vector<Value>{D};
  std::vector<bool> Drop(Rank, false);
  for (const Value &X : Ds) {
    auto I = normDim(X, Rank);
    if (!I)
      return Value::tensor(-1);
    Drop[*I] = true;
  }
  Dims Out;
  for (size_t I = 0; I < Rank; ++I)
    if (!Drop[I])
      Out.push_back(T.Dims[I]);
    else if (Keep)
      Out.push_back(Sym.getOne());
  Value R = Value::shaped(Out, RB);
  // Over the last dimension of a tensor whose rank nothing fixes: the
  // result's rank is not known either (`x.mean(-1, keepdim=True)`).
  if (isFreeRank(T) && !Out.empty())
    R.Rank = -1;
  // Along one dimension, an index is below its extent.
  std::optional<size_t> Along =
      Ds.size() == 1 ? normDim(Ds[0], Rank) : std::nullopt;
  const sym::Expr *Extent = Along ? T.Dims[*Along] : nullptr;
  if ((M == "max" || M == "min") && !D.isUnknown()) {
    Value Idx = R;
    Idx.Bytes = "8"; // (values, int64 indices)
    Idx =
        Eval.boundedIndices(Idx, Extent, "`" + M.str() + "` along a dimension");
    R.IndexBound = T.IndexBound;
    return Value::tuple({R, Idx});
  }
  if (M == "argmax" || M == "argmin") {
    R.Bytes = "8"; // int64 indices
    R = Eval.boundedIndices(R, Extent, "`" + M.str() + "` along a dimension");
  }
  if (M == "amax" || M == "amin")
    R.IndexBound = T.IndexBound;
  return R;
}

std::optional<Value> TensorOpRules::methodIndexing(const Value &T, StringRef M,
                                                   const CallArgs &Args) {
  if (M == "gather") {
    // gather(dim, index): the output has the index's shape and the
    // input's element size.
    Value Index = Args.keyword("index").value_or(Args.arg(1));
    if (!Index.is(ValueKind::Tensor))
      return Value::tensor(-1);
    Value R = sameShape(Index);
    R.Bytes = resultBytes(T);
    R.IndexBound = T.IndexBound;
    R.Fill = nullptr;
    return R;
  }
  if (M == "index_select") {
    // index_select(dim, index): the input with `dim` cut to the index's
    // length (a 0-d index selects one), a new contiguous tensor.
    Value Index = Args.keyword("index").value_or(Args.arg(1));
    auto I = normDim(dimArg(Args, 0), T.Dims.size());
    if (!I || !Index.is(ValueKind::Tensor) || !Index.DimsKnown ||
        Index.Dims.size() > 1)
      return Value::tensor(-1);
    Value R = Value::shaped(T.Dims, resultBytes(T));
    R.Dims[*I] = Index.Dims.empty() ? Sym.getOne() : Index.Dims[0];
    R.IndexBound = T.IndexBound;
    return R;
  }
  if (M == "unfold") {
    // unfold(dimension, size, step): a strided view of the windows along
    // `dimension`, floor((n - size) / step) + 1 of them, each of `size`
    // elements in a new last dimension.
    auto I = normDim(keywordOr(Args, "dimension", 0), T.Dims.size());
    const sym::Expr *Size = Eval.dimExpr(keywordOr(Args, "size", 1));
    const sym::Expr *Step = Eval.dimExpr(keywordOr(Args, "step", 2));
    if (!I || !Size || !Step || Step->isZero())
      return Value::tensor(-1);
    Value R = Value::shaped(T.Dims, T.Bytes);
    R.Dims[*I] = T.Dims[*I]
                     ? Sym.add(Sym.floorDiv(Sym.sub(T.Dims[*I], Size), Step),
                               Sym.getOne())
                     : nullptr;
    R.Dims.push_back(Size);
    R.Contiguous = false;
    return R;
  }
  if (M == "outer") {
    // a.outer(b) of two vectors: [len(a), len(b)].
    Value B = Args.keyword("vec2").value_or(Args.arg(0));
    if (T.Dims.size() != 1 || !B.is(ValueKind::Tensor) || !B.DimsKnown ||
        B.Dims.size() != 1)
      return Value::tensor(-1);
    return Value::shaped({T.Dims[0], B.Dims[0]}, resultBytes(T));
  }
  if (M == "nonzero") {
    CallArgs One;
    One.Positional.push_back(T);
    return *Eval.tensorFunction("nonzero", One);
  }
  return std::nullopt;
}

std::optional<Value> TensorOpRules::methodElementwise(const Value &T,
                                                      StringRef M,
                                                      const CallArgs &Args) {
  // Element-wise and in-place methods keep (broadcast) the shape. Tensor
  // methods only: their torch-function forms take their rule from the op
  // catalog (TensorFunctions.cpp), and most of these names are not in it.
  static const char *const Elementwise[] = {
      "add",         "sub",         "mul",          "div",
      "pow",         "sqrt",        "rsqrt",        "exp",
      "log",         "sigmoid",     "tanh",         "relu",
      "gelu",        "silu",        "softmax",      "log_softmax",
      "masked_fill", "clamp",       "clamp_min",    "clamp_max",
      "neg",         "abs",         "add_",         "sub_",
      "mul_",        "div_",        "masked_fill_", "clamp_",
      "copy_",       "zero_",       "fill_",        "scatter",
      "scatter_",    "scatter_add", "index_add_",   "index_add",
      "cumsum",      "cumprod",     "tril",         "triu",
      "float_power", "reciprocal",  "square",       "sin",
      "cos",         "erf",         "floor",        "ceil",
      "round",       "eq",          "ne",           "lt",
      "le",          "gt",          "ge",           "logical_not",
      "logical_and", "logical_or",  "where",        "nan_to_num",
      "softplus",    "exp_",        "relu_",        "sigmoid_",
      "tanh_",       "normal_",     "uniform_",     "bernoulli",
      "type",        "log2",        "sign",         "log10",
      "log1p",       "expm1",       "trunc",        "flip",
      "fliplr",      "flipud",      "clip",         "logical_xor"};
  if (!llvm::is_contained(Elementwise, M)) {
    // Others the op catalog shapes element-wise (`x.acos()`,
    // `x.maximum(y)`, `x.requires_grad_()`), as their torch-function forms.
    const OpInfo *Info = lookupAnyOp(M);
    if (!Info)
      return std::nullopt;
    switch (Info->Shape) {
    case OpShape::Broadcast:
      if (Args.arg(0).is(ValueKind::Tensor))
        return Eval.broadcast(T, Args.arg(0));
      return sameShape(T);
    case OpShape::Same:
      return sameShape(T);
    case OpShape::Identity: {
      Value R = sameShape(T);
      R.Name = T.Name; // It returns its receiver.
      return R;
    }
    default:
      return std::nullopt;
    }
  }
  bool InPlace = M.ends_with("_");
  // Comparisons and logical operations give a bool tensor.
  bool Bool = StringSwitch<bool>(M)
                  .Cases("eq", "ne", "lt", "le", "gt", "ge", true)
                  .Cases("logical_not", "logical_and", "logical_or",
                         "logical_xor", true)
                  .Default(false);
  if (!Args.Positional.empty() && Args.arg(0).is(ValueKind::Tensor) &&
      M != "masked_fill" && M != "masked_fill_" && M != "scatter" &&
      M != "scatter_" && M != "index_add_") {
    Value R = Eval.broadcast(T, Args.arg(0));
    if (InPlace) // In place: returns its receiver.
      R.Name = T.Name;
    if (Bool)
      R.Bytes = "1";
    return R;
  }
  Value R = sameShape(T, InPlace);
  if (Bool)
    R.Bytes = "1";
  if (M == "cumsum" && T.Bytes == "1") // As sum: bool and 8-bit as int64.
    R.Bytes = "8";
  if (M == "abs" && isComplexBytes(T.Bytes)) // A complex number's magnitude.
    R.Bytes = realPartBytes(T.Bytes);
  if (InPlace)
    R.Name = T.Name;
  return R;
}

} // namespace modcost
