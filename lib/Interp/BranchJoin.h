//===- BranchJoin.h - Joining what branches and loops change ----*- C++ -*-===//
///
/// \file
/// What a branch or a loop body can change (locals and self's attributes),
/// joined with what held before when it may not run (Statements.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_BRANCHJOIN_H
#define MODCOST_LIB_INTERP_BRANCHJOIN_H

#include "modcost/IR/PyIR.h"
#include "modcost/Interp/Value.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <utility>

namespace modcost {

/// Snapshot of what a branch can change: locals and self's attributes.
struct EnvSnapshot {
  llvm::StringMap<Value> Locals;
  llvm::StringMap<Value> Attrs;
};

/// The locals \p Locals and the attributes of \p Self, copied.
EnvSnapshot snapshot(const llvm::StringMap<Value> &Locals,
                     const std::shared_ptr<ObjectState> &Self);

/// Each name of \p A or \p B bound to the join of its values; a name set
/// on one side only is unknown.
llvm::StringMap<Value> joinMaps(const llvm::StringMap<Value> &A,
                                const llvm::StringMap<Value> &B);

/// The first and last source lines of \p B ({0, 0} if empty).
std::pair<unsigned, unsigned> blockLines(const Block &B);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_BRANCHJOIN_H
