//===- SelfReturningMethods.cpp - Module methods that return the module ---===//
///
/// \file
/// `nn.Linear(5, 8).to(dtype=torch.float)`, `block.eval()`,
/// `head.requires_grad_(False)`: a method of `nn.Module` itself whose every
/// `return` gives back `self`, directly or through another such method of
/// the same object (`Module.to` returns `self._apply(convert)`, and
/// `_apply` returns `self`), is the module itself. The body is read, not
/// run: what the method changes in the module (the dtype or device of its
/// parameters, its training flag) is not followed, and the report says so
/// among its assumptions.
///
//===----------------------------------------------------------------------===//

#include "SelfReturningMethods.h"
#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// How many `return self.m(...)` links are followed.
static constexpr unsigned MaxSelfReturnDepth = 4;

/// The `return` statements of \p B, outside nested functions and classes.
static void collectReturnStmts(const Block &B,
                               SmallVectorImpl<const Stmt *> &Out) {
  for (const auto &S : B) {
    if (S->Kind == StmtKind::Return)
      Out.push_back(S.get());
    if (S->Kind == StmtKind::FunctionDef || S->Kind == StmtKind::ClassDef)
      continue;
    for (const Block &Sub : S->Bodies)
      collectReturnStmts(Sub, Out);
  }
}

static bool returnsSelf(const ObjectState &O, StringRef Name, MethodFinder Find,
                        unsigned Depth, std::string &Chain) {
  if (Depth > MaxSelfReturnDepth)
    return false;
  std::optional<Symbol> S = Find(O, Name);
  const FunctionDef *M = S && S->Class ? S->Class->findMethod(Name) : nullptr;
  // Only nn.Module's own methods: a container's `extend` or `__iadd__`
  // also returns self, but what it adds is the point of the call.
  if (!M || S->QualifiedName != "torch.nn.modules.module.Module" ||
      isStaticMethod(*M) || M->Params.empty() ||
      M->Params.front().Kind != ParamKind::Positional)
    return false;
  StringRef SelfName = M->Params.front().Name;
  SmallVector<const Stmt *, 4> Returns;
  collectReturnStmts(M->body(), Returns);
  if (Returns.empty())
    return false;
  std::string Via;
  for (const Stmt *R : Returns) {
    const Expr *V = R->Exprs.empty() ? nullptr : R->Exprs[0].get();
    if (!V)
      return false;
    if (V->Kind == ExprKind::Name && V->Name == SelfName)
      continue;
    // `return self._apply(convert)`: another method of the same object.
    const Expr *C = V->Kind == ExprKind::Call ? V->callee() : nullptr;
    if (!C || C->Kind != ExprKind::Attribute ||
        C->op(0)->Kind != ExprKind::Name || C->op(0)->Name != SelfName ||
        O.Attrs.count(C->Name))
      return false;
    std::string Inner;
    if (!returnsSelf(O, C->Name, Find, Depth + 1, Inner))
      return false;
    if (Via.empty())
      Via = "`" + V->Text.str() + "`, and " + Inner;
  }
  Chain = "`" + S->QualifiedName + "." + Name.str() + "` returns " +
          (Via.empty() ? "`" + SelfName.str() + "`" : Via);
  return true;
}

bool methodReturnsSelf(const ObjectState &O, StringRef Name, MethodFinder Find,
                       std::string &Chain) {
  return returnsSelf(O, Name, Find, 0, Chain);
}

Value moduleItself(const Value &Module, StringRef Name, StringRef Chain,
                   std::vector<std::string> &Assumptions) {
  std::string Note = "`." + Name.str() + "()` of a `" + Module.Obj->ClassName +
                     "` is the module itself: " + Chain.str() +
                     "; what the method changes in the module (the dtype or "
                     "device of its parameters, its training flag) is not "
                     "followed";
  if (!is_contained(Assumptions, Note))
    Assumptions.push_back(Note);
  Value R = Module;
  R.Why = joinWhy(Module.Why, Chain);
  return R;
}

} // namespace modcost
