//===- Budget.h - A time budget for one unit --------------------*- C++ -*-===//
///
/// \file
/// A batch run gives every unit a wall-clock budget. The interpreter checks
/// it cooperatively (with its step budget): once the deadline has passed,
/// every further evaluation gives `unknown`, the unit finishes quickly, and
/// the batch driver reports it as `failed: over budget`.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_SUPPORT_BUDGET_H
#define MODCOST_SUPPORT_BUDGET_H

#include <chrono>

namespace modcost {

/// A deadline, checked cheaply and often by one thread.
class UnitBudget {
public:
  using Clock = std::chrono::steady_clock;

  /// A budget of \p Limit from now.
  explicit UnitBudget(Clock::duration Limit)
      : Limit(Limit), Deadline(Clock::now() + Limit) {}

  /// True once the deadline has passed (and from then on). The clock is
  /// read on every 64th call only.
  bool expired() const {
    if (Expired)
      return true;
    if (++Calls % 64 != 0)
      return false;
    return Expired = Clock::now() >= Deadline;
  }

  /// True if the deadline has passed, reading the clock now.
  bool expiredNow() const { return Expired = Clock::now() >= Deadline; }

  /// The budget, for messages.
  Clock::duration getLimit() const { return Limit; }

private:
  Clock::duration Limit;
  Clock::time_point Deadline;
  mutable unsigned Calls = 0;
  mutable bool Expired = false;
};

} // namespace modcost

#endif // MODCOST_SUPPORT_BUDGET_H
