//===- ConfigBuilders.cpp - The config a module's classes pass ------------===//
///
/// \file
/// A class whose constructor takes `config` without an annotation gets the
/// config class of its module's import (`from .configuration_llama import
/// LlamaConfig`) when it is analyzed on its own. A module that imports
/// several (Qwen3-Omni-MoE's audio, vision, thinker, talker and text
/// configs) does not say which by its imports; its own classes do, by
/// what they build it with: `Qwen3OmniMoeTalkerTextSparseMoeBlock(config)`
/// in a method taking `config: Qwen3OmniMoeTalkerTextConfig` passes that
/// class, whose fields (`norm_topk_prob: bool = False`) are the defaults
/// the module's attributes read.
///
//===----------------------------------------------------------------------===//

#include "ConfigBuilders.h"

#include "llvm/Support/Error.h"

using namespace llvm;

namespace modcost {

/// True if \p Call builds \p C passing the name `config` as its first
/// argument or as `config=`, and otherwise only values for parameters of
/// its `__init__` that have no default (`layer_idx`): the class analyzed on
/// its own, with its defaults, is then built as the call builds it. A call
/// that passes an optional parameter (`Experts(config, intermediate_size)`)
/// builds what the defaults do not, and says nothing about them.
static bool buildsWithConfig(const Expr &Call, const ClassDef &C) {
  if (Call.Kind != ExprKind::Call || Call.callee()->Kind != ExprKind::Name ||
      Call.callee()->Name != C.Name)
    return false;
  const FunctionDef *Init = C.findMethod("__init__");
  auto Required = [&](const Param *P) {
    return P && !P->Default && P->Kind == ParamKind::Positional;
  };
  bool Config = false;
  for (size_t I = 1; I < Call.numOps(); ++I) {
    const Expr *A = Call.op(I);
    bool Keyword = A->Kind == ExprKind::Keyword;
    const Expr *V = Keyword ? A->op(0) : A;
    bool IsConfig = V->Kind == ExprKind::Name && V->Name == "config" &&
                    (Keyword ? A->Name == "config" : I == 1);
    if (IsConfig) {
      Config = true;
      continue;
    }
    if (!Init || A->Kind == ExprKind::Starred ||
        A->Kind == ExprKind::DoubleStarred)
      return false;
    // Positional argument I binds the I-th parameter after self.
    const Param *P = Keyword                   ? Init->findParam(A->Name)
                     : I < Init->Params.size() ? &Init->Params[I]
                                               : nullptr;
    if (!Required(P))
      return false;
  }
  return Config;
}

/// Whether \p E (at any depth) builds \p Class with `config`.
static bool exprBuilds(const Expr &E, const ClassDef &Class) {
  if (buildsWithConfig(E, Class))
    return true;
  for (size_t I = 0; I < E.numOps(); ++I)
    if (E.op(I) && exprBuilds(*E.op(I), Class))
      return true;
  return false;
}

/// Whether a statement of \p B (at any depth) builds \p Class with `config`.
static bool blockBuilds(const Block &B, const ClassDef &Class) {
  for (const auto &S : B) {
    for (const auto &E : S->Exprs)
      if (E && exprBuilds(*E, Class))
        return true;
    for (const Block &Inner : S->Bodies)
      if (blockBuilds(Inner, Class))
        return true;
  }
  return false;
}

/// builderConfigClass() through at most \p Depth levels of builders whose
/// own `config` is not annotated (a router built by an MoE block built by
/// a decoder layer built by the annotated model).
static std::optional<Symbol> builtWith(NameResolver &Resolver,
                                       const PyModule &M, const ClassDef &C,
                                       unsigned Depth) {
  std::optional<Symbol> Found;
  for (const ClassDef *D : M.Classes) {
    if (D == &C)
      continue;
    for (const auto &Entry : D->Methods) {
      const FunctionDef *F = Entry.second;
      const Param *P = F ? F->findParam("config") : nullptr;
      if (!P || !blockBuilds(F->body(), C))
        continue;
      std::optional<Symbol> Class;
      if (!P->Annotation) {
        if (Depth > 0)
          Class = builtWith(Resolver, M, *D, Depth - 1);
      } else if (P->Annotation->Kind == ExprKind::Name ||
                 P->Annotation->Kind == ExprKind::Attribute) {
        Expected<Symbol> S = Resolver.resolveExpr(M, *P->Annotation);
        if (S && S->Kind == SymbolKind::Class)
          Class = *S;
        else if (!S)
          consumeError(S.takeError());
      }
      if (!Class || (Found && Found->Class != Class->Class))
        return std::nullopt; // Not known, or built with different configs.
      Found = Class;
    }
  }
  return Found;
}

std::optional<Symbol> builderConfigClass(NameResolver &Resolver,
                                         const PyModule &M, const ClassDef &C) {
  return builtWith(Resolver, M, C, /*Depth=*/4);
}

} // namespace modcost
