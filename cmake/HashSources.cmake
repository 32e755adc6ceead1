# cmake -DOUTPUT=<file> -DPREFIX=<text> -DSOURCES=<a|b|...> -P HashSources.cmake
# Writes a header defining MODCOST_PARSE_CACHE_VERSION: PREFIX and the
# SHA-256 of the SOURCES (the parser, the IR and its serializer), so an
# entry of the parse cache written by a build with another parser is never
# read back as current (lib/Frontend/ParseCache.cpp). Rewritten only when
# the text changes.
string(REPLACE "|" ";" _sources "${SOURCES}")
set(_all "")
foreach(f IN LISTS _sources)
  file(SHA256 ${f} _h)
  string(APPEND _all "${_h}")
endforeach()
string(SHA256 _hash "${_all}")
string(SUBSTRING ${_hash} 0 16 _hash)
set(_text "#define MODCOST_PARSE_CACHE_VERSION \"${PREFIX}+${_hash}\"\n")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} _old)
  if(_old STREQUAL _text)
    return()
  endif()
endif()
file(WRITE ${OUTPUT} "${_text}")
