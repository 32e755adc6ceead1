// A plugin that tries to register a pass under a built-in pass's name.
#include "modcost/Plugin/PassPlugin.h"

namespace {
struct ShadowCostPass {
  llvm::Expected<modcost::PreservedAnalyses> run(modcost::AnalysisUnit &,
                                                 modcost::AnalysisManager &) {
    return modcost::PreservedAnalyses::all();
  }
};
void registerShadow(modcost::PluginRegistrar &R) {
  R.registerPass<ShadowCostPass>("cost", "a second `cost`");
}
} // namespace

extern "C" ModcostPluginInfo modcostGetPluginInfo() {
  return {MODCOST_PLUGIN_API_VERSION, "shadow", "0.1", registerShadow};
}
