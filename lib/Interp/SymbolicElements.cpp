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
/// stated lengths. A two-dimensional input (a vision encoder's `grid_thw`,
/// one row `[t, h, w]` per image) keeps its rows the same way: `tolist()`
/// gives the rows, `grid_thw[:, 1]` a column, and `repeat_interleave`,
/// `cumsum` and `F.pad` compute the packed lengths from them
/// (`get_vision_cu_seqlens`). The report lists the expectation among its
/// assumptions.
///
//===----------------------------------------------------------------------===//

#include "SymbolicElements.h"
#include "ConcreteNumbers.h"
#include "ConcreteTensors.h"

#include "modcost/Symbolic/Parser.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace modcost {

void SymbolicElements::statedInputElements(Value &T, StringRef Name,
                                           const ProfileEntry &V) {
  SmallVector<StringRef, 8> Parts;
  StringRef(V.Val.Name).split(Parts, ',');
  std::vector<Value> Elems;
  for (StringRef P : Parts) {
    Expected<const sym::Expr *> X = sym::parse(P.trim(), Sym);
    if (!X) {
      consumeError(X.takeError());
      Eval.Diags.report(DiagLevel::Warning,
                        "input_value." + Name + ": `" + P.trim() +
                            "` is no integer formula: ignored");
      return;
    }
    Elems.push_back(Eval.dimValue(*X, "input_value." + Name.str()));
  }
  // A table's rows follow one another: its row length must divide the
  // list, which gives the number of rows.
  std::optional<int64_t> RowLen;
  if (T.DimsKnown && T.Dims.size() == 2 && T.Dims[1] && T.Dims[1]->isConstant())
    RowLen = T.Dims[1]->getConstantValue().getNumerator().tryGetInt64();
  if (!T.DimsKnown || (T.Dims.size() != 1 && !RowLen) ||
      (RowLen && (*RowLen <= 0 || Elems.size() % size_t(*RowLen) != 0))) {
    Eval.Diags.report(DiagLevel::Warning,
                      "input_value." + Name + " lists " +
                          std::to_string(Elems.size()) +
                          " elements, but the input is neither a "
                          "one-dimensional tensor nor rows of a known "
                          "length that divides them: ignored");
    return;
  }
  // The list gives the length: -D input_value.cu_seqlens='0, a, a + b'
  // states two sequences without a matching --input-shape.
  T.Dims[0] = Sym.constant(
      int64_t(RowLen ? Elems.size() / size_t(*RowLen) : Elems.size()));
  T.Elems = std::move(Elems);
  std::string Note = "`" + Name.str() + "` holds [" + V.Val.Name +
                     "] (input_value." + Name.str() + " from " + V.Origin +
                     ": a stated expectation, the value is data)";
  T.Why = joinWhy(T.Why, Note);
  if (!is_contained(Eval.Result.Assumptions, Note))
    Eval.Result.Assumptions.push_back(Note);
}

bool SymbolicElements::hasSymbolicElements(const Value &V) {
  return ConcreteTensors::isConcreteTensor(V) &&
         any_of(V.Elems,
                [](const Value &E) { return E.is(ValueKind::Symbol); });
}

