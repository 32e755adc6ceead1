//===- SizeHints.cpp - Deciding conditions on symbolic sizes -------------===//
///
/// \file
/// Model sizes stay symbols in the formulas (`num_heads`, `num_kv_heads`),
/// but the code branches on them: `if module.num_key_value_groups > 1` in
/// transformers' sdpa attention. A config gives every size a number, its
/// *hint*: config.json's value, else the config class's default, else what
/// the class's `__post_init__` derives for it (`num_key_value_heads =
/// num_attention_heads`). A comparison that only symbols decide is decided
/// at the hints, the way torch.compile's dynamic shapes guard on a size
/// hint: the branch taken is the configured model's, and the reason names
/// the hints, so the report says for which sizes the formulas hold.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/ScopeExit.h"

using namespace llvm;

namespace modcost {

/// The statement `self.<Name> = <value>` in \p Body (at any depth of
/// `if`s), or null.
static const Stmt *findSelfAssignment(const Block &Body, StringRef Name) {
  std::string Target = "self." + Name.str();
  for (const auto &S : Body) {
    if (S->Kind == StmtKind::Assign && S->Exprs.size() == 2 &&
        S->Exprs[0]->Text == Target)
      return S.get();
    if (S->Kind == StmtKind::If)
      for (const Block &B : S->Bodies)
        if (const Stmt *A = findSelfAssignment(B, Name))
          return A;
  }
  return nullptr;
}

std::optional<sym::Rational> Evaluator::hintOf(const sym::Expr *E) {
  if (!E)
    return std::nullopt;
  if (E->isConstant())
    return E->getConstantValue();
  sym::SubstitutionMap Map;
  for (StringRef S : sym::freeSymbols(E)) {
    auto It = SizeHints.find(S.str());
    if (It == SizeHints.end())
      return std::nullopt;
    Map[S.str()] = Sym.constant(It->second.Value);
  }
  Expected<const sym::Expr *> V = Sym.substitute(E, Map);
  if (!V) {
    consumeError(V.takeError());
    return std::nullopt;
  }
  if (!(*V)->isConstant())
    return std::nullopt;
  return (*V)->getConstantValue();
}

void Evaluator::noteConfigSizeHint(const Value &Cfg, StringRef Name,
                                   const Value &Size) {
  if (!Size.is(ValueKind::Symbol) || !Size.Sym || !Size.Sym->isSymbol())
    return;
  std::string Standard = Size.Sym->getName().str();
  if (SizeHints.count(Standard) || !HintsInProgress.insert(Standard).second)
    return;
  auto Done = make_scope_exit([&] { HintsInProgress.erase(Standard); });
  for (StringRef Key : {StringRef(Standard), Name})
    if (const ProfileEntry *E = Profile.get("set", Key))
      if (E->Val.is(ValueKind::Int)) {
        SizeHints[Standard] = {
            sym::Rational(E->Val.I),
            "`" + Key.str() + "` = " + std::to_string(E->Val.I) + " (--set)"};
        return;
      }
  const std::string &Nested = Cfg.Obj->ConfigPrefix;
  if (const ProfileEntry *E =
          Nested.empty() ? Profile.get("config_sizes", Name)
                         : Profile.get("config", Nested + Name.str())) {
    if (E->Val.is(ValueKind::Int))
      SizeHints[Standard] = {sym::Rational(E->Val.I),
                             "`" + Name.str() +
                                 "` = " + std::to_string(E->Val.I) + " (" +
                                 E->Origin + ")"};
    return;
  }
  auto HintFromDerivation = [&]() -> bool {
    for (const auto &[DMod, DClass] : Cfg.Obj->ConfigDefaults)
      for (StringRef M : {"__post_init__", "__init__"})
        if (const FunctionDef *Fn = DClass->findMethod(M))
          if (const Stmt *S = findSelfAssignment(Fn->Body, Name)) {
            // At the defaults, the attribute being derived is still its
            // class default, None: `self.num_key_value_heads or
            // self.num_attention_heads`, `x if x is not None else y`.
            Value AtDefaults = Cfg;
            AtDefaults.Obj = Objects->copyOf(*Cfg.Obj);
            AtDefaults.Obj->setAttr(Name, Value::none("the class default"));
            Frame Init;
            Init.Mod = DMod;
            Init.Self = AtDefaults.Obj;
            Init.Locals["self"] = AtDefaults;
            Value D = eval(*S->Exprs[1], Init);
            if (std::optional<sym::Rational> H = hintOf(dimExpr(D)))
              if (H->isInteger())
                SizeHints[Standard] = {*H, "`" + Name.str() + "` = `" +
                                               S->Exprs[1]->Text.str() +
                                               "` (`" + DClass->Name + "." +
                                               M.str() + "`, at the defaults)"};
            return true;
          }
    return false;
  };
  auto HintByConvention = [&](StringRef Why) {
    // The one convention: key/value heads the config leaves free are the
    // attention heads (multi-head attention), as Expand's closed forms
    // take them. transformers itself has no number for them then (its
    // `num_heads // None` raises), so a real config.json always states one;
    // `--set num_key_value_heads=N` gives it here.
    if (Standard != "num_kv_heads")
      return;
    std::optional<sym::Rational> Heads;
    for (StringRef Attr : {"num_attention_heads", "num_heads"}) {
      Value H = configAttribute(Attr, Cfg.Obj->SymbolPrefix);
      noteConfigSizeHint(Cfg, Attr, H);
      if ((Heads = hintOf(dimExpr(H))))
        break;
    }
    if (!Heads)
      return;
    SizeHints[Standard] = {
        *Heads, "`" + Name.str() + "` " + Why.str() +
                    ": taken as the attention heads, " + Heads->toString() +
                    " (convention: multi-head attention; --set " + Name.str() +
                    "=N states the model's)"};
  };
  for (const auto &[Mod, Class] : Cfg.Obj->ConfigDefaults) {
    auto A = Class->Attributes.find(Name);
    if (A == Class->Attributes.end())
      continue;
    if (A->second->Kind == ExprKind::Int) {
      Frame ClassScope;
      ClassScope.Mod = Mod;
      Value D = eval(*A->second, ClassScope);
      if (D.is(ValueKind::Int))
        SizeHints[Standard] = {sym::Rational(D.I),
                               "`" + Name.str() + "` = " + std::to_string(D.I) +
                                   " (default in `" + Class->Name + "`)"};
      return;
    }
    if (A->second->Kind != ExprKind::None)
      return;
    // `num_key_value_heads: int | None = None`, then in __post_init__
    // `self.num_key_value_heads = self.num_attention_heads`.
    if (!HintFromDerivation())
      HintByConvention("defaults to None in `" + Class->Name +
                       "` and nothing derives it");
    return;
  }
  // Not a field of the config class: set in `__post_init__` only
  // (Parakeet's `self.num_key_value_heads = self.num_attention_heads`).
  if (!HintFromDerivation() && !Cfg.Obj->ConfigDefaults.empty())
    HintByConvention("is not a field of `" +
                     Cfg.Obj->ConfigDefaults.front().second->Name +
                     "` and nothing derives it");
}

std::optional<bool> Evaluator::decideAtHints(const Value &L, StringRef Op,
                                             const Value &R, std::string &Why) {
  const sym::Expr *A = dimExpr(L), *B = dimExpr(R);
  if (!A || !B || (A->isConstant() && B->isConstant()))
    return std::nullopt;
  std::optional<sym::Rational> X = hintOf(A), Y = hintOf(B);
  if (!X || !Y)
    return std::nullopt;
  std::optional<bool> R2;
  if (Op == "<")
    R2 = *X < *Y;
  else if (Op == "<=")
    R2 = !(*X > *Y);
  else if (Op == ">")
    R2 = *X > *Y;
  else if (Op == ">=")
    R2 = !(*X < *Y);
  else if (Op == "==")
    R2 = *X == *Y;
  else if (Op == "!=")
    R2 = *X != *Y;
  if (!R2)
    return std::nullopt;
  std::string Hints;
  std::vector<StringRef> Names = sym::freeSymbols(A);
  append_range(Names, sym::freeSymbols(B));
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  for (StringRef N : Names)
    Hints += (Hints.empty() ? "" : ", ") + SizeHints[N.str()].Origin;
  Why = "decided at the config's sizes (" + Hints +
        "); the formulas hold for sizes where `" + A->str() + " " + Op.str() +
        " " + B->str() + "` is " + (*R2 ? "true" : "false");
  // A decision resting on the convention for a free size is an
  // assumption of the whole report, not only of the line it decides.
  if (StringRef(Hints).contains("(convention:") &&
      !is_contained(Result.Assumptions, Why))
    Result.Assumptions.push_back(Why);
  return R2;
}

} // namespace modcost
