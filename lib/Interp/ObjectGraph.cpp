//===- ObjectGraph.cpp - The objects one evaluation builds ----------------===//

#include "modcost/Interp/ObjectGraph.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <utility>

namespace modcost {

ObjectGraph::~ObjectGraph() { clear(); }

std::shared_ptr<ObjectState>
ObjectGraph::track(std::shared_ptr<ObjectState> P) {
  ++Made;
  if (Objects.size() >= SweepAt) {
    llvm::erase_if(Objects, [](const std::weak_ptr<ObjectState> &W) {
      return W.expired();
    });
    SweepAt = std::max<size_t>(1024, 2 * Objects.size());
  }
  Objects.push_back(P);
  return P;
}

std::shared_ptr<ObjectState> ObjectGraph::make() {
  // Not make_shared: a weak reference would keep the object's memory.
  return track(std::shared_ptr<ObjectState>(new ObjectState()));
}

std::shared_ptr<ObjectState> ObjectGraph::copyOf(const ObjectState &From) {
  return track(std::shared_ptr<ObjectState>(new ObjectState(From)));
}

void ObjectGraph::clear() {
  std::vector<std::weak_ptr<ObjectState>> All = std::move(Objects);
  Objects.clear();
  for (const std::weak_ptr<ObjectState> &W : All) {
    std::shared_ptr<ObjectState> P = W.lock();
    if (!P)
      continue;
    // Moved out first: what they hold may be destroyed while P is being
    // unlinked, and may hold P itself.
    llvm::StringMap<Value> Attrs = std::move(P->Attrs);
    P->Attrs.clear();
    std::vector<Value> Items = std::move(P->Items);
    P->Items.clear();
    std::vector<std::pair<std::string, Value>> CtorArgs =
        std::move(P->CtorArgs);
    P->CtorArgs.clear();
    llvm::StringMap<std::optional<Value>> Derived = std::move(P->DerivedMemo);
    P->DerivedMemo.clear();
    // A hook is often a bound method of the module itself.
    std::vector<Value> PreHooks = std::move(P->ForwardPreHooks);
    P->ForwardPreHooks.clear();
    std::vector<Value> Hooks = std::move(P->ForwardHooks);
    P->ForwardHooks.clear();
  }
}

size_t ObjectGraph::liveObjects() const {
  return llvm::count_if(Objects, [](const std::weak_ptr<ObjectState> &W) {
    return !W.expired();
  });
}

} // namespace modcost
