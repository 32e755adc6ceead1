//===- OpCatalog.cpp - Cost rules of tensor operations --------------------===//
///
/// \file
/// The family formulas. Conventions (docs/CostModel.md): 2 FLOPs per
/// multiply-accumulate; element-wise ops cost their per-element constant
/// per output element; every non-view op reads each tensor input and writes
/// its output, at the operand's element size.
///
//===----------------------------------------------------------------------===//

#include "modcost/Semantics/OpCatalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

using namespace llvm;

namespace modcost {

static const OpInfo Catalog[] = {
#define OP(NAME, FAMILY, FPE, SHAPE, RULE)                                     \
  {#NAME, OpFamily::FAMILY, FPE, OpShape::SHAPE, RULE},
#include "modcost/Semantics/OpCatalog.def"
};

const OpInfo *lookupAnyOp(StringRef Name) {
  for (const OpInfo &I : Catalog)
    if (I.Name == Name)
      return &I;
  return nullptr;
}

const OpInfo *lookupOp(StringRef Name) {
  const OpInfo *I = lookupAnyOp(Name);
  return I && I->Family != OpFamily::ShapeOnly ? I : nullptr;
}

ArrayRef<OpInfo> allOps() { return Catalog; }

StringRef getFamilyName(OpFamily F) {
  switch (F) {
    // clang-format off
#define FAM(X)                                                                 \
  case OpFamily::X:                                                            \
    return #X;
    FAM(MatMul)
    FAM(MatMulAdd)
    FAM(Einsum)
    FAM(Linear)
    FAM(Conv)
    FAM(SDPA)
    FAM(FusedMHA)
    FAM(ConvTranspose)
    FAM(Recurrent)
    FAM(Elementwise)
    FAM(InPlace)
    FAM(Softmax)
    FAM(Norm)
    FAM(Loss)
    FAM(Reduction)
    FAM(TopK)
    FAM(Copy)
    FAM(Cast)
    FAM(Reshape)
    FAM(Embedding)
    FAM(Gather)
    FAM(Factory)
    FAM(Identity)
    FAM(Pool)
    FAM(Resample)
    FAM(Spectral)
    FAM(View)
    FAM(ShapeOnly)
#undef FAM
    // clang-format on
  }
  return "?";
}

StringRef getShapeName(OpShape S) {
  switch (S) {
  case OpShape::Same:
    return "Same";
  case OpShape::Identity:
    return "Identity";
  case OpShape::Broadcast:
    return "Broadcast";
  case OpShape::MethodForm:
    return "MethodForm";
  case OpShape::Operator:
    return "Operator";
  case OpShape::Rule:
    return "Rule";
  }
  return "?";
}

const sym::Expr *numElements(const TensorDesc &T, sym::ExprContext &Ctx) {
  if (!T.Known || llvm::is_contained(T.Dims, nullptr))
    return nullptr;
  return T.Dims.empty() ? Ctx.getOne() : Ctx.mul(T.Dims);
}

const sym::Expr *elementBytes(const TensorDesc &T, sym::ExprContext &Ctx) {
  int64_t N;
  StringRef B(T.Bytes);
  if (!B.getAsInteger(10, N))
    return Ctx.constant(N);
  // `2*a_bytes`: a complex tensor whose real parts have a symbolic size.
  auto [Factor, Name] = B.split('*');
  int64_t Part;
  if (!Name.empty() && !Factor.getAsInteger(10, N))
    return Ctx.mul(Ctx.constant(N), Name.getAsInteger(10, Part)
                                        ? Ctx.symbol(Name)
                                        : Ctx.constant(Part));
  return Ctx.symbol(T.Bytes);
}

static const sym::Expr *bytesOf(const TensorDesc &T, sym::ExprContext &Ctx) {
  const sym::Expr *N = numElements(T, Ctx);
  return N ? Ctx.mul(N, elementBytes(T, Ctx)) : nullptr;
}

static const sym::Expr *sumBytes(ArrayRef<TensorDesc> Ts,
                                 sym::ExprContext &Ctx) {
  std::vector<const sym::Expr *> Parts;
  for (const TensorDesc &T : Ts) {
    const sym::Expr *B = bytesOf(T, Ctx);
    if (!B)
      return nullptr;
    Parts.push_back(B);
  }
  return Parts.empty() ? Ctx.getZero() : Ctx.add(Parts);
}

static const sym::Expr *mulOrNull(std::vector<const sym::Expr *> Fs,
                                  sym::ExprContext &Ctx) {
  if (llvm::is_contained(Fs, nullptr))
    return nullptr;
  return Ctx.mul(Fs);
}

/// The cost of the matrix-product families (matmul, einsum, linear, conv,
/// attention): their FLOPs are all matmul FLOPs but for bias and softmax
/// terms. \p OutN is the output's element count, \p Two the constant 2.
static OpCost productCost(const OpInfo &Op, ArrayRef<TensorDesc> Inputs,
                          ArrayRef<TensorDesc> Outputs, const CostExtras &X,
                          const sym::Expr *OutN, const sym::Expr *Two,
                          sym::ExprContext &Ctx) {
  OpCost C;
  auto Standard = [&] {
    C.Read = sumBytes(Inputs, Ctx);
    C.Write = sumBytes(Outputs, Ctx);
  };
  switch (Op.Family) {
  case OpFamily::MatMul:
  case OpFamily::MatMulAdd: {
    size_t A = Op.Family == OpFamily::MatMulAdd ? 1 : 0;
    if (Inputs.size() < A + 2 || !Inputs[A].Known || Inputs[A].Dims.empty())
      return C;
    const sym::Expr *K = Inputs[A].Dims.back();
    C.MatmulFlops = mulOrNull({Two, OutN, K}, Ctx);
    C.Flops = C.MatmulFlops;
    if (C.Flops && Op.Family == OpFamily::MatMulAdd)
      C.Flops = Ctx.add(C.Flops, OutN);
    Standard();
    C.Detail = "2 * output elements * contracted extent";
    return C;
  }
  case OpFamily::Einsum:
    C.MatmulFlops = mulOrNull({Two, OutN, X.Contracted}, Ctx);
    C.Flops = C.MatmulFlops;
    Standard();
    C.Detail = "2 * output elements * contracted extents";
    return C;
  case OpFamily::Linear: {
    if (Inputs.size() < 2 || !Inputs[1].Known || Inputs[1].Dims.size() != 2)
      return C;
    C.MatmulFlops = mulOrNull({Two, OutN, Inputs[1].Dims[1]}, Ctx);
    C.Flops = C.MatmulFlops && X.HasBias ? Ctx.add(C.MatmulFlops, OutN)
                                         : C.MatmulFlops;
    Standard();
    C.Detail = X.HasBias ? "2 * rows * in * out + rows * out (bias)"
                         : "2 * rows * in * out";
    return C;
  }
  case OpFamily::Conv: {
    if (Inputs.size() < 2 || !Inputs[1].Known || Inputs[1].Dims.size() < 3)
      return C;
    // weight: [C_out, C_in / groups, k...]
    std::vector<const sym::Expr *> F{Two, OutN};
    F.insert(F.end(), Inputs[1].Dims.begin() + 1, Inputs[1].Dims.end());
    C.MatmulFlops = mulOrNull(F, Ctx);
    C.Flops = C.MatmulFlops && X.HasBias ? Ctx.add(C.MatmulFlops, OutN)
                                         : C.MatmulFlops;
    Standard();
    C.Detail = "2 * output elements * (C_in / groups) * kernel";
    return C;
  }
  case OpFamily::ConvTranspose: {
    if (Inputs.size() < 2 || !Inputs[0].Known || !Inputs[1].Known ||
        Inputs[1].Dims.size() < 3)
      return C;
    // weight: [C_in, C_out / groups, k...]; every input element meets
    // C_out / groups * kernel weights.
    std::vector<const sym::Expr *> F{Two, numElements(Inputs[0], Ctx)};
    F.insert(F.end(), Inputs[1].Dims.begin() + 1, Inputs[1].Dims.end());
    C.MatmulFlops = mulOrNull(F, Ctx);
    C.Flops = C.MatmulFlops && X.HasBias && OutN ? Ctx.add(C.MatmulFlops, OutN)
                                                 : C.MatmulFlops;
    Standard();
    C.Detail = "2 * input elements * (C_out / groups) * kernel";
    return C;
  }
  case OpFamily::SDPA: {
    if (Inputs.size() < 3 || !Inputs[0].Known || !Inputs[1].Known ||
        !Inputs[2].Known || Inputs[0].Dims.size() < 2 ||
        Inputs[1].Dims.size() < 2)
      return C;
    const TensorDesc &Q = Inputs[0], &K = Inputs[1], &V = Inputs[2];
    const sym::Expr *QN = numElements(Q, Ctx);
    const sym::Expr *S = K.Dims[K.Dims.size() - 2];
    const sym::Expr *E = Q.Dims.back(), *Ev = V.Dims.back();
    if (!QN || !S || !E || !Ev)
      return C;
    // scores: (rows of Q) * S, each E long; output: rows * Ev, each S long.
    const sym::Expr *Rows = Ctx.div(QN, E);
    C.MatmulFlops =
        Ctx.add(Ctx.mul({Two, Rows, S, E}), Ctx.mul({Two, Rows, S, Ev}));
    C.Flops = Ctx.add(C.MatmulFlops, Ctx.mul({Ctx.constant(3), Rows, S}));
    Standard();
    C.Detail = "QK^T and PV products plus softmax over the scores";
    return C;
  }
  case OpFamily::FusedMHA: {
    if (Inputs.empty() || !Inputs[0].Known || Inputs[0].Dims.size() != 3)
      return C;
    const TensorDesc &Q = Inputs[0];
    const sym::Expr *E = Q.Dims[2];
    const sym::Expr *Rows = Ctx.mul(Q.Dims[0], Q.Dims[1]);
    const sym::Expr *Seq = Q.Dims[1];
    if (!E || !Rows || !Seq)
      return C;
    // in-projection 3E, out-projection E, attention over Seq keys.
    C.MatmulFlops = Ctx.add({Ctx.mul({Ctx.constant(8), Rows, E, E}),
                             Ctx.mul({Ctx.constant(4), Rows, Seq, E})});
    if (!X.Heads)
      return C;
    C.Flops =
        Ctx.add(C.MatmulFlops, Ctx.mul({Ctx.constant(3), Rows, Seq, X.Heads}));
    Standard();
    C.Detail = "fused projections and attention";
    return C;
  }
  default:
    return C;
  }
}

OpCost computeOpCost(const OpInfo &Op, ArrayRef<TensorDesc> Inputs,
                     ArrayRef<TensorDesc> Outputs, const CostExtras &X,
                     sym::ExprContext &Ctx) {
  OpCost C;
  const TensorDesc *Out = Outputs.empty() ? nullptr : &Outputs[0];
  const sym::Expr *OutN = Out ? numElements(*Out, Ctx) : nullptr;
  const sym::Expr *Two = Ctx.constant(2);
  auto Standard = [&] {
    C.Read = sumBytes(Inputs, Ctx);
    C.Write = sumBytes(Outputs, Ctx);
  };
  switch (Op.Family) {
  case OpFamily::View:
  case OpFamily::Identity:
    C.Free = true;
    C.Detail = "free";
    return C;
  case OpFamily::MatMul:
  case OpFamily::MatMulAdd:
  case OpFamily::Einsum:
  case OpFamily::Linear:
  case OpFamily::Conv:
  case OpFamily::SDPA:
  case OpFamily::FusedMHA:
  case OpFamily::ConvTranspose:
    return productCost(Op, Inputs, Outputs, X, OutN, Two, Ctx);
  case OpFamily::Recurrent:
    return recurrentCost(Op, Inputs, Outputs, X, Ctx);
  case OpFamily::Spectral:
    return spectralCost(Op, Inputs, Outputs, X, Ctx);
  case OpFamily::Elementwise:
  case OpFamily::Softmax:
  case OpFamily::Norm:
    C.Flops = OutN ? Ctx.mul(Ctx.constant(Op.FlopsPerElement), OutN) : nullptr;
    Standard();
    C.Detail = std::to_string(Op.FlopsPerElement) + " per output element";
    return C;
  case OpFamily::InPlace: {
    C.Flops = OutN ? Ctx.mul(Ctx.constant(Op.FlopsPerElement), OutN) : nullptr;
    C.Read = sumBytes(Inputs, Ctx);
    C.Write = Out ? bytesOf(*Out, Ctx) : nullptr;
    C.Detail = "in place: reads and writes its target";
    return C;
  }
  case OpFamily::Loss:
  case OpFamily::Reduction:
  case OpFamily::TopK: {
    const sym::Expr *InN =
        Inputs.empty() ? nullptr : numElements(Inputs[0], Ctx);
    C.Flops = InN ? Ctx.mul(Ctx.constant(Op.FlopsPerElement), InN) : nullptr;
    Standard();
    C.Detail = std::to_string(Op.FlopsPerElement) + " per input element";
    return C;
  }
  case OpFamily::Copy:
  case OpFamily::Reshape:
    if (Op.Family == OpFamily::Reshape || Op.Name == "contiguous") {
      if (!Inputs.empty() && Inputs[0].Contiguous) {
        C.Free = true;
        C.Detail = "free: the input is already contiguous";
        return C;
      }
      // A strided reshape result is a view of the input's strides (the
      // evaluator decides, TensorLayout.h); a copy would be contiguous.
      if (Op.Family == OpFamily::Reshape && Out && !Out->Contiguous) {
        C.Free = true;
        C.Detail = "free: a view of the input's strides";
        return C;
      }
    }
    C.Flops = Ctx.getZero();
    Standard();
    C.Detail = "a copy";
    return C;
  case OpFamily::Cast:
    if (!Out) {
      // `x.type()` without a dtype: the type's name, no conversion.
      C.Free = true;
      C.Detail = "metadata: no tensor result";
      return C;
    }
    if (!Inputs.empty() && Inputs[0].Bytes == Out->Bytes) {
      C.Free = true;
      C.Detail = "free: same element size";
      return C;
    }
    C.Flops = Ctx.getZero();
    // Only the converted tensor is read: `x.type_as(y)` and `x.to(y)`
    // take y's dtype, not its elements.
    C.Read = Inputs.empty() ? nullptr : sumBytes(Inputs.take_front(1), Ctx);
    C.Write = sumBytes(Outputs, Ctx);
    C.Detail = "a conversion copy";
    return C;
  case OpFamily::Embedding: {
    if (Op.Name == "embedding_bag") {
      // Inputs: weight, indices, offsets[, per-sample weights].
      if (Inputs.size() < 3 || !Out || !Inputs[0].Known ||
          Inputs[0].Dims.size() != 2 || !Inputs[0].Dims[1])
        return C;
      const sym::Expr *Picked = numElements(Inputs[1], Ctx);
      const sym::Expr *Rows =
          Picked ? Ctx.mul(Picked, Inputs[0].Dims[1]) : nullptr;
      const sym::Expr *Rest = sumBytes(Inputs.drop_front(), Ctx);
      C.Flops = Rows;
      C.Read = Rows && Rest
                   ? Ctx.add(Ctx.mul(Rows, elementBytes(Inputs[0], Ctx)), Rest)
                   : nullptr;
      C.Write = bytesOf(*Out, Ctx);
      C.Detail = "rows gathered and accumulated into bags";
      return C;
    }
    C.Flops = Ctx.getZero();
    // The selected rows (output-sized, weight bytes) and the indices.
    const sym::Expr *Rows = OutN && Inputs.size() >= 2
                                ? Ctx.mul(OutN, elementBytes(Inputs[1], Ctx))
                                : nullptr;
    const sym::Expr *Idx = Inputs.empty() ? nullptr : bytesOf(Inputs[0], Ctx);
    C.Read = Rows && Idx ? Ctx.add(Rows, Idx) : nullptr;
    C.Write = Out ? bytesOf(*Out, Ctx) : nullptr;
    C.Detail = "a gather of rows";
    return C;
  }
  case OpFamily::Gather:
    C.Flops = Ctx.getZero();
    C.Read = Out && Inputs.size() >= 2 ? [&]() -> const sym::Expr * {
      const sym::Expr *A = bytesOf(*Out, Ctx), *B = bytesOf(Inputs[1], Ctx);
      return A && B ? Ctx.add(A, B) : nullptr;
    }()
        : nullptr;
    C.Write = Out ? bytesOf(*Out, Ctx) : nullptr;
    C.Detail = "a gather";
    return C;
  case OpFamily::Factory:
    if (Op.Name == "empty" || Op.Name == "empty_like") {
      C.Free = true;
      C.Detail = "allocation only";
      return C;
    }
    C.Flops = Ctx.getZero();
    C.Read = Ctx.getZero();
    C.Write = Out ? bytesOf(*Out, Ctx) : nullptr;
    C.Detail = "writes the output";
    return C;
  case OpFamily::Pool:
    if (Op.Name == "cosine_similarity") {
      // aten's composite over the broadcast inputs of N = OutN * D
      // elements (D = X.Window, the reduced extent): pow and a keepdim sum
      // of each, clamp_min_ and sqrt_ of the two norms, each input divided
      // by its norm, their product and its sum. Reads 9N + 6 OutN
      // elements, writes 5N + 7 OutN; 8N + 4 OutN FLOPs.
      const sym::Expr *OutB = Out ? bytesOf(*Out, Ctx) : nullptr;
      if (!OutN || !OutB || !X.Window)
        return C;
      auto Lin = [&](int64_t PerN, int64_t PerOut, const sym::Expr *Unit) {
        return Ctx.add(Ctx.mul(Ctx.constant(PerN), Ctx.mul(Unit, X.Window)),
                       Ctx.mul(Ctx.constant(PerOut), Unit));
      };
      C.Flops = Lin(8, 4, OutN);
      C.Read = Lin(9, 6, OutB);
      C.Write = Lin(5, 7, OutB);
      C.Detail = "aten's composite: 8N + 4 FLOPs per output element "
                 "over N reduced elements";
      return C;
    }
    if (Op.Name == "pairwise_distance") {
      // aten's composite over the broadcast inputs of N = OutN * D
      // elements (D = X.Window, the last extent): x1 - x2 (reads both,
      // writes N), + eps (reads N, writes N), the norm along the last
      // dimension (2 FLOPs per element read, writes the output).
      const sym::Expr *OutB = Out ? bytesOf(*Out, Ctx) : nullptr;
      if (!OutN || !OutB || !X.Window || Inputs.size() < 2)
        return C;
      const sym::Expr *NB = Ctx.mul(OutB, X.Window);
      C.Flops = Ctx.mul(Ctx.constant(4), Ctx.mul(OutN, X.Window));
      C.Read = Ctx.add({bytesOf(Inputs[0], Ctx), bytesOf(Inputs[1], Ctx),
                        Ctx.mul(Ctx.constant(2), NB)});
      C.Write = Ctx.add(Ctx.mul(Ctx.constant(2), NB), OutB);
      C.Detail = "aten's composite: the difference, the eps add and the "
                 "norm over the last dimension";
      return C;
    }
    C.Flops = OutN && X.Window ? Ctx.mul(OutN, X.Window) : nullptr;
    Standard();
    C.Detail = "window elements per output element";
    return C;
  case OpFamily::Resample: {
    // The mode's arithmetic per output element, plus per element of the
    // grid (grid_sampler unnormalizes each coordinate).
    const sym::Expr *Grid = X.PerLastInput && !Inputs.empty()
                                ? numElements(Inputs.back(), Ctx)
                                : Ctx.getZero();
    C.Flops = OutN && X.PerOutput && Grid
                  ? Ctx.add(Ctx.mul(OutN, X.PerOutput),
                            Ctx.mul(Ctx.constant(X.PerLastInput), Grid))
                  : nullptr;
    Standard();
    C.Detail = X.PerOutput ? X.PerOutput->str() + " per output element"
                           : "resampling of an unknown mode";
    if (X.PerLastInput)
      C.Detail += " + " + std::to_string(X.PerLastInput) + " per grid element";
    return C;
  }
  case OpFamily::ShapeOnly:
    C.Detail = "no cost rule";
    return C;
  }
  return C;
}

OpCost zeroCost(sym::ExprContext &Ctx) {
  OpCost C;
  C.Flops = C.MatmulFlops = C.Read = C.Write = Ctx.getZero();
  return C;
}

bool isMatrixFamily(OpFamily F) {
  switch (F) {
  case OpFamily::MatMul:
  case OpFamily::MatMulAdd:
  case OpFamily::Einsum:
  case OpFamily::Linear:
  case OpFamily::Conv:
  case OpFamily::SDPA:
  case OpFamily::FusedMHA:
  case OpFamily::ConvTranspose:
  case OpFamily::Recurrent:
    return true;
  default:
    return false;
  }
}

OpCost addCosts(const OpCost &A, const OpCost &B, sym::ExprContext &Ctx) {
  if (A.Free)
    return B;
  if (B.Free)
    return A;
  OpCost C;
  auto Add = [&](const sym::Expr *X, const sym::Expr *Y) -> const sym::Expr * {
    return X && Y ? Ctx.add(X, Y) : nullptr;
  };
  C.Flops = Add(A.Flops, B.Flops);
  C.MatmulFlops = Add(A.MatmulFlops ? A.MatmulFlops : Ctx.getZero(),
                      B.MatmulFlops ? B.MatmulFlops : Ctx.getZero());
  C.Read = Add(A.Read, B.Read);
  C.Write = Add(A.Write, B.Write);
  C.MatmulUnknown = A.MatmulUnknown || B.MatmulUnknown;
  return C;
}

OpCost scaleCost(const OpCost &C, const sym::Expr *F, sym::ExprContext &Ctx) {
  if (C.Free || !F || F->isOne())
    return C;
  OpCost R = C;
  auto Mul = [&](const sym::Expr *X) -> const sym::Expr * {
    return X ? Ctx.mul(X, F) : nullptr;
  };
  R.Flops = Mul(C.Flops);
  R.MatmulFlops = Mul(C.MatmulFlops);
  R.Read = Mul(C.Read);
  R.Write = Mul(C.Write);
  return R;
}

} // namespace modcost
