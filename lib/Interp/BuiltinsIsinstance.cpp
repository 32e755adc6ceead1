//===- BuiltinsIsinstance.cpp - isinstance() and callable() ---------------===//
///
/// \file
/// `isinstance(x, classes)`: decided from what the analysis knows of `x`
/// (an object's MRO, a tensor, a string, a number, a sequence, an enum
/// member represented by its value); unknown where that is not enough.
/// `callable(x)`: decided from the kind of `x` even when its value is not
/// known (a comparison's result, a tensor of unknown contents).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// Whether string \p V is the value of a member of enum class \p ClassName
/// (`InterpolationMode.BILINEAR` evaluates to its value, "bilinear"); nullopt
/// if \p ClassName is not an enum class the source roots define.
std::optional<bool> Evaluator::isEnumMemberValue(const Value &V,
                                                 StringRef ClassName) {
  Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
  if (!S) {
    consumeError(S.takeError());
    return std::nullopt;
  }
  if (S->Kind != SymbolKind::Class || !S->Mod || !S->Class)
    return std::nullopt;
  Expected<std::vector<MROEntry>> MRO = Resolver.computeMRO(*S->Mod, *S->Class);
  if (!MRO) {
    consumeError(MRO.takeError());
    return std::nullopt;
  }
  if (none_of(*MRO, [](const MROEntry &E) {
        return StringRef(E.QualifiedName).starts_with("enum.");
      }))
    return std::nullopt;
  for (const auto &A : S->Class->Attributes) {
    Frame ClassScope;
    ClassScope.Mod = S->Mod;
    Value M = eval(*A.second, ClassScope);
    if (M.is(ValueKind::Str) && M.StrExact && M.Name == V.Name)
      return true;
  }
  return false;
}

std::optional<Value> Evaluator::builtinIsinstance(StringRef Name,
                                                  const CallArgs &Args,
                                                  const Expr &Call, Frame &F) {
  if (Name == "isinstance" && Args.Positional.size() == 2) {
    Value Obj = Args.arg(0), Cls = Args.arg(1);
    std::vector<Value> Classes =
        Cls.is(ValueKind::Tuple) ? Cls.Elems : std::vector<Value>{Cls};
    bool Unknown = false;
    for (const Value &C : Classes) {
      if (!C.is(ValueKind::Callable)) {
        Unknown = true;
        continue;
      }
      StringRef CN = C.Name;
      if (Obj.is(ValueKind::Object) && Obj.Obj->IsConfig) {
        // The model config is an instance of its config class and of
        // transformers' config base classes.
        if (llvm::is_contained(Obj.Obj->MRO, CN.str()) ||
            (Obj.Obj->MRO.empty() && CN.ends_with("Config")))
          return Value::boolean(true, "`" + CN.str() +
                                          "` is the model config's class");
        if (Obj.Obj->MRO.empty())
          Unknown = true;
        continue;
      }
      if (Obj.is(ValueKind::Object)) {
        if (llvm::is_contained(Obj.Obj->MRO, CN.str()))
          return Value::boolean(true, "`" + Obj.Obj->ClassName +
                                          "` is a subclass of `" + CN.str() +
                                          "`");
      } else if (Obj.is(ValueKind::Tensor)) {
        if (CN.ends_with("Tensor") && !CN.contains("Nested"))
          return Value::boolean(true, "a tensor is a torch.Tensor");
      } else if (Obj.is(ValueKind::Str)) {
        if (CN == "str")
          return Value::boolean(true, Obj.Why);
        if (std::optional<bool> Member = isEnumMemberValue(Obj, CN)) {
          if (*Member)
            return Value::boolean(
                true,
                joinWhy(Obj.Why, "an enum member is its value: `" + CN.str() +
                                     "` has a member `" + Obj.Name + "`"));
          continue;
        }
      } else if (Obj.is(ValueKind::Bool) || Obj.is(ValueKind::Int) ||
                 Obj.is(ValueKind::Symbol)) {
        // Symbols stand for integers (dimensions, counts).
        // Python's numeric tower: an int is also Rational, Real, Complex
        // and Number.
        if (CN == "int" || CN == "numbers.Integral" ||
            CN == "numbers.Rational" || CN == "numbers.Real" ||
            CN == "numbers.Complex" || CN == "numbers.Number" ||
            (CN == "bool" && Obj.is(ValueKind::Bool)))
          return Value::boolean(true, Obj.Why);
        if (Obj.is(ValueKind::Symbol) &&
            (CN == "str" || CN == "float" || CN == "tuple" || CN == "list"))
          continue;
      } else if (Obj.is(ValueKind::Float)) {
        if (CN == "float" || CN == "numbers.Real" || CN == "numbers.Complex" ||
            CN == "numbers.Number")
          return Value::boolean(true, Obj.Why);
      } else if (Obj.is(ValueKind::Dict)) {
        // A dict (config.json's nested `text_config` object) is a Mapping
        // and none of the other builtin types; another class is not known.
        StringRef Abc =
            CN.rsplit('.').second.empty() ? CN : CN.rsplit('.').second;
        if (CN == "dict" || is_contained({"Mapping", "MutableMapping"}, Abc))
          return Value::boolean(true, Obj.Why);
        if (!is_contained({"str", "int", "float", "bool", "tuple", "list",
                           "set", "numbers.Integral"},
                          CN) &&
            !CN.ends_with("Tensor"))
          Unknown = true;
      } else if (Obj.is(ValueKind::Tuple)) {
        // A tuple or list is a Sequence (typing's or collections.abc's) and
        // is none of the other builtin types; another class is not known.
        StringRef Abc =
            CN.rsplit('.').second.empty() ? CN : CN.rsplit('.').second;
        if (CN == "tuple" || CN == "list" ||
            is_contained({"Sequence", "Iterable", "Collection", "Sized",
                          "Container", "Reversible"},
                         Abc))
          return Value::boolean(true, Obj.Why);
        if (!is_contained({"str", "int", "float", "bool", "dict", "set",
                           "numbers.Integral"},
                          CN) &&
            !CN.ends_with("Tensor"))
          Unknown = true;
      } else if (!Obj.is(ValueKind::None) && !Obj.is(ValueKind::Callable)) {
        Unknown = true;
      }
    }
    if (Unknown)
      return Value::unknown(Obj.Why);
    return Value::boolean(false, joinWhy(Obj.Why, "`" + Obj.str() +
                                                      "` is not an instance "
                                                      "of `" +
                                                      Cls.str() + "`"));
  }
  return std::nullopt;
}

