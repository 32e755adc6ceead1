# Fetches the tree-sitter-python grammar (generated parser.c and scanner.c)
# into the build tree at configure time, verifies it against the hash in
# cmake/tree-sitter-python.lock, and builds it as a static library
# `tree-sitter-python`. Nothing of the grammar is ever committed.

file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/tree-sitter-python.lock TSP_LOCK REGEX "^[a-z0-9]+=")
foreach(line IN LISTS TSP_LOCK)
  string(REGEX MATCH "^([a-z0-9]+)=(.*)$" _ "${line}")
  set(TSP_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()

set(TSP_DIR ${CMAKE_BINARY_DIR}/third_party/tree-sitter-python)
set(TSP_TARBALL ${TSP_DIR}/tree-sitter-python-${TSP_version}.tgz)
set(TSP_SRC ${TSP_DIR}/package/src)

if(NOT EXISTS ${TSP_SRC}/parser.c)
  file(MAKE_DIRECTORY ${TSP_DIR})
  if(NOT EXISTS ${TSP_TARBALL})
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      message(FATAL_ERROR
        "npm is needed once to fetch the tree-sitter-python ${TSP_version} grammar.\n"
        "Run utils/bootstrap.sh (it installs npm), or place "
        "tree-sitter-python-${TSP_version}.tgz in ${TSP_DIR}.")
    endif()
    message(STATUS "Fetching tree-sitter-python@${TSP_version} with npm pack")
    execute_process(
      COMMAND ${NPM_EXECUTABLE} pack --silent tree-sitter-python@${TSP_version}
      WORKING_DIRECTORY ${TSP_DIR}
      RESULT_VARIABLE npm_rc OUTPUT_VARIABLE npm_out ERROR_VARIABLE npm_err)
    if(NOT npm_rc EQUAL 0 OR NOT EXISTS ${TSP_TARBALL})
      message(FATAL_ERROR
        "`npm pack tree-sitter-python@${TSP_version}` failed (${npm_rc}):\n${npm_err}\n"
        "Check that the npm registry is reachable, or place the tarball in ${TSP_DIR}.")
    endif()
  endif()
  file(SHA256 ${TSP_TARBALL} tsp_hash)
  if(NOT tsp_hash STREQUAL TSP_sha256)
    file(REMOVE ${TSP_TARBALL})
    message(FATAL_ERROR
      "tree-sitter-python-${TSP_version}.tgz has SHA-256 ${tsp_hash}, expected "
      "${TSP_sha256} (cmake/tree-sitter-python.lock). The download was removed; "
      "re-run cmake to fetch it again.")
  endif()
  file(ARCHIVE_EXTRACT INPUT ${TSP_TARBALL} DESTINATION ${TSP_DIR}
       PATTERNS package/src/* package/LICENSE)
endif()

add_library(tree-sitter-python STATIC ${TSP_SRC}/parser.c ${TSP_SRC}/scanner.c)
target_include_directories(tree-sitter-python PRIVATE ${TSP_SRC})
set_target_properties(tree-sitter-python PROPERTIES C_STANDARD 11)
target_compile_options(tree-sitter-python PRIVATE -w)
