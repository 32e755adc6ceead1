//===- ZeroCompositesTest.cpp - Tests of the silent-zero check ------------===//

#include "modcost/Transforms/ZeroComposites.h"

#include "modcost/Frontend/PythonParser.h"

#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

using namespace modcost;
using namespace llvm;

namespace {

/// A unit whose line 10 calls `pkg.m.Block` (report `pkg.m.Block`), priced
/// at \p Flops FLOPs and \p Bytes bytes read and written, with the
/// callee's forward() parsed from real source.
class ZeroFixture : public ::testing::Test {
protected:
  std::string Errors;
  raw_string_ostream ErrOS{Errors};
  DiagnosticEngine Diags{ErrOS};
  std::unique_ptr<SourceFile> File;
  std::unique_ptr<PyModule> Mod;
  UnitReport Root;

  void SetUp() override {
    StringRef Src = "class Block:\n"                  // 1
                    "    def forward(self, x):\n"     // 2
                    "        if x.numel() == 0:\n"    // 3
                    "            return x\n"          // 4
                    "        return self.fc(x) * 2\n" // 5
                    "\n"
                    "def helper(t):\n" // 7
                    "    return t\n";  // 8
    auto Buf = MemoryBuffer::getMemBufferCopy(Src, "m.py");
    StringRef Text = Buf->getBuffer();
    unsigned ID = Diags.addBuffer(std::move(Buf));
    File = std::make_unique<SourceFile>("m.py", "", "pkg/m.py", ID, Text);
    auto P = PythonParser::create(Diags);
    ASSERT_TRUE(bool(P));
    auto M = P->parse(*File, "pkg.m", false);
    ASSERT_TRUE(bool(M));
    Mod = std::move(*M);
  }

  /// Adds a callee report \p Stem for function \p Fn at lines Begin..End
  /// and a composite line 10 of the root calling it at the given cost.
  void addCall(StringRef Stem, const FunctionDef *Fn, unsigned Begin,
               unsigned End, StringRef Flops, StringRef Bytes) {
    KernelInfo K;
    K.Line = 10;
    K.Code = "y = self.block(x)";
    K.KernelType = "composite";
    ReferenceInfo R;
    R.Callee = Stem.str();
    R.Report = Stem.str();
    R.Flops = Flops.str();
    R.Read = R.Write = Bytes.str();
    K.References.push_back(R);
    K.Flops = Flops.str();
    K.Read = K.Write = Bytes.str();
    Root.Kernels.push_back(K);
    UnitReport C;
    C.ReportName = Stem.str();
    C.Location.emplace();
    C.Location->Forward = Fn;
    C.Location->ForwardFile = "pkg/m.py";
    C.Location->ForwardLineStart = Begin;
    C.Location->ForwardLineEnd = End;
    Root.CalleeReports.push_back(std::move(C));
  }

