//===- ModuleCache.cpp - Parsed modules shared between threads ------------===//
///
/// \file
/// Reading and parsing one file, and the run-wide cache of parsed files.
///
//===----------------------------------------------------------------------===//

#include "modcost/Frontend/ModuleCache.h"
#include "modcost/Frontend/SourceRoots.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace modcost {

/// True if \p Text is ASCII, eight bytes at a time (most Python source is).
static bool isASCII(StringRef Text) {
  const char *P = Text.begin(), *End = Text.end();
  for (; End - P >= 8; P += 8) {
    uint64_t Word;
    std::memcpy(&Word, P, sizeof(Word));
    if (Word & 0x8080808080808080ULL)
      return false;
  }
  for (; P != End; ++P)
    if (static_cast<unsigned char>(*P) & 0x80)
      return false;
  return true;
}

/// Python source is UTF-8 (PEP 3120); anything else is rejected up front
/// with a diagnostic at the first offending byte (a NUL byte before it
/// first).
static Error checkSourceEncoding(StringRef Text, unsigned ID,
                                 DiagnosticEngine &Diags) {
  const UTF8 *Begin = reinterpret_cast<const UTF8 *>(Text.begin());
  const UTF8 *Cur = Begin;
  if (isASCII(Text) ||
      isLegalUTF8String(&Cur, reinterpret_cast<const UTF8 *>(Text.end())))
    return Error::success();
  size_t Offset = Cur - Begin;
  if (Text.find('\0') < Offset)
    Offset = Text.find('\0');
  Diags.report(ID, Offset, DiagLevel::Error,
               Text[Offset] == '\0'
                   ? "file contains a NUL byte; this is not Python source"
                   : "invalid UTF-8 in source file");
  return makeDiagnosedError(FailureKind::InputError);
}

Expected<std::unique_ptr<PyModule>>
readAndParseModule(const ModuleFile &MF, StringRef Dotted, PythonParser &Parser,
                   DiagnosticEngine &Diags, std::unique_ptr<SourceFile> &File,
                   ParseCache *Cache) {
  // Only regular files: reading a FIFO blocks and a device may never end.
  sys::fs::file_status Status;
  if (!sys::fs::status(MF.Path, Status) && !sys::fs::is_regular_file(Status)) {
    Diags.report(DiagLevel::Error,
                 "cannot read '" + MF.Path + "': not a regular file");
    return makeDiagnosedError(FailureKind::InputError);
  }
  auto Buf = MemoryBuffer::getFile(MF.Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/true);
  if (!Buf) {
    Diags.report(DiagLevel::Error,
                 "cannot read '" + MF.Path + "': " + Buf.getError().message());
    return makeDiagnosedError(FailureKind::InputError);
  }
  StringRef Text = (*Buf)->getBuffer();
  unsigned ID = Diags.addBuffer(std::move(*Buf));
  File = std::make_unique<SourceFile>(MF.Path, MF.Root, MF.RelPath, ID, Text);
  // A cache hit is a file with this content that was valid UTF-8 and parsed
  // when it was stored; only a miss needs the check.
  if (Cache)
    if (std::unique_ptr<PyModule> M =
            Cache->lookup(*File, Dotted, MF.IsPackage))
      return M;
  if (Error E = checkSourceEncoding(Text, ID, Diags))
    return E;
  DiagnosticEngine &Saved = Parser.getDiagnostics();
  Parser.setDiagnostics(Diags);
  auto M = Parser.parse(*File, Dotted, MF.IsPackage);
  Parser.setDiagnostics(Saved);
  if (M && Cache)
    Cache->store(**M);
  return M;
}

Expected<const PyModule *> SharedModuleCache::finish(const Entry &E,
                                                     DiagnosticEngine &Diags) {
  for (const RecordedDiagnostic &D : E.Diags)
    Diags.replay(D);
  if (E.Failure)
    return makeDiagnosedError(*E.Failure);
  return E.Module.get();
}

Expected<const PyModule *>
SharedModuleCache::get(const ModuleFile &MF, StringRef Dotted, bool IsModel,
                       PythonParser &Parser, DiagnosticEngine &Diags) {
  std::string Key = (IsModel ? "model:" : "module:") + Dotted.str();
  Entry *E;
  {
    std::unique_lock<std::mutex> G(Lock);
    auto [It, Inserted] = Entries.try_emplace(Key, nullptr);
    if (!Inserted) {
      E = It->second.get();
      Ready.wait(G, [E] { return E->Done; });
      G.unlock();
      return finish(*E, Diags);
    }
    It->second = std::make_unique<Entry>();
    E = It->second.get();
    E->Owner = std::this_thread::get_id();
    ++NumParsed;
  }
  // Parse outside the lock, recording the diagnostics for every unit.
  std::string Printed;
  raw_string_ostream PrintOS(Printed);
  DiagnosticEngine ParseDiags(PrintOS, Sources);
  std::unique_ptr<SourceFile> File;
  auto M = readAndParseModule(MF, Dotted, Parser, ParseDiags, File, Cache);
  std::optional<FailureKind> Failure;
  if (!M)
    handleAllErrors(
        M.takeError(), [&](const DiagnosedError &D) { Failure = D.getKind(); },
        [&](const ErrorInfoBase &EI) {
          ParseDiags.report(DiagLevel::Error, EI.message());
          Failure = FailureKind::Internal;
        });
  else
    (*M)->IsModel = IsModel;
  {
    std::lock_guard<std::mutex> G(Lock);
    E->File = std::move(File);
    if (M)
      E->Module = std::move(*M);
    E->Failure = Failure;
    E->Diags = ParseDiags.getRecorded();
    E->Done = true;
  }
  Ready.notify_all();
  return finish(*E, Diags);
}

std::optional<ModuleFile> SharedModuleCache::find(const SourceRoots &Roots,
                                                  StringRef Dotted,
                                                  bool IsModel) {
  std::string Key = (IsModel ? "model:" : "module:") + Dotted.str();
  {
    std::lock_guard<std::mutex> G(FindLock);
    auto It = Found.find(Key);
    if (It != Found.end())
      return It->second;
  }
  // Looked up outside the lock; two threads may both ask, with one answer.
  std::optional<ModuleFile> MF = Roots.find(Dotted);
  std::lock_guard<std::mutex> G(FindLock);
  Found.try_emplace(Key, MF);
  return MF;
}

void SharedModuleCache::abandonParsesOf(std::thread::id T) {
  {
    std::lock_guard<std::mutex> G(Lock);
    for (auto &KV : Entries) {
      Entry &E = *KV.second;
      if (E.Done || E.Owner != T)
        continue;
      E.Failure = FailureKind::Internal;
      RecordedDiagnostic D{DiagLevel::Error, "", 0, 0, ""};
      D.Message =
          ("parsing module '" + KV.first().split(':').second + "' crashed")
              .str();
      E.Diags.push_back(std::move(D));
      E.Done = true;
    }
  }
  Ready.notify_all();
}

size_t SharedModuleCache::getNumParsed() const {
  std::lock_guard<std::mutex> G(Lock);
  return NumParsed;
}

} // namespace modcost
