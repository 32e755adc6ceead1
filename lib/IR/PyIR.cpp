//===- PyIR.cpp - The Python IR: modules, classes, statements -------------===//
///
/// \file
/// Accessors and the textual dump of the IR.
///
//===----------------------------------------------------------------------===//

#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"

using namespace llvm;

namespace modcost {

StringRef getExprKindName(ExprKind K) {
  switch (K) {
    // clang-format off
#define KIND(X)                                                                 \
  case ExprKind::X:                                                            \
    return #X;
    KIND(Name)
    KIND(Attribute)
    KIND(Call)
    KIND(Keyword)
    KIND(Starred)
    KIND(DoubleStarred)
    KIND(Subscript)
    KIND(Slice)
    KIND(BinaryOp)
    KIND(UnaryOp)
    KIND(Not)
    KIND(BoolOp)
    KIND(Compare)
    KIND(IfExp)
    KIND(Tuple)
    KIND(List)
    KIND(Set)
    KIND(Dict)
    KIND(Comprehension)
    KIND(ForClause)
    KIND(IfClause)
    KIND(Lambda)
    KIND(NamedExpr)
    KIND(Await)
    KIND(Yield)
    KIND(Int)
    KIND(Float)
    KIND(String)
    KIND(FString)
    KIND(True)
    KIND(False)
    KIND(None)
    KIND(Ellipsis)
    KIND(Null)
    KIND(Unknown)
#undef KIND
    // clang-format on
  }
  return "?";
}

StringRef getStmtKindName(StmtKind K) {
  switch (K) {
// clang-format off
#define KIND(X)                                                                \
  case StmtKind::X:                                                            \
    return #X;
    KIND(Expr)
    KIND(Assign)
    KIND(AugAssign)
    KIND(AnnAssign)
    KIND(If)
    KIND(For)
    KIND(While)
    KIND(With)
    KIND(Return)
    KIND(Raise)
    KIND(Pass)
    KIND(Break)
    KIND(Continue)
    KIND(Try)
    KIND(FunctionDef)
    KIND(ClassDef)
    KIND(Import)
    KIND(Assert)
    KIND(Delete)
    KIND(Global)
    KIND(Nonlocal)
    KIND(Other)
#undef KIND
    // clang-format on
  }
  return "?";
}

const Expr *Expr::keywordArg(StringRef KwName) const {
  for (size_t I = 1; I < Ops.size(); ++I)
    if (Ops[I]->Kind == ExprKind::Keyword && Ops[I]->Name == KwName)
      return Ops[I]->op(0);
  return nullptr;
}

const Expr *Expr::positionalArg(size_t Index) const {
  size_t Seen = 0;
  for (size_t I = 1; I < Ops.size(); ++I) {
    ExprKind K = Ops[I]->Kind;
    if (K == ExprKind::Keyword || K == ExprKind::DoubleStarred)
      continue;
    if (K == ExprKind::Starred)
      return nullptr; // Positions after a *args splat are unknown.
    if (Seen++ == Index)
      return Ops[I].get();
  }
  return nullptr;
}

std::string Expr::getDottedName() const {
  if (Kind == ExprKind::Name)
    return Name;
  if (Kind == ExprKind::Attribute) {
    std::string Base = op(0)->getDottedName();
    if (Base.empty())
      return "";
    return Base + "." + Name;
  }
  return "";
}

std::string ImportBinding::boundName() const {
  if (!AsName.empty())
    return AsName;
  if (IsFrom)
    return Name;
  // `import a.b.c` binds `a`.
  return Module.substr(0, Module.find('.'));
}

const Param *FunctionDef::findParam(StringRef ParamName) const {
  for (const Param &P : Params)
    if (P.Name == ParamName)
      return &P;
  return nullptr;
}

StringRef SourceFile::getLine(unsigned Line) const {
  std::call_once(LineStartsBuilt, [this] {
    LineStarts.push_back(0);
    for (size_t I = 0, E = Text.size(); I != E; ++I)
      if (Text[I] == '\n')
        LineStarts.push_back(I + 1);
  });
  if (Line == 0 || Line > LineStarts.size())
    return "";
  StringRef L = Text.drop_front(LineStarts[Line - 1]);
  return L.take_until([](char C) { return C == '\n'; }).rtrim("\r");
}

//===----------------------------------------------------------------------===//
// Dump
//===----------------------------------------------------------------------===//

static void dumpExpr(const Expr &E, raw_ostream &OS, unsigned Indent) {
  OS.indent(Indent) << getExprKindName(E.Kind) << " " << E.Range.Line << ":"
                    << E.Range.Column;
  if (!E.Name.empty()) {
    std::string Name = E.Name;
    for (char &C : Name) // An f-string's fields.
      if (C == FStringField || C == FStringFormatted)
        C = '_';
    OS << " name=" << Name;
  }
  if (!E.Op.empty())
    OS << " op=" << E.Op;
  for (const std::string &C : E.CompareOps)
    OS << " cmp='" << C << "'";
  if (E.Ops.empty() && E.Kind != ExprKind::Null)
    OS << " `" << E.Text << "`";
  OS << "\n";
  for (const auto &Op : E.Ops)
    dumpExpr(*Op, OS, Indent + 2);
}

static void dumpBlock(const Block &B, raw_ostream &OS, unsigned Indent);

void dumpFunction(const FunctionDef &F, raw_ostream &OS, unsigned Indent) {
  OS.indent(Indent) << "def " << F.Name << " lines " << F.Range.Line << "-"
                    << F.Range.EndLine << "\n";
  for (const auto &D : F.Decorators)
    OS.indent(Indent + 2) << "decorator `" << D->Text << "`\n";
  for (const Param &P : F.Params) {
    OS.indent(Indent + 2) << "param " << P.Name;
    switch (P.Kind) {
    case ParamKind::VarArgs:
      OS << " (*args)";
      break;
    case ParamKind::VarKeywords:
      OS << " (**kwargs)";
      break;
    case ParamKind::KeywordOnly:
      OS << " (keyword-only)";
      break;
    case ParamKind::PositionalOnlyMarker:
      OS << " (/)";
      break;
    case ParamKind::KeywordOnlyMarker:
      OS << " (*)";
      break;
    case ParamKind::Positional:
      break;
    }
    if (P.Annotation)
      OS << " : `" << P.Annotation->Text << "`";
    if (P.Default)
      OS << " = `" << P.Default->Text << "`";
    OS << "\n";
  }
  dumpBlock(F.body(), OS, Indent + 2);
}

static void dumpStmt(const Stmt &S, raw_ostream &OS, unsigned Indent) {
  if (S.Kind == StmtKind::FunctionDef) {
    dumpFunction(*S.Function, OS, Indent);
    return;
  }
  if (S.Kind == StmtKind::ClassDef) {
    const ClassDef &C = *S.Class;
    OS.indent(Indent) << "class " << C.Name << " lines " << C.Range.Line << "-"
                      << C.Range.EndLine << "\n";
    for (const auto &B : C.Bases)
      OS.indent(Indent + 2) << "base `" << B->Text << "`\n";
    for (const auto &D : C.Decorators)
      OS.indent(Indent + 2) << "decorator `" << D->Text << "`\n";
    dumpBlock(C.Body, OS, Indent + 2);
    return;
  }
  OS.indent(Indent) << getStmtKindName(S.Kind) << " " << S.Range.Line << ":"
                    << S.Range.Column;
  if (!S.Op.empty())
    OS << " op=" << S.Op;
  if (S.IsElif)
    OS << " elif";
  for (const std::string &N : S.Names)
    OS << " " << N;
  OS << "\n";
  for (const ImportBinding &I : S.Imports) {
    OS.indent(Indent + 2) << (I.IsFrom ? "from " : "import ")
                          << std::string(I.Level, '.') << I.Module;
    if (I.IsFrom)
      OS << " import " << I.Name;
    if (!I.AsName.empty())
      OS << " as " << I.AsName;
    OS << " -> " << I.boundName() << "\n";
  }
  for (const auto &E : S.Exprs)
    dumpExpr(*E, OS, Indent + 2);
  for (size_t I = 0; I < S.Bodies.size(); ++I) {
    OS.indent(Indent + 2) << "body " << I << "\n";
    dumpBlock(S.Bodies[I], OS, Indent + 4);
  }
}

static void dumpBlock(const Block &B, raw_ostream &OS, unsigned Indent) {
  for (const auto &S : B)
    dumpStmt(*S, OS, Indent);
}

void PyModule::dump(raw_ostream &OS) const {
  OS << "module " << Name << (IsPackage ? " (package)" : "") << "\n";
  dumpBlock(Body, OS, 2);
}

} // namespace modcost
