//===- modcost-parse-bench.cpp - tree-sitter's parse speed alone ----------===//
///
/// \file
/// The floor of a batch run: parse every `.py` file under the given
/// directories with tree-sitter alone (no IR, no analysis) on -j threads,
/// one parser per thread, and print the bytes, the wall time and the rate.
/// utils/bench.sh compares batch runs with it (docs/Performance.md).
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/TreeSitter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>

using namespace llvm;
using namespace modcost;

static cl::list<std::string> Dirs(cl::Positional, cl::desc("<dir>..."),
                                  cl::OneOrMore);
static cl::opt<unsigned> Jobs("j", cl::desc("Threads (default: all cores)"),
                              cl::init(0), cl::Prefix);

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "tree-sitter parse speed over .py files\n");
  std::vector<std::unique_ptr<MemoryBuffer>> Files;
  size_t Bytes = 0;
  for (const std::string &D : Dirs) {
    std::error_code EC;
    for (sys::fs::recursive_directory_iterator I(D, EC), E; I != E && !EC;
         I.increment(EC)) {
      if (!StringRef(I->path()).ends_with(".py") ||
          I->type() != sys::fs::file_type::regular_file)
        continue;
      if (auto B = MemoryBuffer::getFile(I->path())) {
        Bytes += (*B)->getBufferSize();
        Files.push_back(std::move(*B));
      }
    }
  }
  unsigned Threads =
      Jobs ? Jobs : hardware_concurrency().compute_thread_count();
  auto Start = std::chrono::steady_clock::now();
  std::atomic<size_t> Next{0}, Failed{0};
  {
    DefaultThreadPool Pool(hardware_concurrency(Threads));
    for (unsigned T = 0; T < Threads; ++T)
      Pool.async([&] {
        Expected<ts::Parser> P = ts::Parser::createPython();
        if (!P) {
          consumeError(P.takeError());
          ++Failed;
          return;
        }
        for (size_t I; (I = Next++) < Files.size();)
          if (!P->parse(Files[I]->getBuffer()))
            ++Failed;
      });
    Pool.wait();
  }
  double Secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  outs() << "parse-only: " << Files.size() << " files, "
         << format("%.1f", Bytes / 1e6) << " MB, " << Threads
         << " thread(s): " << format("%.2f", Secs) << " s wall, "
         << format("%.1f", Bytes / 1e6 / Secs) << " MB/s\n";
  return Failed ? 1 : 0;
}
