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

DiagnosticEngine::DiagnosticEngine(raw_ostream &OS) : OS(OS) {}

unsigned DiagnosticEngine::addBuffer(std::unique_ptr<MemoryBuffer> Buffer) {
  return SrcMgr.AddNewSourceBuffer(std::move(Buffer), SMLoc());
}

StringRef DiagnosticEngine::getBufferText(unsigned BufferID) const {
  return SrcMgr.getMemoryBuffer(BufferID)->getBuffer();
}

void DiagnosticEngine::count(DiagLevel Level) {
  if (Level == DiagLevel::Error)
    ++NumErrors;
  else if (Level == DiagLevel::Warning)
    ++NumWarnings;
}

void DiagnosticEngine::report(unsigned BufferID, size_t Offset,
                              DiagLevel Level, const Twine &Message) {
  count(Level);
  const MemoryBuffer *Buf = SrcMgr.getMemoryBuffer(BufferID);
  size_t Size = Buf->getBufferSize();
  if (Offset > Size)
    Offset = Size;
  SMLoc Loc = SMLoc::getFromPointer(Buf->getBufferStart() + Offset);
  auto LineCol = SrcMgr.getLineAndColumn(Loc, BufferID);
  Recorded.push_back({Level, Buf->getBufferIdentifier().str(), LineCol.first,
                      LineCol.second, Message.str()});
  SrcMgr.PrintMessage(OS, Loc, toKind(Level), Message);
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
  Recorded.push_back({Level, Name.str(), 1, unsigned(Column + 1), Message.str()});
  SMDiagnostic Diag(SrcMgr, SMLoc(), Name, 1, int(Column), toKind(Level),
                    Message.str(), Text, {});
  Diag.print(nullptr, OS);
}

} // namespace modcost
