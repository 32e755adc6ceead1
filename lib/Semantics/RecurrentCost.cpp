//===- RecurrentCost.cpp - The cost of LSTM, GRU and RNN ops --------------===//
///
/// \file
/// `_VF.lstm`, `_VF.gru`, `_VF.rnn_tanh` and `_VF.rnn_relu` run a whole
/// recurrent network in one call. They are priced as aten runs them on the
/// CPU, layer by layer and direction by direction: one input projection
/// over every step at once, then per step a hidden projection (its weight
/// and bias read again at every step, which dominates the traffic at batch
/// 1) and the cell's element-wise kernels; the per-direction outputs are
/// stacked, the directions concatenated, and the last states stacked.
///
//===----------------------------------------------------------------------===//

#include "modcost/Semantics/OpCatalog.h"
#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

namespace {

/// What one step of a cell costs per element of the hidden state: the
/// element-wise FLOPs and the elements its kernels read and write (aten's
/// CPU cells: gate add, activations, state update).
struct CellShape {
  int64_t Gates, Flops, Reads, Writes, States;
};

CellShape cellShape(StringRef Op) {
  if (Op == "lstm" || Op == "lstm_cell")
    return {4, 13, 21, 13, 2};
  if (Op == "gru" || Op == "gru_cell")
    return {3, 10, 17, 10, 1};
  return {1, 2, 3, 2, 1}; // rnn_tanh, rnn_relu: add, activation
}

/// One step of a cell (`_VF.lstm_cell(input, (h, c), w_ih, w_hh, b_ih,
/// b_hh)`): the network's per-step cost with T = 1 and one layer, without
/// the stacking of outputs and states. Inputs: input [B, in], the states,
/// w_ih [G, in], w_hh [G, H] and, when present, the two biases.
OpCost cellCost(const OpInfo &Op, ArrayRef<TensorDesc> Inputs,
                sym::ExprContext &Ctx) {
  OpCost C;
  CellShape Cell = cellShape(Op.Name);
  size_t Weights = 1 + Cell.States;
  if (Inputs.size() != Weights + 2 && Inputs.size() != Weights + 4)
    return C;
  bool HasBias = Inputs.size() == Weights + 4;
  const TensorDesc &In = Inputs[0], &Wih = Inputs[Weights],
                   &Whh = Inputs[Weights + 1];
  if (!In.Known || In.Dims.size() != 2 || !In.Dims[0] || !Wih.Known ||
      !Whh.Known || Wih.Dims.size() != 2 || Whh.Dims.size() != 2 ||
      !Wih.Dims[0] || !Wih.Dims[1] || !Whh.Dims[1])
    return C;
  const sym::Expr *B = In.Dims[0], *G = Wih.Dims[0], *Inl = Wih.Dims[1],
                  *H = Whh.Dims[1];
  const sym::Expr *A = elementBytes(In, Ctx), *WB = elementBytes(Wih, Ctx);
  const sym::Expr *Bias = HasBias ? G : Ctx.getZero();
  auto K = [&](int64_t V) { return Ctx.constant(V); };
  const sym::Expr *BH = Ctx.mul(B, H);
  C.MatmulFlops = Ctx.add(Ctx.mul({K(2), B, Inl, G}), Ctx.mul({K(2), B, H, G}));
  std::vector<const sym::Expr *> Fl{C.MatmulFlops, Ctx.mul(K(Cell.Flops), BH)};
  if (HasBias)
    Fl.push_back(Ctx.mul({K(2), B, G}));
  C.Flops = Ctx.add(Fl);
  // Both projections read their operand and weight (and bias) and write
  // [B, G]; the cell's kernels read and write B * H elements.
  C.Read = Ctx.add({Ctx.mul({B, Inl, A}),
                    Ctx.mul(Ctx.add(Ctx.mul(G, Inl), Bias), WB), Ctx.mul(BH, A),
                    Ctx.mul(Ctx.add(Ctx.mul(G, H), Bias), WB),
                    Ctx.mul({K(Cell.Reads), BH, A})});
  C.Write = Ctx.add(Ctx.mul({K(2), B, G, A}), Ctx.mul({K(Cell.Writes), BH, A}));
  C.Detail = "one step: the input and hidden projections and the cell";
  return C;
}

} // namespace

