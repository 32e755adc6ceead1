//===- Error.h - Errors that were already diagnosed -------------*- C++ -*-===//
///
/// \file
/// Library code reports user-facing problems through the DiagnosticEngine
/// (with a caret at the offending source) and then returns a DiagnosedError
/// so the caller stops without printing the problem a second time. The
/// error carries the category that decides modcost-opt's exit code.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_ERROR_H
#define MODCOST_SUPPORT_ERROR_H

#include "llvm/Support/Error.h"

namespace modcost {

/// Why a run failed; each category maps to one documented exit code.
enum class FailureKind {
  InputError = 1, ///< The Python input is malformed or unsupported.
  UsageError = 2, ///< Bad command line or pipeline text.
  NotFound = 3,   ///< The requested module, class or forward was not found.
  Internal = 4,   ///< A bug or an environment failure (I/O, ABI).
};

/// An error that has already been printed as a diagnostic.
class DiagnosedError : public llvm::ErrorInfo<DiagnosedError> {
public:
  static char ID;
  explicit DiagnosedError(FailureKind Kind) : Kind(Kind) {}
  FailureKind getKind() const { return Kind; }
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;

private:
  FailureKind Kind;
};

class DiagnosticEngine;

/// The exit code of \p E: its category if it was already diagnosed, else
/// `Internal` after reporting its message through \p Diags.
int exitCodeFor(llvm::Error E, DiagnosticEngine &Diags);

/// Creates a DiagnosedError of category \p Kind.
inline llvm::Error makeDiagnosedError(FailureKind Kind) {
  return llvm::make_error<DiagnosedError>(Kind);
}

} // namespace modcost

#endif // MODCOST_SUPPORT_ERROR_H
