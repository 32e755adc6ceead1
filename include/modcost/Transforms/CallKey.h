//===- CallKey.h - The key that memoizes a composite call's report -*- C++
//-*-===//
///
/// \file
/// Two composite calls share one report only if the report would read the
/// same: the same callee, the same bound parameters, and the same lines as
/// they ran (each line's code, operations, costs and, recursively, its own
/// composite calls). The callee and parameters alone are not enough: two
/// `nn.Sequential` instances called with equal inputs hold different
/// layers, and a helper called on two different module objects (which are
/// not parameters of the key) runs different code.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_TRANSFORMS_CALLKEY_H
#define MODCOST_TRANSFORMS_CALLKEY_H

#include "modcost/Interp/Evaluator.h"

#include "llvm/ADT/DenseMap.h"

#include <cstdint>
#include <string>

namespace modcost {

/// `${callee}(p=v, ...)`: how a composite call is spelled in reports.
std::string callText(const CompositeRef &C);

/// Computes the memoization keys of composite calls, caching the
/// fingerprint of each recorded body (a body's fingerprint covers its
/// nested calls' bodies).
class CallKeys {
public:
  /// callText(C) and a fingerprint of what the call ran.
  std::string key(const CompositeRef &C);

private:
  uint64_t fingerprint(const CalleeBody &B);
  llvm::DenseMap<const CalleeBody *, uint64_t> Cache;
};

} // namespace modcost

#endif // MODCOST_TRANSFORMS_CALLKEY_H
