//===- PyIR.h - The Python IR: modules, classes, statements ------*- C++
//-*-===//
///
/// \file
/// modcost's own representation of a Python source file, built once from the
/// tree-sitter syntax tree by the PythonParser and then read by every pass.
/// It is deliberately small: expressions and statements are kind-tagged
/// nodes whose operands have a documented layout per kind, so a pass can
/// switch over the kind without a visitor hierarchy. Every node keeps its
/// source range (file, line, column, byte offsets) and its exact text, which
/// is a slice of the file's buffer and therefore never copied.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_IR_PYIR_H
#define MODCOST_IR_PYIR_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace modcost {

class SourceFile;

/// A half-open byte range in one file with the 1-based line and column of
/// both ends (columns count bytes, as tree-sitter does).
struct SourceRange {
  const SourceFile *File = nullptr;
  uint32_t Begin = 0, End = 0;
  uint32_t Line = 0, Column = 0;
  uint32_t EndLine = 0, EndColumn = 0;
};

/// What an expression node is. The operand layout of each kind is given in
/// the comment; "Name" is Expr::Name, "Op" is Expr::Op.
/// In an f-string's Name: where an interpolated field goes, plain or with
/// a conversion or format spec (`{x!r}`, `{x:.2f}`).
inline constexpr char FStringField = '\x01';
inline constexpr char FStringFormatted = '\x02';

enum class ExprKind {
  Name,          ///< identifier; Name = identifier.
  Attribute,     ///< Ops = [object]; Name = attribute.
  Call,          ///< Ops = [callee, args...]; keyword args are Keyword nodes.
  Keyword,       ///< Ops = [value]; Name = keyword (`f(x=1)`).
  Starred,       ///< Ops = [value] (`*x`).
  DoubleStarred, ///< Ops = [value] (`**x`).
  Subscript,     ///< Ops = [value, index...] (`a[i, j]`).
  Slice,         ///< Ops = [lower, upper, step]; absent parts are Null.
  BinaryOp,      ///< Ops = [lhs, rhs]; Op = `+`, `@`, `//`, ...
  UnaryOp,       ///< Ops = [operand]; Op = `-`, `+`, `~`.
  Not,           ///< Ops = [operand].
  BoolOp,        ///< Ops = [lhs, rhs]; Op = `and` or `or`.
  Compare,       ///< Ops = [e0, e1, ...]; CompareOps[i] between e_i, e_i+1.
  IfExp,         ///< Ops = [body, condition, orelse] (`a if c else b`).
  Tuple,         ///< Ops = elements.
  List,          ///< Ops = elements.
  Set,           ///< Ops = elements.
  Dict,          ///< Ops = [k0, v0, k1, v1, ...]; `**d` entries are
                 ///< DoubleStarred in key position with a Null value.
  Comprehension, ///< Ops = [element (or key, value for dicts), clauses...];
                 ///< Op = `list`, `set`, `dict` or `generator`.
  ForClause,     ///< Ops = [target, iter] inside a Comprehension.
  IfClause,      ///< Ops = [condition] inside a Comprehension.
  Lambda,        ///< Ops = [body]; Params holds the parameter names.
  NamedExpr,     ///< Ops = [target, value] (walrus `x := v`).
  Await,         ///< Ops = [value].
  Yield,         ///< Ops = [value] or none.
  Int,           ///< Integer literal; text is the literal.
  Float,         ///< Float or imaginary literal.
  String,        ///< String literal (also concatenated); Name = decoded
                 ///< content for plain strings.
  FString,       ///< f-string; Ops = its interpolated expressions, Name
                 ///< its text with FStringField marks where they go.
  True,
  False,
  None,
  Ellipsis,
  Null,    ///< Placeholder for an absent optional operand.
  Unknown, ///< A construct the IR does not model; Name = grammar node type.
};

/// Returns the kind's name for dumps (`Call`, `Attribute`, ...).
llvm::StringRef getExprKindName(ExprKind K);

/// An expression node.
class Expr {
public:
  Expr(ExprKind K, SourceRange R, llvm::StringRef Text)
      : Kind(K), Range(R), Text(Text) {}

  ExprKind Kind;
  SourceRange Range;
  /// Exact source text of the whole expression.
  llvm::StringRef Text;
  /// Identifier, attribute or keyword name, or decoded string content.
  std::string Name;
  /// Operator spelling for BinaryOp, UnaryOp, BoolOp, Comprehension.
  std::string Op;
  /// For Compare: operator spellings (`<`, `is not`, `not in`, ...).
  std::vector<std::string> CompareOps;
  /// For Lambda: parameter names.
  std::vector<std::string> Params;
  /// Operands, laid out as documented on ExprKind.
  std::vector<std::unique_ptr<Expr>> Ops;