OpCost recurrentCost(const OpInfo &Op, ArrayRef<TensorDesc> Inputs,
                     ArrayRef<TensorDesc> Outputs, const CostExtras &X,
                     sym::ExprContext &Ctx) {
  if (Op.Name.ends_with("_cell"))
    return cellCost(Op, Inputs, Ctx);
  OpCost C;
  CellShape Cell = cellShape(Op.Name);
  int64_t PerBlock = X.HasBias ? 4 : 2;
  int64_t Blocks = X.Layers * X.Directions;
  if (Inputs.empty() || !Inputs[0].Known || Inputs[0].Dims.size() != 3 ||
      int64_t(Inputs.size()) < 1 + Blocks * PerBlock)
    return C;
  const TensorDesc &In = Inputs[0];
  const sym::Expr *T = In.Dims[X.BatchFirst ? 1 : 0];
  const sym::Expr *B = In.Dims[X.BatchFirst ? 0 : 1];
  if (!T || !B)
    return C;
  ArrayRef<TensorDesc> W = Inputs.take_back(Blocks * PerBlock);
  const sym::Expr *A = elementBytes(In, Ctx);
  const sym::Expr *WB = elementBytes(W[0], Ctx);
  const sym::Expr *N = Ctx.mul(T, B);
  auto K = [&](int64_t V) { return Ctx.constant(V); };
  std::vector<const sym::Expr *> Mm, Fl, Rd, Wr;
  const sym::Expr *H = nullptr;
  for (int64_t Blk = 0; Blk < Blocks; ++Blk) {
    const TensorDesc &Wih = W[Blk * PerBlock], &Whh = W[Blk * PerBlock + 1];
    if (!Wih.Known || !Whh.Known || Wih.Dims.size() != 2 ||
        Whh.Dims.size() != 2 || !Wih.Dims[0] || !Wih.Dims[1] || !Whh.Dims[1])
      return C;
    const sym::Expr *G = Wih.Dims[0], *Inl = Wih.Dims[1];
    H = Whh.Dims[1];
    const sym::Expr *Bias = X.HasBias ? G : Ctx.getZero();
    // The input projection over all steps, then T hidden projections.
    Mm.push_back(Ctx.mul({K(2), N, Inl, G}));
    Mm.push_back(Ctx.mul({K(2), N, H, G}));
    Rd.push_back(Ctx.mul({N, Inl, A}));
    Rd.push_back(Ctx.mul(Ctx.add(Ctx.mul(G, Inl), Bias), WB));
    Wr.push_back(Ctx.mul({N, G, A}));
    Rd.push_back(Ctx.mul({T, B, H, A}));
    Rd.push_back(Ctx.mul({T, Ctx.add(Ctx.mul(G, H), Bias), WB}));
    Wr.push_back(Ctx.mul({N, G, A}));
    if (X.HasBias)
      Fl.push_back(Ctx.mul({K(2), N, G}));
    // The cell at every step, then this direction's outputs stacked.
    const sym::Expr *NH = Ctx.mul(N, H);
    Fl.push_back(Ctx.mul(K(Cell.Flops), NH));
    Rd.push_back(Ctx.mul({K(Cell.Reads + 1), NH, A}));
    Wr.push_back(Ctx.mul({K(Cell.Writes + 1), NH, A}));
    if (X.Directions == 2 && Blk % 2 == 1) {
      // The two directions concatenated.
      Rd.push_back(Ctx.mul({K(2), NH, A}));
      Wr.push_back(Ctx.mul({K(2), NH, A}));
    }
  }
  // The last hidden (and cell) states stacked.
  const sym::Expr *Last = Ctx.mul({K(Cell.States * Blocks), B, H, A});
  Rd.push_back(Last);
  Wr.push_back(Last);
  C.MatmulFlops = Ctx.add(Mm);
  Fl.push_back(C.MatmulFlops);
  C.Flops = Ctx.add(Fl);
  C.Read = Ctx.add(Rd);
  C.Write = Ctx.add(Wr);
  C.Detail = "per layer and direction: input projection over all steps, "
             "then per step the hidden projection and the cell";
  return C;
}

} // namespace modcost
