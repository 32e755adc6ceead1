//===- CacheOptions.h - modcost-opt's parse cache options -------*- C++ -*-===//
///
/// \file
/// `--no-cache` and `--print-cache-stats`, and the run's ParseCache
/// (docs/Performance.md, "Parse cache").
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TOOLS_CACHEOPTIONS_H
#define MODCOST_TOOLS_CACHEOPTIONS_H

#include "modcost/Frontend/ParseCache.h"

#include <memory>

namespace modcost {

/// The run's parse cache in ParseCache::defaultDirectory(), or null with
/// --no-cache or when no cache directory is known.
std::unique_ptr<ParseCache> openParseCache();

/// With --print-cache-stats, prints \p Cache's counts to stderr.
void printCacheStats(const ParseCache *Cache);

} // namespace modcost

#endif // MODCOST_TOOLS_CACHEOPTIONS_H
