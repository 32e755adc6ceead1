//===- Error.cpp - Errors that were already diagnosed ---------------------===//

#include "modcost/Support/Error.h"
#include "modcost/Support/Diagnostics.h"

namespace modcost {

char DiagnosedError::ID = 0;

void DiagnosedError::log(llvm::raw_ostream &OS) const {
  OS << "error already diagnosed";
}

std::error_code DiagnosedError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

int exitCodeFor(llvm::Error E, DiagnosticEngine &Diags) {
  int Code = 0;
  llvm::handleAllErrors(
      std::move(E),
      [&](const DiagnosedError &D) { Code = static_cast<int>(D.getKind()); },
      [&](const llvm::ErrorInfoBase &EI) {
        Diags.report(DiagLevel::Error, EI.message());
        Code = static_cast<int>(FailureKind::Internal);
      });
  return Code;
}

} // namespace modcost