std::optional<bool> classesDefine(NameResolver &Resolver, const ObjectState &O,
                                  StringRef Attr) {
  for (const std::string &ClassName : O.MRO) {
    if (ClassName == "object" || ClassName == "builtins.object")
      continue;
    Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
    if (!S) {
      consumeError(S.takeError());
      return std::nullopt;
    }
    if (S->Kind != SymbolKind::Class || !S->Class)
      return std::nullopt; // An external base: not known.
    if (S->Class->findMethod(Attr) || S->Class->Attributes.count(Attr))
      return true;
  }
  return false;
}

std::optional<Value> Evaluator::builtinCallable(StringRef Name,
                                                const CallArgs &Args,
                                                const Expr &Call, Frame &F) {
  if (Args.Positional.size() != 1 || !Args.Keywords.empty())
    return std::nullopt;
  const Value &X = Args.arg(0);
  std::optional<bool> R = Value::callableByKind(X);
  // An instance is callable when a class of its MRO defines `__call__` (a
  // method, or a class-level assignment as torch.nn.Module's `__call__ =
  // _wrapped_call_impl`).
  if (!R && X.is(ValueKind::Object) && !X.Obj->MRO.empty())
    R = classesDefine(Resolver, *X.Obj, "__call__");
  if (!R)
    return Value::unknown(X.Why);
  std::string What;
  if (X.is(ValueKind::Callable))
    What = "`" + X.Name + "` is a function or class";
  else if (X.is(ValueKind::Object))
    What = "an instance of `" + X.Obj->ClassName + "` is " +
           (*R ? "callable" : "not callable (no `__call__` on its MRO)");
  else if (X.isUnknown())
    What = "the value (a comparison's result, a bool or a tensor) is not "
           "callable";
  else
    What = "`" + X.str() + "` is not callable";
  return Value::boolean(*R, joinWhy(X.Why, What));
}

} // namespace modcost
