//===- ExprPrinter.cpp - Canonical text of symbolic expressions -----------===//
///
/// \file
/// Prints expressions in the byte-stable form documented in Expr.h. The
/// output is also the input language of parse(), which reads it back to the
/// same uniqued expression.
///
//===----------------------------------------------------------------------===//

#include "modcost/Symbolic/Expr.h"

#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace modcost::sym {

namespace {
/// Emits the text of one expression.
class Printer {
public:
  explicit Printer(raw_ostream &OS) : OS(OS) {}

  void printExpr(const Expr *E);

private:
  void printTerm(const Expr *T, bool WithSign);
  void printFactor(const Expr *Base, int64_t Exponent);
  void printAtom(const Expr *A);

  raw_ostream &OS;
};
} // namespace

/// True for a term printed with a minus sign.
static bool isNegativeTerm(const Expr *T) {
  if (T->isConstant())
    return T->getConstantValue().isNegative();
  return T->getKind() == ExprKind::Mul && T->getOperand(0)->isConstant() &&
         T->getOperand(0)->getConstantValue().isNegative();
}

void Printer::printExpr(const Expr *E) {
  switch (E->getKind()) {
  case ExprKind::Add:
    for (auto [I, T] : llvm::enumerate(E->operands())) {
      if (I != 0)
        OS << (isNegativeTerm(T) ? " - " : " + ");
      printTerm(T, /*WithSign=*/I == 0);
    }
    return;
  case ExprKind::Constant:
  case ExprKind::Mul:
  case ExprKind::Pow:
    printTerm(E, /*WithSign=*/true);
    return;
  default:
    printAtom(E);
    return;
  }
}

void Printer::printTerm(const Expr *T, bool WithSign) {
  if (T->isConstant()) {
    const Rational &V = T->getConstantValue();
    OS << (WithSign ? V : V.abs());
    return;
  }
  Rational C(1);
  SmallVector<Factor, 4> Factors;
  if (T->getKind() == ExprKind::Mul) {
    for (const Expr *Op : T->operands()) {
      if (Op->isConstant())
        C = Op->getConstantValue();
      else if (Op->getKind() == ExprKind::Pow)
        Factors.push_back({Op->getBase(), Op->getExponent()});
      else
        Factors.push_back({Op, 1});
    }
  } else if (T->getKind() == ExprKind::Pow) {
    Factors.push_back({T->getBase(), T->getExponent()});
  } else {
    Factors.push_back({T, 1});
  }
  if (C.isNegative()) {
    if (WithSign)
      OS << '-';
    C = -C;
  }

  bool First = true;
  auto Separate = [&] {
    if (!First)
      OS << " * ";
    First = false;
  };
  unsigned NumNegative = 0;
  bool HasPositive = false;
  for (const Factor &F : Factors) {
    HasPositive |= F.Exponent > 0;
    NumNegative += F.Exponent < 0;
  }

  if (!C.getNumerator().isOne() || !HasPositive) {
    Separate();
    OS << C.getNumerator();
  }
  for (const Factor &F : Factors) {
    if (F.Exponent > 0) {
      Separate();
      printFactor(F.Base, F.Exponent);
    }
  }

  unsigned NumDivisors = NumNegative + !C.isInteger();
  if (NumDivisors == 0)
    return;
  OS << " / ";
  if (NumDivisors > 1)
    OS << '(';
  First = true;
  if (!C.isInteger()) {
    Separate();
    OS << C.getDenominator();
  }
  for (const Factor &F : Factors) {
    if (F.Exponent < 0) {
      Separate();
      printFactor(F.Base, -F.Exponent);
    }
  }
  if (NumDivisors > 1)
    OS << ')';
}

void Printer::printFactor(const Expr *Base, int64_t Exponent) {
  printAtom(Base);
  if (Exponent != 1)
    OS << '^' << Exponent;
}

void Printer::printAtom(const Expr *A) {
  switch (A->getKind()) {
  case ExprKind::Symbol:
    OS << A->getName();
    return;
  case ExprKind::Add:
    OS << '(';
    printExpr(A);
    OS << ')';
    return;
  case ExprKind::FloorDiv:
  case ExprKind::CeilDiv: {
    OS << (A->getKind() == ExprKind::FloorDiv ? "floor(" : "ceil(");
    const Expr *Num = A->getNumerator(), *Den = A->getDenominator();
    bool ParenNum = Num->getKind() == ExprKind::Add;
    OS << (ParenNum ? "(" : "");
    printExpr(Num);
    OS << (ParenNum ? ")" : "");
    if (!Den->isOne()) {
      bool ParenDen = Den->getKind() == ExprKind::Mul;
      OS << " / " << (ParenDen ? "(" : "");
      printExpr(Den);
      OS << (ParenDen ? ")" : "");
    }
    OS << ')';
    return;
  }
  case ExprKind::Max:
  case ExprKind::Min:
    OS << (A->getKind() == ExprKind::Max ? "max(" : "min(");
    for (auto [I, Op] : llvm::enumerate(A->operands())) {
      if (I != 0)
        OS << ", ";
      printExpr(Op);
    }
    OS << ')';
    return;
  default:
    printExpr(A);
    return;
  }
}

void Expr::print(raw_ostream &OS) const { OS << text(); }

const std::string &Expr::text() const {
  if (!HasText) {
    raw_string_ostream OS(Text);
    Printer(OS).printExpr(this);
    OS.flush();
    HasText = true;
  }
  return Text;
}

LLVM_DUMP_METHOD void Expr::dump() const { dbgs() << text() << '\n'; }

raw_ostream &operator<<(raw_ostream &OS, const Expr &E) {
  E.print(OS);
  return OS;
}

} // namespace modcost::sym
