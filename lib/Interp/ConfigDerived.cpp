//===- ConfigDerived.cpp - Config attributes the config class derives -----===//
///
/// \file
/// Config attributes that neither config.json nor a class-level default
/// gives, because the config class computes them itself in `__post_init__`
/// (or `__init__`): Qwen2's `layer_types` from `sliding_window` and
/// `max_window_layers`, T5's `is_gated_act` and `dense_act_fn` from
/// `feed_forward_proj`, BiT's `_out_features` through the
/// `set_output_features_output_indices` it calls. The method runs on a copy of
/// the config, off the priced path and without reporting its decisions, and the
/// attribute is what it assigned. Inside the method, as in Python, the copy's
/// attributes read what the method has assigned so far, else the field's
/// value: no nested derivation. Calls of the base class's method (`super().
/// __post_init__(**kwargs)`: PreTrainedConfig's bookkeeping, which the
/// profile's `[config]` section stands for) are not followed.
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "Properties.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

/// True if \p S is `super().<method>(...)`, a call of the base class's
/// version of the running method.
static bool isSuperCall(const Stmt &S) {
  return S.Kind == StmtKind::Expr &&
         StringRef(S.Text).ltrim().starts_with("super().");
}

/// True if target \p T is `self.<Name>`, or a tuple or list holding it
/// (`self.backbone_config, kwargs = consolidate_backbone_kwargs_to_config(
/// ...)`).
static bool targetsSelfAttribute(const Expr &T, StringRef Name) {
  if (T.Kind == ExprKind::Attribute)
    return T.Name == Name && T.op(0) && T.op(0)->Kind == ExprKind::Name &&
           T.op(0)->Name == "self";
  if (T.Kind == ExprKind::Tuple || T.Kind == ExprKind::List)
    for (const auto &E : T.Ops)
      if (E && targetsSelfAttribute(*E, Name))
        return true;
  return false;
}

/// True if \p Fn assigns `self.<Name>`, itself or through a method of the
/// config classes \p Classes it calls on self, \p Depth calls deep
/// (BackboneConfigMixin's `set_output_features_output_indices`, called by
/// BiT's `__post_init__`, assigns `self._out_features`).
static bool assignsSelfAttribute(
    ArrayRef<std::pair<const PyModule *, const ClassDef *>> Classes,
    const FunctionDef &Fn, StringRef Name, unsigned Depth) {
  std::string Assigns = "self." + Name.str() + " =";
  for (const auto &S : Fn.body()) {
    StringRef T = S->Text;
    if (T.contains(Assigns))
      return true;
    if (S->Kind == StmtKind::Assign)
      for (size_t I = 0; I + 1 < S->Exprs.size(); ++I)
        if (targetsSelfAttribute(*S->Exprs[I], Name))
          return true;
    if (Depth == 0 || isSuperCall(*S))
      continue;
    for (size_t P = T.find("self."); P != StringRef::npos;
         P = T.find("self.", P)) {
      P += 5;
      size_t E = P;
      while (E < T.size() && (isAlnum(T[E]) || T[E] == '_'))
        ++E;
      if (E == P || E >= T.size() || T[E] != '(')
        continue;
      StringRef Callee = T.slice(P, E);
      for (const auto &[Mod, Class] : Classes)
        if (const FunctionDef *M = Class->findMethod(Callee)) {
          if (assignsSelfAttribute(Classes, *M, Name, Depth - 1))
            return true;
          break;
        }
    }
  }
  return false;
}

std::optional<Value> ConfigReader::configDerived(const Value &CfgV,
                                                 StringRef Name) {
  // Running the method is the costly part of reading a config (a third of
  // a transformers batch): its outcome is remembered on the config object
  // until one of the object's attributes changes. A derivation nested in
  // another one sees that one's attribute as its class default, so only
  // outermost outcomes are remembered.
  ObjectState &Cfg = *CfgV.Obj;
  if (Eval.ConfigsBeingDerived.contains(&Cfg))
    return std::nullopt;
  bool Outermost = Eval.ConfigDerivations.empty();
  if (Outermost) {
    auto It = Cfg.DerivedMemo.find(Name);
    if (It != Cfg.DerivedMemo.end())
      return It->second;
  }
  std::optional<Value> D = deriveConfigAttribute(CfgV, Name);
  if (Outermost)
    Cfg.DerivedMemo[Name] = D;
  return D;
}