  bool is(ExprKind K) const { return Kind == K; }
  const Expr *op(size_t I) const { return Ops[I].get(); }
  size_t numOps() const { return Ops.size(); }

  /// For a Call: the callee expression.
  const Expr *callee() const { return Ops.front().get(); }
  /// For a Call: the keyword argument \p Name, or nullptr.
  const Expr *keywordArg(llvm::StringRef Name) const;
  /// For a Call: the \p I-th positional argument, or nullptr.
  const Expr *positionalArg(size_t I) const;

  /// For Name/Attribute chains such as `torch.nn.functional.linear`: the
  /// dotted spelling, or empty if some part is not a name.
  std::string getDottedName() const;
};

/// How a parameter is passed.
enum class ParamKind {
  Positional,
  PositionalOnlyMarker,
  VarArgs,
  KeywordOnlyMarker,
  KeywordOnly,
  VarKeywords
};

/// A function parameter.
struct Param {
  std::string Name;
  ParamKind Kind = ParamKind::Positional;
  std::unique_ptr<Expr> Default;    ///< May be null.
  std::unique_ptr<Expr> Annotation; ///< May be null.
  SourceRange Range;
};

class Stmt;
/// A sequence of statements (a suite).
using Block = std::vector<std::unique_ptr<Stmt>>;

class ClassDef;

/// A `def` (methods included). Its body is either built with it (the
/// parser) or, for a module read back from the parse cache, kept as its
/// serialized bytes and decoded on the first call of body() (IR/Serialize.h):
/// most functions of a loaded file never run.
class FunctionDef {
public:
  std::string Name;
  std::vector<Param> Params;
  std::vector<std::unique_ptr<Expr>> Decorators;
  std::unique_ptr<Expr> Returns; ///< Return annotation, may be null.
  bool IsAsync = false;
  /// From `def` to the end of the body.
  SourceRange Range;
  /// From the first decorator (or `def`) to the end of the body.
  SourceRange FullRange;
  /// The class whose body defines this function, if any.
  const ClassDef *Parent = nullptr;

  /// The parameter called \p Name, or nullptr.
  const Param *findParam(llvm::StringRef Name) const;

  /// The body's statements. A pending body is decoded here, once, even when
  /// several threads ask at the same time (batch mode shares the IR); one
  /// that does not decode is empty, and bodyError() says why.
  const Block &body() const {
    if (Pending)
      decodePending();
    return Body;
  }
  /// Sets the body (the parser).
  void setBody(Block B) { Body = std::move(B); }
  /// Makes the body the serialized block \p Bytes over \p File, decoded on
  /// first use; the bytes must outlive this function (IR/Serialize.h).
  void setPendingBody(llvm::StringRef Bytes, const SourceFile &File);
  /// True if the body is decoded (or was never pending).
  bool isBodyDecoded() const;
  /// Why a pending body could not be decoded; empty if it could (or has not
  /// been decoded yet).
  llvm::StringRef bodyError() const;

private:
  /// A body not decoded yet: its bytes, and whether (and how) it was.
  struct PendingBody {
    llvm::StringRef Bytes;
    const SourceFile *File = nullptr;
    std::once_flag Once;
    std::atomic<bool> Decoded{false};
    std::string Error;
  };
  mutable Block Body;
  std::unique_ptr<PendingBody> Pending;

  void decodePending() const;
};

/// A `class` statement.
class ClassDef {
public:
  std::string Name;
  /// Positional bases, in order.
  std::vector<std::unique_ptr<Expr>> Bases;
  /// Keyword arguments of the class statement (`metaclass=...`).
  std::vector<std::unique_ptr<Expr>> Keywords;
  std::vector<std::unique_ptr<Expr>> Decorators;
  Block Body;
  SourceRange Range;
  SourceRange FullRange;

  /// Methods defined directly in the class body, by name (last wins, as in
  /// Python).
  llvm::StringMap<const FunctionDef *> Methods;
  /// Class-body assignments `name = expr` / `name: T = expr`, by name.
  llvm::StringMap<const Expr *> Attributes;

  /// The method \p Name defined in this class body, or nullptr.
  const FunctionDef *findMethod(llvm::StringRef Name) const {
    auto It = Methods.find(Name);
    return It == Methods.end() ? nullptr : It->second;
  }
};

