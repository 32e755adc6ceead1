// A shared library that is not a modcost plugin: it lacks the entry point
// modcostGetPluginInfo. Loading it must fail with a clear error.
extern "C" int modcostTestNotAPlugin() { return 42; }
