//===- PassPlugin.h - Loading passes and op rules from plugins --*- C++ -*-===//
///
/// \file
/// The plugin interface of modcost-opt, on the model of LLVM's
/// llvm/Passes/PassPlugin.h. A plugin is a shared library that exports
///
///   extern "C" ModcostPluginInfo modcostGetPluginInfo();
///
/// returning the plugin API version it was built for, its name and
/// version, and a callback that receives a PluginRegistrar. Through the
/// registrar a plugin adds passes (usable in `-passes=` like built-in ones)
/// and cost rules for ops the built-in catalog does not know. modcost-opt
/// loads plugins with `-load-pass-plugin=PATH`; a missing file, a library
/// without the entry point or one built for another API version is an
/// error naming the file.
///
/// Plugins are built against the installed headers (find_package(Modcost),
/// add_modcost_plugin()) and resolve modcost's symbols from the modcost-opt
/// executable that loads them. docs/WritingAPass.md is the tutorial.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_PLUGIN_PASSPLUGIN_H
#define MODCOST_PLUGIN_PASSPLUGIN_H

#include "modcost/Pass/PassManager.h"
#include "modcost/Semantics/OpRules.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

/// The plugin API version of these headers. It changes whenever a
/// declaration a plugin can reach changes incompatibly; modcost-opt only
/// loads plugins built for its own version.
#define MODCOST_PLUGIN_API_VERSION 1

namespace modcost {

class PassBuilder;

/// What a plugin registers through its callback.
class PluginRegistrar {
public:
  /// Creates a registrar adding to \p Builder and \p Rules on behalf of
  /// the plugin named \p Provider (`plugin NAME VERSION`).
  PluginRegistrar(PassBuilder &Builder, OpRuleRegistry &Rules,
                  std::string Provider);

  /// Registers a pass of type \p PassT (default-constructible, with a
  /// `llvm::Expected<PreservedAnalyses> run(AnalysisUnit &,
  /// AnalysisManager &)` member) under the pipeline name \p Name.
  template <typename PassT>
  void registerPass(llvm::StringRef Name, llvm::StringRef Description) {
    std::string N = Name.str();
    addPass(Name, Description, [N]() -> std::unique_ptr<PassConcept> {
      return std::make_unique<PassModel<PassT>>(N, PassT());
    });
  }

  /// Registers a cost rule for calls named \p Callee (a fully qualified
  /// name, or its last components: `flash_attn_func` matches
  /// `flash_attn.flash_attn_func`).
  void registerOpRule(llvm::StringRef Callee, OpRuleFn Fn);
  /// Registers a cost rule for the calls \p Pred accepts.
  void registerOpRule(llvm::StringRef Description, OpPredicate Pred,
                      OpRuleFn Fn);
  /// Registers a rule object.
  void registerOpRule(std::unique_ptr<OpRule> Rule);

  /// `plugin NAME VERSION`, as shown next to what the plugin provides.
  const std::string &getProvider() const { return Provider; }

  /// Errors from registrations (a pass name already taken); checked by the
  /// loader after the callback returns.
  llvm::Error takeError() { return std::move(Err); }

private:
  PassBuilder &Builder;
  OpRuleRegistry &Rules;
  std::string Provider;
  llvm::Error Err = llvm::Error::success();

  void addPass(llvm::StringRef Name, llvm::StringRef Description,
               std::function<std::unique_ptr<PassConcept>()> Factory);
};

} // namespace modcost

extern "C" {
/// What a plugin's entry point returns.
struct ModcostPluginInfo {
  /// MODCOST_PLUGIN_API_VERSION of the headers the plugin was built with.
  uint32_t APIVersion;
  /// A short name (`fused-ops`) and a version string (`1.0`).
  const char *PluginName;
  const char *PluginVersion;
  /// Registers the plugin's passes and op rules.
  void (*RegisterCallbacks)(modcost::PluginRegistrar &);
};

/// The entry point every plugin defines (with C linkage).
ModcostPluginInfo modcostGetPluginInfo();
}

namespace modcost {

/// A plugin library loaded into the process.
class PassPlugin {
public:
  /// Loads the library at \p Path and reads its plugin information. Fails
  /// with a message naming the file when it cannot be opened, has no
  /// `modcostGetPluginInfo`, or was built for another API version.
  static llvm::Expected<PassPlugin> load(const std::string &Path);

  /// Runs the plugin's registration callback.
  void registerCallbacks(PluginRegistrar &R) const {
    Info.RegisterCallbacks(R);
  }

  const std::string &getFilename() const { return Filename; }
  llvm::StringRef getPluginName() const { return Info.PluginName; }
  llvm::StringRef getPluginVersion() const { return Info.PluginVersion; }
  uint32_t getAPIVersion() const { return Info.APIVersion; }

private:
  PassPlugin(std::string Filename, ModcostPluginInfo Info)
      : Filename(std::move(Filename)), Info(Info) {}
  std::string Filename;
  ModcostPluginInfo Info;
};

} // namespace modcost

#endif // MODCOST_PLUGIN_PASSPLUGIN_H