  const FunctionDef *forward() const {
    return Mod->Classes.front()->findMethod("forward");
  }
};

RecordedDiagnostic warningAt(unsigned Line, StringRef Message) {
  return {DiagLevel::Warning, "/usr/lib/pkg/m.py", Line, 12, Message.str()};
}

TEST_F(ZeroFixture, ComputationalLines) {
  EXPECT_TRUE(hasComputationalLines(*forward()));
  EXPECT_FALSE(hasComputationalLines(*Mod->Functions.front()));
}

TEST_F(ZeroFixture, ZeroWithAWarningInsideIsSilent) {
  addCall("pkg.m.Block", forward(), 2, 5, "0", "0");
  std::vector<RecordedDiagnostic> D{
      warningAt(3, "cannot decide `x.numel() == 0`")};
  std::vector<ZeroComposite> Z = findZeroComposites(Root, D);
  ASSERT_EQ(Z.size(), 1u);
  EXPECT_EQ(Z[0].In, "");
  EXPECT_EQ(Z[0].Line, 10u);
  EXPECT_EQ(Z[0].Callee, "pkg.m.Block");
  EXPECT_EQ(Z[0].Cause, "/usr/lib/pkg/m.py:3: cannot decide `x.numel() == 0`");
}

TEST_F(ZeroFixture, NotSilent) {
  // A warning outside the callee's lines.
  addCall("pkg.m.Block", forward(), 2, 5, "0", "0");
  std::vector<RecordedDiagnostic> D{warningAt(7, "elsewhere")};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
  // Priced, or unknown: not a zero.
  Root = UnitReport();
  addCall("pkg.m.Block", forward(), 2, 5, "unknown", "unknown");
  D = {warningAt(3, "cannot decide")};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
  // A callee without computational lines is free by its source.
  Root = UnitReport();
  addCall("pkg.m.helper", Mod->Functions.front(), 7, 8, "0", "0");
  D = {warningAt(8, "something")};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
}

TEST_F(ZeroFixture, LinesThatRanAreNotSilent) {
  // Every computational line ran on the priced path and computed nothing
  // (line 3's test, and line 5's call priced at 0): a real zero.
  addCall("pkg.m.Block", forward(), 2, 5, "0", "0");
  Root.CalleeReports[0].LinesRun = {3, 5};
  std::vector<RecordedDiagnostic> D{warningAt(3, "cannot decide")};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
  // Line 5 did not run (after the `return` line 4 assumed): silent.
  Root.CalleeReports[0].LinesRun = {3, 4};
  std::vector<ZeroComposite> Z = findZeroComposites(Root, D);
  ASSERT_EQ(Z.size(), 1u);
  EXPECT_EQ(Z[0].Callee, "pkg.m.Block");
  EXPECT_EQ(Z[0].UnpricedLine, 5u);
  // It ran unpriced there and would have priced nothing: accounted for.
  Root.CalleeReports[0].LinesRunUnpriced = {5};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
  // A decided condition left it out: accounted for too.
  Root.CalleeReports[0].LinesRunUnpriced.clear();
  Root.CalleeReports[0].LinesDecidedAway = {5};
  EXPECT_TRUE(findZeroComposites(Root, D).empty());
}

TEST_F(ZeroFixture, SilentZeroInsideAZeroCallee) {
  // The root calls Block at 0; Block's line 5 calls `pkg.m.Inner` at 0 and
  // the warning is inside Inner (same file, lines 2..5 here).
  addCall("pkg.m.Block", forward(), 1, 1, "0", "0");
  KernelInfo K;
  K.Line = 5;
  K.KernelType = "composite";
  ReferenceInfo R;
  R.Callee = R.Report = "pkg.m.Inner";
  R.Flops = R.Read = R.Write = "0";
  K.References.push_back(R);
  Root.CalleeReports[0].Kernels.push_back(K);
  UnitReport Inner;
  Inner.ReportName = "pkg.m.Inner";
  Inner.Location.emplace();
  Inner.Location->Forward = forward();
  Inner.Location->ForwardFile = "pkg/m.py";
  Inner.Location->ForwardLineStart = 2;
  Inner.Location->ForwardLineEnd = 5;
  Root.CalleeReports.push_back(std::move(Inner));
  std::vector<RecordedDiagnostic> D{warningAt(4, "lost")};
  std::vector<ZeroComposite> Z = findZeroComposites(Root, D);
  ASSERT_EQ(Z.size(), 2u);
  EXPECT_EQ(Z[0].In, "");
  EXPECT_EQ(Z[0].Callee, "pkg.m.Block");
  EXPECT_EQ(Z[1].In, "pkg.m.Block");
  EXPECT_EQ(Z[1].Line, 5u);
  EXPECT_EQ(Z[1].Cause, "/usr/lib/pkg/m.py:4: lost");
  // Block's zero is Inner's; Inner's line 5 was not priced.
  EXPECT_EQ(Z[0].UnpricedLine, 0u);
  EXPECT_EQ(Z[1].UnpricedLine, 5u);
}

} // namespace
