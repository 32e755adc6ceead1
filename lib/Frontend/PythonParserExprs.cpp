//===- PythonParserExprs.cpp - Python expressions to IR -------------------===//
///
/// \file
/// Converter::expr and its helpers: tree-sitter-python expression nodes to
/// IR expressions (comprehensions, string literals and f-strings included).
///
//===----------------------------------------------------------------------===//

#include "PythonParserImpl.h"

using namespace llvm;

namespace modcost::pyparse {

std::unique_ptr<Expr> Converter::comprehension(StringRef Flavor, ts::Node N,
                                               unsigned Depth) {
  auto E = make(ExprKind::Comprehension, N);
  E->Op = Flavor.str();
  ts::Node Body = N.field("body");
  if (Body && Body.type() == "pair") {
    E->Ops.push_back(expr(Body.field("key"), Depth + 1));
    E->Ops.push_back(expr(Body.field("value"), Depth + 1));
  } else {
    E->Ops.push_back(Body ? expr(Body, Depth + 1) : null(N));
  }
  for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
    ts::Node C = N.namedChild(I);
    if (C.type() == "for_in_clause") {
      auto F = make(ExprKind::ForClause, C);
      F->Ops.push_back(expr(C.field("left"), Depth + 1));
      F->Ops.push_back(expr(C.field("right"), Depth + 1));
      E->Ops.push_back(std::move(F));
    } else if (C.type() == "if_clause") {
      auto F = make(ExprKind::IfClause, C);
      F->Ops.push_back(expr(C.namedChild(0), Depth + 1));
      E->Ops.push_back(std::move(F));
    }
  }
  return E;
}

std::unique_ptr<Expr> Converter::stringLiteral(ts::Node N, unsigned Depth) {
  bool IsF = false;
  std::vector<std::unique_ptr<Expr>> Interps;
  std::string Content;
  auto Visit = [&](ts::Node S) {
    ts::Node Start = S.namedChildCount() ? S.namedChild(0) : ts::Node();
    if (Start && Start.type() == "string_start" &&
        Start.text(Src).find_insensitive('f') != StringRef::npos)
      IsF = true;
    // An f-string's content keeps a FStringField mark where each
    // interpolation goes (FStringFormatted if it has a conversion or a
    // format spec), so a value can be rebuilt when every field is known.
    for (uint32_t I = 0; I < S.namedChildCount(); ++I) {
      ts::Node C = S.namedChild(I);
      if (C.type() == "string_content" || C.type() == "escape_sequence")
        Content += C.text(Src).str();
      if (C.type() != "interpolation")
        continue;
      if (ts::Node X = C.field("expression"))
        Interps.push_back(expr(X, Depth + 1));
      Content += C.field("type_conversion") || C.field("format_specifier")
                     ? FStringFormatted
                     : FStringField;
    }
  };
  if (N.type() == "concatenated_string") {
    for (uint32_t I = 0; I < N.namedChildCount(); ++I)
      if (N.namedChild(I).type() == "string")
        Visit(N.namedChild(I));
  } else {
    Visit(N);
  }
  auto E = make(IsF ? ExprKind::FString : ExprKind::String, N);
  E->Name = Content;
  E->Ops = std::move(Interps);
  return E;
}

