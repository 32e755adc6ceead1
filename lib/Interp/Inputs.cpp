//===- Inputs.cpp - Values that enter from the profile and config ---------===//
///
/// \file
/// Where the values of a run come from outside the code: the forward()
/// inputs, shaped by the profile's `[input_shape]` conventions (by
/// `Class.param`, then `param`; per phase; a dimension may be a formula), and
/// config attributes, which become symbols under their standard names
/// (ConfigAliases.def).
///
//===----------------------------------------------------------------------===//

#include "ConfigReader.h"
#include "SymbolicElements.h"
#include "TensorShapes.h"

#include "modcost/Symbolic/Parser.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost {

/// True if a config class of \p Cfg defines the field \p Name itself.
static bool definesField(const Value *Cfg, StringRef Name) {
  return Cfg && Cfg->Obj &&
         any_of(Cfg->Obj->ConfigDefaults, [&](const auto &MC) {
           return MC.second->Attributes.count(Name);
         });
}

Value ConfigReader::configAttribute(StringRef Name, StringRef Prefix,
                                    const Value *Cfg) {
  StringRef Standard = Name;
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (Name == #ATTR)                                                           \
    Standard = #STD;
#include "modcost/Interp/ConfigAliases.def"
  // A config with fields of both names (Qwen2-VL's vision config:
  // `embed_dim` 1280, the merger's `hidden_size` 3584) means two sizes:
  // the alias keeps its own name, unless the class's `attribute_map` makes
  // it the other's (Voxtral's `d_model` is `hidden_size`).
  if (Standard != Name && definesField(Cfg, Standard) &&
      definesField(Cfg, Name) && attributeMapTarget(*Cfg, Name).empty())
    Standard = Name;
  if (!Prefix.empty()) {
    // A nested config's size: its own symbol (`vision_hidden_size`).
    std::string Nested = Prefix.str() + Standard.str();
    Eval.noteSymbol(Nested, "config attribute `" + Name.str() +
                                "` of the nested config `" + Prefix.str() +
                                "config`");
    Value V =
        Value::symbolic(Sym.symbol(Nested), "config attribute `" + Name.str() +
                                                "` of the nested config `" +
                                                Prefix.str() + "config`");
    V.MinValue = 1;
    return V;
  }
  Eval.noteSymbol(Standard, Standard == Name
                                ? "config attribute `" + Name.str() + "`"
                                : "config attribute `" + Name.str() +
                                      "` (standard name)");
  Value V = Value::symbolic(
      Sym.symbol(Standard),
      Standard == Name ? "config attribute `" + Name.str() + "`"
                       : "config attribute `" + Name.str() +
                             "` (standard name `" + Standard.str() + "`)");
  // A model's standard sizes (widths, head counts, layers) are at least 1:
  // `config.head_dim or ...` takes head_dim.
  bool ModelSize = false;
#define MODCOST_STANDARD_SYMBOL(N, MEANING)                                    \
  if (Standard == #N)                                                          \
    ModelSize = true;
#include "modcost/Symbolic/StandardSymbols.def"
  if (ModelSize && Standard != "cache_len" && Standard != "batch_size" &&
      Standard != "seq_len")
    V.MinValue = 1;
  return V;
}

/// True for `seq_len`, false for `cache_len + seq_len`.
static bool isPlainName(StringRef S) {
  return !S.empty() && (isAlpha(S[0]) || S[0] == '_') &&
         llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

/// The symbol prefix that stands for `config.` in an input convention's
/// formula until bindConfigDims replaces it by the config's value.
static constexpr const char *ConfigDimPrefix = "config__";

void Evaluator::statedInputValue(Value &T, StringRef Name) {
  const ProfileEntry *V = Profile.get("input_value", Name);
  if (!V)
    return;
  if (V->Val.is(ValueKind::Str)) {
    SymbolicElements(*this).statedInputElements(T, Name, *V);
    return;
  }
  if (!V->Val.is(ValueKind::Int)) {
    Diags.report(DiagLevel::Warning,
                 "input_value." + Name +
                     " is neither an integer nor a list of elements: ignored");
    return;
  }
  T.Fill = Sym.constant(V->Val.I);
  // The elements of an input are data: a run that reads them (`.item()`,
  // `int(lengths.max())`) gets this stated value, and the report says so.
  std::string Note = "`" + Name.str() + "` holds " + std::to_string(V->Val.I) +
                     " in every element (input_value." + Name.str() + " from " +
                     V->Origin + ": a stated expectation, the value is data)";
  T.Why = joinWhy(T.Why, Note);
  if (!is_contained(Result.Assumptions, Note))
    Result.Assumptions.push_back(Note);
}

const ProfileEntry *Evaluator::shapeConvention(const std::string &Key,
                                               ArrayRef<Param> Params,
                                               StringRef Name) {
  // A convention for the current phase (`attention_mask@decode`) wins over
  // the phase-independent one.
  std::string Phase;
  if (const ProfileEntry *Ph = fact("phase"); Ph && Ph->Val.is(ValueKind::Str))
    Phase = "@" + Ph->Val.Name;
  auto LookupPhase = [&](const std::string &K) -> const ProfileEntry * {
    if (const ProfileEntry *E = Profile.get("input_shape", K + Phase))
      if (!Phase.empty())
        return E;
    return Profile.get("input_shape", K);
  };
  // A convention for a forward that also takes parameter OTHER
  // (`hidden_states&top_k_index`: the tokens an experts module receives
  // are flattened) wins over the plain one, unless OTHER is optional and
  // the profile leaves it out (`key_value_states = None`: T5Attention
  // without it is a self-attention, whose mask is the plain one).
  auto LeftOut = [&](const Param &Q) {
    const ProfileEntry *In = Profile.get("inputs", Q.Name);
    return Q.Default && In && In->Val.is(ValueKind::None);
  };
  for (const Param &Q : Params)
    if (Q.Name != Name && !LeftOut(Q))
      if (const ProfileEntry *E = LookupPhase(Key + "&" + Q.Name))
        return E;
  return LookupPhase(Key);
}

Value Evaluator::inputValue(const Param &P, StringRef ClassName, int Rank,
                            const ProfileEntry *ClassConv,
                            const ProfileEntry **Used) {
  // [input_shape] by `Class.param`, then by `param`.
  // A shape given on the command line wins over the conventions; among
  // the conventions, the class-specific one wins.
  const ProfileEntry *Shape = nullptr;
  std::string Short = ClassName.rsplit('.').second.str();
  auto Lookup = [&](const std::string &Key) -> const ProfileEntry * {
    return shapeConvention(
        Key, InputsOf ? ArrayRef<Param>(InputsOf->Params) : ArrayRef<Param>(),
        P.Name);
  };
  const ProfileEntry *ForClass =
      Short.empty() ? nullptr : Lookup(Short + "." + P.Name);
  if (!ForClass)
    ForClass = ClassConv;
  const ProfileEntry *ForName = Lookup(P.Name);
  if (ForName && ForName->Origin == "-D")
    Shape = ForName;
  else
    Shape = ForClass ? ForClass : ForName;
  if (Used)
    *Used = Shape;
  if (Shape && Shape->Val.is(ValueKind::Str) &&
      StringRef(Shape->Val.Name).contains(';')) {
    // A tuple of tensors (rotary cos and sin): one shape per element.
    SmallVector<StringRef, 4> Elems;
    StringRef(Shape->Val.Name).split(Elems, ';');
    std::vector<Value> Parts;
    for (StringRef E : Elems) {
      Dims D;
      SmallVector<StringRef, 6> Ds;
      E.split(Ds, ',');
      for (StringRef X : Ds) {
        X = X.trim();
        int64_t N;
        D.push_back(!X.getAsInteger(10, N) ? Sym.constant(N) : Sym.symbol(X));
        if (X.getAsInteger(10, N))
          noteSymbol(X, "dimension of the input `" + P.Name + "` (" +
                            Shape->Val.Why + ")");
      }
      Parts.push_back(Value::shaped(D, "a_bytes"));
    }
    return Value::tuple(std::move(Parts), "`" + P.Name +
                                              "` is a tuple of tensors (" +
                                              Shape->Val.Why + ")");
  }
  if (Shape && Shape->Val.is(ValueKind::Str)) {
    // `d0, d1 : int64` gives the element type too.
    auto [DimText, TypeText] = StringRef(Shape->Val.Name).split(':');
    std::string ElemBytes = "a_bytes";
    if (!TypeText.trim().empty()) {
      StringRef Ty = TypeText.trim();
      ElemBytes = Ty == "int64" || Ty == "long"      ? "8"
                  : Ty == "int32" || Ty == "float32" ? "4"
                  : Ty == "bool" || Ty == "int8"     ? "1"
                                                     : "a_bytes";
    }
    SmallVector<StringRef, 6> Parts;
    DimText.split(Parts, ',');
    Dims D;
    for (StringRef Part : Parts) {
      Part = Part.trim();
      int64_t N;
      const ProfileEntry *Set = Profile.get("set", Part);
      if (!Part.getAsInteger(10, N)) {
        D.push_back(Sym.constant(N));
      } else if (Set && Set->Val.is(ValueKind::Int)) {
        // `--set embed_dim=512` fixes that extent of the input too.
        D.push_back(Sym.constant(Set->Val.I));
      } else if (!isPlainName(Part)) {
        // A formula over symbols (`cache_len + seq_len`); `config.NAME` is
        // the module config's attribute (bindConfigDims).
        std::string Text = Part.str();
        for (size_t At = Text.find("config."); At != std::string::npos;
             At = Text.find("config.", At))
          Text.replace(At, 7, ConfigDimPrefix);
        Expected<const sym::Expr *> X = sym::parse(Text, Sym);
        if (!X) {
          consumeError(X.takeError());
          D.push_back(nullptr);
          continue;
        }
        for (StringRef N : sym::freeSymbols(*X))
          if (!N.starts_with(ConfigDimPrefix))
            noteSymbol(N, "dimension of the input `" + P.Name + "` (" +
                              Shape->Val.Why + ")");
        D.push_back(*X);
      } else {
        D.push_back(Sym.symbol(Part));
        noteSymbol(Part, "dimension of the input `" + P.Name + "` (" +
                             Shape->Val.Why + ")");
      }
    }
    // Token and position ids are int64.
    std::string Bytes = StringRef(P.Name).ends_with("_ids") ? "8" : ElemBytes;
    Value T = Value::shaped(D, Bytes,
                            "`" + P.Name + "` has shape [" + Shape->Val.Name +
                                "] (" + Shape->Val.Why + ")");
    T.Name = P.Name;
    statedInputValue(T, P.Name);
    return T;
  }
  Value T =
      Value::tensor(Rank, Rank >= 0 ? "`" + P.Name +
                                          "` is a required input, a tensor of "
                                          "rank " +
                                          std::to_string(Rank) +
                                          " (profile input_rank." + P.Name + ")"
                                    : "`" + P.Name + "` is a required input");
  T.Name = P.Name;
  return T;
}

void Evaluator::bindConfigDims(Value &In, const ObjectState *Self, Frame &F) {
  if (!In.is(ValueKind::Tensor) || !In.DimsKnown)
    return;
  std::optional<Value> Cfg;
  if (Self)
    if (auto C = Self->Attrs.find("config"); C != Self->Attrs.end() &&
                                             C->second.is(ValueKind::Object) &&
                                             C->second.Obj->IsConfig)
      Cfg = C->second;
  // The model width of a convention (`hidden_size`), in a config whose
  // `hidden_size` is another size beside a width field of its own
  // (Qwen2-VL's vision config: `embed_dim` 1280 wide, `hidden_size` the
  // merger's 3584, ConfigReader::configAttribute): the field the module's
  // constructor reads, when it reads that one and not `hidden_size`
  // (Emu3's VQ-VAE attention reads `hidden_size`; its `embed_dim` is the
  // codebook's).
  const FunctionDef *Init =
      Self && Self->Class ? Self->Class->findMethod("__init__") : nullptr;
  StringRef InitText = Init && Init->Range.File
                           ? Init->Range.File->getText().slice(
                                 Init->Range.Begin, Init->Range.End)
                           : StringRef();
  if (Cfg && !InitText.contains("config.hidden_size"))
    for (StringRef Width : {"embed_dim", "d_model", "n_embd", "dim"}) {
      if (!InitText.contains(("config." + Width).str()))
        continue;
      Value W = ConfigReader(*this).configAttribute(Width, "", &*Cfg);
      if (!W.Sym || !W.Sym->isSymbol() || W.Sym->getName() != Width)
        continue; // No such field, or it is the standard `hidden_size`.
      for (const sym::Expr *&D : In.Dims)
        if (D && D->isSymbol() && D->getName() == "hidden_size")
          D = W.Sym;
      break;
    }
  auto HasConfigDim = [&](const sym::Expr *D) {
    return D && any_of(sym::freeSymbols(D), [](StringRef N) {
             return N.starts_with(ConfigDimPrefix);
           });
  };
  if (none_of(In.Dims, HasConfigDim))
    return;
  sym::SubstitutionMap Map;
  std::vector<std::string> Named;
  for (const sym::Expr *D : In.Dims)
    for (StringRef N : D ? sym::freeSymbols(D) : std::vector<StringRef>()) {
      if (!N.starts_with(ConfigDimPrefix) || Map.count(N.str()))
        continue;
      StringRef Attr = N.drop_front(StringRef(ConfigDimPrefix).size());
      const sym::Expr *X =
          Cfg ? dimExpr(evalAttribute(*Cfg, Attr, F)) : nullptr;
      if (!X) {
        // No config, or no size there: the dimension is not known.
        In = Value::tensor(-1, "the input convention's `config." + Attr.str() +
                                   "` is not known here");
        return;
      }
      Map[N.str()] = X;
      Named.push_back("`config." + Attr.str() + "` = " + X->str());
    }
  for (const sym::Expr *&D : In.Dims) {
    Expected<const sym::Expr *> X = D ? Sym.substitute(D, Map) : nullptr;
    if (!X) {
      consumeError(X.takeError());
      continue;
    }
    D = *X;
  }
  In.Why =
      joinWhy(In.Why, "with the config's values (" + join(Named, ", ") + ")");
}

} // namespace modcost
