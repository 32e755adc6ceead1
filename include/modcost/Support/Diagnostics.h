//===- Diagnostics.h - Source-located diagnostics ---------------*- C++ -*-===//
///
/// \file
/// The one place user-facing messages go through. Every source file the run
/// reads is registered with an llvm::SourceMgr, so a diagnostic at a byte
/// offset prints as `file:line:col: error: message` followed by the source
/// line and a caret, the way clang and opt do. The engine counts errors and
/// warnings so the driver can choose its exit code without a global.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_DIAGNOSTICS_H
#define MODCOST_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace modcost {

/// Severity of a diagnostic, mirroring llvm::SourceMgr::DiagKind.
enum class DiagLevel { Error, Warning, Note, Remark };

/// The level's name as printed and in the JSON: `error`, `warning`, ...
llvm::StringRef getDiagLevelName(DiagLevel Level);

/// A diagnostic as recorded for emitters (the JSON `diagnostics` array).
struct RecordedDiagnostic {
  DiagLevel Level;
  std::string File; ///< Display path, empty for messages without location.
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Message;
};

/// Owns (or shares) the SourceMgr of a run and prints diagnostics to an
/// output stream.
class DiagnosticEngine {
public:
  /// Creates an engine that prints to \p OS (normally llvm::errs()).
  explicit DiagnosticEngine(llvm::raw_ostream &OS = llvm::errs());

  /// Creates an engine that prints to \p OS and shares \p Other's source
  /// buffers: a buffer ID of one is valid in the other. Engines sharing
  /// buffers may be used from different threads (batch mode: one engine
  /// per unit, the parsed files shared); buffer access is serialized.
  DiagnosticEngine(llvm::raw_ostream &OS, const DiagnosticEngine &Other);

  /// Registers a source buffer under \p DisplayName (what diagnostics print
  /// as the file) and returns its SourceMgr buffer ID.
  unsigned addBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer);

  /// Returns the text of a registered buffer.
  llvm::StringRef getBufferText(unsigned BufferID) const;

  /// Source lines longer than this many bytes are shown as a window of about
  /// this size around the caret, with `...` where they were cut.
  static constexpr size_t MaxShownLineLength = 200;

  /// Reports a diagnostic at byte \p Offset of buffer \p BufferID.
  void report(unsigned BufferID, size_t Offset, DiagLevel Level,
              const llvm::Twine &Message);

  /// Reports a diagnostic that has no source location (`modcost-opt: error:`).
  void report(DiagLevel Level, const llvm::Twine &Message);

  /// Reports a diagnostic at \p Column (0-based) of an in-memory text such as
  /// the pipeline string; \p Name names it (for example `<pipeline>`).
  void reportInText(llvm::StringRef Name, llvm::StringRef Text, size_t Column,
                    DiagLevel Level, const llvm::Twine &Message);

  /// Number of errors reported so far.
  unsigned getNumErrors() const { return NumErrors; }
  /// Number of warnings reported so far.
  unsigned getNumWarnings() const { return NumWarnings; }

  /// Every diagnostic reported, in order, for emitters.
  const std::vector<RecordedDiagnostic> &getRecorded() const {
    return Recorded;
  }

  /// The program name printed before location-less messages.
  void setProgramName(llvm::StringRef Name) { ProgramName = Name.str(); }

  /// Forgets recorded diagnostics (not the counters); used between units.
  void clearRecorded() { Recorded.clear(); }

  /// Reports again a diagnostic recorded by another engine (a parse error
  /// of a file shared between units): counted, recorded and printed as
  /// `file:line:col: level: message`, without the source line.
  void replay(const RecordedDiagnostic &D);

private:
  /// The source buffers, possibly shared between engines (and threads).
  struct SourceTable {
    std::mutex Lock;
    llvm::SourceMgr SrcMgr;
  };
  std::shared_ptr<SourceTable> Sources;
  llvm::raw_ostream &OS;
  std::string ProgramName = "modcost-opt";
  unsigned NumErrors = 0;
  unsigned NumWarnings = 0;
  std::vector<RecordedDiagnostic> Recorded;

  void count(DiagLevel Level);
};

} // namespace modcost

#endif // MODCOST_SUPPORT_DIAGNOSTICS_H
