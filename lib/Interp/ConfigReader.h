//===- ConfigReader.h - Config attributes and their size hints --*- C++ -*-===//
///
/// \file
/// What reading an attribute of a model config gives: a size's symbol
/// (Inputs.cpp), config.json's value or the config class's default
/// (ConfigDefaults.cpp), a nested config (SubConfigs.cpp), what the class's
/// `__post_init__` derives (ConfigDerived.cpp); and the hints the config's
/// numbers give the symbols, by which conditions on sizes are decided
/// (SizeHints.cpp, SequenceFit.cpp). A helper of the Evaluator, private to
/// lib/Interp; what it remembers (derivations running, hints, position
/// counts) stays in the Evaluator.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_CONFIGREADER_H
#define MODCOST_LIB_INTERP_CONFIGREADER_H

#include "EvaluatorImpl.h"

#include <optional>
#include <string>
#include <vector>

namespace modcost {

/// Reads config attributes and records their size hints for the Evaluator
/// \p Eval.
class ConfigReader {
public:
  explicit ConfigReader(Evaluator &Eval) : Eval(Eval), Sym(Eval.Sym) {}

  /// The symbol of config size \p Name (by its standard name, unless the
  /// config \p Cfg also has a field of that name), with \p Prefix for a
  /// nested config's sizes.
  Value configAttribute(llvm::StringRef Name, llvm::StringRef Prefix = "",
                        const Value *Cfg = nullptr);
  /// `config.vision_config`: the nested config the config class's
  /// `sub_configs` names for \p Name, built once per config; else nullopt.
  std::optional<Value> subConfig(const Value &Cfg, llvm::StringRef Name);
  /// A config attribute that config.json gives (`[config]` profile
  /// section; `NAME.KEY` entries make a dict), unless it is a size.
  std::optional<Value> configFileValue(llvm::StringRef Name);
  /// A config attribute config.json does not give: the config class's
  /// default if it is not a size, else the attribute's symbol.
  Value configDefault(const Value &Cfg, llvm::StringRef Name);
  /// \p Params, config \p Cfg's `rope_parameters` dict, with the
  /// `partial_rotary_factor` that transformers' base `__post_init__` moves
  /// into it: the config's own attribute, else the value its class passes
  /// to `super().__post_init__(**kwargs)` (RopeParameters.cpp).
  Value standardizedRopeParameters(const Value &Cfg, Value Params);
  /// Config \p Cfg's `rope_parameters` as its class's own override of
  /// `convert_rope_params_to_dict` builds it when config.json does not
  /// state the dict, when that is one dict per layer type (Gemma3's
  /// `sliding_attention` and `full_attention`); nullopt otherwise: one dict
  /// for every layer is the profile's (RopeParameters.cpp).
  std::optional<Value> convertedRopeParameters(const Value &Cfg);
  /// `config.method` bound to the config, for a plain (not property)
  /// method of its class or bases.
  std::optional<Value> configMethod(const Value &Cfg, llvm::StringRef Name);

  // Size hints (SizeHints.cpp).
  /// Records the hint of config size \p Name (read as \p Size) of \p Cfg:
  /// config.json's number, the class default, or its derivation.
  void noteConfigSizeHint(const Value &Cfg, llvm::StringRef Name,
                          const Value &Size);
  /// What config attribute \p Name's number \p V tells about the sizes a
  /// run chooses: the hint of the free size of the same name in the
  /// `[input_shape]` conventions (`pixel_values`' `image_size` is the
  /// config's `image_size`), and the position counts (SequenceFit.cpp).
  void noteConfigNumber(llvm::StringRef Name, const Value &V);
  /// When config size \p Size is a symbol that nothing gave a number, the
  /// code's own fallback \p Fallback (spelled \p Text, a getattr default or
  /// the right side of `or`) is its hint. A size is a whole number: the
  /// formulas read `//` as exact, the hint floors it (4096 // 96 = 42).
  /// \p How says where the fallback comes from; \p Label names the size
  /// in the hint's origin (its symbol when empty).
  void hintFromFallback(const Value &Size, const Value &Fallback,
                        llvm::StringRef Text, llvm::StringRef How,
                        llvm::StringRef Label = "");
  /// \p E's value with every symbol at its hint, or nullopt; the symbols
  /// that only the profile's `[input_sizes]` gives a hint are moved by
  /// \p ProfileOffset.
  std::optional<sym::Rational> hintOf(const sym::Expr *E,
                                      int ProfileOffset = 0);
  /// The hint of the size symbol \p Name: the config's (SizeHints), else
  /// the profile's `[input_sizes]` entry (an input's size nothing else
  /// gives a number, ImageNet's 224 for `height`), else null.
  const SizeHint *hintFor(llvm::StringRef Name);
  /// `L Op R` decided at the hints when symbols leave it open; \p Why
  /// then says at which sizes, and \p ByConvention is set when an input
  /// size's conventional hint (`[input_sizes]`) took part: the code then
  /// says more, a branch that raises is not taken on its word.
  std::optional<bool> decideAtHints(const Value &L, llvm::StringRef Op,
                                    const Value &R, std::string &Why,
                                    bool *ByConvention = nullptr);
  /// `L Op R` linear in `seq_len` and `cache_len`, decided by the
  /// convention that a run's tokens fit the model's positions (a position
  /// count the config gave, SequenceFit.cpp); nullopt when the convention
  /// does not settle it.
  std::optional<bool> decideBySequenceFit(const Value &L, llvm::StringRef Op,
                                          const Value &R, std::string &Why);

