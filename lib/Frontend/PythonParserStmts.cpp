//===- PythonParserStmts.cpp - Python statements to IR --------------------===//
///
/// \file
/// Converter's definitions (functions, classes, parameters, decorators) and
/// statements (imports, `if`/`elif` chains, loops, `with`, `try`, blocks).
///
//===----------------------------------------------------------------------===//

#include "PythonParserImpl.h"
#include "modcost/IR/Indexing.h"

using namespace llvm;

namespace modcost::pyparse {

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
  F->setBody(convertBlock(N.field("body"), Depth + 1));
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
  indexClassBody(*C);
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

} // namespace modcost::pyparse
