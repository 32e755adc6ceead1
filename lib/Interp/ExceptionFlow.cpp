//===- ExceptionFlow.cpp - Exceptions caught by an enclosing try ----------===//
///
/// \file
/// The inference path is the one without exceptions, except where the code
/// relies on one: `Mapping.get` (Python's `collections.abc`) is
///
///     try:
///         return self[key]
///     except KeyError:
///         return default
///
/// so transformers' `ALL_ATTENTION_FUNCTIONS.get_interface("eager",
/// eager_attention_forward)` gets its default only because `__getitem__`
/// raises `KeyError` for a key its mapping does not hold. Inside a `try`
/// body (at any call depth), an exception raised for certain, by a `raise`
/// statement or by indexing a dict whose keys are all known with a key it
/// does not hold, is *pending*: the statements and calls between it and
/// the `try` stop, and the first handler whose class is the exception's or
/// one of its bases runs. A raise on a path an undecided condition left
/// open is not certain and changes nothing; outside any `try`, a raise ends
/// the priced path as before (PathEnds.cpp).
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

using namespace llvm;

namespace modcost {

/// The bases of Python's built-in exception classes that a handler may
/// name for \p Class: itself, then its bases up to `BaseException`.
static std::vector<StringRef> builtinExceptionChain(StringRef Class) {
  static const std::pair<StringRef, StringRef> Bases[] = {
      {"KeyError", "LookupError"},     {"IndexError", "LookupError"},
      {"LookupError", "Exception"},    {"ModuleNotFoundError", "ImportError"},
      {"ImportError", "Exception"},    {"NotImplementedError", "RuntimeError"},
      {"RuntimeError", "Exception"},   {"ValueError", "Exception"},
      {"TypeError", "Exception"},      {"AttributeError", "Exception"},
      {"AssertionError", "Exception"}, {"Exception", "BaseException"},
  };
  std::vector<StringRef> Chain{Class};
  for (bool Found = true; Found;) {
    Found = false;
    for (const auto &[Sub, Base] : Bases)
      if (Sub == Chain.back()) {
        Chain.push_back(Base);
        Found = true;
        break;
      }
  }
  return Chain;
}

bool Evaluator::raiseInTry(StringRef Exception) {
  // Certain only on the path of the innermost try: no undecided branch
  // between it and the raise.
  if (Exception.empty() || TrySuppress.empty() || Suppress > TrySuppress.back())
    return false;
  PendingRaise = Exception.str();
  return true;
}

std::string Evaluator::raisedClass(const Stmt &S) {
  if (S.Exprs.empty())
    return ""; // A bare `raise` re-raises what a handler caught.
  const Expr *E = S.Exprs[0].get();
  if (E->Kind == ExprKind::Call)
    E = E->callee();
  if (E->Kind != ExprKind::Name)
    return "";
  // Python's own classes only: a class of the analyzed code may derive
  // from anything.
  if (builtinExceptionChain(E->Name).size() < 2 && E->Name != "BaseException")
    return "";
  return E->Name;
}

std::optional<unsigned> Evaluator::catchingHandler(const Stmt &S) const {
  std::vector<StringRef> Chain = builtinExceptionChain(PendingRaise);
  for (unsigned I = 0; I < S.Handlers && I < S.HandlerTypes.size(); ++I) {
    const Expr *T = S.HandlerTypes[I].get();
    if (!T || T->Kind == ExprKind::Null)
      return I; // A bare `except:` catches everything.
    std::vector<const Expr *> Names;
    if (T->Kind == ExprKind::Tuple)
      for (const auto &Op : T->Ops)
        Names.push_back(Op.get());
    else
      Names.push_back(T);
    for (const Expr *N : Names)
      if (N->Kind == ExprKind::Name && is_contained(Chain, N->Name))
        return I;
  }
  return std::nullopt;
}

} // namespace modcost