  /// If \p Cfg's config class only sets \p Name in `__post_init__` (or
  /// `__init__`) on a branch the defaults do not take (`if
  /// self.use_bidirectional_attention == "all": self.is_causal = False`),
  /// why the configured model's config lacks it; else nullopt. For an
  /// attribute that is no field of the classes and that config.json does
  /// not give (Evaluator::configLacks, its caller, has checked both).
  std::optional<std::string> derivationLeavesUnset(const Value &Cfg,
                                                   llvm::StringRef Name);

private:
  using Frame = Evaluator::Frame;
  using Flow = Evaluator::Flow;

  Evaluator &Eval;
  sym::ExprContext &Sym;

  // Nested configs (SubConfigs.cpp).
  /// The object the config's `__post_init__` builds for sub-config \p Name
  /// when `sub_configs` names no config class (`AutoConfig`); else nullopt.
  std::optional<Value> builtSubConfig(const Value &Cfg, llvm::StringRef Name);
  /// Sets \p Into's config classes and MRO to those of \p QualifiedClass;
  /// false if it names no class with Python source.
  bool configClassesOf(llvm::StringRef QualifiedClass, ObjectState &Into);
  /// The keys of the config class's `sub_configs` mapping, in order.
  std::vector<std::string> subConfigNames(const Value &Cfg);
  /// The class-level attribute \p Attr of config \p Cfg's class
  /// (`sub_configs`, `attribute_map`), evaluated where the first class on
  /// its MRO that assigns it defines it; nullopt if none does.
  std::optional<ConfigClassAttribute>
  configClassAttribute(const Value &Cfg, llvm::StringRef Attr);
  /// The nested config `sub_configs` names for \p Name, not stored on
  /// \p Cfg; nullopt if there is none.
  std::optional<Value> buildSubConfig(const Value &Cfg, llvm::StringRef Name);
  // Derived attributes (ConfigDerived.cpp).
  /// A config attribute the config class computes in `__post_init__` or
  /// `__init__` (ConfigDerived.cpp): what the method assigns, or nullopt.
  std::optional<Value> configDerived(const Value &Cfg, llvm::StringRef Name);
  /// Runs the config class's method that assigns `self.<Name>` on a copy
  /// of \p Cfg (unless that derivation is already running), naming it in
  /// \p Source; \p LeftUnset as for runOnConfigCopy.
  std::optional<Value> runDerivation(const Value &Cfg, llvm::StringRef Name,
                                     bool *LeftUnset, std::string &Source);
  /// configDerived without the memo: runs the method on a copy.
  std::optional<Value> deriveConfigAttribute(const Value &Cfg,
                                             llvm::StringRef Name);
  /// What config method \p Fn of \p Class, called with \p Args after
  /// self, assigns to `self.<Name>`, run on a copy of \p Cfg off the priced
  /// path; `super().` calls are skipped, and with \p SkipRootCalls so are
  /// calls on self of methods only the root config class defines. nullopt
  /// if it leaves the attribute unset or unknown.
  /// \p LeftUnset, if given, is set when the method ran to its end (or
  /// returned early on a path only decided conditions chose) and never
  /// assigned the attribute: an undecided `if` runs both branches, so an
  /// assignment on either one counts.
  std::optional<Value>
  runOnConfigCopy(const Value &Cfg, const PyModule *Mod, const ClassDef *Class,
                  const FunctionDef &Fn, llvm::StringRef Name, CallArgs Args,
                  bool SkipRootCalls, bool *LeftUnset = nullptr);
  /// True if config.json or `-D` states config attribute \p Name (itself
  /// or `NAME.KEY` entries), not a profile's stand-in.
  bool statedByUser(llvm::StringRef Name);
  /// The value the most derived `__post_init__` of \p Cfg's classes puts
  /// under \p Key in the keyword arguments it forwards to the base class
  /// (`kwargs.setdefault("KEY", V)`, `kwargs["KEY"] = V`), if a number.
  std::optional<Value> superPostInitKwarg(const Value &Cfg,
                                          llvm::StringRef Key);
  /// The value the config class's own `convert_rope_params_to_dict` gives
  /// the RoPE dict's \p Key (`self.rope_parameters.setdefault("KEY", V)`),
  /// if a number.
  std::optional<Value> convertedRopeEntry(const Value &Cfg,
                                          llvm::StringRef Key);
  // Size hints (SizeHints.cpp, SequenceFit.cpp).
  /// The hint of \p Name when \p Cfg's class has no such field but a part
  /// in its `sub_configs` does (`text_config` first, else a class all the
  /// parts defining it share); true if one was recorded.
  bool hintFromSubConfig(const Value &Cfg, llvm::StringRef Name,
                         const Value &Size);
  /// True for a config attribute named `max_...position...`, a count of
  /// positions (`max_position_embeddings`, `max_target_positions`).
  static bool isPositionCount(llvm::StringRef Name);
  /// Records \p V as a position count if config attribute \p Name is one.
  void notePositionCount(llvm::StringRef Name, const Value &V);
  /// The field config attribute \p Name stands for in the config class's
  /// `attribute_map` (`num_attention_heads` -> `n_head`), or "".
  std::string attributeMapTarget(const Value &Cfg, llvm::StringRef Name);
};

} // namespace modcost

#endif // MODCOST_LIB_INTERP_CONFIGREADER_H
