//===- BranchEffects.cpp - Branches that only check or report -------------===//
///
/// \file
/// Whether a block of an undecided `if` can only check or report
/// (Statements.cpp, execIf): then a run of both branches that notes no op
/// decides the condition `either`.
///
//===----------------------------------------------------------------------===//

#include "BranchEffects.h"

using namespace llvm;

namespace modcost {

/// True if \p E contains a walrus (`x := v`), which binds a name, or a
/// lambda (what it closes over is not followed: not taken as a mere check).
static bool bindsName(const Expr &E) {
  if (E.Kind == ExprKind::NamedExpr || E.Kind == ExprKind::Lambda)
    return true;
  for (const auto &Op : E.Ops)
    if (Op && bindsName(*Op))
      return true;
  return false;
}

/// The name at the root of a callee (`torch` in `torch._check_with`), or
/// empty when the root is not a plain name (`super().f`, `x[0].f`).
static StringRef calleeRoot(const Expr &Callee) {
  const Expr *E = &Callee;
  while (E->Kind == ExprKind::Attribute && !E->Ops.empty() && E->Ops[0])
    E = E->Ops[0].get();
  return E->Kind == ExprKind::Name ? StringRef(E->Name) : StringRef();
}

bool onlyChecksOrReports(const Block &B, const StringMap<Value> &Locals) {
  for (const auto &S : B) {
    if (S->Kind == StmtKind::Pass)
      continue;
    if (S->Kind != StmtKind::Expr || S->Exprs.empty() || !S->Exprs[0])
      return false;
    const Expr &E = *S->Exprs[0];
    if (E.Kind == ExprKind::String)
      continue;
    if (E.Kind != ExprKind::Call || E.Ops.empty() || !E.Ops[0] || bindsName(E))
      return false;
    StringRef Root = calleeRoot(*E.Ops[0]);
    if (Root.empty() || Root == "self" || Root == "cls")
      return false;
    // A local other than an imported module (`import torch` in the body).
    auto Local = Locals.find(Root);
    if (Local != Locals.end() && !Local->second.is(ValueKind::Module))
      return false;
    // An object passed on (`init_(self.proj)`, `helper(config)`) may be
    // changed by the callee: not a mere check.
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *Arg = E.op(I);
      if (Arg && Arg->Kind == ExprKind::Keyword && Arg->numOps())
        Arg = Arg->op(0);
      if (!Arg)
        continue;
      StringRef ArgRoot = calleeRoot(*Arg);
      if (ArgRoot == "self" || ArgRoot == "cls")
        return false;
      auto A = Locals.find(ArgRoot);
      if (!ArgRoot.empty() && A != Locals.end() &&
          A->second.is(ValueKind::Object))
        return false;
    }
  }
  return true;
}

} // namespace modcost
