//===- Expr.cpp - Uniqued symbolic expressions ----------------------------===//
///
/// \file
/// Hash-consing of expression nodes and the folding constructors. Every
/// arithmetic constructor converts its operands to an explicit Laurent
/// polynomial (a sorted vector of coefficient/monomial pairs), computes there,
/// and converts the result back to uniqued nodes, so the canonical form
/// described in Expr.h is produced in exactly one place (Impl::fromPoly).
/// This file holds the nodes, their uniquing and order, max/min and
/// substitution; the polynomial arithmetic is in ExprArith.cpp.
///
//===----------------------------------------------------------------------===//

#include "ExprImpl.h"
#include "modcost/Symbolic/StandardSymbols.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>

using namespace llvm;

namespace modcost::sym {

//===----------------------------------------------------------------------===//
// Expr
//===----------------------------------------------------------------------===//

Expr::Expr(ExprContext &Ctx, ExprKind Kind, ArrayRef<const Expr *> Ops,
           Rational Value, StringRef Name, int64_t Exponent)
    : Ctx(&Ctx), Kind(Kind), Exponent(Exponent), Value(std::move(Value)),
      Name(Name.str()), Ops(Ops.begin(), Ops.end()) {}

Expr::~Expr() = default;

bool Expr::isAtom() const {
  switch (Kind) {
  case ExprKind::Symbol:
  case ExprKind::FloorDiv:
  case ExprKind::CeilDiv:
  case ExprKind::Max:
  case ExprKind::Min:
    return true;
  default:
    return false;
  }
}

const Rational &Expr::getConstantValue() const {
  assert(isConstant() && "not a constant");
  return Value;
}

StringRef Expr::getName() const {
  assert(isSymbol() && "not a symbol");
  return Name;
}

const Expr *Expr::getBase() const {
  assert(Kind == ExprKind::Pow && "not a power");
  return Ops[0];
}

int64_t Expr::getExponent() const {
  assert(Kind == ExprKind::Pow && "not a power");
  return Exponent;
}

const Expr *Expr::getNumerator() const {
  assert((Kind == ExprKind::FloorDiv || Kind == ExprKind::CeilDiv) &&
         "not a floor/ceil division");
  return Ops[0];
}

const Expr *Expr::getDenominator() const {
  assert((Kind == ExprKind::FloorDiv || Kind == ExprKind::CeilDiv) &&
         "not a floor/ceil division");
  return Ops[1];
}

static void profileNode(FoldingSetNodeID &ID, ExprKind Kind,
                        ArrayRef<const Expr *> Ops, const Rational &Value,
                        StringRef Name, int64_t Exponent) {
  ID.AddInteger(static_cast<unsigned>(Kind));
  switch (Kind) {
  case ExprKind::Constant:
    Value.profile(ID);
    return;
  case ExprKind::Symbol:
    ID.AddString(Name);
    return;
  default:
    ID.AddInteger(Exponent);
    ID.AddInteger(static_cast<unsigned>(Ops.size()));
    for (const Expr *Op : Ops)
      ID.AddPointer(Op);
    return;
  }
}

void Expr::Profile(FoldingSetNodeID &ID) const {
  profileNode(ID, Kind, Ops, Value, Name, Exponent);
}

bool canonicalLess(const Expr *A, const Expr *B) {
  if (A == B)
    return false;
  // 0: standard symbols, 1: other symbols, 2: other expressions, 3: constants.
  auto OrderClass = [](const Expr *E) {
    if (E->isSymbol())
      return E->StdRank >= 0 ? 0 : 1;
    return E->isConstant() ? 3 : 2;
  };
  int ClassA = OrderClass(A), ClassB = OrderClass(B);
  if (ClassA != ClassB)
    return ClassA < ClassB;
  switch (ClassA) {
  case 0:
    return A->StdRank < B->StdRank;
  case 1:
    return A->Name < B->Name;
  case 3:
    return A->Value < B->Value;
  default:
    if (int C = A->text().compare(B->text()))
      return C < 0;
    return A->Kind < B->Kind;
  }
}

//===----------------------------------------------------------------------===//
// ExprContext::Impl
//===----------------------------------------------------------------------===//

const Expr *ExprContext::Impl::extremum(ArrayRef<const Expr *> Ops,
                                        ExprKind Kind) {
  assert(!Ops.empty() && "max/min of nothing");
  bool IsMax = Kind == ExprKind::Max;
  SmallVector<const Expr *, 4> List;
  std::optional<Rational> Best;
  auto Visit = [&](const Expr *E) {
    if (E->isConstant()) {
      const Rational &V = E->getConstantValue();
      if (!Best || (IsMax ? V > *Best : V < *Best))
        Best = V;
    } else if (!llvm::is_contained(List, E)) {
      List.push_back(E);
    }
  };
  for (const Expr *E : Ops) {
    if (E->getKind() == Kind)
      for (const Expr *Inner : E->operands())
        Visit(Inner);
    else
      Visit(E);
  }
  if (Best)
    List.push_back(Ctx.constant(*Best));

  // Drop an operand that loses to another by a constant difference.
  SmallVector<bool, 4> Dead(List.size(), false);
  for (size_t I = 0; I < List.size(); ++I) {
    for (size_t J = I + 1; J < List.size() && !Dead[I]; ++J) {
      if (Dead[J])
        continue;
      const Expr *Diff = Ctx.sub(List[I], List[J]);
      if (!Diff->isConstant())
        continue;
      int Sign = Diff->getConstantValue().signum();
      if (IsMax ? Sign >= 0 : Sign <= 0)
        Dead[J] = true;
      else
        Dead[I] = true;
    }
  }
  SmallVector<const Expr *, 4> Alive;
  for (size_t I = 0; I < List.size(); ++I)
    if (!Dead[I])
      Alive.push_back(List[I]);
  if (Alive.size() == 1)
    return Alive.front();
  llvm::sort(Alive, canonicalLess);
  return Ctx.uniqueNode(Kind, Alive);
}

static Error divisionByZero(const Expr *E) {
  return createStringError(inconvertibleErrorCode(),
                           "division by zero while substituting into '" +
                               E->str() + "'");
}

Expected<const Expr *>
ExprContext::Impl::substitute(const Expr *E, const SubstitutionMap &Map,
                              DenseMap<const Expr *, const Expr *> &Memo) {
  if (auto It = Memo.find(E); It != Memo.end())
    return It->second;
  SmallVector<const Expr *, 4> Ops;
  for (const Expr *Op : E->operands()) {
    Expected<const Expr *> New = substitute(Op, Map, Memo);
    if (!New)
      return New.takeError();
    Ops.push_back(*New);
  }
  const Expr *Result = nullptr;
  switch (E->getKind()) {
  case ExprKind::Constant:
    Result = E;
    break;
  case ExprKind::Symbol: {
    auto It = Map.find(E->getName().str());
    Result = It == Map.end() ? E : It->second;
    break;
  }
  case ExprKind::Add:
    Result = Ctx.add(Ops);
    break;
  case ExprKind::Mul:
    Result = Ctx.mul(Ops);
    break;
  case ExprKind::Pow:
    Result = pow(Ops[0], E->getExponent());
    break;
  case ExprKind::FloorDiv:
  case ExprKind::CeilDiv:
    Result = roundedDiv(Ops[0], Ops[1], E->getKind() == ExprKind::CeilDiv);
    break;
  case ExprKind::Max:
  case ExprKind::Min:
    Result = extremum(Ops, E->getKind());
    break;
  }
  if (!Result)
    return divisionByZero(E);
  Memo[E] = Result;
  return Result;
}

//===----------------------------------------------------------------------===//
// ExprContext
//===----------------------------------------------------------------------===//

ExprContext::ExprContext() : P(std::make_unique<Impl>(*this)) {
  Zero = constant(0);
  One = constant(1);
}

ExprContext::~ExprContext() = default;

size_t ExprContext::getNumExprs() const { return P->Nodes.size(); }

const Expr *ExprContext::lookupParsed(StringRef Text) const {
  auto It = P->Parsed.find(Text);
  return It == P->Parsed.end() ? nullptr : It->second;
}

void ExprContext::rememberParsed(StringRef Text, const Expr *E) {
  P->Parsed.try_emplace(Text, E);
}

const Expr *ExprContext::uniqueNode(ExprKind Kind, ArrayRef<const Expr *> Ops,
                                    const Rational &Value, StringRef Name,
                                    int64_t Exponent) {
  FoldingSetNodeID ID;
  profileNode(ID, Kind, Ops, Value, Name, Exponent);
  void *InsertPos = nullptr;
  if (Expr *E = P->Set.FindNodeOrInsertPos(ID, InsertPos))
    return E;
  auto *E = new Expr(*this, Kind, Ops, Value, Name, Exponent);
  P->Nodes.emplace_back(E);
  auto AllIntegral = [&] {
    return llvm::all_of(Ops, [](const Expr *Op) { return Op->isIntegral(); });
  };
  switch (Kind) {
  case ExprKind::Constant:
    E->Integral = Value.isInteger();
    break;
  case ExprKind::Symbol:
    E->Integral = true;
    if (std::optional<unsigned> Rank = standardSymbolRank(Name))
      E->StdRank = static_cast<int>(*Rank);
    break;
  case ExprKind::Pow:
    E->Integral = Exponent > 0 && Ops[0]->isIntegral();
    break;
  case ExprKind::FloorDiv:
  case ExprKind::CeilDiv:
    E->Integral = true;
    break;
  case ExprKind::Add:
  case ExprKind::Mul:
  case ExprKind::Max:
  case ExprKind::Min:
    E->Integral = AllIntegral();
    break;
  }
  P->Set.InsertNode(E, InsertPos);
  return E;
}

const Expr *ExprContext::constant(int64_t V) {
  return uniqueNode(ExprKind::Constant, {}, Rational(V));
}

const Expr *ExprContext::constant(int64_t Num, int64_t Den) {
  assert(Den != 0 && "zero denominator");
  return constant(Rational(BigInt(Num), BigInt(Den)));
}

const Expr *ExprContext::constant(const Rational &V) {
  return uniqueNode(ExprKind::Constant, {}, V);
}

const Expr *ExprContext::symbol(StringRef Name) {
  assert(!Name.empty() && "empty symbol name");
  return uniqueNode(ExprKind::Symbol, {}, Rational(), Name);
}

const Expr *ExprContext::max(const Expr *A, const Expr *B) {
  return P->extremum({A, B}, ExprKind::Max);
}

const Expr *ExprContext::max(ArrayRef<const Expr *> Ops) {
  return P->extremum(Ops, ExprKind::Max);
}

const Expr *ExprContext::min(const Expr *A, const Expr *B) {
  return P->extremum({A, B}, ExprKind::Min);
}

const Expr *ExprContext::min(ArrayRef<const Expr *> Ops) {
  return P->extremum(Ops, ExprKind::Min);
}

Expected<const Expr *> ExprContext::substitute(const Expr *E,
                                               const SubstitutionMap &Map) {
  DenseMap<const Expr *, const Expr *> Memo;
  return P->substitute(E, Map, Memo);
}

Expected<const Expr *> substitute(const Expr *E, const SubstitutionMap &Map) {
  return E->getContext().substitute(E, Map);
}

} // namespace modcost::sym