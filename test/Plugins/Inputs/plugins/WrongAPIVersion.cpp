// A plugin that claims a plugin API version no modcost-opt supports.
#include "modcost/Plugin/PassPlugin.h"

static void registerNothing(modcost::PluginRegistrar &) {}

extern "C" ModcostPluginInfo modcostGetPluginInfo() {
  return {MODCOST_PLUGIN_API_VERSION + 998, "from-the-future", "9.9",
          registerNothing};
}