std::unique_ptr<Expr> Converter::primaryExpr(ts::Node N, StringRef T,
                                             unsigned Depth) {
  if (T == "identifier" || T == "keyword_identifier") {
    auto E = make(ExprKind::Name, N);
    E->Name = N.text(Src).str();
    return E;
  }
  if (T == "attribute") {
    auto E = make(ExprKind::Attribute, N);
    E->Ops.push_back(expr(N.field("object"), Depth + 1));
    E->Name = N.field("attribute").text(Src).str();
    return E;
  }
  if (T == "call") {
    auto E = make(ExprKind::Call, N);
    E->Ops.push_back(expr(N.field("function"), Depth + 1));
    ts::Node Args = N.field("arguments");
    if (Args && Args.type() == "generator_expression") {
      E->Ops.push_back(comprehension("generator", Args, Depth + 1));
    } else if (Args) {
      for (uint32_t I = 0; I < Args.namedChildCount(); ++I) {
        ts::Node A = Args.namedChild(I);
        if (A.type() == "comment")
          continue;
        E->Ops.push_back(expr(A, Depth + 1));
      }
    }
    return E;
  }
  if (T == "keyword_argument") {
    auto E = make(ExprKind::Keyword, N);
    E->Name = N.field("name").text(Src).str();
    E->Ops.push_back(expr(N.field("value"), Depth + 1));
    return E;
  }
  if (T == "list_splat" || T == "list_splat_pattern" ||
      T == "dictionary_splat" || T == "dictionary_splat_pattern") {
    auto E = make(
        T.starts_with("list") ? ExprKind::Starred : ExprKind::DoubleStarred, N);
    E->Ops.push_back(expr(N.namedChild(0), Depth + 1));
    return E;
  }
  if (T == "subscript") {
    auto E = make(ExprKind::Subscript, N);
    E->Ops.push_back(expr(N.field("value"), Depth + 1));
    N.forEachChild([&](ts::Node C, StringRef Field) {
      if (Field == "subscript")
        E->Ops.push_back(expr(C, Depth + 1));
    });
    return E;
  }
  if (T == "slice") {
    auto E = make(ExprKind::Slice, N);
    std::unique_ptr<Expr> Parts[3];
    unsigned Slot = 0;
    for (uint32_t I = 0; I < N.childCount(); ++I) {
      ts::Node C = N.child(I);
      if (!C.isNamed()) {
        if (C.type() == ":")
          ++Slot;
        continue;
      }
      if (Slot < 3 && C.type() != "comment")
        Parts[Slot] = expr(C, Depth + 1);
    }
    for (auto &P : Parts)
      E->Ops.push_back(P ? std::move(P) : null(N));
    return E;
  }
  return nullptr;
}

std::unique_ptr<Expr> Converter::operatorExpr(ts::Node N, StringRef T,
                                              unsigned Depth) {
  if (T == "binary_operator" || T == "boolean_operator") {
    auto E =
        make(T == "binary_operator" ? ExprKind::BinaryOp : ExprKind::BoolOp, N);
    E->Op = N.field("operator").text(Src).str();
    E->Ops.push_back(expr(N.field("left"), Depth + 1));
    E->Ops.push_back(expr(N.field("right"), Depth + 1));
    return E;
  }
  if (T == "unary_operator") {
    auto E = make(ExprKind::UnaryOp, N);
    E->Op = N.field("operator").text(Src).str();
    E->Ops.push_back(expr(N.field("argument"), Depth + 1));
    return E;
  }
  if (T == "not_operator") {
    auto E = make(ExprKind::Not, N);
    E->Ops.push_back(expr(N.field("argument"), Depth + 1));
    return E;
  }
  if (T == "comparison_operator") {
    auto E = make(ExprKind::Compare, N);
    for (uint32_t I = 0; I < N.childCount(); ++I) {
      ts::Node C = N.child(I);
      if (C.isNamed()) {
        if (C.type() != "comment")
          E->Ops.push_back(expr(C, Depth + 1));
      } else {
        // `not in` / `is not` may come as one token or as two.
        std::string Op = C.text(Src).str();
        if (!E->CompareOps.empty() && E->CompareOps.size() == E->Ops.size() &&
            (Op == "in" || Op == "not"))
          E->CompareOps.back() += " " + Op;
        else
          E->CompareOps.push_back(Op);
      }
    }
    return E;
  }
  if (T == "conditional_expression") {
    auto E = make(ExprKind::IfExp, N);
    for (uint32_t I = 0; I < N.namedChildCount() && E->Ops.size() < 3; ++I)
      if (N.namedChild(I).type() != "comment")
        E->Ops.push_back(expr(N.namedChild(I), Depth + 1));
    while (E->Ops.size() < 3)
      E->Ops.push_back(null(N));
    return E;
  }
  return nullptr;
}

/// Whether \p N has a `,` among its children (a tuple, not a grouping).
static bool hasCommaChild(ts::Node N) {
  for (uint32_t I = 0; I < N.childCount(); ++I)
    if (N.child(I).type() == ",")
      return true;
  return false;
}

/// The first named child of \p N that is not a comment, if any.
static std::optional<ts::Node> firstNamedNonComment(ts::Node N) {
  for (uint32_t I = 0; I < N.namedChildCount(); ++I)
    if (N.namedChild(I).type() != "comment")
      return N.namedChild(I);
  return std::nullopt;
}

