//===- AllocationCounter.h - Heap bytes allocated per thread ----*- C++ -*-===//
///
/// \file
/// The global `operator new`/`delete` are replaced (lib/Support/
/// AllocationCounter.cpp) to keep, per thread, the bytes that thread has
/// allocated and not yet freed. A batch unit's memory budget (Budget.h) is
/// the growth of its thread's figure while it runs. Under a sanitizer,
/// which replaces these operators itself, nothing is counted and
/// isAllocationCountingAvailable() is false.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_ALLOCATIONCOUNTER_H
#define MODCOST_SUPPORT_ALLOCATIONCOUNTER_H

#include <cstdint>

namespace modcost {

/// Bytes allocated by `operator new` on this thread minus the bytes this
/// thread freed (memory freed by another thread makes it drift, which a
/// unit's budget tolerates: it compares two readings on one thread).
std::int64_t getThreadLiveBytes();

/// True when the operators are replaced, so that counting can be on.
bool isAllocationCountingAvailable();

/// Starts counting (once, before the threads that are measured start).
/// Until then the replaced operators do not read block sizes, so a run
/// without a memory budget pays nothing for it.
void enableAllocationCounting();

} // namespace modcost

#endif // MODCOST_SUPPORT_ALLOCATIONCOUNTER_H
