//===- SourceFile.h - One Python file read by the run -----------*- C++ -*-===//
///
/// \file
/// A file's identity (absolute path, the root it was found under, its path
/// relative to that root) and its text, which lives in the run's
/// DiagnosticEngine so diagnostics can point into it.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_IR_SOURCEFILE_H
#define MODCOST_IR_SOURCEFILE_H

#include "llvm/ADT/StringRef.h"

#include <mutex>
#include <string>
#include <vector>

namespace modcost {

/// A source file registered with the run's DiagnosticEngine.
class SourceFile {
public:
  SourceFile(std::string Path, std::string Root, std::string RelPath,
             unsigned BufferID, llvm::StringRef Text)
      : Path(std::move(Path)), Root(std::move(Root)),
        RelPath(std::move(RelPath)), BufferID(BufferID), Text(Text) {}

  /// The path as opened (absolute, or as given on the command line).
  const std::string &getPath() const { return Path; }
  /// The source root it was found under.
  const std::string &getRoot() const { return Root; }
  /// The path relative to its root, `/`-separated
  /// (`torch/nn/modules/linear.py`).
  const std::string &getRelativePath() const { return RelPath; }
  /// SourceMgr buffer ID, for diagnostics.
  unsigned getBufferID() const { return BufferID; }
  /// The whole file.
  llvm::StringRef getText() const { return Text; }

  /// Text of 1-based line \p Line, without its newline (and without a
  /// `\r` before it); empty past the end. Constant time after the first
  /// call, which indexes the line starts: emitters print every line of a
  /// forward() that may sit at the end of a 10 MB file. Safe to call from
  /// several threads (batch mode shares parsed files between them).
  llvm::StringRef getLine(unsigned Line) const;

private:
  std::string Path, Root, RelPath;
  unsigned BufferID;
  llvm::StringRef Text;
  /// Byte offset of the start of each line, built on first use (once).
  mutable std::vector<size_t> LineStarts;
  mutable std::once_flag LineStartsBuilt;
};

} // namespace modcost

#endif // MODCOST_IR_SOURCEFILE_H
