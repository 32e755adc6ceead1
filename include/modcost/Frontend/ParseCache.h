//===- ParseCache.h - Parsed IR kept on disk between runs -------*- C++ -*-===//
///
/// \file
/// Every run reads the same few hundred files of torch and transformers,
/// and most of a cold run's parsing is spent on files it only looks a few
/// names up in. The ParseCache keeps each file's serialized IR
/// (IR/Serialize.h) on disk, keyed by the BLAKE3 hash of the file's text,
/// so a later run reads the IR back instead of parsing (docs/Performance.md
/// has the figures).
///
/// An entry is `<dir>/ir/<2 hex>/<32 hex>.mcir`: a header (magic, format,
/// the parse cache version, which covers modcost's version and a hash of
/// the parser's and serializer's sources, the whole content hash, the
/// source size, the payload's size and xxh3 checksum) and the payload. An
/// entry that does not match in every field is never used: a damaged one
/// is reported as a remark (on the stream given), one from another version
/// is silently replaced, and both are rewritten after the file is parsed.
/// Entries are written to a unique temporary file and renamed into place,
/// so concurrent runs never see half an entry. Only files that parse
/// without diagnostics are cached. Safe to use from several threads.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_FRONTEND_PARSECACHE_H
#define MODCOST_FRONTEND_PARSECACHE_H

#include "modcost/IR/PyIR.h"
#include "modcost/IR/SourceFile.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace modcost {

/// The parse cache of one run.
class ParseCache {
public:
  /// Counts of one run, for the statistics line and the benchmarks.
  struct Stats {
    unsigned Hits = 0;     ///< Files read back from the cache.
    unsigned Misses = 0;   ///< Files parsed (no usable entry).
    unsigned Repaired = 0; ///< Damaged or stale entries replaced.
    unsigned Written = 0;  ///< Entries written.
  };

  /// A cache in directory \p Dir (created when the first entry is
  /// written); remarks about damaged entries and write failures go to
  /// \p Remarks.
  ParseCache(std::string Dir, llvm::raw_ostream &Remarks)
      : Dir(std::move(Dir)), Remarks(Remarks) {}

  /// `$XDG_CACHE_HOME/modcost` when XDG_CACHE_HOME is set to an absolute
  /// path (the XDG base directory rules), else `$HOME/.cache/modcost`;
  /// std::nullopt when neither is known.
  static std::optional<std::string> defaultDirectory();

  /// The version entries are written with.
  static llvm::StringRef getVersion();

  /// The IR of \p File's text from the cache, named \p Name, or nullptr
  /// when there is no valid entry (a damaged one is reported).
  std::unique_ptr<PyModule> lookup(const SourceFile &File, llvm::StringRef Name,
                                   bool IsPackage);

  /// Writes the entry for \p M, just parsed from its file. Failures to
  /// write are reported once and turn writing off for the run.
  void store(const PyModule &M);

  /// Where the entry for a file whose text is \p Text lives.
  std::string entryPath(llvm::StringRef Text) const;

  const std::string &getDirectory() const { return Dir; }
  Stats getStats() const;

private:
  std::string Dir;
  llvm::raw_ostream &Remarks;
  std::mutex RemarksLock;
  std::atomic<unsigned> Hits{0}, Misses{0}, Repaired{0}, Written{0};
  std::atomic<bool> WriteFailed{false};

  void remark(const llvm::Twine &Message);
};

} // namespace modcost

#endif // MODCOST_FRONTEND_PARSECACHE_H
