//===- EvaluatorTypes.h - Plain records of the evaluator --------*- C++ -*-===//
///
/// \file
/// The small records the Evaluator keeps while it runs: a call's evaluated
/// arguments, a composite's running total, the active call chain, size
/// hints, position counts and rank uses. They hold data only; the
/// Evaluator's methods fill and read them.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_EVALUATORTYPES_H
#define MODCOST_INTERP_EVALUATORTYPES_H

#include "modcost/Interp/PruneResult.h"
#include "modcost/Interp/Value.h"
#include "modcost/Semantics/OpCatalog.h"
#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modcost {

class ClassDef;
class Expr;
class FunctionDef;
class Stmt;
struct ObjectState;

/// Arguments of one call, evaluated.
struct CallArgs {
  std::vector<Value> Positional;
  std::vector<std::pair<std::string, Value>> Keywords;
  bool UnknownSplat = false;

  /// The \p I-th positional argument, or Unknown.
  Value arg(size_t I) const {
    return I < Positional.size() ? Positional[I] : Value::unknown();
  }
  /// The keyword argument \p Name, if given.
  std::optional<Value> keyword(llvm::StringRef Name) const {
    for (const auto &[K, V] : Keywords)
      if (K == Name)
        return V;
    return std::nullopt;
  }
};

/// A composite call being priced (EvaluatorCost.cpp): its running total,
/// the unknown ops inside it and the lines it records.
struct CallAccumulator {
  OpCost Cost;
  std::vector<std::string> Unknown;
  /// LoopFactors.size() when the call began: loops entered after it are
  /// the callee's own and multiply what it accumulates.
  size_t LoopDepth = 0;
  /// The callee's lines as they run; its top-level statements are the
  /// ones evaluated in the frame at FrameDepth.
  std::shared_ptr<CalleeBody> Body;
  unsigned FrameDepth = 0;
  /// DroppedByGuess when the call began.
  unsigned DroppedAtStart = 0;
  llvm::DenseMap<const Stmt *, size_t> EntryIndex;
  int CurEntry = -1;
};

/// A function being evaluated, with the object it runs on (null for a
/// plain function) and, when the caller's arguments are known, their
/// printed form (objects by identity). A forward() shared by nested
/// instances of one class (a Sequential inside a Sequential) is not a
/// recursion: the pair differs.
struct ActiveCall {
  const FunctionDef *Fn = nullptr;
  const ObjectState *Self = nullptr;
  /// The scope a nested function closes over (each `and_masks(...)` call
  /// makes its own `and_mask`): an Evaluator::Frame, compared by identity.
  const void *Closure = nullptr;
  std::string Args = {};
  bool ArgsKnown = false;
};

/// Pops the innermost active call when it goes out of scope.
class ActiveCallScope {
public:
  explicit ActiveCallScope(std::vector<ActiveCall> &Chain) : Chain(&Chain) {}
  ActiveCallScope(ActiveCallScope &&Other)
      : Chain(std::exchange(Other.Chain, nullptr)) {}
  ActiveCallScope &operator=(ActiveCallScope &&) = delete;
  ~ActiveCallScope() {
    if (Chain)
      Chain->pop_back();
  }

private:
  std::vector<ActiveCall> *Chain;
};

/// A size's number and where it comes from.
struct SizeHint {
  sym::Rational Value;
  std::string Origin;
};

/// A config attribute counting positions (`max_position_embeddings`,
/// `max_target_positions`) and the number the config gave it.
struct PositionCount {
  std::string Name;
  int64_t Count;
};

/// A class-level attribute of a config class, evaluated: its value, the
/// class that assigns it and the assigned expression.
struct ConfigClassAttribute {
  Value Val;
  const ClassDef *Class = nullptr;
  const Expr *Def = nullptr;
};

/// The rank of a tensor and the use that shows it.
struct RankUse {
  unsigned Rank = 0;
  std::string How;
  /// With a shape unpacking (`_, n, h = x.shape`): the names it binds, one
  /// per dimension (`_` for a dimension it discards).
  std::vector<std::string> DimNames;
};

} // namespace modcost

#endif // MODCOST_INTERP_EVALUATORTYPES_H
