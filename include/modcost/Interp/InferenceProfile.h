//===- InferenceProfile.h - Facts of the default inference run --*- C++ -*-===//
///
/// \file
/// The declarative facts `prune` decides branches with: the built-in
/// default (share/modcost/default.profile, installed next to the tool),
/// then any --profile=FILE, then -D overrides, later ones winning. The file
/// format is sections of `name = python-literal` lines:
///
///   [facts]      names read as parameters, self/config attributes
///   [calls]      results of environment queries (`torch.jit.is_scripting`)
///   [inputs]     forward() parameters: `passed`, None, or another param
///   [input_rank] tensor rank of inputs by parameter name
///   [tensors]    properties every tensor has (`is_nested = False`)
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_INFERENCEPROFILE_H
#define MODCOST_INTERP_INFERENCEPROFILE_H

#include "modcost/Interp/Value.h"
#include "modcost/Support/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>

namespace modcost {

/// One fact with where it was set.
struct ProfileEntry {
  Value Val;
  std::string Origin; ///< `default.profile:12`, `-D`, ...
  /// The value's text is a Python expression (a call, or a dotted name
  /// such as `nn.BatchNorm2d`), kept as a Str for the evaluator to run.
  bool Expression = false;
};

/// The merged inference profile.
class InferenceProfile {
public:
  /// The sections a profile may have.
  static bool isSection(llvm::StringRef S);

  /// Parses \p Text (named \p Origin in messages) and merges it in; later
  /// entries override earlier ones. Errors name the line.
  llvm::Error parse(llvm::StringRef Text, llvm::StringRef Origin);

  /// Reads and merges a profile file.
  llvm::Error loadFile(llvm::StringRef Path);

  /// Applies a `-D name=value` or `-D section.name=value` override (the
  /// section defaults to `facts`).
  llvm::Error define(llvm::StringRef Assignment);

  /// Reads a HuggingFace config.json into the `[config]` section: every
  /// value that is not an integer (strings, booleans, null, floats, lists
  /// of scalars, and the scalar members of objects as `NAME.KEY`), from the
  /// top level and from `text_config`, the top level winning. Integers are
  /// sizes: they stay symbols in the formulas and are bound by `expand`.
  llvm::Error loadConfigJSON(llvm::StringRef Path);

  /// True for config attributes that are model sizes (ConfigAliases.def):
  /// they stay symbols in formulas.
  static bool isConfigSize(llvm::StringRef Name);

  /// The standard symbol a config attribute stands for
  /// (`num_attention_heads` -> `num_heads`, ConfigAliases.def); empty if
  /// \p Attr is none of them.
  static llvm::StringRef standardConfigName(llvm::StringRef Attr);

  /// Looks up \p Name in \p Section; nullptr if absent.
  const ProfileEntry *get(llvm::StringRef Section, llvm::StringRef Name) const;

  /// The default profile's path: $MODCOST_PROFILE_DIR/default.profile, else
  /// `<tool dir>/../share/modcost/default.profile`.
  static std::string defaultProfilePath(llvm::StringRef Argv0, void *MainAddr);

  /// Every entry, for the Markdown and docs (section -> name -> entry).
  const std::map<std::string, std::map<std::string, ProfileEntry>> &
  entries() const {
    return Sections;
  }

  /// Parses one Python literal (True, 1, 2.5, 'x', None) or a bare word
  /// (kept as a string).
  static llvm::Expected<Value> parseLiteral(llvm::StringRef Text);

private:
  std::map<std::string, std::map<std::string, ProfileEntry>> Sections;
};

} // namespace modcost

#endif // MODCOST_INTERP_INFERENCEPROFILE_H
