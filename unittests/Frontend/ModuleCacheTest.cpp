//===- ModuleCacheTest.cpp - Tests of the shared parse cache --------------===//

#include "modcost/Frontend/ModuleCache.h"
#include "modcost/Frontend/SourceRoots.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <thread>

using namespace modcost;
using namespace llvm;

namespace {

/// A source root in a temporary directory with two modules: `good` and
/// `bad` (a syntax error).
class ModuleCacheTest : public ::testing::Test {
protected:
  SmallString<128> Dir;
  SourceRoots Roots;
  DiagnosticEngine Run{nulls()};

  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("modcost-cache", Dir));
    write("good.py", "class Net:\n    def forward(self, x):\n        "
                     "return x\n");
    write("bad.py", "class Oops(:\n    pass\n");
    ASSERT_FALSE(bool(Roots.addRoot(Dir)));
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }
  void write(StringRef Name, StringRef Text) {
    SmallString<128> P(Dir);
    sys::path::append(P, Name);
    std::error_code EC;
    raw_fd_ostream OS(P, EC);
    ASSERT_FALSE(EC);
    OS << Text;
  }
};

TEST_F(ModuleCacheTest, ThreadsShareOneParse) {
  SharedModuleCache Cache(Run);
  constexpr unsigned Threads = 4;
  const PyModule *Seen[Threads] = {};
  std::vector<std::thread> Ts;
  for (unsigned I = 0; I < Threads; ++I)
    Ts.emplace_back([&, I] {
      raw_null_ostream Discard; // One stream per thread.
      DiagnosticEngine Diags(Discard, Run);
      auto P = PythonParser::create(Diags);
      ASSERT_TRUE(bool(P));
      ModuleLoader L(Roots, Diags, *P);
      L.setSharedCache(&Cache);
      Expected<const PyModule *> M = L.load("good");
      ASSERT_TRUE(bool(M));
      Seen[I] = *M;
    });
  for (std::thread &T : Ts)
    T.join();
  EXPECT_EQ(Cache.getNumParsed(), 1u);
  for (const PyModule *M : Seen)
    EXPECT_EQ(M, Seen[0]);
  ASSERT_EQ(Seen[0]->Classes.size(), 1u);
  EXPECT_EQ(Seen[0]->Classes[0]->Name, "Net");
  // The shared file's line index is safe to read from the threads too.
  EXPECT_EQ(Seen[0]->File->getLine(2), "    def forward(self, x):");
}

TEST_F(ModuleCacheTest, ParseErrorsAreReplayedIntoEveryUnit) {
  SharedModuleCache Cache(Run);
  for (int Unit = 0; Unit < 2; ++Unit) {
    DiagnosticEngine Diags(nulls(), Run);
    auto P = PythonParser::create(Diags);
    ASSERT_TRUE(bool(P));
    ModuleLoader L(Roots, Diags, *P);
    L.setSharedCache(&Cache);
    Expected<const PyModule *> M = L.load("bad");
    ASSERT_FALSE(bool(M));
    consumeError(M.takeError());
    ASSERT_EQ(Diags.getNumErrors(), 1u) << "unit " << Unit;
    const RecordedDiagnostic &D = Diags.getRecorded().front();
    EXPECT_EQ(D.Line, 1u);
    EXPECT_TRUE(StringRef(D.File).ends_with("bad.py"));
  }
  EXPECT_EQ(Cache.getNumParsed(), 1u);
}

} // namespace
