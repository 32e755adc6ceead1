//===- BagFunctions.cpp - Shapes of bag gathers and unpooling scatters ----===//
///
/// \file
/// Two torch functions that move rows or elements by index rather than by
/// shape: `torch.embedding_bag` (nn.EmbeddingBag, through F.embedding_bag,
/// which flattens a 2-D input and makes its offsets) gathers rows of the
/// weight into bags, and `max_unpool2d`/`max_unpool3d` (nn.MaxUnpool*d,
/// through F.max_unpool*d, which computes the output size) scatter a max
/// pool's values back to their positions; `col2im` (nn.Fold, through
/// F.fold) sums sliding blocks back into an image. Their costs are in the
/// op catalog (OpCatalog.def).
///
//===----------------------------------------------------------------------===//

#include "TensorOpRules.h"
#include "TensorShapes.h"

using namespace llvm;

namespace modcost {

std::optional<Value> TensorOpRules::functionBags(StringRef Op,
                                                 const CallArgs &Args) {
  if (Op == "embedding_bag") {
    // embedding_bag(weight, input, offsets, scale_grad_by_freq, mode,
    // sparse, per_sample_weights, include_last_offset, padding_idx) ->
    // (bags [B, D], offset2bag, bag_size, max_indices): B bags, one per
    // offset (the last offset closes the last bag with
    // include_last_offset), D the weight's columns. Only the bags are
    // modeled; the three bookkeeping tensors are left unknown.
    Value W = Args.arg(0), Offsets = Args.arg(2);
    Value Aux = Value::tensor(1, "embedding_bag's bookkeeping outputs are "
                                 "not modeled");
    Value Bags = Value::tensor(2);
    if (W.DimsKnown && W.Dims.size() == 2 && Offsets.DimsKnown &&
        Offsets.Dims.size() == 1 && Offsets.Dims[0]) {
      const sym::Expr *B = Offsets.Dims[0];
      Truth Last =
          Args.Positional.size() > 7 || Args.keyword("include_last_offset")
              ? keywordOr(Args, "include_last_offset", 7).truth()
              : Truth::False;
      if (Last == Truth::True)
        B = Sym.sub(B, Sym.getOne());
      if (Last != Truth::Unknown)
        Bags = Value::shaped({B, W.Dims[1]}, resultBytes(W));
    }
    return Value::tuple({Bags, Aux, Aux, Aux});
  }
  if (Op == "max_unpool2d" || Op == "max_unpool3d") {
    // max_unpool2d(input, indices, output_size): the leading dimensions
    // kept, the spatial ones from output_size (F.max_unpool*d gives the
    // spatial sizes only).
    size_t Spatial = Op == "max_unpool2d" ? 2 : 3;
    Value X = Args.arg(0), Size = keywordOr(Args, "output_size", 2);
    if (!X.DimsKnown || X.Dims.size() < Spatial || !Size.is(ValueKind::Tuple) ||
        Size.Elems.size() != Spatial)
      return Value::tensor(X.DimsKnown ? int(X.Dims.size()) : -1);
    Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
    for (const Value &E : Size.Elems)
      Out.push_back(Eval.dimExpr(E));
    return Value::shaped(Out, resultBytes(X));
  }
  if (Op == "col2im") {
    // F.fold's col2im(input, output_size, kernel_size, dilation, padding,
    // stride): the blocks of [N, C * kh * kw, L] (or [C * kh * kw, L])
    // summed back into [N, C, H, W], H and W from output_size.
    Value X = Args.arg(0), Size = Args.arg(1), Kernel = Args.arg(2);
    if (!X.DimsKnown || (X.Dims.size() != 3 && X.Dims.size() != 2) ||
        !Size.is(ValueKind::Tuple) || Size.Elems.size() != 2 ||
        !Kernel.is(ValueKind::Tuple) || Kernel.Elems.size() != 2)
      return Value::tensor(X.DimsKnown ? int(X.Dims.size()) + 1 : -1);
    const sym::Expr *Patch = X.Dims[X.Dims.size() - 2];
    const sym::Expr *KH = Eval.dimExpr(Kernel.Elems[0]),
                    *KW = Eval.dimExpr(Kernel.Elems[1]);
    Dims Out(X.Dims.begin(), X.Dims.end() - 2);
    Out.push_back(Patch && KH && KW ? Sym.floorDiv(Patch, Sym.mul(KH, KW))
                                    : nullptr);
    for (const Value &E : Size.Elems)
      Out.push_back(Eval.dimExpr(E));
    return Value::shaped(Out, resultBytes(X));
  }
  return std::nullopt;
}

} // namespace modcost
