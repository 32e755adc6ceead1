//===- ModuleCache.h - Parsed modules shared between threads ----*- C++ -*-===//
///
/// \file
/// A batch run (`--all`) analyzes thousands of units on several threads, and
/// nearly all of them read the same few files (torch's functional.py,
/// modeling_utils.py). The SharedModuleCache parses each file once per run,
/// with the parser of the first thread that asks, and hands the finished IR
/// to every unit read-only; a thread asking for a file another thread is
/// parsing waits for it. The diagnostics of a parse (a syntax error) are
/// kept and replayed into each unit that loads the file, so a unit's report
/// does not depend on which unit happened to parse the file first.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_MODULECACHE_H
#define MODCOST_FRONTEND_MODULECACHE_H

#include "modcost/Frontend/ParseCache.h"
#include "modcost/Frontend/PythonParser.h"
#include "modcost/Frontend/SourceRoots.h"
#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"
#include "modcost/Support/Diagnostics.h"
#include "modcost/Support/Error.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace modcost {

/// Reads \p MF (a regular, UTF-8 file) and parses it as module \p Dotted
/// with \p Parser, reporting problems to \p Diags; \p File receives the
/// source file the IR points into (set even when the parse fails). With a
/// \p Cache, the IR is read from it when it has the file's, and written to
/// it after a parse.
llvm::Expected<std::unique_ptr<PyModule>>
readAndParseModule(const ModuleFile &MF, llvm::StringRef Dotted,
                   PythonParser &Parser, DiagnosticEngine &Diags,
                   std::unique_ptr<SourceFile> &File,
                   ParseCache *Cache = nullptr);

/// Parsed modules of one run, shared by its threads.
class SharedModuleCache {
public:
  /// Files are registered with \p Sources's buffers; engines that share
  /// them with \p Sources can point diagnostics into the shared IR.
  explicit SharedModuleCache(const DiagnosticEngine &Sources)
      : Sources(Sources) {}

  /// The module of file \p MF as \p Dotted (a library model if
  /// \p IsModel), parsed with \p Parser by the first caller. Diagnostics
  /// of the parse are replayed into \p Diags. A file that does not parse
  /// gives a DiagnosedError every time.
  llvm::Expected<const PyModule *> get(const ModuleFile &MF,
                                       llvm::StringRef Dotted, bool IsModel,
                                       PythonParser &Parser,
                                       DiagnosticEngine &Diags);

  /// \p Roots.find(\p Dotted), remembered (the file system is asked once
  /// per name and run). Every loader sharing the cache must search the
  /// same roots, and the same model roots (\p IsModel).
  std::optional<ModuleFile> find(const SourceRoots &Roots,
                                 llvm::StringRef Dotted, bool IsModel);

  /// After a crash on thread \p T (caught by the batch driver), the files
  /// it was parsing become failures, so no other thread waits for them.
  void abandonParsesOf(std::thread::id T);

  /// Files parsed so far (or read from the parse cache).
  size_t getNumParsed() const;

  /// Reads and writes parsed files through \p C (null: none).
  void setParseCache(ParseCache *C) { Cache = C; }

private:
  struct Entry {
    bool Done = false;
    std::thread::id Owner;
    std::unique_ptr<SourceFile> File;
    std::unique_ptr<PyModule> Module;
    std::vector<RecordedDiagnostic> Diags;
    std::optional<FailureKind> Failure;
  };
  const DiagnosticEngine &Sources;
  mutable std::mutex Lock;
  std::condition_variable Ready;
  llvm::StringMap<std::unique_ptr<Entry>> Entries;
  std::mutex FindLock;
  llvm::StringMap<std::optional<ModuleFile>> Found;
  size_t NumParsed = 0;
  ParseCache *Cache = nullptr;

  llvm::Expected<const PyModule *> finish(const Entry &E,
                                          DiagnosticEngine &Diags);
};

} // namespace modcost

#endif // MODCOST_FRONTEND_MODULECACHE_H
