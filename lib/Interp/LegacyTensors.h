//===- LegacyTensors.h - Legacy constructors and dtype limits ---*- C++ -*-===//
///
/// \file
/// Torch callables that are no tensor functions: the legacy typed
/// constructors (`torch.Tensor(out, in)`, `torch.LongTensor([1, 2])`),
/// which are `torch.empty` / `torch.tensor` with the type's dtype,
/// `torch.finfo` / `torch.iinfo`, whose limits are numbers, and
/// `torch.device("meta")` (LegacyTensors.cpp).
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_LEGACYTENSORS_H
#define MODCOST_LIB_INTERP_LEGACYTENSORS_H

#include "modcost/Interp/EvaluatorTypes.h"
#include "modcost/Interp/ObjectGraph.h"
#include "modcost/Interp/Value.h"
#include "modcost/Symbolic/Expr.h"

#include <optional>
#include <string>

namespace modcost {

/// If \p Name (the last component of a `torch.` callee, `FloatTensor`)
/// names a legacy typed constructor, the factory it is (`empty` for
/// integer sizes, `tensor` for one list or tensor of data), with \p Out
/// filled with that factory's arguments (the type's dtype added; none for
/// `torch.Tensor` with sizes: the default dtype, as `torch.empty`'s);
/// std::nullopt otherwise, and for `torch.Tensor(data)`, the class's own
/// float32 copy (ConcreteFactories.cpp).
std::optional<std::string>
legacyConstructor(llvm::StringRef Name, const CallArgs &Args, CallArgs &Out);

/// `torch.finfo(dtype)` / `torch.iinfo(dtype)` (\p Name): an object whose
/// `min`, `max`, `eps`, `tiny`, `resolution` and `bits` are the dtype's
/// numbers; for the activation dtype or one not known, opaque numbers
/// (`bits`: 8 * a_bytes for the activations). std::nullopt for another
/// name.
std::optional<Value> numericLimits(llvm::StringRef Name, const CallArgs &Args,
                                   ObjectGraph &Objects, sym::ExprContext &Sym);

/// `torch.device("meta")`, `torch.device("cuda:0")`, `torch.device("cuda",
/// 1)` (\p Name `device`): a torch.device whose `type` (and `index`, when
/// given) are known, as a tensor's `.device` is, so that `weight.device !=
/// torch.device("meta")` compares types. std::nullopt for another name or
/// arguments that are not known strings and ints.
std::optional<Value> torchDevice(llvm::StringRef Name, const CallArgs &Args,
                                 ObjectGraph &Objects);

} // namespace modcost

#endif // MODCOST_LIB_INTERP_LEGACYTENSORS_H