/// One name bound by an import statement.
struct ImportBinding {
  /// Module path as written, without leading dots (`a.b` in `from ..a.b`).
  std::string Module;
  /// Number of leading dots of a relative import (0 for absolute).
  unsigned Level = 0;
  /// Imported name for `from M import name`; empty for `import M`; `*` for
  /// a wildcard import.
  std::string Name;
  /// The alias after `as`, or empty.
  std::string AsName;
  /// True for `from M import ...`, false for `import M`.
  bool IsFrom = false;
  SourceRange Range;

  /// The name this binding introduces in the importing scope.
  std::string boundName() const;
};

/// What a statement node is. Exprs/Bodies layout per kind in the comment.
enum class StmtKind {
  Expr,      ///< Exprs = [value].
  Assign,    ///< Exprs = [target0, ..., targetN, value] (`a = b = v`).
  AugAssign, ///< Exprs = [target, value]; Op = `+=` etc.
  AnnAssign, ///< Exprs = [target, annotation, value-or-Null].
  If,        ///< Exprs = [condition]; Bodies = [then, else]; an `elif`
             ///< is an If statement alone in the else block, marked IsElif.
  For,       ///< Exprs = [target, iter]; Bodies = [body, else].
  While,     ///< Exprs = [condition]; Bodies = [body, else].
  With,      ///< Exprs = [item0, as0-or-Null, item1, ...]; Bodies = [body].
  Return,    ///< Exprs = [value] or none.
  Raise,     ///< Exprs = [exception] or none (cause is dropped).
  Pass,
  Break,
  Continue,
  Try,         ///< Bodies = [body, handler0, ..., else, finally]; Handlers
               ///< gives the number of handler bodies; HandlerTypes their
               ///< exception expressions (Null for a bare `except:`).
  FunctionDef, ///< Function points at the definition.
  ClassDef,    ///< Class points at the definition.
  Import,      ///< Imports lists the bindings.
  Assert,      ///< Exprs = [test, message-or-Null].
  Delete,      ///< Exprs = targets.
  Global,      ///< Names in Names.
  Nonlocal,
  Other, ///< A statement the IR does not model (match, print, ...).
};

/// Returns the kind's name for dumps.
llvm::StringRef getStmtKindName(StmtKind K);

/// A statement node.
class Stmt {
public:
  Stmt(StmtKind K, SourceRange R, llvm::StringRef Text)
      : Kind(K), Range(R), Text(Text) {}

  StmtKind Kind;
  SourceRange Range;
  /// Exact source text of the whole statement (headers and bodies).
  llvm::StringRef Text;
  std::string Op;
  std::vector<std::unique_ptr<Expr>> Exprs;
  std::vector<Block> Bodies;
  std::vector<ImportBinding> Imports;
  std::vector<std::string> Names;
  std::vector<std::unique_ptr<Expr>> HandlerTypes;
  unsigned Handlers = 0;
  bool IsElif = false;
  std::unique_ptr<modcost::FunctionDef> Function;
  std::unique_ptr<modcost::ClassDef> Class;

  bool is(StmtKind K) const { return Kind == K; }
};

/// A parsed Python file: its statements plus indexes of what it defines and
/// imports at module level.
class PyModule {
public:
  /// Dotted module name (`torch.nn.modules.linear`; a package's
  /// `__init__.py` has the package's name).
  std::string Name;
  /// True when this is a package's `__init__.py`.
  bool IsPackage = false;
  /// True for a library model (share/modcost/models): its definitions stand
  /// in for those of the real module of the same name.
  bool IsModel = false;
  const SourceFile *File = nullptr;
  Block Body;
  /// For a module read back from the parse cache: the entry its pending
  /// function bodies are read from.
  std::unique_ptr<llvm::MemoryBuffer> Storage;

  /// Module-level classes, functions, imports and simple assignments, in
  /// source order, including those nested in module-level `if`/`try`
  /// blocks (for `try: import x except ImportError: ...` patterns).
  std::vector<const ClassDef *> Classes;
  std::vector<const FunctionDef *> Functions;
  std::vector<const ImportBinding *> Imports;
  std::vector<std::pair<std::string, const Expr *>> Assignments;

  /// Prints a readable tree of the IR (for `print<ir>` and tests).
  void dump(llvm::raw_ostream &OS) const;
};

/// Prints a readable tree of one function (for `print<ir>`).
void dumpFunction(const FunctionDef &F, llvm::raw_ostream &OS,
                  unsigned Indent = 0);

} // namespace modcost

#endif // MODCOST_IR_PYIR_H
