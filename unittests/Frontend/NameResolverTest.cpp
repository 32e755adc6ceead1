//===- NameResolverTest.cpp - Tests of import and name resolution ---------===//

#include "modcost/Frontend/NameResolver.h"

#include "gtest/gtest.h"

using namespace modcost;
using namespace llvm;

namespace {

class ResolverFixture : public ::testing::Test {
protected:
  std::string Errs;
  raw_string_ostream OS{Errs};
  DiagnosticEngine Diags{OS};
  SourceRoots Roots;
  std::unique_ptr<PythonParser> Parser;
  std::unique_ptr<ModuleLoader> Loader;
  std::unique_ptr<NameResolver> R;

  void SetUp() override {
    auto P = PythonParser::create(Diags);
    ASSERT_TRUE(bool(P));
    Parser = std::make_unique<PythonParser>(std::move(*P));
    Loader = std::make_unique<ModuleLoader>(Roots, Diags, *Parser);
    R = std::make_unique<NameResolver>(*Loader);
  }

  std::string abs(StringRef From, bool IsPackage, unsigned Level,
                  StringRef Module) {
    PyModule M;
    M.Name = From.str();
    M.IsPackage = IsPackage;
    ImportBinding B;
    B.IsFrom = true;
    B.Level = Level;
    B.Module = Module.str();
    auto S = R->absoluteModule(M, B);
    if (!S) {
      consumeError(S.takeError());
      return "error";
    }
    return *S;
  }
};

TEST_F(ResolverFixture, RelativeImportsFromModules) {
  EXPECT_EQ(abs("a.b.c", false, 0, "x.y"), "x.y");
  EXPECT_EQ(abs("a.b.c", false, 1, "x"), "a.b.x");
  EXPECT_EQ(abs("a.b.c", false, 1, ""), "a.b");
  EXPECT_EQ(abs("a.b.c", false, 2, "x"), "a.x");
  EXPECT_EQ(abs("a.b.c.d", false, 3, "x"), "a.x");
}

TEST_F(ResolverFixture, RelativeImportsFromPackages) {
  // In a package's __init__, `.` is the package itself.
  EXPECT_EQ(abs("a.b", true, 1, "x"), "a.b.x");
  EXPECT_EQ(abs("a.b", true, 2, "x"), "a.x");
  EXPECT_EQ(abs("a", true, 1, ""), "a");
}

TEST_F(ResolverFixture, RelativeImportBeyondTopLevel) {
  EXPECT_EQ(abs("a", false, 1, ""), "error");
}

TEST(SourceRootsTest, DottedNames) {
  EXPECT_TRUE(SourceRoots::isValidDottedName("torch.nn.Linear"));
  EXPECT_TRUE(SourceRoots::isValidDottedName("_private.x1"));
  EXPECT_FALSE(SourceRoots::isValidDottedName(""));
  EXPECT_FALSE(SourceRoots::isValidDottedName("a..b"));
  EXPECT_FALSE(SourceRoots::isValidDottedName(".a"));
  EXPECT_FALSE(SourceRoots::isValidDottedName("a."));
  EXPECT_FALSE(SourceRoots::isValidDottedName("a/b"));
  EXPECT_FALSE(SourceRoots::isValidDottedName("1abc"));
  EXPECT_FALSE(SourceRoots::isValidDottedName(StringRef("a\0b", 3)));
}

TEST(SourceRootsTest, RejectsMissingRoot) {
  SourceRoots Roots;
  Error E = Roots.addRoot("/definitely/not/here");
  EXPECT_TRUE(bool(E));
  consumeError(std::move(E));
  EXPECT_TRUE(Roots.getRoots().empty());
}

} // namespace
