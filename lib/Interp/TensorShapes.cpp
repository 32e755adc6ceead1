//===- TensorShapes.cpp - Shapes shared by the tensor rules ---------------===//
///
/// \file
/// The shape vocabulary every tensor rule uses: dimensions as values and back,
/// shape arguments (`f(d0, d1)`, `f((d0, d1))`, `*shape`), broadcasting,
/// matrix-product shapes and element sizes of dtypes; and the shape log the
/// `shape` analysis reports. The rules themselves are in TensorMethods.cpp,
/// TensorFunctions.cpp and TensorIndexing.cpp; docs/Shapes.md lists them.
///
//===----------------------------------------------------------------------===//

#include "TensorShapes.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost {

const sym::Expr *Evaluator::dimExpr(const Value &V) {
  return integerExpr(V, Sym);
}

// True for a positive constant, a size symbol other than `cache_len`, or
// a product of such (with a positive coefficient): an extent of at least 1.
bool isPositiveSizeProduct(const sym::Expr *D) {
  if (D->isConstant())
    return D->getConstantValue() >= sym::Rational(1);
  if (D->isSymbol())
    return D->getName() != "cache_len";
  if (D->getKind() != sym::ExprKind::Mul)
    return false;
  return llvm::all_of(D->operands(), isPositiveSizeProduct);
}

Value Evaluator::dimValue(const sym::Expr *E, StringRef Why) {
  if (!E)
    return Value::unknown(Why);
  return Value::symbolic(E, Why);
}

std::optional<Dims> Evaluator::shapeArgs(const CallArgs &A, size_t From) {
  // Either f(d0, d1, ...) or f((d0, d1, ...)) / f(torch.Size).
  std::vector<Value> Items;
  if (A.Positional.size() == From + 1 &&
      A.Positional[From].is(ValueKind::Tuple))
    Items = A.Positional[From].Elems;
  else
    Items.assign(A.Positional.begin() + std::min(From, A.Positional.size()),
                 A.Positional.end());
  if (A.UnknownSplat)
    return std::nullopt;
  Dims Out;
  for (const Value &V : Items) {
    if (V.is(ValueKind::Tuple)) { // *shape spliced in as a tuple element
      for (const Value &E : V.Elems)
        Out.push_back(dimExpr(E));
      continue;
    }
    Out.push_back(dimExpr(V));
  }
  return Out;
}

/// The element size of an element-wise result of \p A and \p B (not a
/// zero-dimensional float): the same stays (int64 index arithmetic), mixed
/// precision follows the wider, and a complex operand makes the result
/// complex, of the promoted real parts (RoPE's `xq_ * freqs_cis`).
static std::string promotedBytes(StringRef A, StringRef B) {
  if (isComplexBytes(A) || isComplexBytes(B))
    return complexBytes(promotedBytes(realPartBytes(A), realPartBytes(B)));
  return A == B && A != "w_bytes" ? A.str()
         : A == "4" || B == "4"   ? "4"
                                  : "a_bytes";
}

/// True for a size of the data rather than of the model: `batch_size`,
/// `seq_len`, `cache_len`, `new_tokens`, `encoder_seq_len`. (An image's
/// `height` and `width` are not among them: a constructor parameter of a
/// model may have the name, MobileBERT's and PatchTST's `width`.)
static bool isDataExtent(const sym::Expr *X) {
  if (!X->isSymbol())
    return false;
  StringRef N = X->getName();
  return N == "batch_size" || N == "seq_len" || N == "cache_len" ||
         N == "new_tokens" || N.ends_with("_seq_len");
}

/// True when extents \p X and \p Y (neither 1) cannot both be right: two
/// different numbers, or a size of the data against another plain size
/// (`seq_len` against `hidden_size`: an input's layout was guessed wrong).
/// Two model sizes may be equal where the code assumes so (`in_channels`
/// and `out_channels` of a residual block, `num_heads` and `num_kv_heads`
/// past an undecided `n_rep == 1`), and other pairs (`head_dim` against
/// `2 * ceil(head_dim / 2)`) may be equal too: those keep the first.
static bool contradictoryExtents(const sym::Expr *X, const sym::Expr *Y) {
  if (X->isConstant() && Y->isConstant())
    return true;
  return X->isSymbol() && Y->isSymbol() && !isLoopIndexSymbol(X) &&
         !isLoopIndexSymbol(Y) && (isDataExtent(X) || isDataExtent(Y));
}

void Evaluator::noteBroadcastMismatch(const Value &A, const Value &B,
                                      const sym::Expr *X, const sym::Expr *Y) {
  const Expr *Site = CurrentExpr;
  if (!Site || !Site->Range.File || !MismatchSites.insert(Site).second)
    return;
  Diags.report(Site->Range.File->getBufferID(), Site->Range.Begin,
               DiagLevel::Warning,
               "extents `" + X->str() + "` and `" + Y->str() +
                   "` do not broadcast (neither is 1, and they differ) in " +
                   A.str() + " with " + B.str() +
                   ": an input's layout or a branch taken is not the one "
                   "the code expects; the dimension is unknown");
}

