//===- SignalFunctions.cpp - Shapes of recurrent and transposed ops -------===//
///
/// \file
/// The results of the torch functions sequence and signal models run:
/// whole recurrent networks (`_VF.lstm`, `_VF.gru`, `_VF.rnn_tanh`,
/// `_VF.rnn_relu`, called by nn.LSTM/GRU/RNN), their single steps
/// (`_VF.lstm_cell`, ..., called by nn.LSTMCell/GRUCell/RNNCell) and
/// transposed convolutions
/// (`F.conv_transpose1d/2d/3d`). Their costs are in the op catalog
/// (OpCatalog.def, RecurrentCost.cpp).
///
//===----------------------------------------------------------------------===//

#include "TensorOpRules.h"
#include "TensorShapes.h"

using namespace llvm;

namespace modcost {

static bool isRecurrentOp(StringRef Op) {
  return Op == "lstm" || Op == "gru" || Op == "rnn_tanh" || Op == "rnn_relu";
}

/// The unpacked form `op(input, hx, flat_weights, has_biases, num_layers,
/// dropout, train, bidirectional, batch_first)`; the packed-sequence form
/// (batch_sizes second) is not this.
static bool isUnpackedRecurrentCall(const CallArgs &Args) {
  return Args.arg(2).is(ValueKind::Tuple) && Args.arg(4).is(ValueKind::Int);
}

std::optional<CostExtras> recurrentExtras(StringRef Op, const CallArgs &Args) {
  if (!isRecurrentOp(Op) || !isUnpackedRecurrentCall(Args))
    return std::nullopt;
  CostExtras X;
  X.HasBias = Args.arg(3).truth() == Truth::True;
  X.Layers = Args.arg(4).I;
  X.Directions = Args.arg(7).truth() == Truth::True ? 2 : 1;
  X.BatchFirst = Args.arg(8).truth() == Truth::True;
  return X;
}

std::optional<Value> TensorOpRules::functionRecurrent(StringRef Op,
                                                      const CallArgs &Args) {
  if (Op == "conv_transpose1d" || Op == "conv_transpose2d" ||
      Op == "conv_transpose3d")
    return convTransposeShape(Op, Args);
  if (Op == "lstm_cell" || Op == "gru_cell" || Op == "rnn_tanh_cell" ||
      Op == "rnn_relu_cell") {
    // One step: cell(input [B, in], hx, w_ih, w_hh, b_ih, b_hh), hx a
    // (h, c) pair for the LSTM; each new state [B, H], H from w_hh.
    Value In = Args.arg(0), Whh = Args.arg(3);
    size_t States = Op == "lstm_cell" ? 2 : 1;
    if (!In.DimsKnown || In.Dims.size() != 2 || !Whh.is(ValueKind::Tensor) ||
        !Whh.DimsKnown || Whh.Dims.size() != 2) {
      Value Unknown = Value::tensor(2);
      return States == 1 ? Unknown : Value::tuple({Unknown, Unknown});
    }
    Value State = Value::shaped({In.Dims[0], Whh.Dims[1]}, resultBytes(In));
    return States == 1 ? State : Value::tuple({State, State});
  }
  std::optional<CostExtras> X = recurrentExtras(Op, Args);
  if (!X)
    return std::nullopt;
  Value In = Args.arg(0);
  // The flat weights: w_ih_l0, w_hh_l0 (of shape [gates * H, H]), ...
  std::vector<Value> Flat = Args.arg(2).Elems;
  Value Weights = Flat.size() < 2 ? Value::unknown() : Flat[1];
  size_t States = Op == "lstm" ? 2 : 1;
  auto Unknown = [&] {
    return Value::tuple(std::vector<Value>(States + 1, Value::tensor(3)));
  };
  if (!In.DimsKnown || In.Dims.size() != 3 || !Weights.is(ValueKind::Tensor) ||
      !Weights.DimsKnown || Weights.Dims.size() != 2)
    return Unknown();
  const sym::Expr *H = Weights.Dims[1];
  size_t T = X->BatchFirst ? 1 : 0, B = 1 - T;
  Dims Out(3);
  Out[T] = In.Dims[T];
  Out[B] = In.Dims[B];
  Out[2] = H ? Sym.mul(Sym.constant(X->Directions), H) : nullptr;
  std::string Bytes = resultBytes(In);
  std::vector<Value> Results{Value::shaped(Out, Bytes)};
  Dims State{Sym.constant(X->Layers * X->Directions), In.Dims[B], H};
  for (size_t I = 0; I < States; ++I)
    Results.push_back(Value::shaped(State, Bytes));
  return Value::tuple(std::move(Results));
}

Value TensorOpRules::convTransposeShape(StringRef Op, const CallArgs &Args) {
  Value X = Args.arg(0), W = keywordOr(Args, "weight", 1);
  size_t Spatial = Op.back() == 'd' ? size_t(Op[Op.size() - 2] - '0') : 1;
  if (!X.DimsKnown || X.Dims.size() < Spatial + 1 || !W.is(ValueKind::Tensor) ||
      !W.DimsKnown || W.Dims.size() != Spatial + 2)
    return Value::tensor(X.Rank);
  // stride, padding, output_padding, dilation: an int or a tuple each.
  auto Each = [&](StringRef Name, size_t Pos, int64_t Default, size_t I) {
    Value V = keywordOr(Args, Name, Pos);
    if (V.is(ValueKind::Tuple))
      return I < V.Elems.size() ? Eval.dimExpr(V.Elems[I]) : nullptr;
    if (V.isUnknown())
      return Sym.constant(Default);
    return Eval.dimExpr(V);
  };
  Value Groups = keywordOr(Args, "groups", 6);
  const sym::Expr *G = Groups.isUnknown() ? Sym.getOne() : Eval.dimExpr(Groups);
  Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
  Out.back() = G && W.Dims[1] ? Sym.mul(G, W.Dims[1]) : nullptr;
  for (size_t I = 0; I < Spatial; ++I) {
    const sym::Expr *In = X.Dims[X.Dims.size() - Spatial + I];
    const sym::Expr *K = W.Dims[2 + I];
    const sym::Expr *S = Each("stride", 3, 1, I), *P = Each("padding", 4, 0, I),
                    *OP = Each("output_padding", 5, 0, I),
                    *D = Each("dilation", 7, 1, I);
    if (!In || !K || !S || !P || !OP || !D) {
      Out.push_back(nullptr);
      continue;
    }
    // (in - 1) * s - 2p + d(k - 1) + output_padding + 1
    Out.push_back(Sym.add(
        {Sym.mul(Sym.sub(In, Sym.getOne()), S), Sym.mul(Sym.constant(-2), P),
         Sym.mul(D, Sym.sub(K, Sym.getOne())), OP, Sym.getOne()}));
  }
  return Value::shaped(Out, resultBytes(X));
}

} // namespace modcost
