//===- FreeCallInputs.cpp - Inputs a module-level function shapes --------===//
///
/// \file
/// An input passed to a function the module defines at its top level
/// (Bloom's `build_alibi_tensor(attention_mask, num_heads, dtype)`, which
/// BloomModel's method of the same name calls) takes the shape that
/// function's own code requires (`batch_size, seq_length =
/// attention_mask.shape`: rank 2), as it does from a method of self
/// (InputInference.cpp). Only a function of the module whose code is read
/// is followed; what it reveals nothing about stays as before.
///
//===----------------------------------------------------------------------===//

#include "InputShapeInference.h"

#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace modcost {

const PyModule *InputShapeInference::codeModule(const FunctionDef &Fn,
                                                const ObjectState *Self) {
  if (!Fn.Parent)
    return Mod;
  if (!Self)
    return nullptr;
  std::optional<Symbol> S = Eval.findOnMRO(*Self, Fn.Name);
  return S && S->Class == Fn.Parent ? S->Mod : nullptr;
}

/// The first call in \p E of a plain name that takes one of \p Names as
/// a positional argument (`build_alibi_tensor(mask, n, dtype)`).
static const Expr *freeCall(const Expr &E, const StringSet<> &Names,
                            size_t &ArgIndex) {
  if (E.Kind == ExprKind::Lambda || E.Kind == ExprKind::Comprehension)
    return nullptr;
  if (E.Kind == ExprKind::Call && E.callee()->Kind == ExprKind::Name) {
    size_t Pos = 0;
    for (size_t I = 1; I < E.numOps(); ++I) {
      const Expr *A = E.op(I);
      if (!A || A->Kind == ExprKind::Keyword || A->Kind == ExprKind::Starred)
        break;
      if (A->Kind == ExprKind::Name && Names.contains(A->Name)) {
        ArgIndex = Pos;
        return &E;
      }
      ++Pos;
    }
  }
  for (const auto &Op : E.Ops)
    if (Op)
      if (const Expr *C = freeCall(*Op, Names, ArgIndex))
        return C;
  return nullptr;
}

std::optional<Value> InputShapeInference::shapeFromFreeCall(
    StringRef Input, const Stmt &S, const StringSet<> &Names,
    const ObjectState *Self, unsigned Depth) {
  if (!Mod || !Self)
    return std::nullopt;
  size_t ArgIndex = 0;
  const Expr *Call = nullptr;
  for (const auto &E : S.Exprs)
    if (E && (Call = freeCall(*E, Names, ArgIndex)))
      break;
  if (!Call)
    return std::nullopt;
  // Only a function this module defines: its code is the requirement.
  Expected<Symbol> F = Eval.Resolver.lookup(*Mod, Call->callee()->Name);
  if (!F) {
    consumeError(F.takeError());
    return std::nullopt;
  }
  if (F->Kind != SymbolKind::Function || !F->Func || F->Func->Parent ||
      F->Mod != Mod)
    return std::nullopt;
  const Param *Q = nullptr;
  size_t Seen = 0;
  for (const Param &X : F->Func->Params) {
    if (X.Kind == ParamKind::PositionalOnlyMarker ||
        X.Kind == ParamKind::KeywordOnlyMarker)
      continue;
    if (X.Kind == ParamKind::VarArgs || X.Kind == ParamKind::VarKeywords)
      break;
    if (Seen++ == ArgIndex) {
      Q = &X;
      break;
    }
  }
  if (!Q)
    return std::nullopt;
  std::optional<Value> D = inferInputShape(*Q, *F->Func, Self, Depth + 1);
  if (D)
    D->Why = "`" + Input.str() + "` is passed to the function `" +
             F->Func->Name + "` at " + location(Call->Range) + "; " + D->Why;
  return D;
}

} // namespace modcost