Value Evaluator::broadcast(const Value &A, const Value &B) {
  const Value *T = A.is(ValueKind::Tensor) ? &A : &B;
  const Value *O = T == &A ? &B : &A;
  if (!O->is(ValueKind::Tensor))
    return sameShape(*T);
  if (!A.DimsKnown || !B.DimsKnown)
    return Value::tensor(-1);
  if (isFreeRank(A) || isFreeRank(B)) {
    // A tensor whose rank nothing fixes broadcasts with another of the same
    // rank (free too: computed from it) whose dimensions equal its own or
    // are 1 (`x.mean(-1, keepdim=True)`), with a vector along its last
    // dimension (a norm's weight) or with a single number; any other shape
    // would need its rank.
    const Value &Free = isFreeRank(A) ? A : B, &Other = &Free == &A ? B : A;
    Dims Out = Free.Dims;
    bool Fits = Other.Dims.empty() || Other.Dims == Free.Dims;
    if (!Fits && isFreeRank(Other) && Other.Dims.size() == Free.Dims.size()) {
      Fits = true;
      for (size_t I = 0; I < Out.size() && Fits; ++I) {
        const sym::Expr *X = Free.Dims[I], *Y = Other.Dims[I];
        if (Y && (X == Y || Y->isOne()))
          continue;
        if (X && X->isOne())
          Out[I] = Y;
        else
          Fits = false;
      }
    }
    if (!Fits && !isFreeRank(Other) && Other.Dims.size() == 1 &&
        !Free.Dims.empty() && Other.Dims[0] &&
        (Other.Dims[0] == Free.Dims.back() || Other.Dims[0]->isOne()))
      Fits = true;
    if (!Fits)
      return Value::tensor(-1);
    Value R = sameShape(Free);
    R.Dims = std::move(Out);
    if (A.Bytes != B.Bytes)
      R.Bytes = promotedBytes(A.Bytes, B.Bytes);
    return R;
  }
  size_t N = std::max(A.Dims.size(), B.Dims.size());
  Dims Out(N, nullptr);
  for (size_t I = 0; I < N; ++I) {
    const sym::Expr *X =
        I < N - A.Dims.size() ? nullptr : A.Dims[I - (N - A.Dims.size())];
    const sym::Expr *Y =
        I < N - B.Dims.size() ? nullptr : B.Dims[I - (N - B.Dims.size())];
    bool XMissing = I < N - A.Dims.size(), YMissing = I < N - B.Dims.size();
    if (XMissing)
      Out[I] = Y;
    else if (YMissing)
      Out[I] = X;
    else if (X && X->isOne())
      Out[I] = Y;
    else if (Y && Y->isOne())
      Out[I] = X;
    else if (X && Y && X != Y && contradictoryExtents(X, Y)) {
      noteBroadcastMismatch(A, B, X, Y);
      Out[I] = nullptr;
    } else
      Out[I] = X ? X : Y;
  }
  // torch's type promotion: a zero-dimensional operand does not widen a
  // floating-point tensor that has dimensions (activations times Gemma's
  // float32 `embed_scale` stay in the activation dtype).
  bool ZeroDimA = A.Dims.empty() && !B.Dims.empty(),
       ZeroDimB = B.Dims.empty() && !A.Dims.empty();
  auto IsFloatKind = [](StringRef Bytes) {
    return Bytes == "a_bytes" || Bytes == "w_bytes";
  };
  if (((ZeroDimA && IsFloatKind(B.Bytes)) ||
       (ZeroDimB && IsFloatKind(A.Bytes))) &&
      !isComplexBytes(A.Bytes) && !isComplexBytes(B.Bytes))
    return Value::shaped(std::move(Out), "a_bytes");
  return Value::shaped(std::move(Out), promotedBytes(A.Bytes, B.Bytes));
}

Value Evaluator::matmul(const Value &A, const Value &B) {
  if (!A.DimsKnown || !B.DimsKnown || A.Dims.empty() || B.Dims.empty())
    return Value::tensor(-1);
  Dims X = A.Dims, Y = B.Dims;
  bool XVec = X.size() == 1, YVec = Y.size() == 1;
  if (XVec)
    X.insert(X.begin(), Sym.getOne());
  if (YVec)
    Y.push_back(Sym.getOne());
  Dims BatchX(X.begin(), X.end() - 2), BatchY(Y.begin(), Y.end() - 2);
  Value BX = Value::shaped(BatchX), BY = Value::shaped(BatchY);
  Value Batch = BX.Dims.empty() ? BY : BY.Dims.empty() ? BX : broadcast(BX, BY);
  Dims Out = Batch.Dims;
  if (!XVec)
    Out.push_back(X[X.size() - 2]);
  if (!YVec)
    Out.push_back(Y.back());
  return Value::shaped(std::move(Out));
}

std::string bytesOfDtype(const Value &D) {
  StringRef N = D.Name;
  if (!D.is(ValueKind::Callable) && !D.is(ValueKind::DType))
    return "";
  N = N.rsplit('.').second.empty() ? N : N.rsplit('.').second;
  return StringSwitch<std::string>(N)
      .Cases("float32", "float", "int32", "4")
      .Cases("float16", "half", "bfloat16", "int16", "2")
      .Cases("float64", "double", "int64", "long", "8")
      .Cases("int8", "uint8", "bool", "1")
      // Quantized types: 8-bit integers with a scale, or 32-bit ones.
      .Cases("quint8", "qint8", "1")
      .Case("qint32", "4")
      .Cases("complex64", "cfloat", "2*4")
      .Cases("complex128", "cdouble", "2*8")
      .Default("");
}

void Evaluator::logShape(const Expr &Target, const Value &V, Frame &F) {
  if (!F.Record || F.Depth != 0 || F.Context != "forward")
    return;
  if (V.is(ValueKind::Tensor))
    Result.Shapes.push_back({Target.Range.Line, Target.Text.str(), V});
  else if (V.is(ValueKind::Tuple) && Target.Kind != ExprKind::Tuple &&
           Target.Kind != ExprKind::List)
    for (size_t I = 0; I < V.Elems.size(); ++I)
      if (V.Elems[I].is(ValueKind::Tensor))
        Result.Shapes.push_back(
            {Target.Range.Line,
             Target.Text.str() + "[" + std::to_string(I) + "]", V.Elems[I]});
}

} // namespace modcost
