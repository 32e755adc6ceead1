//===- TypeOf.cpp - type(x) and a class's __name__ ------------------------===//
///
/// \file
/// `type(x)` gives the class of a value, as a class value: an object's own
/// class (the first entry of its MRO), a config object's config class
/// (`type(config.text_config)` is `AriaTextConfig`, the class its
/// `sub_configs` names), and the builtin classes of strings, numbers,
/// None, dicts and tensors. transformers' auto classes key their tables by
/// it (`type(config) in cls._model_mapping`) and read its `__name__`.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

std::optional<Value> Evaluator::builtinType(StringRef Name,
                                            const CallArgs &Args,
                                            const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 1 || !Args.Keywords.empty())
    return std::nullopt;
  const Value &X = Args.Positional[0];
  auto Class = [&](StringRef C) {
    return Value::callable(
        C, true,
        joinWhy(X.Why, "`" + Call.Text.str() + "` is `" + C.str() + "`"));
  };
  switch (X.Kind) {
  case ValueKind::Object:
    if (X.Obj->MRO.empty())
      return std::nullopt;
    return Class(X.Obj->MRO.front());
  case ValueKind::Str:
    return X.StrExact ? std::optional<Value>(Class("str")) : std::nullopt;
  case ValueKind::Int:
    return Class("int");
  case ValueKind::Float:
    return Class("float");
  case ValueKind::Bool:
    return Class("bool");
  case ValueKind::None:
    return Class("NoneType");
  case ValueKind::Dict:
    return Class("dict");
  case ValueKind::Tensor:
    return Class("torch.Tensor");
  case ValueKind::Callable:
    if (X.IsClass)
      return Class("type");
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

} // namespace modcost
