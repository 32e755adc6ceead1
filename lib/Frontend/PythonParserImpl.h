//===- PythonParserImpl.h - Internals of the Python parser ---- -*- C++ -*-===//
///
/// \file
/// The converter from tree-sitter-python's syntax tree to the IR, shared by
/// PythonParser.cpp (the driver), PythonParserExprs.cpp (expressions) and
/// PythonParserStmts.cpp (definitions and statements). Private to
/// lib/Frontend.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_FRONTEND_PYTHONPARSERIMPL_H
#define MODCOST_LIB_FRONTEND_PYTHONPARSERIMPL_H

#include "modcost/Frontend/PythonParser.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <vector>

namespace modcost::pyparse {

/// Raised (as a flag) when nesting exceeds MaxNestingDepth.
struct TooDeep {};

/// One conversion of one file.
class Converter {
public:
  explicit Converter(const SourceFile &File)
      : File(File), Src(File.getText()) {}

  bool TooDeepSeen = false;
  size_t TooDeepOffset = 0;

  SourceRange range(ts::Node N) const {
    SourceRange R;
    R.File = &File;
    R.Begin = N.startByte();
    R.End = N.endByte();
    R.Line = N.startPoint().row + 1;
    R.Column = N.startPoint().column + 1;
    R.EndLine = N.endPoint().row + 1;
    R.EndColumn = N.endPoint().column + 1;
    return R;
  }

  std::unique_ptr<Expr> make(ExprKind K, ts::Node N) {
    return std::make_unique<Expr>(K, range(N), N.text(Src));
  }

  std::unique_ptr<Expr> null(ts::Node At) {
    auto E = make(ExprKind::Null, At);
    E->Range.End = E->Range.Begin;
    E->Text = llvm::StringRef();
    return E;
  }

  Block convertBlock(ts::Node N, unsigned Depth);
  void convertStatementInto(ts::Node N, Block &Out, unsigned Depth);
  std::unique_ptr<Expr> expr(ts::Node N, unsigned Depth);
  std::unique_ptr<FunctionDef> function(ts::Node N, ts::Node Full,
                                        unsigned Depth);
  std::unique_ptr<ClassDef> classDef(ts::Node N, ts::Node Full, unsigned Depth);

private:
  const SourceFile &File;
  llvm::StringRef Src;

  bool checkDepth(ts::Node N, unsigned Depth) {
    if (Depth <= PythonParser::MaxNestingDepth)
      return true;
    if (!TooDeepSeen) {
      TooDeepSeen = true;
      TooDeepOffset = N.startByte();
    }
    return false;
  }

  std::unique_ptr<Expr> sequence(ExprKind K, ts::Node N, unsigned Depth) {
    auto E = make(K, N);
    for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
      ts::Node C = N.namedChild(I);
      if (C.type() == "comment")
        continue;
      E->Ops.push_back(expr(C, Depth + 1));
    }
    return E;
  }

  std::unique_ptr<Expr> comprehension(llvm::StringRef Flavor, ts::Node N,
                                      unsigned Depth);
  std::unique_ptr<Expr> stringLiteral(ts::Node N, unsigned Depth);
  /// The parts of expr() for the node \p N of type \p T; each returns null
  /// if \p T is not one of its node types. Names, attributes, calls and
  /// their arguments, subscripts and slices:
  std::unique_ptr<Expr> primaryExpr(ts::Node N, llvm::StringRef T,
                                    unsigned Depth);
  /// Arithmetic, boolean, comparison and conditional operators:
  std::unique_ptr<Expr> operatorExpr(ts::Node N, llvm::StringRef T,
                                     unsigned Depth);
  /// The rest: parentheses, displays, comprehensions, lambdas, named
  /// expressions, await/yield and literals; anything else is Unknown (never
  /// null).
  std::unique_ptr<Expr> atomExpr(ts::Node N, llvm::StringRef T, unsigned Depth);
  void params(ts::Node N, FunctionDef &F, unsigned Depth);
  void decorators(ts::Node Full, std::vector<std::unique_ptr<Expr>> &Out,
                  unsigned Depth);
  void imports(ts::Node N, Stmt &S);
  std::unique_ptr<Stmt> simpleStatement(ts::Node N, unsigned Depth);
  std::unique_ptr<Stmt> ifStatement(ts::Node N, unsigned Depth);
  /// The `if` (AltIndex 0) or the `elif` Alts[AltIndex - 1] of \p N, with
  /// the clauses after it as its else branch.
  std::unique_ptr<Stmt> ifClause(ts::Node N, llvm::ArrayRef<ts::Node> Alts,
                                 unsigned AltIndex, unsigned Depth);
  Block elseBody(ts::Node Alt, unsigned Depth);
};

} // namespace modcost::pyparse

#endif // MODCOST_LIB_FRONTEND_PYTHONPARSERIMPL_H
