//===- CacheOptions.cpp - modcost-opt's parse cache options ---------------===//

#include "CacheOptions.h"
#include "PhaseRun.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace modcost {

static cl::opt<bool>
    NoCache("no-cache",
            cl::desc("Neither read nor write the parse cache "
                     "($XDG_CACHE_HOME/modcost, see docs/Performance.md)"),
            cl::cat(ModcostCat));
static cl::opt<bool> PrintCacheStats(
    "print-cache-stats",
    cl::desc("Print the parse cache's hits, misses and writes to stderr"),
    cl::Hidden, cl::cat(ModcostCat));

std::unique_ptr<ParseCache> openParseCache() {
  if (NoCache)
    return nullptr;
  std::optional<std::string> Dir = ParseCache::defaultDirectory();
  if (!Dir)
    return nullptr;
  return std::make_unique<ParseCache>(*Dir, errs());
}

void printCacheStats(const ParseCache *Cache) {
  if (!PrintCacheStats)
    return;
  if (!Cache) {
    errs() << "modcost-opt: parse cache: off\n";
    return;
  }
  ParseCache::Stats S = Cache->getStats();
  errs() << "modcost-opt: parse cache: " << S.Hits << " hit(s), " << S.Misses
         << " miss(es), " << S.Written << " written, " << S.Repaired
         << " repaired\n";
}

} // namespace modcost
