//===- OpRulesTest.cpp - Custom op rules and the --op-rules loader --------===//

#include "modcost/Semantics/OpRules.h"
#include "modcost/Semantics/OpRulesFile.h"
#include "modcost/Support/Error.h"
#include "modcost/Symbolic/Parser.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace modcost;

namespace {

TEST(OpRulesTest, CalleeMatchesWholeNameOrDottedSuffix) {
  EXPECT_TRUE(calleeMatches("flash_attn.flash_attn_func", "flash_attn_func"));
  EXPECT_TRUE(calleeMatches("a.b.c", "b.c"));
  EXPECT_TRUE(calleeMatches("a.b.c", "a.b.c"));
  // A suffix must start at a dot, not inside a component.
  EXPECT_FALSE(
      calleeMatches("flash_attn.my_flash_attn_func", "flash_attn_func"));
  EXPECT_FALSE(calleeMatches("a.b", "a.b.c"));
  EXPECT_FALSE(calleeMatches("a.b", ""));
}

OpRuleFn constantRule(int64_t Flops) {
  return [Flops](const OpCall &,
                 sym::ExprContext &Ctx) -> llvm::Expected<OpRuleResult> {
    OpRuleResult R;
    R.Cost.Flops = Ctx.constant(Flops);
    R.Cost.Read = R.Cost.Write = Ctx.getZero();
    return R;
  };
}

TEST(OpRulesTest, LaterRulesWinAndPredicatesSeeTheCall) {
  OpRuleRegistry Reg;
  EXPECT_TRUE(Reg.empty());
  Reg.addByName("mylib.op", constantRule(1), "first");
  Reg.addByPredicate(
      "two tensors", [](const OpCall &C) { return C.tensors().size() == 2; },
      constantRule(2), "second");
  OpCall One;
  One.Callee = "torch.ops.mylib.op";
  One.Operands.resize(1);
  One.Operands[0].IsTensor = true;
  const OpRuleRegistry::Entry *E = Reg.find(One);
  ASSERT_NE(E, nullptr);
  EXPECT_EQ(E->Provider, "first");
  OpCall Two = One;
  Two.Operands.push_back(One.Operands[0]);
  E = Reg.find(Two);
  ASSERT_NE(E, nullptr);
  EXPECT_EQ(E->Provider, "second");
  OpCall Other;
  Other.Callee = "x.y";
  EXPECT_EQ(Reg.find(Other), nullptr);
}

TEST(OpRulesTest, OperandAccessors) {
  OpCall C;
  C.Callee = "a.b.fused";
  OpOperand X, Eps, Causal;
  X.IsTensor = true;
  Eps.Text = "1e-06";
  Causal.Keyword = "causal";
  Causal.Text = "True";
  C.Operands = {X, Eps, Causal};
  EXPECT_EQ(C.shortName(), "fused");
  EXPECT_EQ(C.positional(1)->Text, "1e-06");
  EXPECT_EQ(C.positional(2), nullptr);
  ASSERT_NE(C.keyword("causal"), nullptr);
  EXPECT_EQ(C.keyword("causal")->Text, "True");
  EXPECT_EQ(C.tensors().size(), 1u);
}

/// Writes \p Text to a temporary file and loads it.
llvm::Error loadText(llvm::StringRef Text, OpRuleRegistry &Reg,
                     std::string &Diags) {
  llvm::SmallString<128> Path;
  int FD;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("oprules", "json", FD, Path));
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
  }
  llvm::raw_string_ostream DS(Diags);
  DiagnosticEngine D(DS);
  llvm::Error E = loadOpRulesFile(Path, Reg, D);
  llvm::sys::fs::remove(Path);
  return E;
}

TEST(OpRulesFileTest, RuleBindsOperandDimsAndBuildsResults) {
  OpRuleRegistry Reg;
  std::string Diags;
  ASSERT_FALSE(bool(loadText(R"({"version": 1, "rules": [{
      "callee": "mylib.gate",
      "operands": [["B", "_", "H"], ["H"]],
      "results": [["B", "2*H"]],
      "flops": "3*B*H", "matmul_flops": "B*H",
      "read_bytes": "a_bytes*B*H + w_bytes*H", "write_bytes": "2*a_bytes*B*H"}]})",
                             Reg, Diags)))
      << Diags;
  sym::ExprContext Ctx;
  OpCall C;
  C.Callee = "torch.ops.mylib.gate";
  OpOperand X, W;
  X.IsTensor = W.IsTensor = true;
  X.Tensor.Known = W.Tensor.Known = true;
  X.Tensor.Dims = {Ctx.symbol("batch_size"), Ctx.symbol("seq_len"),
                   Ctx.symbol("hidden_size")};
  W.Tensor.Dims = {Ctx.symbol("hidden_size")};
  C.Operands = {X, W};
  const OpRuleRegistry::Entry *E = Reg.find(C);
  ASSERT_NE(E, nullptr);
  llvm::Expected<OpRuleResult> R = E->Rule->apply(C, Ctx);
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Cost.Flops->str(), "3 * batch_size * hidden_size");
  EXPECT_EQ(R->Cost.MatmulFlops->str(), "batch_size * hidden_size");
  EXPECT_EQ(R->Cost.Read->str(),
            "batch_size * hidden_size * a_bytes + hidden_size * w_bytes");
  ASSERT_EQ(R->Results.size(), 1u);
  ASSERT_EQ(R->Results[0].Dims.size(), 2u);
  EXPECT_EQ(R->Results[0].Dims[1]->str(), "2 * hidden_size");

  // A call of another rank does not fit: an error, not a guess.
  C.Operands[0].Tensor.Dims.pop_back();
  llvm::Expected<OpRuleResult> Bad = E->Rule->apply(C, Ctx);
  ASSERT_FALSE(bool(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            "tensor operand 0 should have rank 3, it has rank 2");
}

TEST(OpRulesFileTest, ErrorsAddNoRule) {
  OpRuleRegistry Reg;
  std::string Diags;
  llvm::Error E = loadText(R"({"version": 1, "rules": [
      {"callee": "ok.rule", "operands": [], "results": [],
       "flops": "0", "read_bytes": "0", "write_bytes": "0"},
      {"callee": "bad.rule", "operands": [["N"]], "results": [],
       "flops": "M", "read_bytes": "0", "write_bytes": "0"}]})",
                           Reg, Diags);
  ASSERT_TRUE(bool(E));
  llvm::consumeError(std::move(E));
  EXPECT_TRUE(Reg.empty()) << "a file with an error adds none of its rules";
  EXPECT_NE(Diags.find("'M' is not a dimension named in 'operands'"),
            std::string::npos)
      << Diags;
}

} // namespace
