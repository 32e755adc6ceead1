//===- ParseCache.cpp - Parsed IR kept on disk between runs ---------------===//
///
/// \file
/// Entry layout (integers little-endian):
///   8  magic `MCIRv1\r\n`
///   2  length N of the version string, then its N bytes
///   32 BLAKE3 hash of the source text
///   8  source size;  8  payload size P
///   P  payload (IR/Serialize.h)
///   8  xxh3-64 of every byte before it
/// The version is compared before the checksum, so an entry of another
/// version (whose layout may differ) is "stale", not "damaged".
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/ParseCache.h"
#include "modcost/IR/Serialize.h"

#include "ParseCacheVersion.inc"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace modcost {

static constexpr StringLiteral Magic("MCIRv1\r\n");
static constexpr size_t HashSize = 32;

StringRef ParseCache::getVersion() { return MODCOST_PARSE_CACHE_VERSION; }

std::optional<std::string> ParseCache::defaultDirectory() {
  SmallString<256> Dir;
  std::optional<std::string> XDG = sys::Process::GetEnv("XDG_CACHE_HOME");
  if (XDG && sys::path::is_absolute(*XDG)) {
    Dir = *XDG;
  } else {
    std::optional<std::string> Home = sys::Process::GetEnv("HOME");
    if (!Home || !sys::path::is_absolute(*Home))
      return std::nullopt;
    Dir = *Home;
    sys::path::append(Dir, ".cache");
  }
  sys::path::append(Dir, "modcost");
  return std::string(Dir);
}

static BLAKE3Result<HashSize> contentHash(StringRef Text) {
  return BLAKE3::hash<HashSize>(arrayRefFromStringRef(Text));
}

std::string ParseCache::entryPath(StringRef Text) const {
  std::string Hex = toHex(ArrayRef(contentHash(Text)).take_front(16),
                          /*LowerCase=*/true);
  SmallString<256> P(Dir);
  sys::path::append(P, "ir", StringRef(Hex).take_front(2), Hex + ".mcir");
  return std::string(P);
}

void ParseCache::remark(const Twine &Message) {
  std::lock_guard<std::mutex> G(RemarksLock);
  WithColor::remark(Remarks) << Message << "\n";
}

ParseCache::Stats ParseCache::getStats() const {
  return Stats{Hits.load(), Misses.load(), Repaired.load(), Written.load()};
}

namespace {
/// Why an entry was not used.
enum class EntryProblem { None, Stale, Damaged };

/// Reads the fields of an entry in order, failing past the end.
struct EntryReader {
  StringRef Data;
  size_t Pos = 0;
  bool take(size_t N, StringRef &Out) {
    if (N > Data.size() - Pos)
      return false;
    Out = Data.substr(Pos, N);
    Pos += N;
    return true;
  }
  template <typename T> bool take(T &Out) {
    StringRef B;
    if (!take(sizeof(T), B))
      return false;
    Out = support::endian::read<T, llvm::endianness::little>(B.data());
    return true;
  }
};
} // namespace

/// Checks entry \p Data against the current version and \p Text; on
/// success \p Payload is its IR bytes. \p Why says what was wrong.
static EntryProblem checkEntry(StringRef Data, StringRef Text,
                               StringRef &Payload, std::string &Why) {
  EntryReader R{Data};
  StringRef Field;
  if (!R.take(Magic.size(), Field) || Field != Magic) {
    Why = "bad magic";
    return EntryProblem::Damaged;
  }
  uint16_t VersionSize;
  if (!R.take(VersionSize) || !R.take(VersionSize, Field)) {
    Why = "truncated header";
    return EntryProblem::Damaged;
  }
  if (Field != ParseCache::getVersion())
    return EntryProblem::Stale;
  if (Data.size() < R.Pos + 8 ||
      xxh3_64bits(Data.drop_back(8)) !=
          support::endian::read64le(Data.end() - 8)) {
    Why = "checksum mismatch";
    return EntryProblem::Damaged;
  }
  R.Data = Data.drop_back(8);
  uint64_t SourceSize, PayloadSize;
  if (!R.take(HashSize, Field) || !R.take(SourceSize) || !R.take(PayloadSize) ||
      !R.take(PayloadSize, Payload) || R.Pos != R.Data.size()) {
    Why = "inconsistent sizes";
    return EntryProblem::Damaged;
  }
  auto Hash = contentHash(Text);
  if (SourceSize != Text.size() || Field != toStringRef(ArrayRef(Hash))) {
    Why = "written for other source text";
    return EntryProblem::Damaged;
  }
  return EntryProblem::None;
}

std::unique_ptr<PyModule> ParseCache::lookup(const SourceFile &File,
                                             StringRef Name, bool IsPackage) {
  std::string Path = entryPath(File.getText());
  // Read, not mapped: the module keeps the bytes for its pending function
  // bodies, and a mapping would fault if the file were truncated meanwhile.
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false,
                                   /*IsVolatile=*/true);
  if (!Buf) {
    ++Misses;
    return nullptr;
  }
  StringRef Payload;
  std::string Why;
  EntryProblem P =
      checkEntry((*Buf)->getBuffer(), File.getText(), Payload, Why);
  if (P == EntryProblem::None) {
    // The module keeps the entry: its function bodies are decoded from it
    // when first run.
    auto M = deserializeModule(std::move(*Buf), Payload, File, Name, IsPackage);
    if (M) {
      ++Hits;
      return std::move(*M);
    }
    Why = toString(M.takeError());
    P = EntryProblem::Damaged;
  }
  ++Misses;
  ++Repaired;
  if (P == EntryProblem::Damaged)
    remark("parse cache entry '" + Path + "' for '" + File.getPath() +
           "' is damaged (" + Why + "); parsing the file and rewriting it");
  return nullptr;
}

void ParseCache::store(const PyModule &M) {
  if (WriteFailed || !M.File)
    return;
  Expected<std::string> Payload = serializeModule(M);
  if (!Payload) {
    consumeError(Payload.takeError()); // Not cacheable; parsed every time.
    return;
  }
  StringRef Text = M.File->getText();
  std::string Entry(Magic);
  StringRef Version = getVersion();
  auto Put = [&](auto V) {
    char B[sizeof(V)];
    support::endian::write(B, V, llvm::endianness::little);
    Entry.append(B, sizeof(V));
  };
  Put(uint16_t(Version.size()));
  Entry += Version;
  auto Hash = contentHash(Text);
  Entry += toStringRef(ArrayRef(Hash));
  Put(uint64_t(Text.size()));
  Put(uint64_t(Payload->size()));
  Entry += *Payload;
  Put(uint64_t(xxh3_64bits(Entry)));

  std::string Path = entryPath(Text);
  auto Fail = [&](const Twine &What, std::error_code EC) {
    if (!WriteFailed.exchange(true))
      remark("cannot write the parse cache in '" + Dir + "' (" + What + ": " +
             EC.message() + "); continuing without writing it");
  };
  if (std::error_code EC =
          sys::fs::create_directories(sys::path::parent_path(Path)))
    return Fail("creating its directory", EC);
  int FD;
  SmallString<256> Temp;
  if (std::error_code EC =
          sys::fs::createUniqueFile(Path + ".%%%%%%%%.tmp", FD, Temp))
    return Fail("creating a temporary file", EC);
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Entry;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      sys::fs::remove(Temp);
      return Fail("writing an entry", EC);
    }
  }
  if (std::error_code EC = sys::fs::rename(Temp, Path)) {
    sys::fs::remove(Temp);
    return Fail("renaming an entry into place", EC);
  }
  ++Written;
}

} // namespace modcost
