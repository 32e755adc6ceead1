//===- SymbolicElements.cpp - Stated tensor elements that are sizes -------===//
///
/// \file
/// Some inputs carry sizes as data: the cumulative sequence lengths of a
/// packed (variable-length) batch, `cu_seqlens = [0, l1, l1 + l2, ...]`,
/// which vision and audio encoders split their tokens by
/// (`torch.split(q, (cu_seqlens[1:] - cu_seqlens[:-1]).tolist(), dim=2)`).
/// Their elements are a stated expectation (`[input_value]`, a list of
/// formulas such as `'0, seq_len'`): the input keeps them in Value::Elems,
/// one Int or Symbol per element, like a concrete tensor
/// (ConcreteTensors.cpp) whose values may be symbolic. Slicing it, integer
/// arithmetic on it and `tolist()` keep them, so the split sizes are the
/// stated lengths. The report lists the expectation among its assumptions.
///
//===----------------------------------------------------------------------===//

#include "ConcreteTensors.h"
#include "EvaluatorImpl.h"

#include "modcost/Symbolic/Parser.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace modcost {

void Evaluator::statedInputElements(Value &T, StringRef Name,
                                    const ProfileEntry &V) {
  SmallVector<StringRef, 8> Parts;
  StringRef(V.Val.Name).split(Parts, ',');
  std::vector<Value> Elems;
  for (StringRef P : Parts) {
    Expected<const sym::Expr *> X = sym::parse(P.trim(), Sym);
    if (!X) {
      consumeError(X.takeError());
      Diags.report(DiagLevel::Warning, "input_value." + Name + ": `" +
                                           P.trim() +
                                           "` is no integer formula: ignored");
      return;
    }
    Elems.push_back(dimValue(*X, "input_value." + Name.str()));
  }
  if (!T.DimsKnown || T.Dims.size() != 1) {
    Diags.report(DiagLevel::Warning,
                 "input_value." + Name + " lists " +
                     std::to_string(Elems.size()) +
                     " elements, but the input is not a one-dimensional "
                     "tensor: ignored");
    return;
  }
  // The list gives the length: -D input_value.cu_seqlens='0, a, a + b'
  // states two sequences without a matching --input-shape.
  T.Dims[0] = Sym.constant(int64_t(Elems.size()));
  T.Elems = std::move(Elems);
  std::string Note = "`" + Name.str() + "` holds [" + V.Val.Name +
                     "] (input_value." + Name.str() + " from " + V.Origin +
                     ": a stated expectation, the value is data)";
  T.Why = joinWhy(T.Why, Note);
  if (!is_contained(Result.Assumptions, Note))
    Result.Assumptions.push_back(Note);
}

bool Evaluator::hasSymbolicElements(const Value &V) {
  return ConcreteTensors::isConcreteTensor(V) &&
         any_of(V.Elems,
                [](const Value &E) { return E.is(ValueKind::Symbol); });
}

std::optional<Value>
Evaluator::symbolicElementwise(StringRef Op, const Value &L, const Value &R) {
  if (!hasSymbolicElements(L) && !hasSymbolicElements(R))
    return std::nullopt;
  // The elements of a concrete tensor, or a Python integer broadcast.
  auto ElemsOf = [&](const Value &V) -> std::optional<std::vector<Value>> {
    if (ConcreteTensors::isConcreteTensor(V))
      return V.Elems;
    if (V.is(ValueKind::Int) || V.is(ValueKind::Symbol))
      return std::vector<Value>{V};
    return std::nullopt;
  };
  std::optional<std::vector<Value>> A = ElemsOf(L), B = ElemsOf(R);
  if (!A || !B || (A->size() != B->size() && A->size() != 1 && B->size() != 1))
    return std::nullopt;
  size_t Len = std::max(A->size(), B->size());
  std::vector<Value> Out;
  for (size_t I = 0; I < Len; ++I) {
    const sym::Expr *X = dimExpr((*A)[A->size() == 1 ? 0 : I]);
    const sym::Expr *Y = dimExpr((*B)[B->size() == 1 ? 0 : I]);
    if (!X || !Y)
      return std::nullopt;
    const sym::Expr *Z = Op == "+"   ? Sym.add(X, Y)
                         : Op == "-" ? Sym.sub(X, Y)
                         : Op == "*" ? Sym.mul(X, Y)
                                     : nullptr;
    if (!Z)
      return std::nullopt; // Only integer ring operations keep sizes exact.
    Out.push_back(dimValue(Z, "element-wise `" + Op.str() + "`"));
  }
  // A zero-dimensional operand broadcasts to the other's length.
  bool Scalar = (!ConcreteTensors::isConcreteTensor(L) || L.Dims.empty()) &&
                (!ConcreteTensors::isConcreteTensor(R) || R.Dims.empty());
  Value T = Value::shaped(
      Scalar ? std::vector<const sym::Expr *>{}
             : std::vector<const sym::Expr *>{Sym.constant(int64_t(Len))},
      "8");
  T.Elems = std::move(Out);
  return T;
}

void Evaluator::sliceElements(const Value &T, const Value &Lo, const Value &Hi,
                              const Value &St, Value &R) {
  if (!ConcreteTensors::isConcreteTensor(T) || T.Dims.size() != 1)
    return;
  int64_t N = int64_t(T.Elems.size());
  auto Bound = [&](const Value &V, int64_t Absent) -> std::optional<int64_t> {
    if (V.is(ValueKind::None))
      return Absent;
    if (!V.is(ValueKind::Int))
      return std::nullopt;
    return std::clamp<int64_t>(V.I < 0 ? V.I + N : V.I, 0, N);
  };
  std::optional<int64_t> A = Bound(Lo, 0), B = Bound(Hi, N);
  if (!A || !B || !St.is(ValueKind::Int) || St.I != 1)
    return;
  std::vector<Value> Out;
  for (int64_t I = *A; I < *B; ++I)
    Out.push_back(T.Elems[size_t(I)]);
  R.Elems = std::move(Out);
}

} // namespace modcost
