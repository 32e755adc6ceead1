//===- EinsumShapes.cpp - Shapes and contractions of einsum --------------===//
///
/// \file
/// `torch.einsum(equation, *operands)`: the output shape its subscripts
/// give, with the operands passed one by one or as one sequence, and the
/// product of the extents it contracts (its matrix FLOPs).
///
//===----------------------------------------------------------------------===//

#include "TensorShapes.h"
#include "modcost/Semantics/Einsum.h"

#include <map>

using namespace llvm;

namespace modcost {

/// The shape of `einsum(Equation, *Operands)` (`"bhqd,bhkd->bhqk"`).
Value einsumShape(const Value &Equation, std::vector<Value> Operands) {
  std::optional<EinsumEquation> Eq;
  if (Equation.is(ValueKind::Str) && Equation.StrExact)
    Eq = parseEinsum(Equation.Name);
  if (!Eq)
    return Value::tensor(-1);
  std::map<char, const sym::Expr *> Sizes;
  // Operands[0] is the equation; einsum(eq, (a, b)) and einsum(eq, [a, b])
  // pass the operands as one sequence.
  if (Operands.size() == 2 && Operands[1].is(ValueKind::Tuple)) {
    std::vector<Value> Elems = Operands[1].Elems;
    Operands.resize(1);
    Operands.insert(Operands.end(), Elems.begin(), Elems.end());
  }
  for (size_t I = 0; I < Eq->Inputs.size() && I + 1 < Operands.size(); ++I) {
    const std::string &Spec = Eq->Inputs[I];
    const Value &T = Operands[I + 1];
    if (!T.is(ValueKind::Tensor) || !T.DimsKnown ||
        T.Dims.size() != Spec.size())
      return Value::tensor(-1);
    for (size_t J = 0; J < Spec.size(); ++J)
      if (!Sizes.count(Spec[J]) || !Sizes[Spec[J]])
        Sizes[Spec[J]] = T.Dims[J];
  }
  Dims Out;
  for (char C : Eq->Output)
    Out.push_back(Sizes.count(C) ? Sizes[C] : nullptr);
  return Value::shaped(Out);
}

const sym::Expr *einsumContracted(StringRef Equation, ArrayRef<Value> Ins,
                                  sym::ExprContext &Ctx) {
  std::optional<EinsumEquation> Eq = parseEinsum(Equation);
  if (!Eq)
    return nullptr;
  std::map<char, const sym::Expr *> Sizes;
  for (size_t I = 0; I < Eq->Inputs.size() && I < Ins.size(); ++I) {
    const std::string &Spec = Eq->Inputs[I];
    if (Ins[I].DimsKnown && Ins[I].Dims.size() == Spec.size())
      for (size_t J = 0; J < Spec.size(); ++J)
        Sizes.emplace(Spec[J], Ins[I].Dims[J]);
  }
  const sym::Expr *Contracted = Ctx.getOne();
  for (auto &[C, D] : Sizes)
    if (Eq->Output.find(C) == std::string::npos)
      Contracted = D && Contracted ? Ctx.mul(Contracted, D) : nullptr;
  return Contracted;
}

} // namespace modcost
