//===- PassManagerTest.cpp - Tests of passes, analyses and caching --------===//

#include "modcost/Pass/PassManager.h"

#include "gtest/gtest.h"

using namespace modcost;
using namespace llvm;

namespace {

struct Counters {
  int AnalysisRuns = 0;
  int PassRuns = 0;
};
Counters *TheCounters = nullptr;

/// An analysis that counts how often it is computed.
struct CountingAnalysis {
  static AnalysisKey Key;
  static StringRef name() { return "CountingAnalysis"; }
  using Result = int;
  Expected<int> run(AnalysisUnit &, AnalysisManager &) {
    return ++TheCounters->AnalysisRuns;
  }
};
AnalysisKey CountingAnalysis::Key;

/// An analysis that always fails.
struct FailingAnalysis {
  static AnalysisKey Key;
  static StringRef name() { return "FailingAnalysis"; }
  using Result = int;
  Expected<int> run(AnalysisUnit &, AnalysisManager &) {
    return createStringError("cannot compute");
  }
};
AnalysisKey FailingAnalysis::Key;

/// A pass that reads the analysis and preserves what it is told to.
struct UsePass {
  bool PreserveAll;
  Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM) {
    ++TheCounters->PassRuns;
    auto R = AM.getResult<CountingAnalysis>(U);
    if (!R)
      return R.takeError();
    return PreserveAll ? PreservedAnalyses::all() : PreservedAnalyses::none();
  }
};

struct FailPass {
  Expected<PreservedAnalyses> run(AnalysisUnit &U, AnalysisManager &AM) {
    auto R = AM.getResult<FailingAnalysis>(U);
    if (!R)
      return R.takeError();
    return PreservedAnalyses::all();
  }
};

class PassManagerFixture : public ::testing::Test {
protected:
  Counters C;
  std::string Out;
  raw_string_ostream OS{Out};
  DiagnosticEngine Diags{OS};
  SourceRoots Roots;
  std::unique_ptr<PythonParser> Parser;
  std::unique_ptr<ModuleLoader> Loader;
  std::unique_ptr<RunContext> Ctx;

  void SetUp() override {
    TheCounters = &C;
    auto P = PythonParser::create(Diags);
    ASSERT_TRUE(bool(P));
    Parser = std::make_unique<PythonParser>(std::move(*P));
    Loader = std::make_unique<ModuleLoader>(Roots, Diags, *Parser);
    Ctx = std::make_unique<RunContext>(RunContext{Diags, *Loader, OS, false});
  }
};

TEST_F(PassManagerFixture, AnalysisIsCachedWhilePreserved) {
  AnalysisUnit U("u", *Ctx);
  AnalysisManager AM;
  PassManager PM;
  PM.addPass("use", UsePass{true});
  PM.addPass("use", UsePass{true});
  ASSERT_FALSE(bool(PM.run(U, AM)));
  EXPECT_EQ(C.PassRuns, 2);
  EXPECT_EQ(C.AnalysisRuns, 1);
  EXPECT_NE(AM.getCachedResult<CountingAnalysis>(), nullptr);
}

TEST_F(PassManagerFixture, AnalysisIsRecomputedAfterInvalidation) {
  AnalysisUnit U("u", *Ctx);
  AnalysisManager AM;
  PassManager PM;
  PM.addPass("use", UsePass{false});
  PM.addPass("use", UsePass{false});
  ASSERT_FALSE(bool(PM.run(U, AM)));
  EXPECT_EQ(C.AnalysisRuns, 2);
  EXPECT_EQ(AM.getCachedResult<CountingAnalysis>(), nullptr);
}

TEST_F(PassManagerFixture, PreservedSetSemantics) {
  PreservedAnalyses PA = PreservedAnalyses::none();
  EXPECT_FALSE(PA.isPreserved(&CountingAnalysis::Key));
  PA.preserve<CountingAnalysis>();
  EXPECT_TRUE(PA.isPreserved(&CountingAnalysis::Key));
  EXPECT_FALSE(PA.isPreserved(&FailingAnalysis::Key));
  PreservedAnalyses All = PreservedAnalyses::all();
  EXPECT_TRUE(All.areAllPreserved());
  All.abandon<CountingAnalysis>();
  EXPECT_FALSE(All.isPreserved(&CountingAnalysis::Key));
  EXPECT_TRUE(All.isPreserved(&FailingAnalysis::Key));
  EXPECT_FALSE(All.areAllPreserved());
}

TEST_F(PassManagerFixture, ErrorStopsThePipeline) {
  AnalysisUnit U("u", *Ctx);
  AnalysisManager AM;
  PassManager PM;
  PM.addPass("fail", FailPass{});
  PM.addPass("use", UsePass{true});
  Error E = PM.run(U, AM);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(toString(std::move(E)), "cannot compute");
  EXPECT_EQ(C.PassRuns, 0);
  EXPECT_EQ(U.getReport().PassesRun.size(), 1u);
}

TEST_F(PassManagerFixture, DebugOutputAndPipelineText) {
  AnalysisUnit U("u", *Ctx);
  std::string Debug;
  raw_string_ostream DOS(Debug);
  AnalysisManager AM(&DOS);
  PassManager PM;
  PM.addPass("use", UsePass{false});
  PM.addPass("again", UsePass{true});
  ASSERT_FALSE(bool(PM.run(U, AM, &DOS)));
  EXPECT_EQ(Debug, "Running pass: use on u\n"
                   "Running analysis: CountingAnalysis on u\n"
                   "Invalidating analysis: CountingAnalysis on u\n"
                   "Running pass: again on u\n"
                   "Running analysis: CountingAnalysis on u\n");
  std::string Text;
  raw_string_ostream TOS(Text);
  PM.printPipeline(TOS);
  EXPECT_EQ(Text, "use,again");
}

} // namespace
