//===- ModuleContainers.cpp - nn.Sequential, ModuleList, ModuleDict -------===//
///
/// \file
/// The submodules of torch's containers, kept in order in
/// ObjectState::Items (with their names in ItemNames): built from
/// positional modules, a list, or an `OrderedDict` (`nn.Sequential(
/// OrderedDict([...]))`, `nn.ModuleDict({...})`), grown by `add_module`,
/// `append`, `extend` and `+=` (maxvit's `self.layers += [MaxVitLayer(
/// ...)]`), and read back by `items()`, `values()` and `keys()` (a
/// DenseNet block iterates `self.items()`). A subclass (`class
/// _DenseBlock(nn.ModuleDict)`) is a container too.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include <algorithm>

using namespace llvm;

namespace modcost {

static constexpr const char *SequentialName =
    "torch.nn.modules.container.Sequential";
static constexpr const char *ModuleListName =
    "torch.nn.modules.container.ModuleList";
static constexpr const char *ModuleDictName =
    "torch.nn.modules.container.ModuleDict";

bool Evaluator::isContainer(const ObjectState &O) {
  return llvm::any_of(O.MRO, [](const std::string &N) {
    return N == SequentialName || N == ModuleListName || N == ModuleDictName;
  });
}

void Evaluator::addSubmodule(ObjectState &O, const Value &Name, Value M) {
  bool Named = Name.is(ValueKind::Str) && Name.StrExact;
  if (Named)
    O.setAttr(Name.Name, M);
  if (!isContainer(O))
    return;
  // Unnamed (an f-string name) it still runs in order.
  O.Items.push_back(std::move(M));
  O.ItemNames.push_back(Named ? Name.Name : std::string());
}

bool Evaluator::initContainer(StringRef Qual, ObjectState &Self,
                              const CallArgs &Args) {
  if (Qual != SequentialName && Qual != ModuleListName &&
      Qual != ModuleDictName)
    return false;
  std::vector<Value> Items;
  std::vector<std::string> Names;
  const Value First =
      Args.Positional.empty() ? Value::none() : Args.Positional[0];
  if (First.is(ValueKind::Dict)) {
    // An OrderedDict or dict of named modules.
    Items = First.Elems;
    Names = First.Keys;
  } else if (Qual == SequentialName && !Args.UnknownSplat) {
    Items = Args.Positional;
  } else if (First.is(ValueKind::Tuple)) {
    Items = First.Elems;
    Self.ItemsRepeat = First.RepeatCount;
    Self.ItemSegments = First.Segments;
    Self.ItemSegmentStride = First.SegmentStride;
    if (!First.Segments.empty())
      Names = segmentNames(First); // Each segment by its first index.
  }
  // `nn.ModuleList()`, or built from modules it could list.
  Self.ItemsKnown = !Args.UnknownSplat &&
                    (First.is(ValueKind::None) || First.is(ValueKind::Dict) ||
                     First.is(ValueKind::Tuple) || Qual == SequentialName);
  Names.resize(Items.size());
  for (size_t I = 0; I < Items.size(); ++I) {
    if (Names[I].empty())
      Names[I] = std::to_string(I);
    Self.setAttr(Names[I], Items[I]);
  }
  Self.Items = std::move(Items);
  Self.ItemNames = std::move(Names);
  return true;
}

bool Evaluator::extendContainer(ObjectState &O, const Value &Modules) {
  if (!isContainer(O))
    return false;
  if (O.ItemsRepeat || !Modules.is(ValueKind::Tuple) || Modules.RepeatCount) {
    O.ItemsKnown = false;
    return false;
  }
  for (const Value &M : Modules.Elems)
    addSubmodule(O, Value::string(std::to_string(O.Items.size())), M);
  return true;
}

std::optional<Value> Evaluator::containerMethod(const Value &Recv, StringRef M,
                                                const CallArgs &Args) {
  if (!Recv.is(ValueKind::Object) ||
      !llvm::is_contained(Recv.Obj->MRO, "torch.nn.modules.module.Module"))
    return std::nullopt;
  ObjectState &O = *Recv.Obj;
  if ((M == "add_module" || M == "register_module") &&
      Args.Positional.size() >= 2) {
    addSubmodule(O, Args.Positional[0], Args.Positional[1]);
    return Value::none();
  }
  if (M == "children" || M == "named_children")
    return moduleChildren(O, M == "named_children");
  if (!isContainer(O))
    return std::nullopt;
  if (M == "append" && Args.Positional.size() == 1 && !O.ItemsRepeat) {
    addSubmodule(O, Value::string(std::to_string(O.Items.size())),
                 Args.Positional[0]);
    return Recv;
  }
  if (M == "extend" && Args.Positional.size() == 1 &&
      extendContainer(O, Args.Positional[0]))
    return Recv;
  if (M == "insert" && Args.Positional.size() == 2 && !O.ItemsRepeat &&
      Args.Positional[0].is(ValueKind::Int) &&
      O.ItemNames.size() == O.Items.size()) {
    // ModuleList.insert(index, module): the later entries move up one,
    // renamed by position as torch renumbers `_modules`.
    int64_t N = int64_t(O.Items.size()), I = Args.Positional[0].I;
    I = std::clamp(I < 0 ? I + N : I, int64_t(0), N);
    O.Items.insert(O.Items.begin() + I, Args.Positional[1]);
    O.ItemNames.push_back(std::to_string(N));
    for (int64_t K = I; K <= N; ++K)
      O.setAttr(O.ItemNames[size_t(K)], O.Items[size_t(K)]);
    return Value::none();
  }
  if ((M == "items" || M == "values" || M == "keys") && !O.ItemsRepeat &&
      llvm::none_of(O.ItemNames,
                    [](const std::string &N) { return N.empty(); })) {
    std::vector<Value> Out;
    for (size_t I = 0; I < O.Items.size(); ++I) {
      Value Key = Value::string(O.ItemNames[I]);
      Out.push_back(M == "values" ? O.Items[I]
                    : M == "keys" ? Key
                                  : Value::tuple({Key, O.Items[I]}));
    }
    return Value::tuple(std::move(Out),
                        "the submodules of `" + O.ClassName + "`, in order");
  }
  if (M == "values" && !O.Items.empty())
    return itemsTuple(O);
  return std::nullopt;
}

std::optional<Value> Evaluator::moduleChildren(const ObjectState &O,
                                               bool Named) {
  // A module's children are its submodules in registration order: a
  // container's items, else the attributes holding modules.
  std::vector<std::pair<std::string, Value>> Kids;
  if (isContainer(O)) {
    if (O.ItemsRepeat || O.ItemNames.size() != O.Items.size())
      return std::nullopt; // A symbolic count: the children are not known.
    for (size_t I = 0; I < O.Items.size(); ++I)
      Kids.push_back({O.ItemNames[I], O.Items[I]});
  } else {
    for (const std::string &N : O.AttrOrder) {
      const Value &V = O.Attrs.lookup(N);
      if (V.is(ValueKind::Object) &&
          llvm::is_contained(V.Obj->MRO, "torch.nn.modules.module.Module"))
        Kids.push_back({N, V});
    }
  }
  std::vector<Value> Out;
  for (auto &[N, V] : Kids)
    Out.push_back(Named ? Value::tuple({Value::string(N), V}) : V);
  return Value::tuple(std::move(Out),
                      "the children of `" + O.ClassName + "`, in order");
}

} // namespace modcost
