//===- PruneResult.h - What prune learns about one unit ---------*- C++ -*-===//
///
/// \file
/// The results of running a unit's forward() through the Evaluator: per
/// source line, the tensor operations and composite calls it computes (each
/// composite with what its callee ran), the decisions taken, the tensor
/// values along the way, and the assumptions made. `cost`, `expand` and the
/// emitters read them.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_PRUNERESULT_H
#define MODCOST_INTERP_PRUNERESULT_H

#include "modcost/Interp/ObjectGraph.h"
#include "modcost/Interp/Value.h"
#include "modcost/Pass/AnalysisUnit.h"
#include "modcost/Semantics/OpCatalog.h"
#include "modcost/Semantics/OpRules.h"
#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace modcost {

/// The value of one tensor-valued name after a statement of forward().
struct ShapeEntry {
  unsigned Line = 0;
  std::string Name;
  Value Val;
};

/// One tensor operation applied directly on a line of forward().
struct KernelOp {
  std::string Name;   ///< Catalog name (`linear`, `__add__`, `softmax`).
  std::string Detail; ///< Operands and the rule applied.
  OpCost Cost;
  bool Unknown = false;
  /// Who priced it when not the built-in catalog (`plugin fused-ops 1.0`,
  /// `--op-rules rules.json`); empty for catalog ops.
  std::string Provider;
  /// The tensor operands, in call order (for passes that look further).
  std::vector<TensorDesc> Inputs;
};

struct CalleeBody;

/// A call of a submodule or Python helper from a line of forward(): a
/// composite kernel, with the callee's parameters bound by name and its
/// cost evaluated with the caller's actual values.
struct CompositeRef {
  std::string Callee; ///< Fully qualified class or function.
  std::vector<std::pair<std::string, std::string>> Params;
  /// Per parameter: where its value comes from, why the callee needs it,
  /// how it was bound.
  std::vector<std::string> Justification;
  OpCost Cost;
  /// Operations inside the callee with no cost rule.
  std::vector<std::string> UnknownOps;
  /// Loop trip count multiplying it (null for 1).
  const sym::Expr *Times = nullptr;
  /// What the callee ran, line by line (null if it was not entered).
  std::shared_ptr<CalleeBody> Body;
  /// The module whose forward() this call ran (null for a function or a
  /// method): the module tree attributes the cost to it.
  std::shared_ptr<ObjectState> Receiver;
};

struct KernelEntry;

/// What one call of a composite ran, line by line, with the caller's
/// values: the callee's own report (written by `expand`).
struct CalleeBody {
  /// The function or forward() that ran, and where it is defined.
  const PyModule *Mod = nullptr;
  const ClassDef *Class = nullptr;
  const FunctionDef *Fn = nullptr;
  /// Per top-level line of that function, in execution order.
  std::vector<KernelEntry> Kernels;
  /// The lines of that function that ran only unpriced, on a path an
  /// undecided condition left out, each with whether it would have priced
  /// an operation there (the check of docs/Coverage.md, "Zero composites").
  std::map<unsigned, bool> LinesUnpriced;
  /// The lines of the branches a decided condition left out.
  std::set<unsigned> LinesDecidedAway;
};

/// Everything one source line of forward() computes.
struct KernelEntry {
  unsigned Line = 0, EndLine = 0;
  std::string Code;
  std::vector<KernelOp> Ops;
  std::vector<CompositeRef> Refs;
  /// Loop trip count multiplying this line (null for 1).
  const sym::Expr *Times = nullptr;
  std::string TimesWhy;
};

/// Everything prune learned about one unit.
struct PruneResult {
  /// Per computational line of forward(), in execution order (`cost`).
  std::vector<KernelEntry> Kernels;
  /// Where each symbol came from (for the report's variables table).
  std::map<std::string, std::string> SymbolOrigins;
  /// Owns every symbolic expression the values below refer to.
  std::shared_ptr<sym::ExprContext> Sym;
  /// Tensor values assigned or returned along the unit's forward(), in
  /// execution order (the `shape` analysis).
  std::vector<ShapeEntry> Shapes;
  std::vector<DecisionInfo> Decisions;
  /// Branch taken per `if`/`while` statement: 0 = then/body, 1 = else.
  llvm::DenseMap<const Stmt *, int> BranchTaken;
  /// Operand taken per ternary: 0 = body, 2 = orelse.
  llvm::DenseMap<const Expr *, int> ExprTaken;
  /// Statements that are never reached on the inference path.
  llvm::DenseSet<const Stmt *> Dead;
  unsigned Decided = 0, Undecided = 0;
  /// What the run assumed beyond the profile (an input's shape taken from
  /// its first consumer), for the report's assumptions.
  std::vector<std::string> Assumptions;
  /// The library models that stood in for real definitions, in first-use
  /// order (docs/Models.md).
  std::vector<std::string> ModelsUsed;
  /// The unit's `self` after __init__ (null for function units).
  std::shared_ptr<ObjectState> Self;
  /// For a model builder function: the location of the model it returned,
  /// whose forward() ran (the unit's location from then on).
  std::optional<LocationInfo> BuiltLocation;
  /// Owns the objects above (Self, the composites' receivers): they are
  /// unlinked when the last result and evaluator holding it are gone.
  std::shared_ptr<ObjectGraph> Objects;
};

} // namespace modcost

#endif // MODCOST_INTERP_PRUNERESULT_H