std::unique_ptr<Expr> Converter::atomExpr(ts::Node N, StringRef T,
                                          unsigned Depth) {
  if (T == "parenthesized_expression") {
    if (std::optional<ts::Node> C = firstNamedNonComment(N))
      return expr(*C, Depth + 1);
    return make(ExprKind::Unknown, N);
  }
  // `for _, (m) in ...`: parentheses around one target with no comma group
  // it, as around an expression; `(m,)` is a one-element tuple.
  if (T == "tuple_pattern" && !hasCommaChild(N))
    if (std::optional<ts::Node> C = firstNamedNonComment(N))
      return expr(*C, Depth + 1);
  if (T == "tuple" || T == "expression_list" || T == "pattern_list" ||
      T == "tuple_pattern")
    return sequence(ExprKind::Tuple, N, Depth);
  if (T == "list" || T == "list_pattern")
    return sequence(ExprKind::List, N, Depth);
  if (T == "set")
    return sequence(ExprKind::Set, N, Depth);
  if (T == "dictionary") {
    auto E = make(ExprKind::Dict, N);
    for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
      ts::Node C = N.namedChild(I);
      if (C.type() == "pair") {
        E->Ops.push_back(expr(C.field("key"), Depth + 1));
        E->Ops.push_back(expr(C.field("value"), Depth + 1));
      } else if (C.type() == "dictionary_splat") {
        E->Ops.push_back(expr(C, Depth + 1));
        E->Ops.push_back(null(C));
      }
    }
    return E;
  }
  if (T == "list_comprehension")
    return comprehension("list", N, Depth);
  if (T == "set_comprehension")
    return comprehension("set", N, Depth);
  if (T == "dictionary_comprehension")
    return comprehension("dict", N, Depth);
  if (T == "generator_expression")
    return comprehension("generator", N, Depth);
  if (T == "lambda") {
    auto E = make(ExprKind::Lambda, N);
    if (ts::Node Ps = N.field("parameters"))
      for (uint32_t I = 0; I < Ps.namedChildCount(); ++I) {
        ts::Node P = Ps.namedChild(I);
        ts::Node Name = P.type() == "identifier" ? P : P.field("name");
        E->Params.push_back((Name ? Name : P).text(Src).str());
      }
    E->Ops.push_back(expr(N.field("body"), Depth + 1));
    return E;
  }
  if (T == "named_expression") {
    auto E = make(ExprKind::NamedExpr, N);
    E->Ops.push_back(expr(N.field("name"), Depth + 1));
    E->Ops.push_back(expr(N.field("value"), Depth + 1));
    return E;
  }
  if (T == "await" || T == "yield") {
    auto E = make(T == "await" ? ExprKind::Await : ExprKind::Yield, N);
    if (N.namedChildCount())
      E->Ops.push_back(expr(N.namedChild(0), Depth + 1));
    return E;
  }
  if (T == "as_pattern") // `with a as b` item when it reaches here.
    return expr(N.namedChild(0), Depth + 1);
  if (T == "integer")
    return make(ExprKind::Int, N);
  if (T == "float")
    return make(ExprKind::Float, N);
  if (T == "string" || T == "concatenated_string")
    return stringLiteral(N, Depth);
  if (T == "true")
    return make(ExprKind::True, N);
  if (T == "false")
    return make(ExprKind::False, N);
  if (T == "none")
    return make(ExprKind::None, N);
  if (T == "ellipsis")
    return make(ExprKind::Ellipsis, N);
  if (T == "type" && N.namedChildCount() == 1)
    return expr(N.namedChild(0), Depth + 1);
  auto E = make(ExprKind::Unknown, N);
  E->Name = T.str();
  return E;
}

std::unique_ptr<Expr> Converter::expr(ts::Node N, unsigned Depth) {
  if (!N)
    return std::make_unique<Expr>(ExprKind::Null, SourceRange{&File},
                                  StringRef());
  if (!checkDepth(N, Depth))
    return make(ExprKind::Unknown, N);
  StringRef T = N.type();

  if (auto E = primaryExpr(N, T, Depth))
    return E;
  if (auto E = operatorExpr(N, T, Depth))
    return E;
  return atomExpr(N, T, Depth);
}

} // namespace modcost::pyparse
