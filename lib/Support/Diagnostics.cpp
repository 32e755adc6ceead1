//===- Diagnostics.cpp - Source-located diagnostics -----------------------===//
///
/// \file
/// Printing through llvm::SourceMgr, plus the record kept for emitters.
///
//===----------------------------------------------------------------------===//

#include "modcost/Support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace modcost {

StringRef getDiagLevelName(DiagLevel Level) {
  switch (Level) {
  case DiagLevel::Error:
    return "error";
  case DiagLevel::Warning:
    return "warning";
  case DiagLevel::Note:
    return "note";
  case DiagLevel::Remark:
    return "remark";
  }
  return "error";
}

static SourceMgr::DiagKind toKind(DiagLevel Level) {
  switch (Level) {
  case DiagLevel::Error:
    return SourceMgr::DK_Error;
  case DiagLevel::Warning:
    return SourceMgr::DK_Warning;
  case DiagLevel::Note:
    return SourceMgr::DK_Note;
  case DiagLevel::Remark:
    return SourceMgr::DK_Remark;
  }
  return SourceMgr::DK_Error;
}

DiagnosticEngine::DiagnosticEngine(raw_ostream &OS)
    : Sources(std::make_shared<SourceTable>()), OS(OS) {}

DiagnosticEngine::DiagnosticEngine(raw_ostream &OS,
                                   const DiagnosticEngine &Other)
    : Sources(Other.Sources), OS(OS) {}

unsigned DiagnosticEngine::addBuffer(std::unique_ptr<MemoryBuffer> Buffer) {
  std::lock_guard<std::mutex> G(Sources->Lock);
  return Sources->SrcMgr.AddNewSourceBuffer(std::move(Buffer), SMLoc());
}

StringRef DiagnosticEngine::getBufferText(unsigned BufferID) const {
  std::lock_guard<std::mutex> G(Sources->Lock);
  return Sources->SrcMgr.getMemoryBuffer(BufferID)->getBuffer();
}

void DiagnosticEngine::count(DiagLevel Level) {
  if (Level == DiagLevel::Error)
    ++NumErrors;
  else if (Level == DiagLevel::Warning)
    ++NumWarnings;
}

/// True for the second and later bytes of a UTF-8 sequence.
static bool isContinuationByte(char C) {
  return (static_cast<unsigned char>(C) & 0xC0) == 0x80;
}

void DiagnosticEngine::report(unsigned BufferID, size_t Offset, DiagLevel Level,
                              const Twine &Message) {
  count(Level);
  // The SourceMgr builds its line tables lazily: one engine at a time.
  std::lock_guard<std::mutex> G(Sources->Lock);
  SourceMgr &SrcMgr = Sources->SrcMgr;
  const MemoryBuffer *Buf = SrcMgr.getMemoryBuffer(BufferID);
  size_t Size = Buf->getBufferSize();
  if (Offset > Size)
    Offset = Size;
  SMLoc Loc = SMLoc::getFromPointer(Buf->getBufferStart() + Offset);
  auto LineCol = SrcMgr.getLineAndColumn(Loc, BufferID);
  Recorded.push_back({Level, Buf->getBufferIdentifier().str(), LineCol.first,
                      LineCol.second, Message.str()});

  StringRef Text = Buf->getBuffer();
  size_t LineStart = Text.take_front(Offset).rfind('\n');
  LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = std::min(Text.find_first_of("\r\n", Offset), Size);
  if (LineEnd - LineStart <= MaxShownLineLength) {
    SrcMgr.PrintMessage(OS, Loc, toKind(Level), Message);
    return;
  }
  // A long line (minified code, a generated table) is shown as a window
  // around the caret, cut at UTF-8 character boundaries, so one diagnostic
  // never prints megabytes. The location and message are as usual.
  std::string Where = (Buf->getBufferIdentifier() + ":" + Twine(LineCol.first) +
                       ":" + Twine(LineCol.second))
                          .str();
  SMDiagnostic(Where, toKind(Level), Message.str()).print(nullptr, OS);
  size_t Half = MaxShownLineLength / 2;
  size_t Begin = Offset - LineStart > Half ? Offset - Half : LineStart;
  size_t End = std::min(LineEnd, Begin + MaxShownLineLength);
  while (Begin < Offset && isContinuationByte(Text[Begin]))
    ++Begin;
  while (End > Offset && End < LineEnd && isContinuationByte(Text[End]))
    --End;
  std::string Shown = Begin > LineStart ? "..." : "";
  size_t CaretColumn = Shown.size();
  for (size_t I = Begin; I < End; ++I) {
    char C = Text[I];
    Shown += C == '\t' ? ' ' : C;
    if (I < Offset && !isContinuationByte(C))
      ++CaretColumn;
  }
  if (End < LineEnd)
    Shown += "...";
  OS << Shown << "\n";
  WithColor(OS, raw_ostream::GREEN, /*Bold=*/true)
      << std::string(CaretColumn, ' ') << "^\n";
}

void DiagnosticEngine::report(DiagLevel Level, const Twine &Message) {
  count(Level);
  Recorded.push_back({Level, "", 0, 0, Message.str()});
  SMDiagnostic Diag(ProgramName, toKind(Level), Message.str());
  Diag.print(nullptr, OS);
}

void DiagnosticEngine::reportInText(StringRef Name, StringRef Text,
                                    size_t Column, DiagLevel Level,
                                    const Twine &Message) {
  count(Level);
  Recorded.push_back(
      {Level, Name.str(), 1, unsigned(Column + 1), Message.str()});
  SourceMgr NoBuffers; // The text is in the message; no buffer is read.
  SMDiagnostic Diag(NoBuffers, SMLoc(), Name, 1, int(Column), toKind(Level),
                    Message.str(), Text, {});
  Diag.print(nullptr, OS);
}

void DiagnosticEngine::replay(const RecordedDiagnostic &D) {
  count(D.Level);
  Recorded.push_back(D);
  if (D.File.empty()) {
    SMDiagnostic(ProgramName, toKind(D.Level), D.Message).print(nullptr, OS);
    return;
  }
  std::string Where =
      (D.File + ":" + Twine(D.Line) + ":" + Twine(D.Column)).str();
  SMDiagnostic(Where, toKind(D.Level), D.Message).print(nullptr, OS);
}

} // namespace modcost
