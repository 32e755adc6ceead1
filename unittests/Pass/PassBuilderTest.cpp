//===- PassBuilderTest.cpp - Tests of pipeline text parsing ---------------===//

#include "modcost/Passes/PassBuilder.h"
#include "modcost/Support/Error.h"

#include "gtest/gtest.h"

using namespace modcost;
using namespace llvm;

namespace {

struct NoopPass {
  Expected<PreservedAnalyses> run(AnalysisUnit &, AnalysisManager &) {
    return PreservedAnalyses::all();
  }
};

class PassBuilderFixture : public ::testing::Test {
protected:
  std::string Errs;
  raw_string_ostream OS{Errs};
  DiagnosticEngine Diags{OS};
  PassBuilder PB{Diags};

  /// Parses \p Text; returns the printed pipeline or "error".
  std::string roundTrip(StringRef Text) {
    PassManager PM;
    if (Error E = PB.parsePassPipeline(PM, Text)) {
      consumeError(std::move(E));
      return "error";
    }
    std::string S;
    raw_string_ostream SOS(S);
    PM.printPipeline(SOS);
    return S;
  }
};

TEST_F(PassBuilderFixture, ParsesRegisteredNames) {
  EXPECT_EQ(roundTrip("locate"), "locate");
  EXPECT_EQ(roundTrip(" locate , print<locate> "), "locate,print<locate>");
  EXPECT_EQ(roundTrip("require<locate>,invalidate<locate>"),
            "require<locate>,invalidate<locate>");
}

TEST_F(PassBuilderFixture, RejectsBadText) {
  for (StringRef Bad : {"", "nope", "locate,", ",locate", "locate<x>",
                        "require<nothing>", "print<locate", "require"}) {
    Errs.clear();
    EXPECT_EQ(roundTrip(Bad), "error") << Bad.str();
    EXPECT_NE(Errs.find("<pipeline>:1:"), std::string::npos) << Bad.str();
  }
}

TEST_F(PassBuilderFixture, ErrorsAreUsageErrors) {
  PassManager PM;
  Error E = PB.parsePassPipeline(PM, "bogus");
  bool Usage = false;
  handleAllErrors(std::move(E), [&](const DiagnosedError &D) {
    Usage = D.getKind() == FailureKind::UsageError;
  });
  EXPECT_TRUE(Usage);
}

TEST_F(PassBuilderFixture, PluginPassesRegisterOnce) {
  auto Factory = [] {
    return std::unique_ptr<PassConcept>(
        new PassModel<NoopPass>("my-pass", NoopPass{}));
  };
  ASSERT_FALSE(bool(PB.registerPass("my-pass", "does nothing", Factory)));
  EXPECT_EQ(roundTrip("locate,my-pass"), "locate,my-pass");
  Error Dup = PB.registerPass("my-pass", "again", Factory);
  EXPECT_TRUE(bool(Dup));
  consumeError(std::move(Dup));
  Error Clash = PB.registerPass("locate", "clash", Factory);
  EXPECT_TRUE(bool(Clash));
  consumeError(std::move(Clash));
}

TEST_F(PassBuilderFixture, RegistryListsPassesAndAnalyses) {
  bool SawLocatePass = false, SawLocateAnalysis = false;
  for (const auto &E : PB.getRegistry()) {
    if (E.Name == "locate" && !E.IsAnalysis)
      SawLocatePass = true;
    if (E.Name == "locate" && E.IsAnalysis)
      SawLocateAnalysis = true;
    EXPECT_FALSE(E.Description.empty()) << E.Name;
  }
  EXPECT_TRUE(SawLocatePass);
  EXPECT_TRUE(SawLocateAnalysis);
}

} // namespace
