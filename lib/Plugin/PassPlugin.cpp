//===- PassPlugin.cpp - Loading passes and op rules from plugins ----------===//

#include "modcost/Plugin/PassPlugin.h"
#include "modcost/Passes/PassBuilder.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace modcost {

PluginRegistrar::PluginRegistrar(PassBuilder &Builder, OpRuleRegistry &Rules,
                                 std::string Provider)
    : Builder(Builder), Rules(Rules), Provider(std::move(Provider)) {}

void PluginRegistrar::addPass(
    StringRef Name, StringRef Description,
    std::function<std::unique_ptr<PassConcept>()> Factory) {
  if (Error E = Builder.registerPass(Name, Description, std::move(Factory)))
    Err = joinErrors(std::move(Err), std::move(E));
}

void PluginRegistrar::registerOpRule(StringRef Callee, OpRuleFn Fn) {
  Rules.addByName(Callee, std::move(Fn), Provider);
}

void PluginRegistrar::registerOpRule(StringRef Description, OpPredicate Pred,
                                     OpRuleFn Fn) {
  Rules.addByPredicate(Description, std::move(Pred), std::move(Fn), Provider);
}

void PluginRegistrar::registerOpRule(std::unique_ptr<OpRule> Rule) {
  Rules.add(std::move(Rule), Provider);
}

Expected<PassPlugin> PassPlugin::load(const std::string &Path) {
  auto Fail = [&](const Twine &Why) {
    return createStringError("cannot load plugin '" + Path + "': " + Why);
  };
  // dlopen searches the library path for a bare name; a plugin is always
  // a file the user points at, so check it exists first.
  if (!sys::fs::exists(Path))
    return Fail("no such file");
  if (sys::fs::is_directory(Path))
    return Fail("is a directory");
  // A name without a slash would make dlopen search the library path.
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  std::string Msg;
  sys::DynamicLibrary Lib =
      sys::DynamicLibrary::getPermanentLibrary(Abs.c_str(), &Msg);
  if (!Lib.isValid())
    return Fail(Msg.empty() ? "not a loadable shared library" : Msg);
  void *Entry = Lib.getAddressOfSymbol("modcostGetPluginInfo");
  if (!Entry)
    return Fail("it does not export `modcostGetPluginInfo` (is it a modcost "
                "plugin? see docs/WritingAPass.md)");
  using GetInfoFn = ModcostPluginInfo (*)();
  ModcostPluginInfo Info = reinterpret_cast<GetInfoFn>(Entry)();
  if (Info.APIVersion != MODCOST_PLUGIN_API_VERSION)
    return Fail("it was built for plugin API version " +
                Twine(Info.APIVersion) + ", this modcost-opt loads version " +
                Twine(MODCOST_PLUGIN_API_VERSION) +
                "; rebuild it against these headers");
  if (!Info.PluginName || !*Info.PluginName || !Info.PluginVersion ||
      !Info.RegisterCallbacks)
    return Fail("its plugin information lacks a name, a version or a "
                "registration callback");
  return PassPlugin(Path, Info);
}

} // namespace modcost
