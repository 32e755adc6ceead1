//===- FusedOps.cpp - Example modcost plugin for fused kernels ------------===//
///
/// \file
/// An example plugin (docs/WritingAPass.md explains every part). It teaches
/// modcost two fused kernels the built-in catalog does not know, and adds a
/// pass that reports what the fusion saves:
///
///  - `torch.ops.mylib.fused_rms_norm(x, weight, eps)`, a project's own
///    custom op (registered by name): one read of x and weight, one write.
///  - `flash_attn_func(q, k, v, causal=...)` in the flash-attn layout
///    [batch, seq, heads, head_dim] (registered by a predicate over the
///    call, so any module path that ends in it matches): the score matrix
///    is never written to memory, and with `causal=True` only the unmasked
///    query/key pairs are computed.
///  - the pass `fusion-savings`: for every line priced by these rules, a
///    remark with the bytes the unfused sequence of aten kernels would
///    move in addition.
///
/// Load it with `modcost-opt -load-pass-plugin=FusedOps.so
/// -passes=locate,prune,shape,fusion-savings,cost NAME`.
///
//===----------------------------------------------------------------------===//

#include "modcost/Analysis/Prune.h"
#include "modcost/Plugin/PassPlugin.h"

#include <string>

using namespace modcost;

namespace {

/// The provider string of this plugin's rules (set at registration).
std::string &provider() {
  static std::string P;
  return P;
}

/// fused_rms_norm(x, weight, eps) -> tensor shaped like x.
llvm::Expected<OpRuleResult> fusedRMSNorm(const OpCall &Call,
                                          sym::ExprContext &Ctx) {
  std::vector<const TensorDesc *> T = Call.tensors();
  if (T.size() < 2 || !T[0]->Known || T[0]->Dims.empty())
    return llvm::createStringError(
        "expected (x, weight, eps) with x of known shape");
  const TensorDesc &X = *T[0], &W = *T[1];
  const sym::Expr *N = numElements(X, Ctx), *H = numElements(W, Ctx);
  if (!N || !H)
    return llvm::createStringError("an extent of x or weight is unknown");
  OpRuleResult R;
  // Per element: square, accumulate, scale by rsqrt, scale by weight.
  R.Cost.Flops = Ctx.mul(Ctx.constant(4), N);
  R.Cost.MatmulFlops = Ctx.getZero();
  R.Cost.Read = Ctx.add(Ctx.mul(N, elementBytes(X, Ctx)),
                        Ctx.mul(H, elementBytes(W, Ctx)));
  R.Cost.Write = Ctx.mul(N, elementBytes(X, Ctx));
  R.Cost.Detail = "fused RMSNorm: 4 FLOPs per element, x and weight read "
                  "once, the result written once";
  R.Results.push_back(X);
  return R;
}

/// The number of (query, key) pairs computed: all of them, or with a causal
/// mask aligned to the bottom right (flash-attn's convention, S <= T) the
/// pairs with key <= query + T - S.
const sym::Expr *attendedPairs(const sym::Expr *S, const sym::Expr *T,
                               bool Causal, sym::ExprContext &Ctx) {
  const sym::Expr *All = Ctx.mul(S, T);
  if (!Causal)
    return All;
  // S*T - S*(S-1)/2
  return Ctx.sub(
      All, Ctx.div(Ctx.mul(S, Ctx.sub(S, Ctx.getOne())), Ctx.constant(2)));
}

bool isFlashAttention(const OpCall &Call) {
  return Call.shortName() == "flash_attn_func";
}

/// flash_attn_func(q, k, v, ..., causal=False) with q [B, S, N, D], k and v
/// [B, T, Nk, D] -> [B, S, N, Dv].
llvm::Expected<OpRuleResult> flashAttention(const OpCall &Call,
                                            sym::ExprContext &Ctx) {
  std::vector<const TensorDesc *> T = Call.tensors();
  if (T.size() < 3)
    return llvm::createStringError("expected q, k and v tensors");
  for (const TensorDesc *D : {T[0], T[1], T[2]})
    if (!D->Known || D->Dims.size() != 4 ||
        llvm::any_of(D->Dims, [](const sym::Expr *E) { return !E; }))
      return llvm::createStringError(
          "q, k and v must be rank 4 [batch, seq, heads, head_dim] with "
          "known extents");
  const TensorDesc &Q = *T[0], &K = *T[1], &V = *T[2];
  const OpOperand *CausalArg = Call.keyword("causal");
  bool Causal = CausalArg && CausalArg->Text == "True";
  const sym::Expr *B = Q.Dims[0], *S = Q.Dims[1], *N = Q.Dims[2],
                  *D = Q.Dims[3], *Tk = K.Dims[1], *Dv = V.Dims[3];
  const sym::Expr *Pairs = attendedPairs(S, Tk, Causal, Ctx);
  const sym::Expr *Two = Ctx.constant(2);
  OpRuleResult R;
  R.Cost.MatmulFlops =
      Ctx.add(Ctx.mul({Two, B, N, Pairs, D}), Ctx.mul({Two, B, N, Pairs, Dv}));
  R.Cost.Flops =
      Ctx.add(R.Cost.MatmulFlops, Ctx.mul({Ctx.constant(3), B, N, Pairs}));
  R.Cost.Read = Ctx.add({Ctx.mul(numElements(Q, Ctx), elementBytes(Q, Ctx)),
                         Ctx.mul(numElements(K, Ctx), elementBytes(K, Ctx)),
                         Ctx.mul(numElements(V, Ctx), elementBytes(V, Ctx))});
  TensorDesc Out = Q;
  Out.Dims[3] = Dv;
  R.Cost.Write = Ctx.mul(numElements(Out, Ctx), elementBytes(Out, Ctx));
  R.Cost.Detail = std::string("flash attention: QK^T and PV over ") +
                  (Causal ? "the causally unmasked" : "all") +
                  " query/key pairs, softmax online; scores never leave the "
                  "chip";
  R.Results.push_back(Out);
  return R;
}

/// `fusion-savings`: remarks on what each fused call saves in memory
/// traffic against the unfused aten sequence.
class FusionSavingsPass {
public:
  llvm::Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM) {
    llvm::Expected<PruneResult &> R = AM.getResult<PruneAnalysis>(U);
    if (!R)
      return R.takeError();
    sym::ExprContext &Ctx = *R->Sym;
    unsigned Count = 0;
    for (const KernelEntry &K : R->Kernels)
      for (const KernelOp &Op : K.Ops) {
        if (Op.Provider != provider() || Op.Inputs.empty())
          continue;
        ++Count;
        const TensorDesc &X = Op.Inputs[0];
        const sym::Expr *N = numElements(X, Ctx);
        if (!N)
          continue;
        const sym::Expr *Bytes = elementBytes(X, Ctx);
        std::string Msg;
        if (llvm::StringRef(Op.Name).ends_with("fused_rms_norm")) {
          // Unfused: pow (r+w), mean (r), mul by rsqrt (r+w), mul by
          // weight (r+w) against one read and one write.
          const sym::Expr *Saved = Ctx.mul({Ctx.constant(5), N, Bytes});
          Msg = "`" + Op.Name + "` saves " + Saved->str() +
                " bytes against the unfused pow/mean/rsqrt/mul/mul "
                "sequence (3 reads and 2 writes of the activation)";
        } else if (Op.Inputs.size() >= 2 && X.Dims.size() == 4 &&
                   Op.Inputs[1].Dims.size() == 4) {
          // Unfused attention writes the [B, N, S, T] scores, reads them
          // for softmax, writes the probabilities, reads them for PV.
          const sym::Expr *Scores =
              Ctx.mul({X.Dims[0], X.Dims[2], X.Dims[1], Op.Inputs[1].Dims[1]});
          const sym::Expr *Saved = Ctx.mul({Ctx.constant(4), Scores, Bytes});
          Msg = "`" + Op.Name + "` never materializes the " +
                "[batch, heads, q_len, k_len] scores: saves " + Saved->str() +
                " bytes against matmul + softmax + matmul";
        } else {
          continue;
        }
        U.getReport().Remarks.push_back({"fusion-savings", K.Line, Msg});
      }
    if (!Count)
      U.getReport().Remarks.push_back(
          {"fusion-savings", 0,
           "no call on the inference path is priced by " + provider()});
    return PreservedAnalyses::all();
  }
};

void registerFusedOps(PluginRegistrar &R) {
  provider() = R.getProvider();
  R.registerOpRule("torch.ops.mylib.fused_rms_norm", fusedRMSNorm);
  R.registerOpRule("flash_attn_func (any module)", isFlashAttention,
                   flashAttention);
  R.registerPass<FusionSavingsPass>(
      "fusion-savings",
      "remark on the memory traffic each fused-ops kernel saves (example "
      "plugin)");
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK ModcostPluginInfo modcostGetPluginInfo() {
  return {MODCOST_PLUGIN_API_VERSION, "fused-ops", "1.0", registerFusedOps};
}