std::optional<Value> SymbolicElements::elementwise(StringRef Op, const Value &L,
                                                   const Value &R) {
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
    const sym::Expr *X = Eval.dimExpr((*A)[A->size() == 1 ? 0 : I]);
    const sym::Expr *Y = Eval.dimExpr((*B)[B->size() == 1 ? 0 : I]);
    if (!X || !Y)
      return std::nullopt;
    const sym::Expr *Z = Op == "+"   ? Sym.add(X, Y)
                         : Op == "-" ? Sym.sub(X, Y)
                         : Op == "*" ? Sym.mul(X, Y)
                                     : nullptr;
    if (!Z)
      return std::nullopt; // Only integer ring operations keep sizes exact.
    Out.push_back(Eval.dimValue(Z, "element-wise `" + Op.str() + "`"));
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

void SymbolicElements::slice(const Value &T, const Value &Lo, const Value &Hi,
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

std::optional<std::pair<size_t, size_t>>
SymbolicElements::tableShape(const Value &V) {
  if (!V.is(ValueKind::Tensor) || !V.DimsKnown || V.Dims.size() != 2 ||
      V.Elems.empty())
    return std::nullopt;
  int64_t N[2];
  for (size_t I = 0; I < 2; ++I) {
    const sym::Expr *D = V.Dims[I];
    std::optional<int64_t> E =
        D && D->isConstant()
            ? D->getConstantValue().getNumerator().tryGetInt64()
            : std::nullopt;
    if (!E || *E <= 0)
      return std::nullopt;
    N[I] = *E;
  }
  if (size_t(N[0] * N[1]) != V.Elems.size())
    return std::nullopt;
  return std::make_pair(size_t(N[0]), size_t(N[1]));
}

std::optional<std::vector<Value>>
SymbolicElements::pick(const Value &T, ArrayRef<std::optional<int64_t>> Picks) {
  std::optional<std::pair<size_t, size_t>> Shape = tableShape(T);
  if (!Shape || Picks.empty() || Picks.size() > 2)
    return std::nullopt;
  auto [Rows, Cols] = *Shape;
  auto Index = [](int64_t I, size_t N) -> std::optional<size_t> {
    int64_t K = I < 0 ? I + int64_t(N) : I;
    if (K < 0 || K >= int64_t(N))
      return std::nullopt;
    return size_t(K);
  };
  std::vector<Value> Out;
  if (Picks[0] && (Picks.size() == 1 || !Picks[1])) { // T[i], T[i, :]
    std::optional<size_t> R = Index(*Picks[0], Rows);
    if (!R)
      return std::nullopt;
    for (size_t C = 0; C < Cols; ++C)
      Out.push_back(T.Elems[*R * Cols + C]);
    return Out;
  }
  if (!Picks[0] && Picks.size() == 2 && Picks[1]) { // T[:, j]
    std::optional<size_t> C = Index(*Picks[1], Cols);
    if (!C)
      return std::nullopt;
    for (size_t R = 0; R < Rows; ++R)
      Out.push_back(T.Elems[R * Cols + *C]);
    return Out;
  }
  return std::nullopt;
}

Value SymbolicElements::vector(std::vector<Value> Elems, StringRef Bytes) {
  Value T = Value::shaped({Sym.constant(int64_t(Elems.size()))}, Bytes);
  T.Elems = std::move(Elems);
  return T;
}

/// The dtype keyword's element size, or \p Default.
static std::string dtypeBytes(const CallArgs &Args, StringRef Default) {
  std::optional<Value> D = Args.keyword("dtype");
  if (!D)
    return Default.str();
  StringRef N(D->Name);
  return N.ends_with("int32") ? "4" : N.ends_with("int64") ? "8" : "";
}

std::optional<Value> SymbolicElements::cumsum(const Value &T,
                                              const CallArgs &Args) {
  std::string Bytes = dtypeBytes(Args, T.Bytes);
  if (!hasSymbolicElements(T) || T.Dims.size() != 1 || Bytes.empty())
    return std::nullopt;
  const sym::Expr *S = Sym.getZero();
  std::vector<Value> Out;
  for (const Value &E : T.Elems) {
    const sym::Expr *X = Eval.dimExpr(E);
    if (!X)
      return std::nullopt;
    S = Sym.add(S, X);
    Out.push_back(Eval.dimValue(S, "cumulative sum"));
  }
  return vector(std::move(Out), Bytes);
}

std::optional<Value> SymbolicElements::method(const Value &T, StringRef M,
                                              const CallArgs &Args) {
  if (std::optional<std::pair<size_t, size_t>> Shape = tableShape(T);
      Shape && M == "tolist") {
    size_t Cols = Shape->second;
    std::vector<Value> Rows;
    for (size_t I = 0; I < T.Elems.size(); I += Cols)
      Rows.push_back(Value::tuple(
          std::vector<Value>(T.Elems.begin() + I, T.Elems.begin() + I + Cols),
          "a row of `tolist()`"));
    return Value::tuple(std::move(Rows), "tolist()");
  }
  if (!ConcreteTensors::isConcreteTensor(T) || T.Dims.size() != 1)
    return std::nullopt;
  // One element repeated: `torch.tensor([m]).expand(n)`, `.repeat(n)`.
  if ((M == "expand" || M == "repeat") && T.Elems.size() == 1 &&
      Args.Positional.size() == 1 && Args.arg(0).is(ValueKind::Int) &&
      Args.arg(0).I > 0 && size_t(Args.arg(0).I) <= concrete::MaxElements)
    return vector(std::vector<Value>(size_t(Args.arg(0).I), T.Elems[0]),
                  T.Bytes);
  if (M == "cumsum" && hasSymbolicElements(T))
    return cumsum(T, Args);
  return std::nullopt;
}

std::optional<Value> SymbolicElements::function(StringRef Op,
                                                const CallArgs &Args) {
  const Value A = Args.arg(0);
  if (Op == "tensor" || Op == "as_tensor") {
    // A list of sizes: `torch.tensor([spatial_merge_size])`.
    bool Sized = A.is(ValueKind::Tuple) && !A.RepeatCount && !A.Elems.empty() &&
                 A.Elems.size() <= concrete::MaxElements;
    bool AnySymbol = false;
    for (const Value &E : Sized ? A.Elems : std::vector<Value>()) {
      Sized &= E.is(ValueKind::Int) || E.is(ValueKind::Symbol);
      AnySymbol |= E.is(ValueKind::Symbol);
    }
    std::string Bytes = dtypeBytes(Args, "8");
    if (!Sized || !AnySymbol || Bytes.empty())
      return std::nullopt;
    return vector(A.Elems, Bytes);
  }
  if (!hasSymbolicElements(A) || A.Dims.size() != 1)
    return std::nullopt;
  if (Op == "cumsum")
    return cumsum(A, Args);
  if (Op == "repeat_interleave") {
    // Each element repeated its own (known) number of times.
    Value Repeats = Args.Positional.size() > 1
                        ? Args.arg(1)
                        : Args.keyword("repeats").value_or(Value::unknown());
    std::vector<int64_t> Counts;
    if (Repeats.is(ValueKind::Int))
      Counts.assign(A.Elems.size(), Repeats.I);
    else if (ConcreteTensors::isConcreteTensor(Repeats))
      for (const Value &E : Repeats.Elems) {
        if (!E.is(ValueKind::Int))
          return std::nullopt;
        Counts.push_back(E.I);
      }
    if (Counts.size() != A.Elems.size() || Args.keyword("dim"))
      return std::nullopt;
    std::vector<Value> Out;
    for (size_t I = 0; I < Counts.size(); ++I) {
      if (Counts[I] < 0 ||
          Out.size() + size_t(Counts[I]) > concrete::MaxElements)
        return std::nullopt;
      Out.insert(Out.end(), size_t(Counts[I]), A.Elems[I]);
    }
    if (Out.empty())
      return std::nullopt;
    return vector(std::move(Out), A.Bytes);
  }
  if (Op == "pad") {
    // `F.pad(x, (before, after), value=v)` of constants.
    Value P = Args.arg(1);
    std::optional<Value> Mode = Args.keyword("mode");
    if (Args.Positional.size() > 2)
      Mode = Args.arg(2);
    Value Fill = Args.keyword("value").value_or(
        Args.Positional.size() > 3 ? Args.arg(3) : Value::integer(0));
    if (!P.is(ValueKind::Tuple) || P.Elems.size() != 2 ||
        !P.Elems[0].is(ValueKind::Int) || !P.Elems[1].is(ValueKind::Int) ||
        P.Elems[0].I < 0 || P.Elems[1].I < 0 || !Fill.is(ValueKind::Int) ||
        (Mode && !(Mode->is(ValueKind::Str) && Mode->Name == "constant")))
      return std::nullopt;
    std::vector<Value> Out(size_t(P.Elems[0].I), Fill);
    Out.insert(Out.end(), A.Elems.begin(), A.Elems.end());
    Out.insert(Out.end(), size_t(P.Elems[1].I), Fill);
    return vector(std::move(Out), A.Bytes);
  }
  return std::nullopt;
}

} // namespace modcost
