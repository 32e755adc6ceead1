//===- PythonParser.h - tree-sitter syntax tree to Python IR ----*- C++ -*-===//
///
/// \file
/// Turns one Python source file into a PyModule. Syntax errors (tree-sitter
/// ERROR and MISSING nodes) are reported as diagnostics at their position and
/// the parse fails with a DiagnosedError; nothing half-built escapes.
/// Recursion over the syntax tree is bounded so that hostile inputs
/// (thousands of nested parentheses) give a diagnostic, not a stack overflow.
/// The indentation rules tree-sitter does not enforce are checked as CPython's
/// tokenizer does: tabs and spaces used inconsistently (TabError), a dedent
/// to no enclosing level, and too many levels.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_PYTHONPARSER_H
#define MODCOST_FRONTEND_PYTHONPARSER_H

#include "modcost/Frontend/TreeSitter.h"
#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/Diagnostics.h"

#include "llvm/Support/Error.h"

#include <memory>

namespace modcost {

/// Parses Python files into the IR; owns one tree-sitter parser.
class PythonParser {
public:
  /// The deepest expression/statement nesting the converter follows.
  static constexpr unsigned MaxNestingDepth = 400;
  /// The most indentation levels a file may have: CPython's tokenizer
  /// refuses a 100th level ("too many levels of indentation").
  static constexpr unsigned MaxIndentLevels = 99;
  /// The widest block indentation, in tree-sitter-python's columns (a tab
  /// counts 8). Its scanner saves indentation widths in one byte each, so a
  /// block indented further comes back as a bogus syntax error (or a wrong
  /// tree); such files get a nesting diagnostic instead.
  static constexpr unsigned MaxIndentColumns = 255;

  /// Creates a parser; fails if the grammar cannot be loaded.
  static llvm::Expected<PythonParser> create(DiagnosticEngine &Diags);

  /// Parses \p File as module \p ModuleName. Reports syntax errors through
  /// the DiagnosticEngine and returns a DiagnosedError if there were any.
  llvm::Expected<std::unique_ptr<PyModule>>
  parse(const SourceFile &File, llvm::StringRef ModuleName, bool IsPackage);

  /// Where parse diagnostics go (the batch driver's shared cache points
  /// the parser of a thread at a recording engine per file).
  DiagnosticEngine &getDiagnostics() const { return *Diags; }
  void setDiagnostics(DiagnosticEngine &D) { Diags = &D; }

private:
  PythonParser(ts::Parser P, DiagnosticEngine &Diags)
      : TSParser(std::move(P)), Diags(&Diags) {}
  ts::Parser TSParser;
  DiagnosticEngine *Diags;
};

} // namespace modcost

#endif // MODCOST_FRONTEND_PYTHONPARSER_H
