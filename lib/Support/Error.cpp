//===- Error.cpp - Errors that were already diagnosed ---------------------===//

#include "modcost/Support/Error.h"

namespace modcost {

char DiagnosedError::ID = 0;

void DiagnosedError::log(llvm::raw_ostream &OS) const {
  OS << "error already diagnosed";
}

std::error_code DiagnosedError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

} // namespace modcost
