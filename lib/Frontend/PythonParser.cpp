//===- PythonParser.cpp - tree-sitter syntax tree to Python IR ------------===//
///
/// \file
/// The converter walks tree-sitter-python's concrete syntax tree (grammar
/// 0.23) and builds IR nodes. Node type and field names below are the
/// grammar's; anything it does not model becomes an Unknown expression or an
/// Other statement that keeps its text, so later passes can still report it.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/PythonParser.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>

using namespace llvm;

namespace modcost {

namespace {

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
    E->Text = StringRef();
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
  StringRef Src;

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

  std::unique_ptr<Expr> comprehension(StringRef Flavor, ts::Node N,
                                      unsigned Depth);
  std::unique_ptr<Expr> stringLiteral(ts::Node N, unsigned Depth);
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

} // namespace

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

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

/// Decodes the content of a plain (non-f, non-bytes-escape-heavy) string.
static std::string decodeStringContent(ts::Node Str, StringRef Src) {
  std::string Out;
  for (uint32_t I = 0; I < Str.namedChildCount(); ++I) {
    ts::Node C = Str.namedChild(I);
    if (C.type() == "string_content")
      Out += C.text(Src).str();
    else if (C.type() == "escape_sequence")
      Out += C.text(Src).str();
  }
  return Out;
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
    Content += decodeStringContent(S, Src);
    for (uint32_t I = 0; I < S.namedChildCount(); ++I) {
      ts::Node C = S.namedChild(I);
      if (C.type() == "interpolation")
        if (ts::Node X = C.field("expression"))
          Interps.push_back(expr(X, Depth + 1));
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

std::unique_ptr<Expr> Converter::expr(ts::Node N, unsigned Depth) {
  if (!N)
    return std::make_unique<Expr>(ExprKind::Null, SourceRange{&File},
                                  StringRef());
  if (!checkDepth(N, Depth))
    return make(ExprKind::Unknown, N);
  StringRef T = N.type();

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
  if (T == "parenthesized_expression") {
    for (uint32_t I = 0; I < N.namedChildCount(); ++I)
      if (N.namedChild(I).type() != "comment")
        return expr(N.namedChild(I), Depth + 1);
    return make(ExprKind::Unknown, N);
  }
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

//===----------------------------------------------------------------------===//
// Definitions
//===----------------------------------------------------------------------===//

void Converter::params(ts::Node N, FunctionDef &F, unsigned Depth) {
  bool SeenStar = false;
  for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
    ts::Node P = N.namedChild(I);
    StringRef T = P.type();
    Param Out;
    Out.Range = range(P);
    ts::Node Inner = P;
    if (T == "typed_parameter") {
      Out.Annotation = expr(P.field("type"), Depth + 1);
      Inner = P.namedChild(0);
    } else if (T == "default_parameter" || T == "typed_default_parameter") {
      Out.Default = expr(P.field("value"), Depth + 1);
      if (ts::Node Ty = P.field("type"))
        Out.Annotation = expr(Ty, Depth + 1);
      Inner = P.field("name");
    } else if (T == "comment") {
      continue;
    }
    StringRef IT = Inner.type();
    if (IT == "list_splat_pattern") {
      Out.Kind = ParamKind::VarArgs;
      Out.Name = Inner.namedChild(0).text(Src).str();
      SeenStar = true;
    } else if (IT == "dictionary_splat_pattern") {
      Out.Kind = ParamKind::VarKeywords;
      Out.Name = Inner.namedChild(0).text(Src).str();
    } else if (IT == "keyword_separator") {
      Out.Kind = ParamKind::KeywordOnlyMarker;
      Out.Name = "*";
      SeenStar = true;
    } else if (IT == "positional_separator") {
      Out.Kind = ParamKind::PositionalOnlyMarker;
      Out.Name = "/";
    } else {
      Out.Kind = SeenStar ? ParamKind::KeywordOnly : ParamKind::Positional;
      Out.Name = Inner.text(Src).str();
    }
    F.Params.push_back(std::move(Out));
  }
}

void Converter::decorators(ts::Node Full,
                           std::vector<std::unique_ptr<Expr>> &Out,
                           unsigned Depth) {
  if (Full.type() != "decorated_definition")
    return;
  for (uint32_t I = 0; I < Full.namedChildCount(); ++I) {
    ts::Node D = Full.namedChild(I);
    if (D.type() == "decorator" && D.namedChildCount())
      Out.push_back(expr(D.namedChild(0), Depth + 1));
  }
}

std::unique_ptr<FunctionDef> Converter::function(ts::Node N, ts::Node Full,
                                                 unsigned Depth) {
  auto F = std::make_unique<FunctionDef>();
  F->Name = N.field("name").text(Src).str();
  F->Range = range(N);
  F->FullRange = range(Full);
  F->IsAsync = N.child(0).type() == "async";
  decorators(Full, F->Decorators, Depth);
  if (ts::Node Ps = N.field("parameters"))
    params(Ps, *F, Depth);
  if (ts::Node R = N.field("return_type"))
    F->Returns = expr(R, Depth + 1);
  F->Body = convertBlock(N.field("body"), Depth + 1);
  return F;
}

std::unique_ptr<ClassDef> Converter::classDef(ts::Node N, ts::Node Full,
                                              unsigned Depth) {
  auto C = std::make_unique<ClassDef>();
  C->Name = N.field("name").text(Src).str();
  C->Range = range(N);
  C->FullRange = range(Full);
  decorators(Full, C->Decorators, Depth);
  if (ts::Node Sup = N.field("superclasses"))
    for (uint32_t I = 0; I < Sup.namedChildCount(); ++I) {
      ts::Node A = Sup.namedChild(I);
      if (A.type() == "comment")
        continue;
      auto E = expr(A, Depth + 1);
      if (E->Kind == ExprKind::Keyword || E->Kind == ExprKind::DoubleStarred)
        C->Keywords.push_back(std::move(E));
      else
        C->Bases.push_back(std::move(E));
    }
  C->Body = convertBlock(N.field("body"), Depth + 1);
  for (const auto &S : C->Body) {
    if (S->Kind == StmtKind::FunctionDef) {
      S->Function->Parent = C.get();
      C->Methods[S->Function->Name] = S->Function.get();
    } else if (S->Kind == StmtKind::Assign || S->Kind == StmtKind::AnnAssign) {
      const Expr *Target = S->Exprs.front().get();
      const Expr *Value = S->Exprs.back().get();
      if (Target->Kind == ExprKind::Name && Value->Kind != ExprKind::Null)
        C->Attributes[Target->Name] = Value;
    }
  }
  return C;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

void Converter::imports(ts::Node N, Stmt &S) {
  bool IsFrom = N.type() == "import_from_statement" ||
                N.type() == "future_import_statement";
  std::string Module;
  unsigned Level = 0;
  if (IsFrom) {
    if (N.type() == "future_import_statement") {
      Module = "__future__";
    } else {
      ts::Node M = N.field("module_name");
      if (M.type() == "relative_import") {
        for (uint32_t I = 0; I < M.namedChildCount(); ++I) {
          ts::Node C = M.namedChild(I);
          if (C.type() == "import_prefix")
            Level = C.text(Src).count('.');
          else if (C.type() == "dotted_name")
            Module = C.text(Src).str();
        }
      } else {
        Module = M.text(Src).str();
      }
    }
  }
  auto Add = [&](ts::Node NameNode, StringRef Name, StringRef As) {
    ImportBinding B;
    B.IsFrom = IsFrom;
    B.Level = Level;
    B.Range = range(NameNode);
    if (IsFrom) {
      B.Module = Module;
      B.Name = Name.str();
    } else {
      B.Module = Name.str();
    }
    B.AsName = As.str();
    // Remove whitespace inside dotted names (`a . b` is legal Python).
    llvm::erase_if(B.Module, [](char C) { return C == ' ' || C == '\t'; });
    S.Imports.push_back(std::move(B));
  };
  N.forEachChild([&](ts::Node C, StringRef Field) {
    if (C.type() == "wildcard_import") {
      Add(C, "*", "");
    } else if (Field == "name") {
      if (C.type() == "aliased_import")
        Add(C, C.field("name").text(Src), C.field("alias").text(Src));
      else
        Add(C, C.text(Src), "");
    }
  });
}

Block Converter::elseBody(ts::Node Alt, unsigned Depth) {
  if (!Alt)
    return Block();
  return convertBlock(Alt.field("body"), Depth + 1);
}

std::unique_ptr<Stmt> Converter::ifStatement(ts::Node N, unsigned Depth) {
  // Collect the alternatives (elif/else clauses) once, in order.
  std::vector<ts::Node> Alts;
  N.forEachChild([&](ts::Node C, StringRef Field) {
    if (Field == "alternative")
      Alts.push_back(C);
  });
  return ifClause(N, Alts, 0, Depth);
}

std::unique_ptr<Stmt> Converter::ifClause(ts::Node N,
                                          llvm::ArrayRef<ts::Node> Alts,
                                          unsigned AltIndex, unsigned Depth) {
  ts::Node Head = AltIndex == 0 ? N : Alts[AltIndex - 1];
  auto S = std::make_unique<Stmt>(StmtKind::If, range(Head), Head.text(Src));
  if (AltIndex == 0) {
    S->Range.End = N.endByte();
    S->Range.EndLine = N.endPoint().row + 1;
    S->Range.EndColumn = N.endPoint().column + 1;
    S->Text = N.text(Src);
  }
  S->IsElif = AltIndex != 0;
  S->Exprs.push_back(expr(Head.field("condition"), Depth + 1));
  S->Bodies.push_back(convertBlock(Head.field("consequence"), Depth + 1));
  Block Else;
  if (AltIndex < Alts.size()) {
    ts::Node Next = Alts[AltIndex];
    if (Next.type() == "elif_clause")
      Else.push_back(ifClause(N, Alts, AltIndex + 1, Depth + 1));
    else
      Else = elseBody(Next, Depth);
  }
  S->Bodies.push_back(std::move(Else));
  return S;
}

std::unique_ptr<Stmt> Converter::simpleStatement(ts::Node N, unsigned Depth) {
  StringRef T = N.type();
  auto S = std::make_unique<Stmt>(StmtKind::Other, range(N), N.text(Src));
  auto SetKind = [&](StmtKind K) { S->Kind = K; };

  if (T == "expression_statement") {
    ts::Node C = N.namedChild(0);
    if (N.namedChildCount() > 1) {
      SetKind(StmtKind::Expr);
      S->Exprs.push_back(sequence(ExprKind::Tuple, N, Depth));
      return S;
    }
    StringRef CT = C.type();
    if (CT == "assignment") {
      if (ts::Node Ty = C.field("type")) {
        SetKind(StmtKind::AnnAssign);
        S->Exprs.push_back(expr(C.field("left"), Depth + 1));
        S->Exprs.push_back(expr(Ty, Depth + 1));
        ts::Node R = C.field("right");
        S->Exprs.push_back(R ? expr(R, Depth + 1) : null(C));
        return S;
      }
      SetKind(StmtKind::Assign);
      ts::Node Cur = C;
      unsigned Chain = 0;
      while (Cur.type() == "assignment" && !Cur.field("type") &&
             checkDepth(Cur, Depth + Chain)) {
        S->Exprs.push_back(expr(Cur.field("left"), Depth + 1));
        Cur = Cur.field("right");
        ++Chain;
      }
      S->Exprs.push_back(expr(Cur, Depth + 1));
      return S;
    }
    if (CT == "augmented_assignment") {
      SetKind(StmtKind::AugAssign);
      S->Op = C.field("operator").text(Src).str();
      S->Exprs.push_back(expr(C.field("left"), Depth + 1));
      S->Exprs.push_back(expr(C.field("right"), Depth + 1));
      return S;
    }
    SetKind(StmtKind::Expr);
    S->Exprs.push_back(expr(C, Depth + 1));
    return S;
  }
  if (T == "return_statement" || T == "raise_statement" ||
      T == "delete_statement") {
    SetKind(T == "return_statement"  ? StmtKind::Return
            : T == "raise_statement" ? StmtKind::Raise
                                     : StmtKind::Delete);
    N.forEachChild([&](ts::Node C, StringRef Field) {
      if (S->Exprs.empty() && C.isNamed() && C.type() != "comment" &&
          Field != "cause")
        S->Exprs.push_back(expr(C, Depth + 1));
    });
    return S;
  }
  if (T == "pass_statement")
    SetKind(StmtKind::Pass);
  else if (T == "break_statement")
    SetKind(StmtKind::Break);
  else if (T == "continue_statement")
    SetKind(StmtKind::Continue);
  else if (T == "import_statement" || T == "import_from_statement" ||
           T == "future_import_statement") {
    SetKind(StmtKind::Import);
    imports(N, *S);
  } else if (T == "assert_statement") {
    SetKind(StmtKind::Assert);
    S->Exprs.push_back(expr(N.namedChild(0), Depth + 1));
    S->Exprs.push_back(
        N.namedChildCount() > 1 ? expr(N.namedChild(1), Depth + 1) : null(N));
  } else if (T == "global_statement" || T == "nonlocal_statement") {
    SetKind(T == "global_statement" ? StmtKind::Global : StmtKind::Nonlocal);
    for (uint32_t I = 0; I < N.namedChildCount(); ++I)
      S->Names.push_back(N.namedChild(I).text(Src).str());
  }
  return S;
}

void Converter::convertStatementInto(ts::Node N, Block &Out, unsigned Depth) {
  if (!checkDepth(N, Depth))
    return;
  StringRef T = N.type();
  if (T == "comment" || T == "line_continuation")
    return;
  if (T == "decorated_definition") {
    ts::Node Def = N.field("definition");
    auto S = std::make_unique<Stmt>(Def.type() == "class_definition"
                                        ? StmtKind::ClassDef
                                        : StmtKind::FunctionDef,
                                    range(N), N.text(Src));
    if (S->Kind == StmtKind::ClassDef)
      S->Class = classDef(Def, N, Depth);
    else
      S->Function = function(Def, N, Depth);
    Out.push_back(std::move(S));
    return;
  }
  if (T == "function_definition") {
    auto S =
        std::make_unique<Stmt>(StmtKind::FunctionDef, range(N), N.text(Src));
    S->Function = function(N, N, Depth);
    Out.push_back(std::move(S));
    return;
  }
  if (T == "class_definition") {
    auto S = std::make_unique<Stmt>(StmtKind::ClassDef, range(N), N.text(Src));
    S->Class = classDef(N, N, Depth);
    Out.push_back(std::move(S));
    return;
  }
  if (T == "if_statement") {
    Out.push_back(ifStatement(N, Depth));
    return;
  }
  auto Alternative = [&](ts::Node Node) {
    return elseBody(Node.field("alternative"), Depth);
  };
  if (T == "for_statement") {
    auto S = std::make_unique<Stmt>(StmtKind::For, range(N), N.text(Src));
    S->Exprs.push_back(expr(N.field("left"), Depth + 1));
    S->Exprs.push_back(expr(N.field("right"), Depth + 1));
    S->Bodies.push_back(convertBlock(N.field("body"), Depth + 1));
    S->Bodies.push_back(Alternative(N));
    Out.push_back(std::move(S));
    return;
  }
  if (T == "while_statement") {
    auto S = std::make_unique<Stmt>(StmtKind::While, range(N), N.text(Src));
    S->Exprs.push_back(expr(N.field("condition"), Depth + 1));
    S->Bodies.push_back(convertBlock(N.field("body"), Depth + 1));
    S->Bodies.push_back(Alternative(N));
    Out.push_back(std::move(S));
    return;
  }
  if (T == "with_statement") {
    auto S = std::make_unique<Stmt>(StmtKind::With, range(N), N.text(Src));
    for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
      ts::Node Clause = N.namedChild(I);
      if (Clause.type() != "with_clause")
        continue;
      for (uint32_t J = 0; J < Clause.namedChildCount(); ++J) {
        ts::Node Item = Clause.namedChild(J);
        if (Item.type() != "with_item")
          continue;
        ts::Node V = Item.field("value");
        if (V && V.type() == "as_pattern") {
          S->Exprs.push_back(expr(V.namedChild(0), Depth + 1));
          ts::Node Alias = V.field("alias");
          S->Exprs.push_back(Alias && Alias.namedChildCount()
                                 ? expr(Alias.namedChild(0), Depth + 1)
                                 : (Alias ? expr(Alias, Depth + 1) : null(V)));
        } else {
          S->Exprs.push_back(expr(V, Depth + 1));
          S->Exprs.push_back(null(Item));
        }
      }
    }
    S->Bodies.push_back(convertBlock(N.field("body"), Depth + 1));
    Out.push_back(std::move(S));
    return;
  }
  if (T == "try_statement") {
    auto S = std::make_unique<Stmt>(StmtKind::Try, range(N), N.text(Src));
    S->Bodies.push_back(convertBlock(N.field("body"), Depth + 1));
    Block Else, Finally;
    for (uint32_t I = 0; I < N.namedChildCount(); ++I) {
      ts::Node C = N.namedChild(I);
      StringRef CT = C.type();
      if (CT == "except_clause" || CT == "except_group_clause") {
        ts::Node Body, Type;
        for (uint32_t J = 0; J < C.namedChildCount(); ++J) {
          ts::Node X = C.namedChild(J);
          if (X.type() == "block")
            Body = X;
          else if (!Type && X.type() != "comment")
            Type = X;
        }
        S->HandlerTypes.push_back(Type ? expr(Type, Depth + 1) : null(C));
        S->Bodies.push_back(convertBlock(Body, Depth + 1));
        ++S->Handlers;
      } else if (CT == "else_clause") {
        Else = convertBlock(C.field("body"), Depth + 1);
      } else if (CT == "finally_clause") {
        for (uint32_t J = 0; J < C.namedChildCount(); ++J)
          if (C.namedChild(J).type() == "block")
            Finally = convertBlock(C.namedChild(J), Depth + 1);
      }
    }
    S->Bodies.push_back(std::move(Else));
    S->Bodies.push_back(std::move(Finally));
    Out.push_back(std::move(S));
    return;
  }
  Out.push_back(simpleStatement(N, Depth));
}

Block Converter::convertBlock(ts::Node N, unsigned Depth) {
  Block B;
  if (!N)
    return B;
  for (uint32_t I = 0; I < N.namedChildCount(); ++I)
    convertStatementInto(N.namedChild(I), B, Depth);
  return B;
}

//===----------------------------------------------------------------------===//
// Syntax errors and the module index
//===----------------------------------------------------------------------===//

/// `invalid syntax near '...'` for the text starting at \p Text: its first
/// line, at most 40 bytes, cut at a UTF-8 character boundary.
static std::string invalidSyntaxNear(StringRef Text) {
  std::string Msg = "invalid syntax";
  StringRef First =
      Text.take_until([](char C) { return C == '\n' || C == '\r'; });
  if (First.size() > 40) {
    size_t Cut = 40;
    while (Cut > 0 && (static_cast<unsigned char>(First[Cut]) & 0xC0) == 0x80)
      --Cut;
    First = First.take_front(Cut);
  }
  if (!First.empty())
    Msg += " near '" + First.str() + "'";
  return Msg;
}

/// Where to report an error that sits in a hidden child of \p N: a MISSING
/// `_newline`, `_indent` or `_dedent` token is not reachable through the
/// node API (ts_node_child skips hidden nodes). In a block, two statements
/// on one line without a `;` between them are the usual cause; otherwise
/// the node itself is the best place there is.
static uint32_t hiddenErrorOffset(ts::Node N) {
  uint32_t Offset = N.startByte();
  bool Found = false;
  ts::Node Prev;
  N.forEachChild([&](ts::Node C, StringRef) {
    if (Found || C.type() == "comment")
      return;
    if (Prev && C.isNamed() && Prev.isNamed() &&
        C.startPoint().row == Prev.endPoint().row) {
      Offset = C.startByte();
      Found = true;
    }
    Prev = C;
  });
  return Offset;
}

/// Reports every ERROR/MISSING node (up to a limit); returns how many. A
/// tree whose error is only in hidden nodes still gets one diagnostic, so a
/// failed parse is never silent.
static unsigned reportSyntaxErrors(ts::Node Root, const SourceFile &File,
                                   DiagnosticEngine &Diags) {
  const unsigned Limit = 10;
  StringRef Src = File.getText();
  // Iterative walk: the tree can be as deep as the input is nested.
  std::vector<ts::Node> Stack{Root};
  std::vector<std::pair<uint32_t, std::string>> Found;
  std::optional<uint32_t> Hidden;
  while (!Stack.empty() && Found.size() < Limit) {
    ts::Node N = Stack.back();
    Stack.pop_back();
    if (N.isMissing()) {
      Found.push_back({N.startByte(), ("expected '" + N.type() + "'").str()});
      continue;
    }
    if (N.isError()) {
      Found.push_back({N.startByte(), invalidSyntaxNear(N.text(Src))});
      continue;
    }
    if (!N.hasError())
      continue;
    size_t Before = Stack.size();
    for (uint32_t I = N.childCount(); I-- > 0;)
      if (ts::Node C = N.child(I); C.hasError() || C.isMissing())
        Stack.push_back(C);
    if (Stack.size() == Before && !Hidden)
      Hidden = hiddenErrorOffset(N);
  }
  if (Found.empty()) {
    uint32_t Offset = Hidden.value_or(0);
    Found.push_back({Offset, invalidSyntaxNear(Src.drop_front(Offset))});
  }
  llvm::sort(Found,
             [](const auto &A, const auto &B) { return A.first < B.first; });
  for (auto &[Offset, Msg] : Found)
    Diags.report(File.getBufferID(), Offset, DiagLevel::Error, Msg);
  return Found.size();
}

/// Indexes module-level definitions, descending into `if`/`try` blocks.
static void indexBlock(const Block &B, PyModule &M) {
  for (const auto &S : B) {
    switch (S->Kind) {
    case StmtKind::ClassDef:
      M.Classes.push_back(S->Class.get());
      break;
    case StmtKind::FunctionDef:
      M.Functions.push_back(S->Function.get());
      break;
    case StmtKind::Import:
      for (const ImportBinding &I : S->Imports)
        M.Imports.push_back(&I);
      break;
    case StmtKind::Assign:
    case StmtKind::AnnAssign: {
      const Expr *Target = S->Exprs.front().get();
      const Expr *Value = S->Exprs.back().get();
      if (Target->Kind == ExprKind::Name && Value->Kind != ExprKind::Null)
        M.Assignments.push_back({Target->Name, Value});
      break;
    }
    case StmtKind::If:
    case StmtKind::Try:
      for (const Block &Body : S->Bodies)
        indexBlock(Body, M);
      break;
    default:
      break;
    }
  }
}

//===----------------------------------------------------------------------===//
// Indentation
//===----------------------------------------------------------------------===//

namespace {

/// The UTF-8 byte order mark, which Python allows at the start of a file.
constexpr StringLiteral BOM = "\xEF\xBB\xBF";

/// CPython's indentation check, fed the logical lines of a file in order
/// (the tokenizer logic of Parser/tokenizer.c): each line's indentation is
/// measured with tabs to the next multiple of 8 and, separately, with tabs
/// as one column; the two must order the lines the same way. A deeper line
/// must open a block (CPython's parser says "unexpected indent" otherwise).
class IndentChecker {
public:
  enum class Problem {
    None,
    Tab,
    Unindent,
    UnexpectedIndent,
    TooManyLevels,
    TooWide
  };

  /// Checks the logical line whose indentation is \p Indent; \p OpensBlock
  /// says whether it is the first line of a block (may be deeper).
  Problem add(StringRef Indent, bool OpensBlock) {
    unsigned Col = 0, AltCol = 0, Width = 0;
    for (char C : Indent) {
      if (C == ' ') {
        ++Col;
        ++AltCol;
        ++Width;
      } else if (C == '\t') {
        Col = (Col / 8 + 1) * 8;
        ++AltCol;
        Width += 8; // tree-sitter-python's scanner: a tab is 8 more.
      } else if (C == '\f') {
        Col = AltCol = Width = 0;
      }
    }
    if (Width > PythonParser::MaxIndentColumns)
      return Problem::TooWide;
    auto &Top = Stack.back();
    if (Col == Top.first)
      return AltCol == Top.second ? Problem::None : Problem::Tab;
    if (Col > Top.first) {
      if (Stack.size() > PythonParser::MaxIndentLevels)
        return Problem::TooManyLevels;
      bool Consistent = AltCol > Top.second;
      Stack.push_back({Col, AltCol});
      if (!Consistent)
        return Problem::Tab;
      return OpensBlock ? Problem::None : Problem::UnexpectedIndent;
    }
    while (Stack.size() > 1 && Col < Stack.back().first)
      Stack.pop_back();
    if (Col != Stack.back().first) {
      Stack.push_back({Col, AltCol}); // Keep going from the line as written.
      return Problem::Unindent;
    }
    return AltCol == Stack.back().second ? Problem::None : Problem::Tab;
  }

  /// The diagnostic text of \p P.
  static std::string message(Problem P) {
    switch (P) {
    case Problem::Tab:
      return "inconsistent use of tabs and spaces in indentation";
    case Problem::Unindent:
      return "unindent does not match any outer indentation level";
    case Problem::UnexpectedIndent:
      return "unexpected indent";
    case Problem::TooManyLevels:
      return formatv("nesting deeper than {0} indentation levels is not "
                     "supported",
                     PythonParser::MaxIndentLevels);
    case Problem::TooWide:
      return formatv("nesting deeper than {0} columns of indentation is not "
                     "supported",
                     PythonParser::MaxIndentColumns);
    case Problem::None:
      break;
    }
    return "";
  }

private:
  /// (column, alternate column) of each open indentation level.
  SmallVector<std::pair<unsigned, unsigned>, 16> Stack{{0, 0}};
};

/// A logical line: its indentation [IndentBegin, IndentEnd), where its
/// first token is, and whether it is the first line of a block.
struct LogicalLine {
  uint32_t IndentBegin, IndentEnd, First;
  bool OpensBlock;
};

/// True if the physical line before the one starting at \p LineStart ends
/// with a backslash (so this line continues it).
bool continuesPreviousLine(StringRef Src, uint32_t LineStart) {
  if (LineStart < 2 || Src[LineStart - 1] != '\n')
    return false;
  uint32_t I = LineStart - 2;
  if (Src[I] == '\r') {
    if (I == 0)
      return false;
    --I;
  }
  return Src[I] == '\\';
}

/// The indentation of a statement whose first token starts a physical line
/// at \p LineStart: that line's leading whitespace, unless it continues
/// lines holding only whitespace and a backslash, in which case the first
/// of those sets the indentation (as in CPython). None if it continues a
/// line with code (then it does not start a logical line).
std::optional<std::pair<uint32_t, uint32_t>>
indentationOf(StringRef Src, uint32_t LineStart, uint32_t First) {
  std::pair<uint32_t, uint32_t> Indent{LineStart, First};
  while (continuesPreviousLine(Src, LineStart)) {
    uint32_t PrevEnd = LineStart - 1; // The '\n'.
    size_t NL = Src.take_front(PrevEnd).rfind('\n');
    uint32_t PrevStart = NL == StringRef::npos ? 0 : NL + 1;
    StringRef Prev = Src.slice(PrevStart, PrevEnd).rtrim('\r');
    size_t Code = Prev.find_first_not_of(" \t\f");
    if (Code + 1 != Prev.size()) // Something before the backslash.
      return std::nullopt;
    Indent = {PrevStart, PrevStart + uint32_t(Code)};
    LineStart = PrevStart;
  }
  return Indent;
}

/// The logical lines of an error-free tree: the statements of every block
/// and of the module, the clauses of compound statements (`elif`, `else`,
/// `except`, `finally`, `case`), decorators and the definitions they
/// decorate, when they are the first token on their physical line.
std::vector<LogicalLine> logicalLinesOfTree(ts::Node Root, StringRef Src) {
  std::vector<LogicalLine> Lines;
  auto Consider = [&](ts::Node N, bool OpensBlock) {
    uint32_t First = N.startByte();
    uint32_t Column = N.startPoint().column;
    if (Column > First)
      return;
    uint32_t LineStart = First - Column;
    if (LineStart == 0 && Src.starts_with(BOM))
      LineStart = BOM.size();
    if (LineStart > First)
      return;
    if (Src.slice(LineStart, First).find_first_not_of(" \t\f") !=
        StringRef::npos)
      return;
    if (auto Indent = indentationOf(Src, LineStart, First))
      Lines.push_back({Indent->first, Indent->second, First, OpensBlock});
  };
  auto Descends = [](StringRef T) {
    return T == "module" || T == "block" || T == "decorated_definition" ||
           T.ends_with("_statement") || T.ends_with("_clause") ||
           T.ends_with("_definition");
  };
  // Iterative walk: blocks nest as deep as the input does.
  std::vector<ts::Node> Stack{Root};
  while (!Stack.empty()) {
    ts::Node N = Stack.back();
    Stack.pop_back();
    StringRef T = N.type();
    bool Container = T == "module" || T == "block";
    bool Decorated = T == "decorated_definition";
    bool FirstInBlock = T == "block";
    N.forEachChild([&](ts::Node C, StringRef Field) {
      if (!C.isNamed())
        return;
      StringRef CT = C.type();
      if (CT == "comment" || CT == "line_continuation")
        return;
      if (Container || CT == "decorator" || CT.ends_with("_clause") ||
          (Decorated && Field == "definition"))
        Consider(C, FirstInBlock);
      FirstInBlock = false;
      if (Descends(CT))
        Stack.push_back(C);
    });
  }
  llvm::sort(Lines, [](const LogicalLine &A, const LogicalLine &B) {
    return A.First < B.First;
  });
  // A decorated definition and its first decorator start the same line.
  std::vector<LogicalLine> Unique;
  for (const LogicalLine &L : Lines) {
    if (!Unique.empty() && Unique.back().IndentBegin == L.IndentBegin)
      Unique.back().OpensBlock |= L.OpensBlock;
    else
      Unique.push_back(L);
  }
  return Unique;
}

/// The logical lines of any text, found by a small tokenizer that skips
/// strings, comments, blank lines and lines inside brackets or after a
/// backslash. Used only when tree-sitter has already found errors, to tell
/// nesting beyond its limits from a real syntax error; a string it
/// misreads can then only change which error is reported.
std::vector<LogicalLine> logicalLinesOfText(StringRef Src) {
  std::vector<LogicalLine> Lines;
  size_t I = Src.starts_with(BOM) ? BOM.size() : 0, N = Src.size();
  unsigned Brackets = 0;
  bool AtLineStart = true, Continued = false;
  while (I < N) {
    if (AtLineStart) {
      AtLineStart = false;
      size_t J = I;
      while (J < N && (Src[J] == ' ' || Src[J] == '\t' || Src[J] == '\f'))
        ++J;
      if (!Brackets && !Continued && J < N && Src[J] != '\n' &&
          Src[J] != '\r' && Src[J] != '#' && Src[J] != '\\')
        Lines.push_back(
            {uint32_t(I), uint32_t(J), uint32_t(J), /*OpensBlock=*/true});
      Continued = false;
      I = J;
      continue;
    }
    char C = Src[I];
    if (C == '\n') {
      AtLineStart = true;
      ++I;
    } else if (C == '#') {
      while (I < N && Src[I] != '\n')
        ++I;
    } else if (C == '\\') {
      size_t Next = I + 1;
      if (Next < N && Src[Next] == '\r')
        ++Next;
      if (Next < N && Src[Next] == '\n') {
        Continued = AtLineStart = true;
        I = Next + 1;
      } else {
        I += 2;
      }
    } else if (C == '(' || C == '[' || C == '{') {
      ++Brackets;
      ++I;
    } else if (C == ')' || C == ']' || C == '}') {
      if (Brackets)
        --Brackets;
      ++I;
    } else if (C == '\'' || C == '"') {
      bool Triple = I + 2 < N && Src[I + 1] == C && Src[I + 2] == C;
      I += Triple ? 3 : 1;
      while (I < N) {
        if (Src[I] == '\\') {
          I += 2;
        } else if (Src[I] == C && (!Triple || (I + 2 < N && Src[I + 1] == C &&
                                               Src[I + 2] == C))) {
          I += Triple ? 3 : 1;
          break;
        } else if (Src[I] == '\n' && !Triple) {
          break; // Unterminated; the newline ends the line.
        } else {
          ++I;
        }
      }
    } else {
      ++I;
    }
  }
  return Lines;
}

} // namespace

/// Runs the indentation checks over \p Lines; reports the first problem
/// (only the nesting limits when \p OnlyLimits) and returns false if there
/// was one.
static bool checkIndentation(ArrayRef<LogicalLine> Lines,
                             const SourceFile &File, DiagnosticEngine &Diags,
                             bool OnlyLimits) {
  using Problem = IndentChecker::Problem;
  StringRef Src = File.getText();
  IndentChecker Checker;
  for (const LogicalLine &L : Lines) {
    Problem P =
        Checker.add(Src.slice(L.IndentBegin, L.IndentEnd), L.OpensBlock);
    if (P == Problem::None)
      continue;
    if (OnlyLimits && P != Problem::TooManyLevels && P != Problem::TooWide)
      continue;
    Diags.report(File.getBufferID(), L.First, DiagLevel::Error,
                 IndentChecker::message(P));
    return false;
  }
  return true;
}

/// Python rejects U+FEFF (a byte order mark) anywhere but at the very start
/// of the file, unless it is inside a string or a comment; tree-sitter skips
/// it as whitespace. Reports the first stray one; returns false if found.
static bool checkStrayBOM(ts::Node Root, const SourceFile &File,
                          DiagnosticEngine &Diags) {
  StringRef Src = File.getText();
  for (size_t Pos = Src.find(BOM, 1); Pos != StringRef::npos;
       Pos = Src.find(BOM, Pos + BOM.size())) {
    TSNode Raw = ts_node_descendant_for_byte_range(Root.raw(), Pos, Pos + 1);
    bool Quoted = false;
    for (ts::Node N(Raw); N && !Quoted; N = N.parent()) {
      StringRef T = N.type();
      Quoted = T == "string" || T == "comment" || T == "string_content";
    }
    if (Quoted)
      continue;
    Diags.report(File.getBufferID(), Pos, DiagLevel::Error,
                 "invalid non-printable character U+FEFF");
    return false;
  }
  return true;
}

/// Python reads a carriage return without a line feed as a line break (old
/// Mac line endings); tree-sitter does not. When such a file fails to
/// parse, a note says why the errors look odd.
static void noteLoneCarriageReturn(const SourceFile &File,
                                   DiagnosticEngine &Diags) {
  StringRef Src = File.getText();
  for (size_t Pos = Src.find('\r'); Pos != StringRef::npos;
       Pos = Src.find('\r', Pos + 1)) {
    if (Pos + 1 < Src.size() && Src[Pos + 1] == '\n')
      continue;
    Diags.report(File.getBufferID(), Pos, DiagLevel::Note,
                 "this file ends a line with a carriage return alone (old "
                 "Mac line endings); only \\n and \\r\\n line endings are "
                 "supported");
    return;
  }
}

Expected<PythonParser> PythonParser::create(DiagnosticEngine &Diags) {
  auto P = ts::Parser::createPython();
  if (!P)
    return P.takeError();
  return PythonParser(std::move(*P), Diags);
}

Expected<std::unique_ptr<PyModule>> PythonParser::parse(const SourceFile &File,
                                                        StringRef ModuleName,
                                                        bool IsPackage) {
  StringRef Text = File.getText();
  size_t Nul = Text.find('\0');
  if (Nul != StringRef::npos) {
    Diags->report(File.getBufferID(), Nul, DiagLevel::Error,
                  "file contains a NUL byte; this is not Python source");
    return makeDiagnosedError(FailureKind::InputError);
  }
  if (Text.size() > UINT32_MAX / 2) {
    Diags->report(File.getBufferID(), 0, DiagLevel::Error,
                  "file is too large to parse");
    return makeDiagnosedError(FailureKind::InputError);
  }
  ts::Tree Tree = TSParser.parse(Text);
  if (!Tree) {
    Diags->report(File.getBufferID(), 0, DiagLevel::Error,
                  "the parser gave up on this file");
    return makeDiagnosedError(FailureKind::InputError);
  }
  ts::Node Root = Tree.root();
  if (Root.hasError()) {
    // Nesting beyond the scanner's limits shows as bogus errors (often at
    // 1:1); say what is wrong instead.
    if (checkIndentation(logicalLinesOfText(Text), File, *Diags,
                         /*OnlyLimits=*/true)) {
      reportSyntaxErrors(Root, File, *Diags);
      noteLoneCarriageReturn(File, *Diags);
    }
    return makeDiagnosedError(FailureKind::InputError);
  }
  if (!checkIndentation(logicalLinesOfTree(Root, Text), File, *Diags,
                        /*OnlyLimits=*/false) ||
      !checkStrayBOM(Root, File, *Diags))
    return makeDiagnosedError(FailureKind::InputError);
  auto M = std::make_unique<PyModule>();
  M->Name = ModuleName.str();
  M->IsPackage = IsPackage;
  M->File = &File;
  Converter C(File);
  M->Body = C.convertBlock(Root, 0);
  if (C.TooDeepSeen) {
    Diags->report(File.getBufferID(), C.TooDeepOffset, DiagLevel::Error,
                  formatv("nesting deeper than {0} levels is not supported",
                          MaxNestingDepth));
    return makeDiagnosedError(FailureKind::InputError);
  }
  indexBlock(M->Body, *M);
  return M;
}

} // namespace modcost
