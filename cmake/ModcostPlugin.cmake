# add_modcost_plugin(Name src...): a modcost-opt plugin, loaded with
# `modcost-opt -load-pass-plugin=<file>`. Used in-tree (examples/, tests) and,
# installed as lib/cmake/modcost/ModcostPlugin.cmake, by out-of-tree plugins
# after find_package(Modcost).
#
# A plugin is a MODULE library built against the modcost and LLVM headers
# (the Modcost::PluginAPI target). It is not linked against modcost's
# libraries: modcost-opt exports every symbol they define, and the loaded
# plugin resolves them from the executable, as LLVM's opt does for its
# plugins.
function(add_modcost_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE Modcost::PluginAPI)
  set_target_properties(${name} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET default)
endfunction()