std::optional<Value>
ConfigReader::runOnConfigCopy(const Value &CfgV, const PyModule *Mod,
                              const ClassDef *Class, const FunctionDef &Fn,
                              StringRef Name, CallArgs Args, bool SkipRootCalls,
                              bool *LeftUnset) {
  const ObjectState &Cfg = *CfgV.Obj;
  size_t Root = rootConfigClass(Cfg.ConfigDefaults);
  // `self.standardize_rope_params()`: a method that no config class before
  // the root defines (the root's bookkeeping, or its mixins').
  auto CallsRootMethod = [&](const Stmt &S) {
    StringRef T = StringRef(S.Text).ltrim();
    if (S.Kind != StmtKind::Expr || !T.consume_front("self."))
      return false;
    StringRef Callee =
        T.take_while([](char C) { return isAlnum(C) || C == '_'; });
    if (Callee.empty() || !T.drop_front(Callee.size()).starts_with("("))
      return false;
    for (size_t I = 0; I < Root && I < Cfg.ConfigDefaults.size(); ++I)
      if (Cfg.ConfigDefaults[I].second->findMethod(Callee))
        return false;
    return true;
  };
  Value Self = CfgV;
  Self.Obj = Eval.Objects->copyOf(Cfg);
  Eval.ConfigsBeingDerived.insert(Self.Obj.get());
  auto Derived =
      make_scope_exit([&] { Eval.ConfigsBeingDerived.erase(Self.Obj.get()); });
  Frame Inner;
  Inner.Mod = Mod;
  Inner.Fn = &Fn;
  Inner.DefiningClass = Class;
  Inner.Self = Self.Obj;
  Inner.Depth = 1;
  Inner.SuppressAtEntry = Eval.Suppress;
  Args.Positional.insert(Args.Positional.begin(), Self);
  Eval.bindParams(Fn, Args, Inner, /*SkipSelf=*/false);
  ++Eval.Suppress;
  unsigned UndecidedBefore = Eval.UndecidedSeen;
  bool Completed = true;
  for (const auto &S : Fn.body()) {
    if (isSuperCall(*S) || (SkipRootCalls && CallsRootMethod(*S)))
      continue;
    Flow Fl = Eval.execStmt(*S, Inner);
    if (Fl != Flow::Normal) {
      // An early return the values decided leaves the rest unrun in Python
      // too; one an undecided condition took might not be the model's.
      Completed = Fl == Flow::Returned && Eval.UndecidedSeen == UndecidedBefore;
      break;
    }
  }
  Eval.Suppress -= 1 + Inner.SuppressedTail;
  auto It = Self.Obj->Attrs.find(Name);
  if (LeftUnset)
    *LeftUnset = Completed && It == Self.Obj->Attrs.end();
  if (It == Self.Obj->Attrs.end() || It->second.isUnknown())
    return std::nullopt;
  return It->second;
}

namespace {
/// A config class's method that assigns a derived attribute.
struct DerivingMethod {
  const PyModule *Mod;
  const ClassDef *Class;
  const FunctionDef *Fn;
  StringRef Name; // `__post_init__` or `__init__`
};
} // namespace

/// The first `__post_init__` (else `__init__`) along the config classes
/// \p Classes that assigns `self.<Name>`, through calls of methods except in
/// the root config class (PreTrainedConfig), whose bookkeeping the profile
/// stands for; nullopt if none does.
static std::optional<DerivingMethod>
derivingMethod(ArrayRef<std::pair<const PyModule *, const ClassDef *>> Classes,
               StringRef Name) {
  size_t Root = rootConfigClass(Classes);
  for (size_t I = 0; I < Classes.size(); ++I)
    for (StringRef M : {"__post_init__", "__init__"}) {
      const auto &[Mod, Class] = Classes[I];
      const FunctionDef *Fn = Class->findMethod(M);
      unsigned Depth = I >= Root ? 0 : 2;
      if (Fn && assignsSelfAttribute(Classes, *Fn, Name, Depth))
        return DerivingMethod{Mod, Class, Fn, M};
    }
  return std::nullopt;
}

std::optional<Value> ConfigReader::runDerivation(const Value &CfgV,
                                                 StringRef Name,
                                                 bool *LeftUnset,
                                                 std::string &Source) {
  std::optional<DerivingMethod> D =
      derivingMethod(CfgV.Obj->ConfigDefaults, Name);
  if (!D)
    return std::nullopt;
  // The method reads the attribute it derives (`if self.layer_types is
  // None`): that read takes the class default.
  std::string Key = D->Class->Name + "." + Name.str();
  if (!Eval.ConfigDerivations.insert(Key).second)
    return std::nullopt;
  auto Done = make_scope_exit([&] { Eval.ConfigDerivations.erase(Key); });
  Source = "`" + D->Class->Name + "." + D->Name.str() + "` at " +
           location(D->Fn->Range);
  return runOnConfigCopy(CfgV, D->Mod, D->Class, *D->Fn, Name, CallArgs(),
                         /*SkipRootCalls=*/false, LeftUnset);
}

std::optional<Value> ConfigReader::deriveConfigAttribute(const Value &CfgV,
                                                         StringRef Name) {
  std::string Source;
  std::optional<Value> V = runDerivation(CfgV, Name, nullptr, Source);
  if (!V)
    return std::nullopt;
  V->Why = joinWhy(V->Why, "`" + Name.str() + "` derived by " + Source +
                               " (not in the config)");
  return V;
}

std::optional<std::string>
ConfigReader::derivationLeavesUnset(const Value &CfgV, StringRef Name) {
  ObjectState &Cfg = *CfgV.Obj;
  auto Memo = Cfg.UnsetMemo.find(Name);
  if (Memo != Cfg.UnsetMemo.end())
    return Memo->second;
  Cfg.UnsetMemo[Name] = std::nullopt;
  if (Eval.ConfigsBeingDerived.contains(&Cfg))
    return std::nullopt;
  bool Unset = false;
  std::string Source;
  runDerivation(CfgV, Name, &Unset, Source);
  if (!Unset)
    return std::nullopt;
  std::string Why = Source + " sets `" + Name.str() +
                    "` only on a branch the config's values do not take";
  Cfg.UnsetMemo[Name] = Why;
  return Why;
}

} // namespace modcost
