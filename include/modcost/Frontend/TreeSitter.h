//===- TreeSitter.h - RAII wrappers over the tree-sitter C API --*- C++ -*-===//
///
/// \file
/// Move-only owners for TSParser and TSTree and a cheap borrowed Node view.
/// A Node is valid only while the Tree it came from lives; its text is a
/// slice of the source buffer the tree was parsed from, never a copy.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_TREESITTER_H
#define MODCOST_FRONTEND_TREESITTER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <tree_sitter/api.h>

#include <cstdint>

namespace modcost {
namespace ts {

/// A borrowed view of a syntax node; copyable, valid while its Tree lives.
class Node {
public:
  Node() : N{} {}
  explicit Node(TSNode N) : N(N) {}

  /// True unless this is the null node (a missing child or field).
  bool isNull() const { return ts_node_is_null(N); }
  explicit operator bool() const { return !isNull(); }

  /// The grammar's node type, e.g. `function_definition`.
  llvm::StringRef type() const { return ts_node_type(N); }
  /// True for named nodes (not punctuation or keywords).
  bool isNamed() const { return ts_node_is_named(N); }
  /// True for an ERROR node produced by error recovery.
  bool isError() const { return type() == "ERROR"; }
  /// True for a node the parser inserted because it was missing.
  bool isMissing() const { return ts_node_is_missing(N); }
  /// True if this node or a descendant is an ERROR or MISSING node.
  bool hasError() const { return ts_node_has_error(N); }

  uint32_t startByte() const { return ts_node_start_byte(N); }
  uint32_t endByte() const { return ts_node_end_byte(N); }
  /// 0-based row and byte column of the first character.
  TSPoint startPoint() const { return ts_node_start_point(N); }
  /// 0-based row and byte column one past the last character.
  TSPoint endPoint() const { return ts_node_end_point(N); }

  /// The source text this node covers, sliced from \p Source.
  llvm::StringRef text(llvm::StringRef Source) const {
    return Source.slice(startByte(), endByte());
  }

  uint32_t childCount() const { return ts_node_child_count(N); }
  Node child(uint32_t I) const { return Node(ts_node_child(N, I)); }
  uint32_t namedChildCount() const { return ts_node_named_child_count(N); }
  Node namedChild(uint32_t I) const { return Node(ts_node_named_child(N, I)); }
  /// The child in grammar field \p Name, or the null node.
  Node field(llvm::StringRef Name) const {
    return Node(ts_node_child_by_field_name(N, Name.data(), Name.size()));
  }
  /// The field name of the \p I-th child, or empty. Uses a tree cursor:
  /// ts_node_field_name_for_child is unreliable in libtree-sitter 0.20.
  llvm::StringRef fieldNameOfChild(uint32_t I) const {
    TSTreeCursor C = ts_tree_cursor_new(N);
    const char *F = nullptr;
    if (ts_tree_cursor_goto_first_child(&C)) {
      uint32_t K = 0;
      while (K < I && ts_tree_cursor_goto_next_sibling(&C))
        ++K;
      if (K == I)
        F = ts_tree_cursor_current_field_name(&C);
    }
    ts_tree_cursor_delete(&C);
    return F ? llvm::StringRef(F) : llvm::StringRef();
  }
  Node parent() const { return Node(ts_node_parent(N)); }

  /// Calls \p F(Child, FieldName) for every child, named or not, in order;
  /// FieldName is empty for a child outside any field. Walks one tree
  /// cursor, so it is linear in the number of children, where calling
  /// fieldNameOfChild(I) for each I would be quadratic (a subscript with
  /// 100000 indices took minutes that way).
  template <typename Fn> void forEachChild(Fn F) const {
    TSTreeCursor C = ts_tree_cursor_new(N);
    if (ts_tree_cursor_goto_first_child(&C)) {
      do {
        const char *Field = ts_tree_cursor_current_field_name(&C);
        F(Node(ts_tree_cursor_current_node(&C)),
          Field ? llvm::StringRef(Field) : llvm::StringRef());
      } while (ts_tree_cursor_goto_next_sibling(&C));
    }
    ts_tree_cursor_delete(&C);
  }

  TSNode raw() const { return N; }

private:
  TSNode N;
};

/// Owns a parsed syntax tree.
class Tree {
public:
  Tree() = default;
  explicit Tree(TSTree *T) : T(T) {}
  Tree(Tree &&O) noexcept : T(O.T) { O.T = nullptr; }
  Tree &operator=(Tree &&O) noexcept {
    if (this != &O) {
      reset();
      T = O.T;
      O.T = nullptr;
    }
    return *this;
  }
  Tree(const Tree &) = delete;
  Tree &operator=(const Tree &) = delete;
  ~Tree() { reset(); }

  /// The root node (`module` for Python).
  Node root() const { return Node(ts_tree_root_node(T)); }
  explicit operator bool() const { return T != nullptr; }

private:
  TSTree *T = nullptr;
  void reset() {
    if (T)
      ts_tree_delete(T);
    T = nullptr;
  }
};

/// Owns a parser configured for the Python grammar. Not thread-safe: use one
/// parser per thread.
class Parser {
public:
  /// Creates a parser for Python; fails if the grammar's ABI is not one the
  /// linked libtree-sitter accepts.
  static llvm::Expected<Parser> createPython();

  Parser(Parser &&O) noexcept : P(O.P) { O.P = nullptr; }
  Parser &operator=(Parser &&O) noexcept;
  Parser(const Parser &) = delete;
  Parser &operator=(const Parser &) = delete;
  ~Parser();

  /// Parses \p Source (UTF-8). Returns an empty Tree only if tree-sitter
  /// gave up (it normally recovers and marks ERROR nodes instead).
  Tree parse(llvm::StringRef Source);

private:
  explicit Parser(TSParser *P) : P(P) {}
  TSParser *P = nullptr;
};

} // namespace ts
} // namespace modcost

#endif // MODCOST_FRONTEND_TREESITTER_H
