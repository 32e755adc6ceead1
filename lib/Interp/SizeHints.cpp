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

#include "ConfigReader.h"

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"

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

/// A run's count of tokens: its input sequence, or an encoder-decoder's
/// decoder or encoder sequence.
static bool isSequenceLength(StringRef Name) {
  return is_contained({"seq_len", "decoder_seq_len", "encoder_seq_len"}, Name);
}

void ConfigReader::hintFromFallback(const Value &Size, const Value &Fallback,
                                    StringRef Text, StringRef How,
                                    StringRef Label) {
  if (!Size.Sym || !Size.Sym->isSymbol())
    return;
  std::string Name = Size.Sym->getName().str();
  if (Eval.SizeHints.count(Name))
    return;
  std::optional<sym::Rational> H = hintOf(Eval.dimExpr(Fallback));
  if (!H || *H < sym::Rational(1) || (!H->isInteger() && !Text.contains("//")))
    return;
  sym::Rational Whole(H->floor());
  std::string Shown = Label.empty() ? Name : Label.str();
  Eval.SizeHints[Name] = {Whole, "`" + Shown + "` = `" + Text.str() + "` = " +
                                     Whole.toString() + " (" + How.str() +
                                     ": no config value or class default "
                                     "gives one)"};
}

std::optional<sym::Rational> ConfigReader::hintOf(const sym::Expr *E,
                                                  int ProfileOffset) {
  if (!E)
    return std::nullopt;
  if (E->isConstant())
    return E->getConstantValue();
  sym::SubstitutionMap Map;
  for (StringRef S : sym::freeSymbols(E)) {
    const SizeHint *H = hintFor(S);
    if (!H)
      return std::nullopt;
    sym::Rational V = H->Value;
    if (!Eval.SizeHints.count(S.str())) {
      // The profile's count of tokens is a prompt's, for a model with room
      // for them: next to a smaller position table (BERT's 512), or for
      // the new tokens of a decoding step, it says nothing.
      if (isSequenceLength(S)) {
        const ProfileEntry *Phase = Eval.fact("phase");
        if (!Phase || !Phase->Val.is(ValueKind::Str) ||
            Phase->Val.Name != "prefill")
          return std::nullopt;
        for (const PositionCount &P : Eval.PositionCounts)
          if (sym::Rational(P.Count) < V + sym::Rational(1))
            return std::nullopt;
      }
      V = V + sym::Rational(ProfileOffset);
    }
    Map[S.str()] = Sym.constant(V);
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

const SizeHint *ConfigReader::hintFor(StringRef Name) {
  auto It = Eval.SizeHints.find(Name.str());
  if (It != Eval.SizeHints.end())
    return &It->second;
  // Kept apart from the config's hints: a config read later (its
  // `image_size`) still gives its own.
  auto P = Eval.ProfileSizeHints.find(Name.str());
  if (P != Eval.ProfileSizeHints.end())
    return &P->second;
  const ProfileEntry *E = Eval.Profile.get("input_sizes", Name);
  if (!E || !E->Val.is(ValueKind::Int) || E->Val.I < 1)
    return nullptr;
  return &(Eval.ProfileSizeHints[Name.str()] = {
               sym::Rational(E->Val.I),
               "`" + Name.str() + "` = " + std::to_string(E->Val.I) + " (" +
                   E->Origin +
                   ") (convention: the inputs' size; -D "
                   "input_sizes." +
                   Name.str() + "=N states another)"});
}

std::string ConfigReader::attributeMapTarget(const Value &Cfg, StringRef Name) {
  if (std::optional<ConfigClassAttribute> A =
          configClassAttribute(Cfg, "attribute_map")) {
    const Value &Map = A->Val;
    if (!Map.is(ValueKind::Dict))
      return "";
    auto K = llvm::find(Map.Keys, Name.str());
    if (K == Map.Keys.end())
      return "";
    const Value &To = Map.Elems[K - Map.Keys.begin()];
    return To.is(ValueKind::Str) && To.StrExact ? To.Name : "";
  }
  return "";
}

void ConfigReader::noteConfigSizeHint(const Value &Cfg, StringRef Name,
                                      const Value &Size) {
  if (!Size.is(ValueKind::Symbol) || !Size.Sym || !Size.Sym->isSymbol())
    return;
  std::string Standard = Size.Sym->getName().str();
  if (Eval.SizeHints.count(Standard) ||
      !Eval.HintsInProgress.insert(Standard).second)
    return;
  auto Done = make_scope_exit([&] { Eval.HintsInProgress.erase(Standard); });
  // `config.num_attention_heads` of a class whose field is `n_head`: its
  // `attribute_map` names the field (transformers' PreTrainedConfig
  // reads and writes it through the map).
  std::string Mapped = attributeMapTarget(Cfg, Name);
  if (!Mapped.empty())
    Name = Mapped;
  for (StringRef Key : {StringRef(Standard), Name})
    if (const ProfileEntry *E = Eval.Profile.get("set", Key))
      if (E->Val.is(ValueKind::Int)) {
        Eval.SizeHints[Standard] = {
            sym::Rational(E->Val.I),
            "`" + Key.str() + "` = " + std::to_string(E->Val.I) + " (--set)"};
        return;
      }
  const std::string &Nested = Cfg.Obj->ConfigPrefix;
  if (const ProfileEntry *E =
          Nested.empty() ? Eval.Profile.get("config_sizes", Name)
                         : Eval.Profile.get("config", Nested + Name.str())) {
    if (E->Val.is(ValueKind::Int))
      Eval.SizeHints[Standard] = {sym::Rational(E->Val.I),
                                  "`" + Name.str() +
                                      "` = " + std::to_string(E->Val.I) + " (" +
                                      E->Origin + ")"};
    return;
  }
  auto HintFromDerivation = [&]() -> bool {
    for (const auto &[DMod, DClass] : Cfg.Obj->ConfigDefaults)
      for (StringRef M : {"__post_init__", "__init__"})
        if (const FunctionDef *Fn = DClass->findMethod(M))
          if (const Stmt *S = findSelfAssignment(Fn->body(), Name)) {
            // At the defaults, the attribute being derived is still its
            // class default, None: `self.num_key_value_heads or
            // self.num_attention_heads`, `x if x is not None else y`.
            Value AtDefaults = Cfg;
            AtDefaults.Obj = Eval.Objects->copyOf(*Cfg.Obj);
            AtDefaults.Obj->setAttr(Name, Value::none("the class default"));
            Frame Init;
            Init.Mod = DMod;
            Init.Self = AtDefaults.Obj;
            Init.Locals["self"] = AtDefaults;
            Value D = Eval.eval(*S->Exprs[1], Init);
            if (std::optional<sym::Rational> H = hintOf(Eval.dimExpr(D)))
              if (H->isInteger())
                Eval.SizeHints[Standard] = {
                    *H, "`" + Name.str() + "` = `" + S->Exprs[1]->Text.str() +
                            "` (`" + DClass->Name + "." + M.str() +
                            "`, at the defaults)"};
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
      Value H = configAttribute(Attr, Cfg.Obj->SymbolPrefix, &Cfg);
      noteConfigSizeHint(Cfg, Attr, H);
      if ((Heads = hintOf(Eval.dimExpr(H))))
        break;
    }
    if (!Heads)
      return;
    Eval.SizeHints[Standard] = {
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
      Value D = Eval.eval(*A->second, ClassScope);
      if (D.is(ValueKind::Int))
        Eval.SizeHints[Standard] = {sym::Rational(D.I),
                                    "`" + Name.str() +
                                        "` = " + std::to_string(D.I) +
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
  // (Parakeet's `self.num_key_value_heads = self.num_attention_heads`), or
  // a field of the nested config the module is really built with.
  if (HintFromDerivation())
    return;
  Eval.HintsInProgress.erase(Standard);
  bool FromSub = hintFromSubConfig(Cfg, Name, Size);
  Eval.HintsInProgress.insert(Standard);
  if (!FromSub && !Cfg.Obj->ConfigDefaults.empty())
    HintByConvention("is not a field of `" +
                     Cfg.Obj->ConfigDefaults.front().second->Name +
                     "` and nothing derives it");
}

/// True if a class of \p Cfg's config class chain has a field \p Name or
/// assigns `self.<Name>` in `__post_init__`/`__init__`.
static bool configClassDefines(const ObjectState &Cfg, StringRef Name) {
  for (const auto &[Mod, Class] : Cfg.ConfigDefaults) {
    if (Class->Attributes.count(Name))
      return true;
    for (StringRef M : {"__post_init__", "__init__"})
      if (const FunctionDef *Fn = Class->findMethod(M))
        if (findSelfAssignment(Fn->body(), Name))
          return true;
  }
  return false;
}

bool ConfigReader::hintFromSubConfig(const Value &Cfg, StringRef Name,
                                     const Value &Size) {
  // A module annotated with the composite config (`Emu3Attention(config:
  // Emu3Config)`) is built with one of its parts (`config.text_config`):
  // the size comes from the part whose class defines it, `text_config`
  // first, else the only class among the parts that does.
  std::vector<std::string> Names = subConfigNames(Cfg);
  std::stable_partition(Names.begin(), Names.end(), [](const std::string &N) {
    return N == "text_config";
  });
  std::optional<Value> Chosen;
  std::string ChosenName;
  for (const std::string &N : Names) {
    std::optional<Value> Sub = buildSubConfig(Cfg, N);
    if (!Sub || Sub->Obj->ConfigDefaults.empty() ||
        !configClassDefines(*Sub->Obj, Name))
      continue;
    if (N == "text_config") {
      Chosen = Sub;
      ChosenName = N;
      break;
    }
    if (Chosen && Chosen->Obj->ConfigDefaults.front().second !=
                      Sub->Obj->ConfigDefaults.front().second)
      return false; // Parts of different classes: no one answer.
    if (!Chosen) {
      Chosen = Sub;
      ChosenName = N;
    }
  }
  if (!Chosen)
    return false;
  // The formulas keep the composite config's symbols; config.json's nested
  // object still gives the part's numbers.
  Chosen->Obj->SymbolPrefix = Cfg.Obj->SymbolPrefix;
  std::string Standard = Size.Sym->getName().str();
  noteConfigSizeHint(*Chosen, Name, Size);
  auto It = Eval.SizeHints.find(Standard);
  if (It == Eval.SizeHints.end())
    return false;
  It->second.Origin +=
      "; `" + Cfg.Obj->ConfigDefaults.front().second->Name + "` has no `" +
      Name.str() + "`, its `" + ChosenName + "` (`" +
      Chosen->Obj->ConfigDefaults.front().second->Name + "`) has";
  return true;
}

void ConfigReader::noteConfigNumber(StringRef Name, const Value &V) {
  notePositionCount(Name, V);
  if (!V.is(ValueKind::Int) || V.I < 1 || Eval.SizeHints.count(Name.str()))
    return;
  if (!Eval.InputShapeNames) {
    Eval.InputShapeNames.emplace();
    auto S = Eval.Profile.entries().find("input_shape");
    if (S != Eval.Profile.entries().end())
      for (const auto &[Key, Entry] : S->second) {
        StringRef Text = Entry.Val.Name;
        while (!Text.empty()) {
          Text =
              Text.drop_while([](char C) { return !isAlpha(C) && C != '_'; });
          StringRef Word =
              Text.take_while([](char C) { return isAlnum(C) || C == '_'; });
          if (!Word.empty())
            Eval.InputShapeNames->insert(Word);
          Text = Text.drop_front(Word.size());
        }
      }
  }
  if (!Eval.InputShapeNames->contains(Name))
    return;
  // The inputs are the size the model is configured for: images of the
  // config's `image_size`. The symbol stays free in the formulas; its
  // number decides comparisons (`width % self.patch_size[1] != 0`).
  Eval.SizeHints[Name.str()] = {
      sym::Rational(V.I),
      "`" + Name.str() + "` = " + std::to_string(V.I) + " (" +
          (V.Why.empty() ? std::string("the config") : V.Why) +
          ") (convention: the inputs' `" + Name.str() +
          "` is the config's; --input-shape states another)"};
}

/// `X Op Y` for a comparison operator, or nullopt for another operator.
static std::optional<bool>
compareRationals(const sym::Rational &X, StringRef Op, const sym::Rational &Y) {
  if (Op == "<")
    return X < Y;
  if (Op == "<=")
    return !(X > Y);
  if (Op == ">")
    return X > Y;
  if (Op == ">=")
    return !(X < Y);
  if (Op == "==")
    return X == Y;
  if (Op == "!=")
    return X != Y;
  return std::nullopt;
}

std::optional<bool> ConfigReader::decideAtHints(const Value &L, StringRef Op,
                                                const Value &R,
                                                std::string &Why,
                                                bool *ByConvention) {
  const sym::Expr *A = Eval.dimExpr(L), *B = Eval.dimExpr(R);
  if (!A || !B || (A->isConstant() && B->isConstant()))
    return std::nullopt;
  std::optional<sym::Rational> X = hintOf(A), Y = hintOf(B);
  if (!X || !Y)
    return std::nullopt;
  // An input's size hint says which regime the sizes are in (is the
  // feature map larger than a window?), never that the input has one
  // particular size: `height != self.image_size[0]` before a raise is a
  // requirement on the input (RequiredInputs.cpp), not a fact.
  if (Op == "==" || Op == "!=")
    for (const sym::Expr *E : {A, B})
      for (StringRef N : sym::freeSymbols(E))
        if (!Eval.SizeHints.count(N.str()))
          return std::nullopt;
  std::optional<bool> R2 = compareRationals(*X, Op, *Y);
  if (!R2)
    return std::nullopt;
  // A profile hint (`[input_sizes]`) stands for a regime, not a number:
  // the decision must hold for the sizes next to it too. Whether a
  // sequence of 1024 tokens needs padding to a multiple of 256 is a
  // question of the number itself, and stays open.
  for (int Offset : {-1, 1}) {
    std::optional<sym::Rational> XN = hintOf(A, Offset), YN = hintOf(B, Offset);
    if (!XN || !YN || compareRationals(*XN, Op, *YN) != *R2)
      return std::nullopt;
  }
  std::string Hints;
  std::vector<StringRef> Names = sym::freeSymbols(A);
  append_range(Names, sym::freeSymbols(B));
  llvm::sort(Names);
  Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
  bool OnlyInputs = true;
  for (StringRef N : Names) {
    Hints += (Hints.empty() ? "" : ", ") + hintFor(N)->Origin;
    OnlyInputs &= !Eval.SizeHints.count(N.str());
  }
  Why = std::string(OnlyInputs ? "decided at the inputs' sizes ("
                               : "decided at the config's sizes (") +
        Hints + "); the formulas hold for sizes where `" + A->str() + " " +
        Op.str() + " " + B->str() + "` is " + (*R2 ? "true" : "false");
  // A decision resting on the convention for a free size is an
  // assumption of the whole report, not only of the line it decides.
  bool Conventional = StringRef(Hints).contains("(convention:");
  if (ByConvention)
    *ByConvention = Conventional;
  if (Conventional && !is_contained(Eval.Result.Assumptions, Why))
    Eval.Result.Assumptions.push_back(Why);
  return R2;
}

} // namespace modcost
