//===- ModuleGlobals.cpp - Module globals bound in source order -----------===//
///
/// \file
/// A module global is what the module's top-level statements leave in it,
/// in source order. transformers' auto machinery extends its tables after
/// building them:
///
///   CONFIG_MAPPING_NAMES.update({"mlcd": "MLCDVisionConfig", ...})
///   CONFIG_MAPPING_NAMES = OrderedDict(**{"gpt-sw3": ...},
///   **CONFIG_MAPPING_NAMES)
///
/// so a read of `CONFIG_MAPPING_NAMES` is the first binding, then the
/// update, then the rebinding, each seeing the value before it. Only the
/// statements at the module's top level that bind or change the name run;
/// a global bound once keeps the plain evaluation of its value. Whether a
/// module defines a name at all (`hasattr` of a module) is its source's
/// answer too (moduleHasAttr).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

const Stmt *Evaluator::topLevelAssignment(const PyModule &M,
                                          const Expr *ValueExpr) {
  for (const auto &S : M.Body)
    if ((S->is(StmtKind::Assign) || S->is(StmtKind::AnnAssign)) &&
        !S->Exprs.empty() && S->Exprs.back().get() == ValueExpr)
      return S.get();
  return nullptr;
}

static bool isName(const Expr &E, StringRef Name) {
  return E.Kind == ExprKind::Name && E.Name == Name;
}

/// True if the top-level statement \p S binds or changes \p Name:
/// `Name = ...`, `Name += ...`, `Name[k] = ...` or `Name.method(...)`, or
/// an `if`/`try` whose bodies do.
static bool changesGlobal(const Stmt &S, StringRef Name) {
  switch (S.Kind) {
  case StmtKind::Assign:
    for (size_t I = 0; I + 1 < S.Exprs.size(); ++I) {
      const Expr &T = *S.Exprs[I];
      if (isName(T, Name) ||
          (T.Kind == ExprKind::Subscript && isName(*T.op(0), Name)))
        return true;
    }
    return false;
  case StmtKind::AnnAssign:
  case StmtKind::AugAssign:
    return !S.Exprs.empty() && isName(*S.Exprs[0], Name);
  case StmtKind::If:
  case StmtKind::Try:
    // `_is_torch_available = False` then `if is_torch_available():
    // _is_torch_available = True`: the statement runs as a whole, its
    // condition deciding which binding holds.
    return llvm::any_of(S.Bodies, [&](const Block &B) {
      return llvm::any_of(B, [&](const std::unique_ptr<Stmt> &Sub) {
        return changesGlobal(*Sub, Name);
      });
    });
  case StmtKind::Expr: {
    const Expr &E = *S.Exprs[0];
    return E.Kind == ExprKind::Call &&
           E.callee()->Kind == ExprKind::Attribute &&
           isName(*E.callee()->op(0), Name);
  }
  default:
    return false;
  }
}

std::optional<Value>
Evaluator::globalInSourceOrder(StringRef Name, const Stmt *First, Frame &F) {
  const PyModule &M = *F.Mod;
  std::vector<const Stmt *> Changes;
  for (const auto &S : M.Body)
    if (S.get() == First || changesGlobal(*S, Name))
      Changes.push_back(S.get());
  // A name this module assigns is evaluated from its first assignment
  // (lookupName); the import path only takes tables changed in place.
  if (!First && llvm::any_of(M.Assignments,
                             [&](const auto &A) { return A.first == Name; }))
    return std::nullopt;
  // Bound once, from a value that does not read the name: plain evaluation.
  bool ReadsItself =
      First && StringRef(First->Exprs.back()->Text).contains(Name);
  if (Changes.empty() ||
      (Changes.size() == 1 && Changes.front() == First && !ReadsItself))
    return std::nullopt;
  std::string Key = "in-order:" + M.Name + "." + Name.str();
  auto Cached = GlobalValues.find(Key);
  if (Cached != GlobalValues.end())
    return Cached->second;
  if (!GlobalsInProgress.insert(Key).second)
    return Value::unknown();
  Frame Global;
  Global.Mod = &M;
  // Before its first statement here, the name is what an import bound.
  if (std::optional<Value> Imported = importedConstant(Name, Global))
    Global.Locals[Name] = *Imported;
  ++Suppress; // Building a global prices nothing on this line.
  Value V;
  for (const Stmt *S : Changes) {
    execStmt(*S, Global);
    auto It = Global.Locals.find(Name);
    if (It == Global.Locals.end() || It->second.isUnknown()) {
      V = Value::unknown("module global `" + Name.str() + "` is changed at " +
                         location(S->Range) + " in a way that is not known");
      break;
    }
    V = It->second;
  }
  --Suppress;
  GlobalsInProgress.erase(Key);
  GlobalValues[Key] = V;
  return V;
}

std::optional<Value> Evaluator::moduleHasAttr(StringRef Module,
                                              StringRef Attr) {
  // `hasattr(nn.utils.parametrizations, "weight_norm")`: the module's
  // source decides, not the catalog's shortcut for torch's functions
  // (torch 2.1 added that function; Debian's 1.13 does not define it).
  std::string Dotted = (Module + "." + Attr).str();
  Expected<Symbol> S = Resolver.resolveDotted(Dotted, nullptr);
  if (S && *S)
    return Value::boolean(true, "`" + Dotted + "` is defined");
  if (!S)
    consumeError(S.takeError());
  Expected<const PyModule *> M = Resolver.getLoader().load(Module);
  if (!M) {
    consumeError(M.takeError());
    return std::nullopt;
  }
  const PyModule &Mod = **M;
  // A module `__getattr__` (PEP 562) or a star import may provide it.
  if (llvm::any_of(
          Mod.Functions,
          [](const FunctionDef *F) { return F->Name == "__getattr__"; }) ||
      llvm::any_of(Mod.Imports,
                   [](const ImportBinding *B) { return B->Name == "*"; }))
    return std::nullopt;
  return Value::boolean(false,
                        "`" + Mod.Name + "` (" +
                            (Mod.File ? Mod.File->getRelativePath() : "") +
                            ") defines no `" + Attr.str() + "`");
}

} // namespace modcost
