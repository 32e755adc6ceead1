//===- ObjectGraph.h - The objects one evaluation builds --------*- C++ -*-===//
///
/// \file
/// The objects an evaluation builds (modules, configs, plain instances)
/// refer to each other through shared pointers in their attributes and
/// items, and Python code makes cycles of them freely: a module that keeps
/// its parent, a handle that keeps its owner, a bound method stored on its
/// own object. Reference counting alone would never free such a cycle. The
/// ObjectGraph is the owner of one unit's graph: every object is made
/// through it, and when the last holder lets go of it (the evaluator and
/// the unit's PruneResult), it drops the references of every object still
/// alive, so the cycles come apart and everything is freed with the unit.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_INTERP_OBJECTGRAPH_H
#define MODCOST_INTERP_OBJECTGRAPH_H

#include "modcost/Interp/Value.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace modcost {

/// Makes and, at the end of a unit, unlinks the objects of one evaluation.
class ObjectGraph {
public:
  ObjectGraph() = default;
  ObjectGraph(const ObjectGraph &) = delete;
  ObjectGraph &operator=(const ObjectGraph &) = delete;
  /// Unlinks every object still alive (clear()).
  ~ObjectGraph();

  /// A new object with no attributes.
  std::shared_ptr<ObjectState> make();
  /// A new object with the attributes, items and class of \p From (a
  /// shallow copy: the objects they refer to are shared).
  std::shared_ptr<ObjectState> copyOf(const ObjectState &From);

  /// Drops the attributes, items and constructor arguments of every object
  /// made here that is still alive, and forgets them all. Objects held
  /// from outside stay valid (with no attributes); the cycles among them
  /// are broken.
  void clear();

  /// How many of the objects made here are alive.
  size_t liveObjects() const;
  /// How many objects were made here in all.
  size_t madeObjects() const { return Made; }

private:
  /// Every object made, weakly (a separate allocation from its control
  /// block, so a dead object's memory is freed at once); expired entries
  /// are swept out as the list grows.
  std::vector<std::weak_ptr<ObjectState>> Objects;
  size_t SweepAt = 1024;
  size_t Made = 0;
  std::shared_ptr<ObjectState> track(std::shared_ptr<ObjectState> P);
};

} // namespace modcost

#endif // MODCOST_INTERP_OBJECTGRAPH_H
