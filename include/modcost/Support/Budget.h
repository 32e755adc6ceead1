//===- Budget.h - A time and memory budget for one unit ---------*- C++ -*-===//
///
/// \file
/// A batch run gives every unit a wall-clock budget and a memory budget (the
/// heap its thread allocates while the unit runs, AllocationCounter.h). The
/// interpreter checks them cooperatively (with its step budget): once the
/// deadline has passed or the memory is spent, every further evaluation
/// gives `unknown`, the unit finishes quickly, and the batch driver reports
/// it as `failed: over budget` with which budget ran out.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_BUDGET_H
#define MODCOST_SUPPORT_BUDGET_H

#include "modcost/Support/AllocationCounter.h"

#include <chrono>
#include <cstdint>

namespace modcost {

/// A deadline and a memory allowance, checked cheaply and often by the one
/// thread that runs the unit (and created the budget).
class UnitBudget {
public:
  using Clock = std::chrono::steady_clock;

  /// Which allowance ran out first.
  enum class Exhausted { None, Time, Memory };

  /// A budget of \p Limit from now and, when \p MemoryLimitBytes is not 0
  /// and allocations are counted, that many bytes of heap growth.
  explicit UnitBudget(Clock::duration Limit, std::uint64_t MemoryLimitBytes = 0)
      : Limit(Limit), Deadline(Clock::now() + Limit),
        MemoryLimit(MemoryLimitBytes), StartBytes(getThreadLiveBytes()) {}

  /// True once either allowance is spent (and from then on). The clock and
  /// the allocation count are read on every 64th call only.
  bool expired() const {
    if (Why != Exhausted::None)
      return true;
    if (++Calls % 64 != 0)
      return false;
    return expiredNow();
  }

  /// True if either allowance is spent, reading the clock and the
  /// allocation count now.
  bool expiredNow() const {
    if (Why != Exhausted::None)
      return true;
    if (MemoryLimit && getThreadLiveBytes() - StartBytes >
                           static_cast<std::int64_t>(MemoryLimit))
      Why = Exhausted::Memory;
    else if (Clock::now() >= Deadline)
      Why = Exhausted::Time;
    return Why != Exhausted::None;
  }

  /// Which allowance ran out (None while both last).
  Exhausted whyExhausted() const { return Why; }

  /// The time budget, for messages.
  Clock::duration getLimit() const { return Limit; }

  /// The memory budget in bytes (0: none), for messages.
  std::uint64_t getMemoryLimit() const { return MemoryLimit; }

private:
  Clock::duration Limit;
  Clock::time_point Deadline;
  std::uint64_t MemoryLimit;
  std::int64_t StartBytes;
  mutable unsigned Calls = 0;
  mutable Exhausted Why = Exhausted::None;
};

} // namespace modcost

#endif // MODCOST_SUPPORT_BUDGET_H
