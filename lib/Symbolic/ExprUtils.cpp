//===- ExprUtils.cpp - Queries over symbolic expressions ------------------===//
///
/// \file
/// Term decomposition, free symbols and exact evaluation.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace modcost::sym {

SmallVector<Term, 4> terms(const Expr *E) {
  SmallVector<Term, 4> Result;
  ArrayRef<const Expr *> TermExprs(E);
  if (E->getKind() == ExprKind::Add)
    TermExprs = E->operands();
  for (const Expr *T : TermExprs) {
    Term R{Rational(1), {}};
    switch (T->getKind()) {
    case ExprKind::Constant:
      if (T->isZero())
        continue;
      R.Coefficient = T->getConstantValue();
      break;
    case ExprKind::Mul:
      for (const Expr *Op : T->operands()) {
        if (Op->isConstant())
          R.Coefficient = Op->getConstantValue();
        else if (Op->getKind() == ExprKind::Pow)
          R.Factors.push_back({Op->getBase(), Op->getExponent()});
        else
          R.Factors.push_back({Op, 1});
      }
      break;
    case ExprKind::Pow:
      R.Factors.push_back({T->getBase(), T->getExponent()});
      break;
    default:
      R.Factors.push_back({T, 1});
      break;
    }
    Result.push_back(std::move(R));
  }
  return Result;
}

std::optional<int64_t> integerValue(const Expr *E) {
  if (!E || !E->isConstant() || !E->getConstantValue().isInteger())
    return std::nullopt;
  return E->getConstantValue().getNumerator().tryGetInt64();
}

std::vector<StringRef> freeSymbols(const Expr *E) {
  SmallPtrSet<const Expr *, 16> Visited;
  SmallVector<const Expr *, 16> Worklist{E};
  std::vector<const Expr *> Symbols;
  while (!Worklist.empty()) {
    const Expr *X = Worklist.pop_back_val();
    if (!Visited.insert(X).second)
      continue;
    if (X->isSymbol())
      Symbols.push_back(X);
    Worklist.append(X->operands().begin(), X->operands().end());
  }
  llvm::sort(Symbols, canonicalLess);
  std::vector<StringRef> Names;
  for (const Expr *S : Symbols)
    Names.push_back(S->getName());
  return Names;
}

namespace {
/// Memoized exact evaluation; std::nullopt means division by zero.
class Evaluator {
public:
  explicit Evaluator(const ValueMap &Env) : Env(Env) {}

  std::optional<Rational> eval(const Expr *E) {
    if (auto It = Memo.find(E); It != Memo.end())
      return It->second;
    std::optional<Rational> R = compute(E);
    if (R)
      Memo.try_emplace(E, *R);
    return R;
  }

private:
  std::optional<Rational> compute(const Expr *E) {
    SmallVector<Rational, 4> Ops;
    for (const Expr *Op : E->operands()) {
      std::optional<Rational> V = eval(Op);
      if (!V)
        return std::nullopt;
      Ops.push_back(std::move(*V));
    }
    switch (E->getKind()) {
    case ExprKind::Constant:
      return E->getConstantValue();
    case ExprKind::Symbol:
      return Env.at(E->getName().str());
    case ExprKind::Add: {
      Rational Sum;
      for (const Rational &V : Ops)
        Sum = Sum + V;
      return Sum;
    }
    case ExprKind::Mul: {
      Rational Product(1);
      for (const Rational &V : Ops)
        Product = Product * V;
      return Product;
    }
    case ExprKind::Pow:
      if (Ops[0].isZero() && E->getExponent() < 0)
        return std::nullopt;
      return Ops[0].pow(E->getExponent());
    case ExprKind::FloorDiv:
    case ExprKind::CeilDiv: {
      if (Ops[1].isZero())
        return std::nullopt;
      Rational Q = Ops[0] / Ops[1];
      return Rational(E->getKind() == ExprKind::FloorDiv ? Q.floor()
                                                         : Q.ceil());
    }
    case ExprKind::Max:
    case ExprKind::Min: {
      bool IsMax = E->getKind() == ExprKind::Max;
      Rational Best = Ops.front();
      for (const Rational &V : Ops)
        if (IsMax ? V > Best : V < Best)
          Best = V;
      return Best;
    }
    }
    llvm_unreachable("unknown expression kind");
  }

  const ValueMap &Env;
  DenseMap<const Expr *, Rational> Memo;
};
} // namespace

Expected<Rational> evaluate(const Expr *E, const ValueMap &Env) {
  SmallVector<std::string, 4> Unbound;
  for (StringRef Name : freeSymbols(E))
    if (!Env.count(Name.str()))
      Unbound.push_back("'" + Name.str() + "'");
  if (!Unbound.empty())
    return createStringError(
        inconvertibleErrorCode(),
        "cannot evaluate '" + E->str() + "': no value for symbol" +
            (Unbound.size() > 1 ? "s " : " ") + join(Unbound, ", "));
  std::optional<Rational> R = Evaluator(Env).eval(E);
  if (!R)
    return createStringError(inconvertibleErrorCode(),
                             "division by zero while evaluating '" + E->str() +
                                 "'");
  return *R;
}

} // namespace modcost::sym
