//===- TensorIndexing.cpp - Shapes of tensor subscripts -------------------===//
///
/// \file
/// The shape of `x[...]`: integers drop a dimension, slices (written or
/// `slice(...)` objects) narrow it, `None` inserts one, `...` keeps the rest,
/// an int64 index tensor replaces it (a gather, priced as one), and a bool
/// mask the dimensions it covers by its count of true elements (a gather
/// too); an index not known to be any of these gives an unknown shape. Basic
/// slicing is a free view whose layout may become strided.
///
//===----------------------------------------------------------------------===//

#include "SymbolicElements.h"
#include "TensorShapes.h"

using namespace llvm;

namespace modcost {

/// True if \p B is a negated quantity: a term with a negative coefficient
/// (`-slen`, `-2 * k`) or a sum of such terms and negative constants
/// (`-n - 1`). Sizes are not negative, so a slice bound of this form counts
/// from the end, as a negative number does.
static bool isNegatedQuantity(const sym::Expr *B) {
  auto NegativeTerm = [](const sym::Expr *T) {
    if (T->isConstant())
      return T->getConstantValue().isNegative();
    return T->getKind() == sym::ExprKind::Mul &&
           T->getOperand(0)->isConstant() &&
           T->getOperand(0)->getConstantValue().isNegative();
  };
  if (!B || B->isConstant())
    return false;
  if (B->getKind() != sym::ExprKind::Add)
    return NegativeTerm(B);
  return all_of(B->operands(), NegativeTerm);
}

Value Evaluator::tensorSubscript(const Value &T, const Expr &E, Frame &F) {
  if (!T.DimsKnown || isFreeRank(T))
    return Value::tensor(-1); // A rank nothing fixes: no dimension to pick.
  std::vector<const Expr *> Index;
  for (size_t I = 1; I < E.numOps(); ++I) {
    const Expr *Op = E.op(I);
    if (Op->Kind == ExprKind::Tuple)
      for (const auto &X : Op->Ops)
        Index.push_back(X.get());
    else
      Index.push_back(Op);
  }
  size_t Consumed = 0;
  for (const Expr *X : Index)
    if (X->Kind != ExprKind::None && X->Kind != ExprKind::Ellipsis)
      ++Consumed;
  Dims Out;
  size_t In = 0;
  bool Contig = T.Contiguous;
  bool AdvancedPlaced = false;
  size_t AdvancedAt = 0; // Where in Out the index tensors' dims are.
  Value IndexTensor;     // The integer index tensors, broadcast (a gather).
  Value Kept;            // The elements a slice keeps of a concrete tensor.
  // A row or column of a table of sizes (SymbolicElements.h): one entry
  // per index, nullopt for a whole `:`.
  std::vector<std::optional<int64_t>> Picks;
  bool Pickable = SymbolicElements::tableShape(T).has_value();
  for (const Expr *X : Index) {
    if (X->Kind == ExprKind::None || X->Kind == ExprKind::Ellipsis)
      Pickable = false;
    if (X->Kind == ExprKind::None) {
      Out.push_back(Sym.getOne());
      continue;
    }
    if (X->Kind == ExprKind::Ellipsis) {
      size_t Skip = T.Dims.size() - std::min(T.Dims.size(), Consumed);
      for (size_t K = 0; K < Skip && In < T.Dims.size(); ++K)
        Out.push_back(T.Dims[In++]);
      continue;
    }
    if (In >= T.Dims.size())
      return Value::tensor(-1);
    const sym::Expr *Extent = T.Dims[In++];
    // A slice object built earlier (`slice(-logits_to_keep, None)`).
    std::optional<Value> SliceObj;
    if (X->Kind != ExprKind::Slice) {
      Value V = eval(*X, F);
      if (isSliceObject(V))
        SliceObj = V;
    }
    if (X->Kind == ExprKind::Slice || SliceObj) {
      auto Part = [&](size_t K, Value Absent) -> Value {
        if (SliceObj)
          return SliceObj->Elems[K].is(ValueKind::None) ? Absent
                                                        : SliceObj->Elems[K];
        return X->op(K)->Kind == ExprKind::Null ? Absent : eval(*X->op(K), F);
      };
      Value Lo = Part(0, Value::integer(0));
      Value Hi = Part(1, Value::none());
      Value St = Part(2, Value::integer(1));
      Pickable &= Lo.is(ValueKind::Int) && Lo.I == 0 &&
                  Hi.is(ValueKind::None) && St.is(ValueKind::Int) && St.I == 1;
      Picks.push_back(std::nullopt);
      auto Bound = [&](const Value &V) -> const sym::Expr * {
        if (V.is(ValueKind::None))
          return Extent;
        const sym::Expr *B = dimExpr(V);
        if (B && Extent && B->isConstant() &&
            B->getConstantValue() < sym::Rational(0))
          return Sym.add(Extent, B);
        // A symbolic bound from the end (`x[:, -slen:]`, `x[:-n]`): the
        // extent plus the bound, taking the quantity to be at most the
        // extent (Python clamps a longer one to the whole dimension).
        if (Extent && isNegatedQuantity(B)) {
          std::string Count = Sym.neg(B)->str();
          std::string Note = "`" + E.Text.str() + "` at " + location(E.Range) +
                             " counts " + Count + " from the end (assumes " +
                             Count + " <= " + Extent->str() + ")";
          if (!is_contained(Result.Assumptions, Note))
            Result.Assumptions.push_back(Note);
          return Sym.add(Extent, B);
        }
        return B;
      };
      const sym::Expr *L = Bound(Lo), *H = Bound(Hi), *S = dimExpr(St);
      // Known numbers clamp as Python's slices do: `x[:-1]` of an empty
      // extent is empty, `x[:100]` of 24 rows is 24 rows.
      if (L && H && Extent && L->isConstant() && H->isConstant() &&
          Extent->isConstant()) {
        sym::Rational E = Extent->getConstantValue(), Zero(0);
        auto Clamp = [&](const sym::Expr *B) {
          sym::Rational V = B->getConstantValue();
          return V < Zero ? Sym.getZero() : E < V ? Extent : B;
        };
        L = Clamp(L);
        H = Clamp(H);
        if (H->getConstantValue() < L->getConstantValue())
          H = L;
      }
      const sym::Expr *Len = L && H ? Sym.sub(H, L) : nullptr;
      if (Len && S && !S->isOne())
        Len = Sym.ceilDiv(Len, S);
      // `x[:, :H]` with H the whole extent is no narrower than `x[:, :]`.
      bool Full = (L && L->isZero()) && H == Extent && (S && S->isOne());
      if (!Full)
        Contig = false;
      Out.push_back(Len);
      if (Index.size() == 1)
        SymbolicElements(*this).slice(T, Lo, Hi, St, Kept);
      continue;
    }
    Value I = eval(*X, F);
    // An index that is not known to be an integer may be a slice or a
    // list: the result's shape is not known (never a dropped dimension).
    if (I.isUnknown())
      return Value::tensor(-1,
                           "the index `" + X->Text.str() + "` is not known");
    // A list of integers (`bbox[:, :, [0, 1, 2, 1]]`) indexes as the
    // int64 tensor it makes: one dimension of its length.
    if (I.is(ValueKind::Tuple) && !I.RepeatCount && !I.Elems.empty() &&
        llvm::all_of(I.Elems, [](const Value &V) {
          return V.is(ValueKind::Int) || V.is(ValueKind::Symbol);
        }))
      I = Value::shaped({Sym.constant(int64_t(I.Elems.size()))}, "8",
                        "the list `" + X->Text.str() + "`");
    else if (!I.is(ValueKind::Tensor) && !I.is(ValueKind::Int) &&
             !I.is(ValueKind::Symbol) && !I.is(ValueKind::Bool))
      return Value::tensor(-1, "the index `" + X->Text.str() +
                                   "` is no integer, slice or tensor");
    Pickable &= !I.is(ValueKind::Tensor);
    if (I.is(ValueKind::Tensor)) {
      // A bool mask over this and the next dimensions selects its true
      // elements: one dimension of that many (Evaluator::maskTrueCount; a
      // mask whose values are not known: all of them, an assumption).
      if (I.DimsKnown && I.Bytes == "1" && !AdvancedPlaced &&
          In - 1 + I.Dims.size() <= T.Dims.size() && !I.Dims.empty()) {
        const sym::Expr *Count = maskTrueCount(I, X);
        if (!Count)
          return Value::tensor(-1);
        In += I.Dims.size() - 1;
        Out.push_back(Count);
        IndexTensor = I;
        AdvancedPlaced = true;
        Contig = true;
        continue;
      }
      // Advanced indexing with an integer index tensor: its shape replaces
      // this dimension. An index of unknown dtype may be a mask: unknown.
      if (!I.DimsKnown || I.Bytes != "8")
        return Value::tensor(-1);
      // Several index tensors broadcast together into one set of dims
      // (`mask[batch_idx, kv_idx]` of [b, 1, 1, 1] and [1, 1, 1, s]
      // indexes [b, 1, 1, s]).
      if (!AdvancedPlaced) {
        AdvancedAt = Out.size();
        Out.insert(Out.end(), I.Dims.begin(), I.Dims.end());
        IndexTensor = I;
      } else {
        Value Both = broadcast(IndexTensor, I);
        if (!Both.DimsKnown)
          return Value::tensor(-1);
        Out.erase(Out.begin() + AdvancedAt,
                  Out.begin() + AdvancedAt + IndexTensor.Dims.size());
        Out.insert(Out.begin() + AdvancedAt, Both.Dims.begin(),
                   Both.Dims.end());
        IndexTensor = Value::shaped(Both.Dims, "8", IndexTensor.Why);
      }
      AdvancedPlaced = true;
      Contig = true;
      continue;
    }
    // An integer index drops the dimension.
    Contig = Contig && Out.empty();
    Pickable &= I.is(ValueKind::Int);
    Picks.push_back(I.is(ValueKind::Int) ? std::optional<int64_t>(I.I)
                                         : std::nullopt);
    if (Index.size() == 1 && I.is(ValueKind::Int))
      SymbolicElements(*this).slice(
          T, I, I.I == -1 ? Value::none() : Value::integer(I.I + 1),
          Value::integer(1), Kept);
  }
  while (In < T.Dims.size())
    Out.push_back(T.Dims[In++]);
  Value R = Value::shaped(Out, T.Bytes);
  R.Contiguous = Contig;
  R.IndexBound = T.IndexBound; // Its elements are some of T's.
  R.Fill = T.Fill; // Elements of a tensor that holds one value everywhere.
  if (!Kept.Elems.empty() &&
      (R.Dims.empty() ? Kept.Elems.size() == 1 : R.Dims.size() == 1))
    R.Elems = std::move(Kept.Elems); // Its known values (ConcreteTensors).
  if (Pickable && R.Dims.size() == 1)
    if (std::optional<std::vector<Value>> P =
            SymbolicElements(*this).pick(T, Picks))
      R.Elems = std::move(*P);
  // Indexing by an integer tensor copies the selected elements: a gather
  // (basic slicing is a free view).
  if (AdvancedPlaced)
    noteOp("gather", {T, IndexTensor}, R, CostExtras(), "indexing by a tensor");
  return R;
}

} // namespace modcost
