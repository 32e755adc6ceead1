//===- PythonParserTest.cpp - Tests of the tree-sitter to IR converter ----===//

#include "modcost/Frontend/PythonParser.h"
#include "modcost/Support/Error.h"

#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"

using namespace modcost;
using namespace llvm;

namespace {

/// Parses \p Src as module `m` and keeps everything alive for the test.
class ParseFixture : public ::testing::Test {
protected:
  std::string Errors;
  raw_string_ostream ErrOS{Errors};
  DiagnosticEngine Diags{ErrOS};
  std::unique_ptr<SourceFile> File;
  std::unique_ptr<PyModule> Mod;

  bool parse(StringRef Src, StringRef Name = "pkg.m", bool IsPackage = false) {
    auto Buf = MemoryBuffer::getMemBufferCopy(Src, "m.py");
    StringRef Text = Buf->getBuffer();
    unsigned ID = Diags.addBuffer(std::move(Buf));
    File = std::make_unique<SourceFile>("m.py", "", "m.py", ID, Text);
    auto P = PythonParser::create(Diags);
    EXPECT_TRUE(bool(P));
    if (!P) {
      consumeError(P.takeError());
      return false;
    }
    auto M = P->parse(*File, Name, IsPackage);
    if (!M) {
      consumeError(M.takeError());
      return false;
    }
    Mod = std::move(*M);
    return true;
  }
};

TEST_F(ParseFixture, ImportForms) {
  ASSERT_TRUE(parse("import a.b.c\n"
                    "import a.b as ab, os\n"
                    "from .x import (y as z, w)\n"
                    "from ..up.mod import thing\n"
                    "from . import sib\n"
                    "from lib import *\n"));
  ASSERT_EQ(Mod->Imports.size(), 8u);
  const ImportBinding &I0 = *Mod->Imports[0];
  EXPECT_FALSE(I0.IsFrom);
  EXPECT_EQ(I0.Module, "a.b.c");
  EXPECT_EQ(I0.boundName(), "a");
  EXPECT_EQ(Mod->Imports[1]->boundName(), "ab");
  EXPECT_EQ(Mod->Imports[2]->boundName(), "os");
  const ImportBinding &Z = *Mod->Imports[3];
  EXPECT_TRUE(Z.IsFrom);
  EXPECT_EQ(Z.Level, 1u);
  EXPECT_EQ(Z.Module, "x");
  EXPECT_EQ(Z.Name, "y");
  EXPECT_EQ(Z.boundName(), "z");
  EXPECT_EQ(Mod->Imports[4]->boundName(), "w");
  EXPECT_EQ(Mod->Imports[5]->Level, 2u);
  EXPECT_EQ(Mod->Imports[5]->Module, "up.mod");
  EXPECT_EQ(Mod->Imports[6]->Module, "");
  EXPECT_EQ(Mod->Imports[6]->boundName(), "sib");
  EXPECT_EQ(Mod->Imports[7]->Name, "*");
}

TEST_F(ParseFixture, ClassesAndFunctions) {
  ASSERT_TRUE(
      parse("@dec(1)\n"
            "class C(Base, mixins.M, metaclass=Meta):\n"
            "    attr = 3\n"
            "    def forward(self, x, /, y=2, *a, k: int = 1, **kw) -> T:\n"
            "        return x\n"
            "def f(): pass\n"));
  ASSERT_EQ(Mod->Classes.size(), 1u);
  const ClassDef &C = *Mod->Classes[0];
  EXPECT_EQ(C.Name, "C");
  ASSERT_EQ(C.Bases.size(), 2u);
  EXPECT_EQ(C.Bases[1]->getDottedName(), "mixins.M");
  ASSERT_EQ(C.Keywords.size(), 1u);
  EXPECT_EQ(C.Keywords[0]->Name, "metaclass");
  ASSERT_EQ(C.Decorators.size(), 1u);
  EXPECT_EQ(C.Decorators[0]->Text, "dec(1)");
  EXPECT_EQ(C.Range.Line, 2u);
  EXPECT_EQ(C.FullRange.Line, 1u);
  EXPECT_TRUE(C.Attributes.count("attr"));
  const FunctionDef *F = C.findMethod("forward");
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(F->Parent, &C);
  ASSERT_EQ(F->Params.size(), 7u);
  EXPECT_EQ(F->Params[2].Kind, ParamKind::PositionalOnlyMarker);
  EXPECT_EQ(F->Params[3].Default->Text, "2");
  EXPECT_EQ(F->Params[4].Kind, ParamKind::VarArgs);
  EXPECT_EQ(F->Params[5].Kind, ParamKind::KeywordOnly);
  EXPECT_EQ(F->Params[5].Annotation->Text, "int");
  EXPECT_EQ(F->Params[6].Kind, ParamKind::VarKeywords);
  EXPECT_EQ(F->Returns->Text, "T");
  ASSERT_EQ(Mod->Functions.size(), 1u);
  EXPECT_EQ(Mod->Functions[0]->Name, "f");
}

TEST_F(ParseFixture, CallArgumentsAndText) {
  ASSERT_TRUE(
      parse("y = torch.nn.functional.linear(x, w, *rest, bias=b, **kw)\n"));
  const Stmt &S = *Mod->Body[0];
  ASSERT_EQ(S.Kind, StmtKind::Assign);
  const Expr &Call = *S.Exprs[1];
  ASSERT_EQ(Call.Kind, ExprKind::Call);
  EXPECT_EQ(Call.callee()->getDottedName(), "torch.nn.functional.linear");
  EXPECT_EQ(Call.positionalArg(1)->Text, "w");
  EXPECT_EQ(Call.positionalArg(2), nullptr); // after *rest: unknown
  EXPECT_EQ(Call.keywordArg("bias")->Text, "b");
  EXPECT_EQ(Call.Range.Line, 1u);
  EXPECT_EQ(Call.Range.Column, 5u);
  EXPECT_EQ(Call.Text, "torch.nn.functional.linear(x, w, *rest, bias=b, **kw)");
}

TEST_F(ParseFixture, ChainedAssignmentAndElif) {
  ASSERT_TRUE(parse("a = b = 1\n"
                    "if a:\n    pass\nelif b:\n    pass\nelse:\n    a = 2\n"));
  EXPECT_EQ(Mod->Body[0]->Exprs.size(), 3u);
  const Stmt &If = *Mod->Body[1];
  ASSERT_EQ(If.Kind, StmtKind::If);
  ASSERT_EQ(If.Bodies.size(), 2u);
  ASSERT_EQ(If.Bodies[1].size(), 1u);
  const Stmt &Elif = *If.Bodies[1][0];
  EXPECT_TRUE(Elif.IsElif);
  EXPECT_EQ(Elif.Range.Line, 4u);
  ASSERT_EQ(Elif.Bodies[1].size(), 1u);
  EXPECT_EQ(Elif.Bodies[1][0]->Kind, StmtKind::Assign);
}

TEST_F(ParseFixture, CompareOperators) {
  ASSERT_TRUE(parse("r = a is not None and b not in c and d < e <= f\n"));
  const Expr *E = Mod->Body[0]->Exprs[1].get();
  ASSERT_EQ(E->Kind, ExprKind::BoolOp);
  const Expr *Left = E->op(0)->op(0);
  ASSERT_EQ(Left->Kind, ExprKind::Compare);
  EXPECT_EQ(Left->CompareOps[0], "is not");
  EXPECT_EQ(E->op(0)->op(1)->CompareOps[0], "not in");
  EXPECT_EQ(E->op(1)->CompareOps.size(), 2u);
}

TEST_F(ParseFixture, SyntaxErrorIsDiagnosed) {
  EXPECT_FALSE(parse("def f(:\n    return 1\n"));
  EXPECT_GE(Diags.getNumErrors(), 1u);
  EXPECT_NE(Errors.find("m.py:1:"), std::string::npos) << Errors;
}

TEST_F(ParseFixture, DeepNestingIsBounded) {
  std::string Src =
      "x = " + std::string(2000, '(') + "1" + std::string(2000, ')') + "\n";
  EXPECT_FALSE(parse(Src));
  EXPECT_NE(Errors.find("nesting deeper than"), std::string::npos);
}

TEST_F(ParseFixture, NulByteIsRejected) {
  EXPECT_FALSE(parse(StringRef("x = 1\n\0\n", 8)));
  EXPECT_NE(Errors.find("NUL byte"), std::string::npos);
}

TEST_F(ParseFixture, ModuleIndexSeesTryAndIf) {
  ASSERT_TRUE(parse("try:\n    from fast import K\nexcept ImportError:\n"
                    "    class K:\n        pass\n"
                    "if True:\n    Alias = K\n"));
  EXPECT_EQ(Mod->Imports.size(), 1u);
  EXPECT_EQ(Mod->Classes.size(), 1u);
  ASSERT_EQ(Mod->Assignments.size(), 1u);
  EXPECT_EQ(Mod->Assignments[0].first, "Alias");
}

} // namespace
