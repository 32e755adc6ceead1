//===- EvaluatorImpl.h - Internals shared by the interpreter -*- C++ -*-===//
///
/// \file
/// The evaluation frame and small helpers used by the files of lib/Interp.
/// Private to lib/Interp.
///
//===----------------------------------------------------------------------===//

#ifndef MODCOST_LIB_INTERP_EVALUATORIMPL_H
#define MODCOST_LIB_INTERP_EVALUATORIMPL_H

#include "modcost/IR/SourceFile.h"
#include "modcost/Interp/Evaluator.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>

namespace modcost {

/// One activation of a function being evaluated.
struct Evaluator::Frame {
  const PyModule *Mod = nullptr;
  const FunctionDef *Fn = nullptr;
  /// The class whose body defines Fn (for `super()`).
  const ClassDef *DefiningClass = nullptr;
  std::shared_ptr<ObjectState> Self;
  llvm::StringMap<Value> Locals;
  bool Record = false;
  std::string Context;
  /// What `return` produced (joined over the returns that ran).
  std::optional<Value> Returned;
  unsigned Depth = 0;
  /// Suppression levels added because an undecided branch that was chosen
  /// returned: the rest of this function is off the priced path.
  unsigned SuppressedTail = 0;
  /// Suppress level when the frame started: returns at this level are on
  /// the priced path, and their value is what the caller sees.
  unsigned SuppressAtEntry = 0;
  bool ReturnedOnPath = false;
  /// Locals changed in place (`kwargs[k] = v`, `layers.append(m)`) and
  /// not rebound since: a caller's list or dict passed here sees it.
  llvm::StringSet<> MutatedInPlace;
};

/// The state a loop body run once for many identical iterations starts
/// from (Evaluator::repeatGrownLists).
struct Evaluator::LoopStart {
  llvm::StringMap<Value> Locals;
  /// The containers of submodules the frame's self and locals hold, with
  /// the number of items each held.
  std::vector<std::pair<std::shared_ptr<ObjectState>, size_t>> Containers;
};

/// Whether a class on \p O's MRO defines \p Attr (a method or a
/// class-level assignment); nullopt when a class of the MRO is not under
/// the source roots (BuiltinsIsinstance.cpp).
std::optional<bool> classesDefine(NameResolver &Resolver, const ObjectState &O,
                                  llvm::StringRef Attr);

/// True for a method decorated `@staticmethod` (it takes no self).
inline bool isStaticMethod(const FunctionDef &M) {
  return llvm::any_of(M.Decorators, [](const auto &D) {
    return D->getDottedName() == "staticmethod";
  });
}

/// Method \p M named \p Name bound to \p Self: a bound method keeps its
/// object as the first argument, unless it is a static method.
inline Value boundMethod(const std::string &Name, const FunctionDef &M,
                         const Value &Self) {
  Value C = Value::callable(Name, false);
  if (!isStaticMethod(M)) {
    C.Keys.push_back("");
    C.Elems.push_back(Self);
  }
  return C;
}

/// True for Python numbers (int, float, bool).
inline bool isNumeric(const Value &V) {
  return V.is(ValueKind::Int) || V.is(ValueKind::Float) ||
         V.is(ValueKind::Bool);
}
/// A Python number's value.
inline double num(const Value &V) {
  return V.is(ValueKind::Float) ? V.F : V.is(ValueKind::Bool) ? V.B : V.I;
}

/// An int, a bool or a symbol as an integer expression; null otherwise.
inline const sym::Expr *integerExpr(const Value &V, sym::ExprContext &Sym) {
  if (V.is(ValueKind::Int))
    return Sym.constant(V.I);
  if (V.is(ValueKind::Bool))
    return Sym.constant(V.B ? 1 : 0);
  if (V.is(ValueKind::Symbol) && V.Sym)
    return V.Sym;
  return nullptr;
}

/// The comparison \p Op with its operands swapped: `c < x` is `x > c`.
inline llvm::StringRef mirroredComparison(llvm::StringRef Op) {
  return Op == "<"    ? ">"
         : Op == ">"  ? "<"
         : Op == "<=" ? ">="
         : Op == ">=" ? "<="
                      : Op;
}

/// `A Op B` for sizes whose difference is a number, whatever the sizes
/// (`kv_length > q_length` with both `seq_len` while prefilling): decided
/// for every model, with no hint; \p Why says so (Operators.cpp).
std::optional<bool> decideByDifference(const sym::Expr *A, llvm::StringRef Op,
                                       const sym::Expr *B,
                                       sym::ExprContext &Sym, std::string &Why);

/// \p F as a fraction p/q with a small denominator (0.25 is 1/4, 2.0 is
/// 2/1), or nullopt when it is not one (math.pi) (Operators.cpp).
std::optional<std::pair<int64_t, int64_t>> shortFraction(double F);

/// Where the first operand of \p Inputs whose shape is not known (a tensor
/// of unknown dimensions or an unknown value) came from, read from its
/// provenance: `` `x` set at f.py:12 `` or a short reason; empty if its
/// provenance does not say (EvaluatorCost.cpp).
std::string unknownOperandSource(llvm::ArrayRef<Value> Inputs);

/// Warns that decision \p D (undecided, its condition at \p At) cannot be
/// decided under the profile (Evaluator.cpp).
void reportUndecided(DiagnosticEngine &Diags, const DecisionInfo &D,
                     const SourceRange &At);

/// The name of the loop-index symbol \p V is (`range()` of a symbolic
/// length, a loop's middle piece, a residue's quotient), or empty.
inline llvm::StringRef plainLoopIndex(const Value &V) {
  if (!V.is(ValueKind::Symbol) || !isLoopIndexSymbol(V.Sym))
    return "";
  return V.Sym->getName();
}

inline std::string location(const SourceRange &R) {
  std::string File = R.File ? R.File->getRelativePath() : "?";
  return File + ":" + std::to_string(R.Line);
}

/// Joins provenance strings, keeping them short and without repeats.
inline std::string joinWhy(llvm::StringRef A, llvm::StringRef B) {
  if (A.empty())
    return B.str();
  if (B.empty() || A.contains(B))
    return A.str();
  // Reasons are `; `-separated facts: append the ones not yet listed.
  llvm::SmallVector<llvm::StringRef, 8> Have, More;
  A.split(Have, "; ");
  B.split(More, "; ");
  std::string S = A.str();
  for (llvm::StringRef M : More)
    if (!llvm::is_contained(Have, M))
      S += "; " + M.str();
  if (S.size() > 400)
    S = S.substr(0, 397) + "...";
  return S;
}

} // namespace modcost

#endif // MODCOST_LIB_INTERP_EVALUATORIMPL_H
