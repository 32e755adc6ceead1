//===- Indexing.cpp - The lookup tables of a parsed module ----------------===//

#include "modcost/IR/Indexing.h"

namespace modcost {

void indexClassBody(ClassDef &C) {
  for (const auto &S : C.Body) {
    if (S->Kind == StmtKind::FunctionDef) {
      S->Function->Parent = &C;
      C.Methods[S->Function->Name] = S->Function.get();
    } else if (S->Kind == StmtKind::Assign || S->Kind == StmtKind::AnnAssign) {
      const Expr *Target = S->Exprs.front().get();
      const Expr *Value = S->Exprs.back().get();
      if (Target->Kind == ExprKind::Name && Value->Kind != ExprKind::Null)
        C.Attributes[Target->Name] = Value;
    }
  }
}

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

void indexModule(PyModule &M) { indexBlock(M.Body, M); }

} // namespace modcost
