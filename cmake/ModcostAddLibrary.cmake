# Helpers that give every modcost component the same shape: one static library
# per lib/<Component>/ directory, linked against LLVM Support (ModcostLLVM).

# add_modcost_library(Name src... [LINK lib...])
function(add_modcost_library name)
  cmake_parse_arguments(ARG "" "" "LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PUBLIC ${ARG_LINK} ModcostLLVM)
endfunction()

# add_modcost_unittest(Name src... [LINK lib...]): a GoogleTest binary that
# the check-modcost target runs.
function(add_modcost_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LINK} GTest::gtest GTest::gtest_main)
  set_property(GLOBAL APPEND PROPERTY MODCOST_UNITTESTS ${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                        ${CMAKE_BINARY_DIR}/unittests)
endfunction()
