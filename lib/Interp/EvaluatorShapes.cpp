//===- EvaluatorShapes.cpp - Tensor shape rules of the evaluator ----------===//
///
/// \file
/// The shape half of the partial evaluator: symbolic dimensions of tensor
/// values through Tensor methods, torch / torch.nn.functional functions,
/// Python operators and subscripts, and through calls of submodules and
/// Python helper functions, which are evaluated with the caller's actual
/// arguments (so a child sees the shapes its parent passes). docs/Shapes.md
/// lists every rule.
///
//===----------------------------------------------------------------------===//

#include "EvaluatorImpl.h"

#include "modcost/Symbolic/Parser.h"

#include "modcost/Symbolic/StandardSymbols.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace modcost {

using Dims = std::vector<const sym::Expr *>;

const sym::Expr *Evaluator::dimExpr(const Value &V) {
  if (V.is(ValueKind::Int))
    return Sym.constant(V.I);
  if (V.is(ValueKind::Bool))
    return Sym.constant(V.B ? 1 : 0);
  if (V.is(ValueKind::Symbol) && V.Sym)
    return V.Sym;
  return nullptr;
}

Value Evaluator::dimValue(const sym::Expr *E, StringRef Why) {
  if (!E)
    return Value::unknown(Why);
  return Value::symbolic(E, Why);
}

Value Evaluator::configAttribute(StringRef Name) {
  StringRef Standard = Name;
#define CONFIG_ALIAS(ATTR, STD)                                                \
  if (Name == #ATTR)                                                           \
    Standard = #STD;
#include "modcost/Interp/ConfigAliases.def"
  noteSymbol(Standard,
             Standard == Name
                 ? "config attribute `" + Name.str() + "`"
                 : "config attribute `" + Name.str() + "` (standard name)");
  Value V = Value::symbolic(
      Sym.symbol(Standard),
      Standard == Name ? "config attribute `" + Name.str() + "`"
                       : "config attribute `" + Name.str() +
                             "` (standard name `" + Standard.str() + "`)");
  return V;
}

/// Normalizes a possibly negative dimension index.
static std::optional<size_t> normDim(const Value &D, size_t Rank) {
  if (!D.is(ValueKind::Int))
    return std::nullopt;
  int64_t I = D.I < 0 ? D.I + int64_t(Rank) : D.I;
  if (I < 0 || I >= int64_t(Rank))
    return std::nullopt;
  return size_t(I);
}

std::optional<Dims> Evaluator::shapeArgs(const CallArgs &A, size_t From) {
  // Either f(d0, d1, ...) or f((d0, d1, ...)) / f(torch.Size).
  std::vector<Value> Items;
  if (A.Positional.size() == From + 1 &&
      A.Positional[From].is(ValueKind::Tuple))
    Items = A.Positional[From].Elems;
  else
    Items.assign(A.Positional.begin() + std::min(From, A.Positional.size()),
                 A.Positional.end());
  if (A.UnknownSplat)
    return std::nullopt;
  Dims Out;
  for (const Value &V : Items) {
    if (V.is(ValueKind::Tuple)) { // *shape spliced in as a tuple element
      for (const Value &E : V.Elems)
        Out.push_back(dimExpr(E));
      continue;
    }
    Out.push_back(dimExpr(V));
  }
  return Out;
}

Value Evaluator::broadcast(const Value &A, const Value &B) {
  const Value *T = A.is(ValueKind::Tensor) ? &A : &B;
  const Value *O = T == &A ? &B : &A;
  if (!O->is(ValueKind::Tensor)) {
    Value R = *T;
    R.Name.clear();
    R.Why.clear();
    R.Contiguous = true;
    if (R.Bytes == "w_bytes")
      R.Bytes = "a_bytes";
    return R;
  }
  if (!A.DimsKnown || !B.DimsKnown)
    return Value::tensor(-1);
  size_t N = std::max(A.Dims.size(), B.Dims.size());
  Dims Out(N, nullptr);
  for (size_t I = 0; I < N; ++I) {
    const sym::Expr *X =
        I < N - A.Dims.size() ? nullptr : A.Dims[I - (N - A.Dims.size())];
    const sym::Expr *Y =
        I < N - B.Dims.size() ? nullptr : B.Dims[I - (N - B.Dims.size())];
    bool XMissing = I < N - A.Dims.size(), YMissing = I < N - B.Dims.size();
    if (XMissing)
      Out[I] = Y;
    else if (YMissing)
      Out[I] = X;
    else if (X && X->isOne())
      Out[I] = Y;
    else if (Y && Y->isOne())
      Out[I] = X;
    else
      Out[I] = X ? X : Y;
  }
  // Same element type stays (int64 index arithmetic); mixed precision
  // follows the wider operand.
  std::string Bytes = A.Bytes == B.Bytes && A.Bytes != "w_bytes" ? A.Bytes
                      : A.Bytes == "4" || B.Bytes == "4"         ? "4"
                                                                 : "a_bytes";
  return Value::shaped(std::move(Out), Bytes);
}

Value Evaluator::matmul(const Value &A, const Value &B) {
  if (!A.DimsKnown || !B.DimsKnown || A.Dims.empty() || B.Dims.empty())
    return Value::tensor(-1);
  Dims X = A.Dims, Y = B.Dims;
  bool XVec = X.size() == 1, YVec = Y.size() == 1;
  if (XVec)
    X.insert(X.begin(), Sym.getOne());
  if (YVec)
    Y.push_back(Sym.getOne());
  Dims BatchX(X.begin(), X.end() - 2), BatchY(Y.begin(), Y.end() - 2);
  Value BX = Value::shaped(BatchX), BY = Value::shaped(BatchY);
  Value Batch = BX.Dims.empty() ? BY : BY.Dims.empty() ? BX : broadcast(BX, BY);
  Dims Out = Batch.Dims;
  if (!XVec)
    Out.push_back(X[X.size() - 2]);
  if (!YVec)
    Out.push_back(Y.back());
  return Value::shaped(std::move(Out));
}

/// Bytes per element after a dtype conversion, or empty if unknown.
static std::string bytesOfDtype(const Value &D) {
  StringRef N = D.Name;
  if (!D.is(ValueKind::Callable) && !D.is(ValueKind::DType))
    return "";
  N = N.rsplit('.').second.empty() ? N : N.rsplit('.').second;
  return StringSwitch<std::string>(N)
      .Cases("float32", "float", "int32", "4")
      .Cases("float16", "half", "bfloat16", "int16", "2")
      .Cases("float64", "double", "int64", "long", "8")
      .Cases("int8", "uint8", "bool", "1")
      .Default("");
}

Value Evaluator::tensorMethod(const Value &T, StringRef M,
                              const CallArgs &Args) {
  auto Arg = [&](size_t I) { return Args.arg(I); };
  auto Kw = [&](StringRef Name) { return Args.keyword(Name); };
  auto DimArg = [&](size_t Pos) -> Value {
    if (auto V = Kw("dim"))
      return *V;
    return Arg(Pos);
  };
  size_t Rank = T.DimsKnown ? T.Dims.size() : 0;
  auto Same = [&](bool KeepContig = false) {
    Value R = T;
    R.Name.clear();
    R.Why.clear();
    if (!KeepContig)
      R.Contiguous = true;
    if (R.Bytes == "w_bytes")
      R.Bytes = "a_bytes";
    return R;
  };

  if (M == "dim" || M == "ndimension")
    return T.Rank >= 0 ? Value::integer(T.Rank, T.Why) : Value::unknown();
  if (M == "size") {
    if (!T.DimsKnown)
      return Value::unknown();
    if (Args.Positional.empty() && !Kw("dim")) {
      std::vector<Value> Elems;
      for (const sym::Expr *D : T.Dims)
        Elems.push_back(dimValue(D));
      return Value::tuple(std::move(Elems));
    }
    if (auto I = normDim(DimArg(0), Rank))
      return dimValue(T.Dims[*I]);
    return Value::unknown();
  }
  if (M == "numel") {
    if (!T.DimsKnown || llvm::is_contained(T.Dims, nullptr))
      return Value::unknown();
    return dimValue(Sym.mul(T.Dims));
  }
  if (M == "item" || M == "tolist" || M == "is_floating_point" ||
      M == "is_contiguous" || M == "data_ptr" || M == "stride" || M == "any" ||
      M == "all" || M == "element_size")
    return Value::unknown();
  if (M == "contiguous") {
    Value R = T;
    if (!T.Contiguous) // A contiguous tensor returns itself.
      R.Name.clear();
    R.Contiguous = true;
    return R;
  }
  if (M == "clone" || M == "detach")
    return Same();
  if (M == "float" || M == "half" || M == "bfloat16" || M == "double" ||
      M == "long" || M == "int" || M == "bool" || M == "to" || M == "type" ||
      M == "type_as") {
    Value R = Same();
    std::string B = M == "float"                       ? "4"
                    : (M == "half" || M == "bfloat16") ? "2"
                    : M == "double" || M == "long"     ? "8"
                    : M == "int"                       ? "4"
                    : M == "bool"                      ? "1"
                                                       : "";
    if (M == "to" || M == "type") {
      Value D = Kw("dtype") ? *Kw("dtype") : Arg(0);
      B = bytesOfDtype(D);
      if (D.is(ValueKind::DType) && D.Name == "activation dtype")
        B = "a_bytes"; // .to(x.dtype): back to the activation type.
      if (B.empty() && D.is(ValueKind::Tensor))
        B = D.Bytes;
      if (B.empty())
        B = T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes;
    }
    if (M == "type_as")
      B = Arg(0).is(ValueKind::Tensor) ? Arg(0).Bytes : T.Bytes;
    R.Bytes = B;
    // A cast to its own type returns the tensor itself; between element
    // sizes that may be equal (a_bytes and 4) it may.
    auto Literal = [](StringRef X) { return !X.empty() && isDigit(X[0]); };
    if (B == T.Bytes)
      R.Name = T.Name;
    else if (!Literal(B) || !Literal(T.Bytes))
      R.Name = UnknownIdentity;
    return R;
  }
  if (!T.DimsKnown) {
    Value R = Value::tensor(-1);
    R.Name = UnknownIdentity; // Some methods return their receiver.
    return R;
  }

  if (M == "view" || M == "reshape" || M == "view_as" || M == "reshape_as" ||
      M == "expand" || M == "expand_as" || M == "repeat" || M == "new_zeros" ||
      M == "new_ones" || M == "new_empty") {
    std::optional<Dims> Shape;
    if (M == "view_as" || M == "reshape_as" || M == "expand_as") {
      if (Arg(0).is(ValueKind::Tensor) && Arg(0).DimsKnown)
        Shape = Arg(0).Dims;
    } else {
      Shape = shapeArgs(Args, 0);
    }
    if (!Shape)
      return Value::tensor(-1);
    Dims Out = *Shape;
    if (M == "expand" || M == "expand_as") {
      size_t Off = Out.size() - std::min(Out.size(), T.Dims.size());
      for (size_t I = 0; I < Out.size(); ++I)
        if (Out[I] && Out[I]->isConstant() &&
            Out[I]->getConstantValue() == sym::Rational(-1) && I >= Off)
          Out[I] = T.Dims[I - Off];
      Value R = Value::shaped(Out, T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes);
      R.Contiguous = false;
      return R;
    }
    if (M == "repeat") {
      size_t Off = Out.size() - std::min(Out.size(), T.Dims.size());
      for (size_t I = Off; I < Out.size(); ++I)
        Out[I] = Out[I] && T.Dims[I - Off] ? Sym.mul(Out[I], T.Dims[I - Off])
                                           : nullptr;
      return Value::shaped(Out);
    }
    // Resolve one -1 from the element count.
    int Minus = -1;
    for (size_t I = 0; I < Out.size(); ++I)
      if (Out[I] && Out[I]->isConstant() &&
          Out[I]->getConstantValue() == sym::Rational(-1))
        Minus = int(I);
    if (Minus >= 0) {
      Out[Minus] = nullptr;
      bool Known = !llvm::is_contained(T.Dims, nullptr);
      Dims Others;
      for (size_t I = 0; I < Out.size(); ++I)
        if (int(I) != Minus) {
          if (!Out[I])
            Known = false;
          else
            Others.push_back(Out[I]);
        }
      if (Known)
        Out[Minus] = Sym.div(Sym.mul(T.Dims),
                             Others.empty() ? Sym.getOne() : Sym.mul(Others));
    }
    Value R = Value::shaped(Out, T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes);
    return R;
  }
  if (M == "unflatten") {
    auto I = normDim(DimArg(0), Rank);
    Value Sizes = Kw("sizes") ? *Kw("sizes") : Arg(1);
    if (!I || !Sizes.is(ValueKind::Tuple))
      return Value::tensor(-1);
    Dims Out(T.Dims.begin(), T.Dims.begin() + *I);
    Dims Parts;
    for (const Value &S : Sizes.Elems)
      Parts.push_back(dimExpr(S));
    int Minus = -1;
    for (size_t K = 0; K < Parts.size(); ++K)
      if (Parts[K] && Parts[K]->isConstant() &&
          Parts[K]->getConstantValue() == sym::Rational(-1))
        Minus = int(K);
    if (Minus >= 0) {
      Dims Others;
      for (size_t K = 0; K < Parts.size(); ++K)
        if (int(K) != Minus && Parts[K])
          Others.push_back(Parts[K]);
      Parts[Minus] =
          T.Dims[*I] ? Sym.div(T.Dims[*I], Sym.mul(Others)) : nullptr;
    }
    Out.insert(Out.end(), Parts.begin(), Parts.end());
    Out.insert(Out.end(), T.Dims.begin() + *I + 1, T.Dims.end());
    Value R = Value::shaped(Out, T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes);
    R.Contiguous = T.Contiguous;
    return R;
  }
  if (M == "transpose" || M == "swapaxes") {
    auto A = normDim(Arg(0), Rank), B = normDim(Arg(1), Rank);
    if (!A || !B)
      return Value::tensor(int(Rank));
    Value R = Same();
    std::swap(R.Dims[*A], R.Dims[*B]);
    R.Contiguous = *A == *B && T.Contiguous;
    return R;
  }
  if (M == "t" && Rank == 2) {
    Value R = Same();
    std::swap(R.Dims[0], R.Dims[1]);
    R.Contiguous = false;
    return R;
  }
  if (M == "permute") {
    std::vector<Value> Order =
        Args.Positional.size() == 1 && Arg(0).is(ValueKind::Tuple)
            ? Arg(0).Elems
            : Args.Positional;
    if (Order.size() != Rank)
      return Value::tensor(int(Rank));
    Value R = Same();
    bool Identity = true;
    for (size_t I = 0; I < Rank; ++I) {
      auto D = normDim(Order[I], Rank);
      if (!D)
        return Value::tensor(int(Rank));
      R.Dims[I] = T.Dims[*D];
      Identity &= *D == I;
    }
    R.Contiguous = Identity && T.Contiguous;
    return R;
  }
  if (M == "unsqueeze") {
    Value D = DimArg(0);
    if (!D.is(ValueKind::Int))
      return Value::tensor(int(Rank) + 1);
    int64_t I = D.I < 0 ? D.I + int64_t(Rank) + 1 : D.I;
    if (I < 0 || I > int64_t(Rank))
      return Value::tensor(int(Rank) + 1);
    Value R = Same(true);
    R.Dims.insert(R.Dims.begin() + I, Sym.getOne());
    R.Rank = int(R.Dims.size());
    return R;
  }
  if (M == "squeeze") {
    Value R = Same(true);
    if (Args.Positional.empty() && !Kw("dim")) {
      Dims Out;
      for (const sym::Expr *D : T.Dims)
        if (!(D && D->isOne()))
          Out.push_back(D);
      R.Dims = Out;
    } else if (auto I = normDim(DimArg(0), Rank)) {
      if (T.Dims[*I] && T.Dims[*I]->isOne())
        R.Dims.erase(R.Dims.begin() + *I);
    }
    R.Rank = int(R.Dims.size());
    return R;
  }
  if (M == "flatten") {
    Value S = Kw("start_dim") ? *Kw("start_dim") : Arg(0);
    Value E = Kw("end_dim") ? *Kw("end_dim") : Arg(1);
    if (S.isUnknown())
      S = Value::integer(0);
    if (E.isUnknown())
      E = Value::integer(-1);
    auto A = normDim(S, Rank), B = normDim(E, Rank);
    if (Rank == 0)
      return Value::shaped({Sym.getOne()});
    if (!A || !B || *A > *B)
      return Value::tensor(-1);
    Dims Out(T.Dims.begin(), T.Dims.begin() + *A);
    Dims Mid(T.Dims.begin() + *A, T.Dims.begin() + *B + 1);
    Out.push_back(llvm::is_contained(Mid, nullptr) ? nullptr : Sym.mul(Mid));
    Out.insert(Out.end(), T.Dims.begin() + *B + 1, T.Dims.end());
    return Value::shaped(Out, T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes);
  }
  if (M == "chunk" || M == "split" || M == "unbind") {
    Value D = M == "unbind" ? DimArg(0) : DimArg(1);
    if (D.isUnknown())
      D = Value::integer(0);
    auto I = normDim(D, Rank);
    if (!I)
      return Value::unknown();
    const sym::Expr *Extent = T.Dims[*I];
    std::optional<int64_t> Count;
    const sym::Expr *Piece = nullptr;
    if (M == "unbind") {
      if (Extent && Extent->isConstant())
        Count = Extent->getConstantValue().getNumerator().tryGetInt64();
    } else if (M == "chunk" && Arg(0).is(ValueKind::Int)) {
      Count = Arg(0).I;
      Piece = Extent ? Sym.div(Extent, Sym.constant(Arg(0).I)) : nullptr;
    } else if (M == "split" && Arg(0).is(ValueKind::Tuple)) {
      // split([s0, s1, ...], dim): one piece per size.
      std::vector<Value> Pieces;
      for (const Value &S : Arg(0).Elems) {
        Value Part = Same();
        Part.Dims[*I] = dimExpr(S);
        Part.Contiguous = *I == 0;
        Pieces.push_back(Part);
      }
      return Value::tuple(std::move(Pieces));
    } else if (M == "split") {
      const sym::Expr *Size = dimExpr(Arg(0));
      if (Size && Extent) {
        const sym::Expr *Q = Sym.div(Extent, Size);
        if (Q->isConstant())
          Count = Q->getConstantValue().getNumerator().tryGetInt64();
        Piece = Size;
      }
    }
    if (!Count || *Count <= 0 || *Count > 64)
      return Value::unknown();
    Value Part = Same();
    if (M == "unbind") {
      Part.Dims.erase(Part.Dims.begin() + *I);
    } else {
      Part.Dims[*I] = Piece;
      Part.Contiguous = *I == 0;
    }
    Part.Rank = int(Part.Dims.size());
    return Value::tuple(std::vector<Value>(size_t(*Count), Part));
  }
  if (M == "sum" || M == "mean" || M == "amax" || M == "amin" || M == "max" ||
      M == "min" || M == "var" || M == "std" || M == "norm" || M == "prod" ||
      M == "argmax" || M == "argmin" || M == "logsumexp") {
    Value D = DimArg(M == "norm" ? 1 : 0);
    bool Keep = Kw("keepdim") && Kw("keepdim")->truth() == Truth::True;
    if (D.isUnknown() && (M == "max" || M == "min") &&
        Arg(0).is(ValueKind::Tensor))
      return broadcast(T, Arg(0)); // Elementwise max/min.
    if (D.isUnknown())
      return Value::shaped({});
    std::vector<Value> Ds =
        D.is(ValueKind::Tuple) ? D.Elems : std::vector<Value>{D};
    std::vector<bool> Drop(Rank, false);
    for (const Value &X : Ds) {
      auto I = normDim(X, Rank);
      if (!I)
        return Value::tensor(-1);
      Drop[*I] = true;
    }
    Dims Out;
    for (size_t I = 0; I < Rank; ++I)
      if (!Drop[I])
        Out.push_back(T.Dims[I]);
      else if (Keep)
        Out.push_back(Sym.getOne());
    Value R = Value::shaped(Out, T.Bytes == "w_bytes" ? "a_bytes" : T.Bytes);
    if ((M == "max" || M == "min") && !D.isUnknown()) {
      Value Idx = R;
      Idx.Bytes = "8"; // (values, int64 indices)
      return Value::tuple({R, Idx});
    }
    if (M == "argmax" || M == "argmin")
      R.Bytes = "8"; // int64 indices
    return R;
  }
  if (M == "topk") {
    Value D = DimArg(1);
    if (D.isUnknown())
      D = Value::integer(-1);
    auto I = normDim(D, Rank);
    if (!I)
      return Value::unknown();
    Value R = Same();
    R.Dims[*I] = dimExpr(Arg(0));
    Value Idx = R;
    Idx.Bytes = "8"; // int64 indices
    return Value::tuple({R, Idx});
  }
  if (M == "matmul" || M == "bmm" || M == "mm")
    return matmul(T, Arg(0));
  if (M == "repeat_interleave") {
    auto I = normDim(DimArg(1), Rank);
    const sym::Expr *N = dimExpr(Arg(0));
    if (!I || !N)
      return Value::tensor(-1);
    Value R = Same();
    R.Dims[*I] = T.Dims[*I] ? Sym.mul(T.Dims[*I], N) : nullptr;
    return R;
  }
  if (M == "gather")
    return Arg(1).is(ValueKind::Tensor) ? Arg(1) : Value::tensor(-1);
  if (M == "nonzero") {
    CallArgs One;
    One.Positional.push_back(T);
    return *tensorFunction("nonzero", One);
  }
  // Element-wise and in-place methods keep (broadcast) the shape.
  static const char *const Elementwise[] = {
      "add",         "sub",          "mul",        "div",         "pow",
      "sqrt",        "rsqrt",        "exp",        "log",         "sigmoid",
      "tanh",        "relu",         "gelu",       "silu",        "softmax",
      "log_softmax", "masked_fill",  "clamp",      "clamp_min",   "clamp_max",
      "neg",         "abs",          "add_",       "sub_",        "mul_",
      "div_",        "masked_fill_", "clamp_",     "copy_",       "zero_",
      "fill_",       "scatter",      "scatter_",   "scatter_add", "index_add_",
      "index_add",   "cumsum",       "cumprod",    "tril",        "triu",
      "float_power", "reciprocal",   "square",     "sin",         "cos",
      "erf",         "floor",        "ceil",       "round",       "eq",
      "ne",          "lt",           "le",         "gt",          "ge",
      "logical_not", "logical_and",  "logical_or", "where",       "nan_to_num",
      "softplus",    "exp_",         "relu_",      "sigmoid_",    "tanh_",
      "normal_",     "uniform_",     "bernoulli",  "type"};
  for (const char *E : Elementwise)
    if (M == E) {
      if (!Args.Positional.empty() && Arg(0).is(ValueKind::Tensor) &&
          M != "masked_fill" && M != "masked_fill_" && M != "scatter" &&
          M != "scatter_" && M != "index_add_") {
        Value R = broadcast(T, Arg(0));
        if (M.ends_with("_")) // In place: returns its receiver.
          R.Name = T.Name;
        return R;
      }
      Value R = Same(M.ends_with("_"));
      if (M.ends_with("_"))
        R.Name = T.Name;
      return R;
    }
  Value R = Value::tensor(-1);
  R.Name = UnknownIdentity; // An unknown method may return its receiver.
  return R;
}

std::optional<Value> Evaluator::tensorFunction(StringRef Op,
                                               const CallArgs &Args) {
  auto Arg = [&](size_t I) { return Args.arg(I); };
  auto Kw = [&](StringRef Name) { return Args.keyword(Name); };
  auto KwOr = [&](StringRef Name, size_t Pos) {
    if (auto V = Kw(Name))
      return *V;
    return Arg(Pos);
  };
  Value X = Arg(0);

  // Factories.
  if (Op == "empty" || Op == "zeros" || Op == "ones" || Op == "randn" ||
      Op == "rand" || Op == "full" || Op == "empty_like" ||
      Op == "zeros_like" || Op == "ones_like" || Op == "full_like" ||
      Op == "randn_like" || Op == "rand_like") {
    if (Op.ends_with("_like"))
      return X.is(ValueKind::Tensor) ? X : Value::tensor(-1);
    CallArgs Sizes = Args;
    if (Op == "full" && !Sizes.Positional.empty())
      Sizes.Positional.resize(1);
    std::optional<Dims> D;
    if (Op == "full" && X.is(ValueKind::Tuple))
      D = shapeArgs(Sizes, 0);
    else if (Op != "full")
      D = shapeArgs(Sizes, 0);
    if (auto S = Kw("size"))
      if (S->is(ValueKind::Tuple)) {
        CallArgs One;
        One.Positional.push_back(*S);
        D = shapeArgs(One, 0);
      }
    if (!D)
      return Value::tensor(-1);
    std::string Bytes = Kw("dtype") ? bytesOfDtype(*Kw("dtype")) : "";
    return Value::shaped(*D, Bytes.empty() ? "a_bytes" : Bytes);
  }
  if (Op == "arange") {
    if (Args.Positional.size() == 1)
      return dimExpr(X) ? Value::shaped({dimExpr(X)}, "8") : Value::tensor(1);
    if (Args.Positional.size() >= 2 && dimExpr(Arg(0)) && dimExpr(Arg(1)))
      return Value::shaped({Sym.sub(dimExpr(Arg(1)), dimExpr(Arg(0)))}, "8");
    return Value::tensor(1);
  }
  if (Op == "tensor" || Op == "as_tensor")
    return Value::tensor(-1);
  if (Op == "meshgrid") {
    // meshgrid(a, b, ..., indexing="ij"): k tensors of shape [|a|, |b|, ...].
    std::vector<Value> In = Args.Positional;
    if (In.size() == 1 && In[0].is(ValueKind::Tuple))
      In = In[0].Elems;
    Dims Out;
    for (const Value &V : In) {
      if (!V.is(ValueKind::Tensor) || !V.DimsKnown || V.Dims.size() != 1)
        return Value::unknown();
      Out.push_back(V.Dims[0]);
    }
    if (auto Ix = Kw("indexing"))
      if (Ix->is(ValueKind::Str) && Ix->Name == "xy" && Out.size() >= 2)
        std::swap(Out[0], Out[1]);
    return Value::tuple(
        std::vector<Value>(In.size(), Value::shaped(Out, In[0].Bytes)));
  }
  // torch's fused inference kernels behind nn.MultiheadAttention and
  // nn.TransformerEncoderLayer fast paths: the output has the query's shape.
  if (Op == "_native_multi_head_attention" && X.is(ValueKind::Tensor)) {
    Value Out = X;
    Out.Name.clear();
    Out.Contiguous = true;
    return Value::tuple({Out, Value::none()});
  }
  if (Op == "_transformer_encoder_layer_fwd" && X.is(ValueKind::Tensor)) {
    Value Out = X;
    Out.Name.clear();
    Out.Contiguous = true;
    return Out;
  }
  if (Op == "roll" || Op == "flip" || Op == "fliplr" || Op == "clone")
    return X.is(ValueKind::Tensor) ? X : Value::tensor(-1);
  if (!X.is(ValueKind::Tensor) && Op != "cat" && Op != "concat" &&
      Op != "stack" && Op != "where" && Op != "einsum")
    return std::nullopt;

  // Matrix products.
  if (Op == "matmul" || Op == "bmm" || Op == "mm")
    return matmul(X, Arg(1));
  if (Op == "baddbmm" || Op == "addmm")
    return matmul(Arg(1), Arg(2));
  if (Op == "linear") {
    Value W = KwOr("weight", 1);
    if (!X.DimsKnown || !W.is(ValueKind::Tensor) || !W.DimsKnown ||
        W.Dims.empty())
      return Value::tensor(X.Rank);
    Dims Out(X.Dims.begin(), X.Dims.end() - 1);
    Out.push_back(W.Dims.size() == 2 ? W.Dims[0] : nullptr);
    return Value::shaped(Out, X.Bytes == "w_bytes" ? "a_bytes" : X.Bytes);
  }
  if (Op == "embedding") {
    Value W = KwOr("weight", 1);
    if (!X.DimsKnown || !W.DimsKnown || W.Dims.size() != 2)
      return Value::tensor(-1);
    Dims Out = X.Dims;
    Out.push_back(W.Dims[1]);
    return Value::shaped(Out);
  }
  if (Op == "scaled_dot_product_attention") {
    Value Q = X, V = Arg(2);
    if (!Q.DimsKnown || !V.is(ValueKind::Tensor) || !V.DimsKnown)
      return Value::tensor(Q.Rank);
    Dims Out(Q.Dims.begin(), Q.Dims.end() - 1);
    Out.push_back(V.Dims.back());
    return Value::shaped(Out, Q.Bytes);
  }
  if (Op == "conv1d" || Op == "conv2d" || Op == "conv3d" ||
      Op == "max_pool1d" || Op == "max_pool2d" || Op == "avg_pool1d" ||
      Op == "avg_pool2d" || Op == "max_pool3d" || Op == "avg_pool3d") {
    bool Conv = Op.starts_with("conv");
    size_t Spatial = Op[Op.size() - 2] - '0'; // conv2d -> 2
    if (!X.DimsKnown || X.Dims.size() < Spatial + 1)
      return Value::tensor(X.Rank);
    Value W = Conv ? KwOr("weight", 1) : Value::unknown();
    auto Tuple = [&](const Value &V, int64_t Default) -> Dims {
      Dims Out;
      if (V.is(ValueKind::Tuple))
        for (const Value &E : V.Elems)
          Out.push_back(dimExpr(E));
      else if (dimExpr(V))
        Out.assign(Spatial, dimExpr(V));
      else if (V.isUnknown())
        Out.assign(Spatial, Sym.constant(Default));
      Out.resize(Spatial, nullptr);
      return Out;
    };
    Dims K, S, P, D;
    if (Conv) {
      if (!W.is(ValueKind::Tensor) || !W.DimsKnown ||
          W.Dims.size() != Spatial + 2)
        return Value::tensor(X.Rank);
      K.assign(W.Dims.end() - Spatial, W.Dims.end());
      S = Tuple(KwOr("stride", 3), 1);
      Value Pad = KwOr("padding", 4);
      if (Pad.is(ValueKind::Str) && Pad.Name == "same")
        P.assign(Spatial, nullptr);
      else
        P = Tuple(Pad, 0);
      D = Tuple(KwOr("dilation", 5), 1);
    } else {
      K = Tuple(KwOr("kernel_size", 1), 1);
      Value St = KwOr("stride", 2);
      S = St.isUnknown() || (St.is(ValueKind::Tuple) && St.Elems.empty())
              ? K
              : Tuple(St, 1);
      P = Tuple(KwOr("padding", 3), 0);
      D = Tuple(Op.contains("max") ? KwOr("dilation", 4) : Value::unknown(), 1);
    }
    Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
    if (Conv)
      Out.back() = W.Dims[0];
    for (size_t I = 0; I < Spatial; ++I) {
      const sym::Expr *In = X.Dims[X.Dims.size() - Spatial + I];
      Value Pad = KwOr("padding", 4);
      if (Conv && Pad.is(ValueKind::Str) && Pad.Name == "same") {
        Out.push_back(In);
        continue;
      }
      if (!In || !K[I] || !S[I] || !P[I] || !D[I]) {
        Out.push_back(nullptr);
        continue;
      }
      // floor((in + 2p - d(k-1) - 1) / s) + 1
      const sym::Expr *Num = Sym.sub(
          Sym.add(In, Sym.mul(Sym.constant(2), P[I])),
          Sym.add(Sym.mul(D[I], Sym.sub(K[I], Sym.getOne())), Sym.getOne()));
      Out.push_back(Sym.add(Sym.floorDiv(Num, S[I]), Sym.getOne()));
    }
    return Value::shaped(Out, X.Bytes == "w_bytes" ? "a_bytes" : X.Bytes);
  }
  if (Op == "adaptive_avg_pool1d" || Op == "adaptive_avg_pool2d" ||
      Op == "adaptive_max_pool2d") {
    size_t Spatial = Op.contains("1d") ? 1 : 2;
    if (!X.DimsKnown || X.Dims.size() < Spatial)
      return Value::tensor(X.Rank);
    Value O = KwOr("output_size", 1);
    Dims Out(X.Dims.begin(), X.Dims.end() - Spatial);
    for (size_t I = 0; I < Spatial; ++I)
      Out.push_back(O.is(ValueKind::Tuple) && I < O.Elems.size()
                        ? dimExpr(O.Elems[I])
                        : dimExpr(O));
    return Value::shaped(Out, X.Bytes);
  }
  if (Op == "cat" || Op == "concat" || Op == "stack") {
    Value Seq = X;
    Value D = KwOr("dim", 1);
    if (D.isUnknown())
      D = Value::integer(0);
    if (!Seq.is(ValueKind::Tuple) || Seq.Elems.empty())
      return Value::tensor(-1);
    const Value &First = Seq.Elems[0];
    if (!First.is(ValueKind::Tensor) || !First.DimsKnown)
      return Value::tensor(-1);
    size_t Rank = First.Dims.size();
    if (Op == "stack") {
      if (!D.is(ValueKind::Int))
        return Value::tensor(int(Rank) + 1);
      int64_t I = D.I < 0 ? D.I + int64_t(Rank) + 1 : D.I;
      Dims Out = First.Dims;
      Out.insert(Out.begin() + std::clamp<int64_t>(I, 0, Rank),
                 Sym.constant(int64_t(Seq.Elems.size())));
      return Value::shaped(Out, First.Bytes);
    }
    auto I = normDim(D, Rank);
    if (!I)
      return Value::tensor(int(Rank));
    Dims Out = First.Dims;
    Dims Parts;
    for (const Value &E : Seq.Elems) {
      if (!E.is(ValueKind::Tensor) || !E.DimsKnown || E.Dims.size() != Rank ||
          !E.Dims[*I])
        return Value::tensor(int(Rank));
      Parts.push_back(E.Dims[*I]);
    }
    Out[*I] = Sym.add(Parts);
    return Value::shaped(Out, First.Bytes);
  }
  if (Op == "where" && Args.Positional.size() == 1) {
    // torch.where(mask): index tensors of the True positions. Their length
    // is data-dependent; inside a loop over the rows of a routing mask,
    // routing = 'uniform' gives each iteration its share of the elements.
    const ProfileEntry *Routing = fact("routing");
    const sym::Expr *N = X.DimsKnown && !llvm::is_contained(X.Dims, nullptr)
                             ? Sym.mul(X.Dims)
                             : nullptr;
    if (N && !RoutingShares.empty() && Routing &&
        Routing->Val.is(ValueKind::Str) && Routing->Val.Name == "uniform") {
      Value Idx = Value::shaped({Sym.div(N, RoutingShares.back())}, "8",
                                "uniform routing: each of the " +
                                    RoutingShares.back()->str() +
                                    " iterations receives an equal share");
      return Value::tuple(std::vector<Value>(X.Dims.size(), Idx));
    }
    return Value::tuple(
        std::vector<Value>(X.DimsKnown ? X.Dims.size() : 1, Value::tensor(1)));
  }
  if (Op == "nonzero" || Op == "argwhere") {
    // Upper bound: every element is non-zero (all experts hit).
    if (!X.DimsKnown || llvm::is_contained(X.Dims, nullptr))
      return Value::tensor(2);
    return Value::shaped(
        {Sym.mul(X.Dims), Sym.constant(int64_t(X.Dims.size()))}, "8");
  }
  if (Op == "greater" || Op == "less" || Op == "eq" || Op == "ne" ||
      Op == "gt" || Op == "lt" || Op == "ge" || Op == "le" ||
      Op == "greater_equal" || Op == "less_equal") {
    Value R = Arg(1).is(ValueKind::Tensor) ? broadcast(X, Arg(1)) : X;
    R.Name.clear();
    R.Bytes = "1";
    R.Contiguous = true;
    return R;
  }
  if (Op == "where") {
    Value C = X, A = Arg(1), B = Arg(2);
    Value R = A.is(ValueKind::Tensor) ? broadcast(C, A) : C;
    return B.is(ValueKind::Tensor) ? broadcast(R, B) : R;
  }
  if (Op == "one_hot") {
    if (!X.DimsKnown || !dimExpr(KwOr("num_classes", 1)))
      return Value::tensor(-1);
    Dims Out = X.Dims;
    Out.push_back(dimExpr(KwOr("num_classes", 1)));
    return Value::shaped(Out, "8");
  }
  if (Op == "einsum") {
    // einsum("bhqd,bhkd->bhqk", a, b)
    if (!X.is(ValueKind::Str) || !X.StrExact)
      return Value::tensor(-1);
    StringRef Eq = X.Name;
    auto [Lhs, Rhs] = Eq.split("->");
    SmallVector<StringRef, 4> Ins;
    Lhs.split(Ins, ',');
    std::map<char, const sym::Expr *> Sizes;
    std::vector<Value> Operands = Args.Positional;
    if (Operands.size() == 2 && Operands[1].is(ValueKind::Tuple))
      Operands = {Operands[0], Operands[1].Elems[0]};
    for (size_t I = 0; I < Ins.size() && I + 1 < Operands.size(); ++I) {
      StringRef Spec = Ins[I].trim();
      const Value &T = Operands[I + 1];
      if (!T.is(ValueKind::Tensor) || !T.DimsKnown ||
          T.Dims.size() != Spec.size())
        return Value::tensor(-1);
      for (size_t J = 0; J < Spec.size(); ++J)
        if (!Sizes.count(Spec[J]) || !Sizes[Spec[J]])
          Sizes[Spec[J]] = T.Dims[J];
    }
    Dims Out;
    for (char C : Rhs.trim())
      Out.push_back(Sizes.count(C) ? Sizes[C] : nullptr);
    return Value::shaped(Out);
  }
  if (Op == "pad") {
    Value P = KwOr("pad", 1);
    if (!X.DimsKnown || !P.is(ValueKind::Tuple) || P.Elems.size() % 2)
      return Value::tensor(X.Rank);
    Dims Out = X.Dims;
    for (size_t I = 0; I < P.Elems.size() / 2 && I < Out.size(); ++I) {
      size_t D = Out.size() - 1 - I;
      const sym::Expr *L = dimExpr(P.Elems[2 * I]),
                      *R = dimExpr(P.Elems[2 * I + 1]);
      Out[D] = Out[D] && L && R ? Sym.add({Out[D], L, R}) : nullptr;
    }
    return Value::shaped(Out, X.Bytes);
  }
  if (Op == "interpolate" || Op == "upsample")
    return Value::tensor(X.Rank);
  if (Op == "glu") {
    // glu(x, dim=-1) halves `dim`.
    Value R = X;
    R.Name.clear();
    R.Why.clear();
    R.Contiguous = true;
    if (R.Bytes == "w_bytes")
      R.Bytes = "a_bytes";
    if (R.DimsKnown && !R.Dims.empty()) {
      Value D = KwOr("dim", 1);
      std::optional<size_t> I = D.isUnknown()
                                    ? std::optional<size_t>(R.Dims.size() - 1)
                                    : normDim(D, R.Dims.size());
      if (!I)
        return Value::tensor(int(R.Dims.size()));
      if (R.Dims[*I])
        R.Dims[*I] = Sym.div(R.Dims[*I], Sym.constant(2));
    }
    return R;
  }
  // The rest is read from the catalog's shape column (OpCatalog.def),
  // shape-only entries included.
  const OpInfo *Info = lookupAnyOp(Op);
  if (!Info)
    return std::nullopt;
  switch (Info->Shape) {
  case OpShape::MethodForm: {
    // Functional forms of Tensor methods: torch.transpose(x, 0, 1), ...
    CallArgs Rest = Args;
    Rest.Positional.erase(Rest.Positional.begin());
    return tensorMethod(X, Op, Rest);
  }
  case OpShape::Broadcast:
    if (Args.Positional.size() > 1 && Arg(1).is(ValueKind::Tensor))
      return broadcast(X, Arg(1));
    [[fallthrough]];
  case OpShape::Same:
  case OpShape::Identity: {
    // Element-wise functions and normalizations keep the input's shape;
    // eval-mode dropout returns its input itself.
    Value R = X;
    if (Info->Shape != OpShape::Identity)
      R.Name.clear();
    R.Why.clear();
    R.Contiguous = true;
    if (R.Bytes == "w_bytes")
      R.Bytes = "a_bytes";
    return R;
  }
  case OpShape::Operator:
  case OpShape::Rule:
    break;
  }
  return std::nullopt;
}

Value Evaluator::tensorSubscript(const Value &T, const Expr &E, Frame &F) {
  if (!T.DimsKnown)
    return Value::tensor(-1);
  std::vector<const Expr *> Index;
  for (size_t I = 1; I < E.numOps(); ++I) {
    const Expr *Op = E.op(I);
    if (Op->Kind == ExprKind::Tuple)
      for (const auto &X : Op->Ops)
        Index.push_back(X.get());
    else
      Index.push_back(Op);
  }
  size_t Consumed = 0;
  for (const Expr *X : Index)
    if (X->Kind != ExprKind::None && X->Kind != ExprKind::Ellipsis)
      ++Consumed;
  Dims Out;
  size_t In = 0;
  bool Contig = T.Contiguous;
  bool AdvancedPlaced = false;
  Value IndexTensor; // The first integer index tensor (a gather).
  for (const Expr *X : Index) {
    if (X->Kind == ExprKind::None) {
      Out.push_back(Sym.getOne());
      continue;
    }
    if (X->Kind == ExprKind::Ellipsis) {
      size_t Skip = T.Dims.size() - std::min(T.Dims.size(), Consumed);
      for (size_t K = 0; K < Skip && In < T.Dims.size(); ++K)
        Out.push_back(T.Dims[In++]);
      continue;
    }
    if (In >= T.Dims.size())
      return Value::tensor(-1);
    const sym::Expr *Extent = T.Dims[In++];
    if (X->Kind == ExprKind::Slice) {
      Value Lo = X->op(0)->Kind == ExprKind::Null ? Value::integer(0)
                                                  : eval(*X->op(0), F);
      Value Hi =
          X->op(1)->Kind == ExprKind::Null ? Value::none() : eval(*X->op(1), F);
      Value St = X->op(2)->Kind == ExprKind::Null ? Value::integer(1)
                                                  : eval(*X->op(2), F);
      auto Bound = [&](const Value &V) -> const sym::Expr * {
        if (V.is(ValueKind::None))
          return Extent;
        const sym::Expr *B = dimExpr(V);
        if (B && Extent && B->isConstant() &&
            B->getConstantValue() < sym::Rational(0))
          return Sym.add(Extent, B);
        return B;
      };
      const sym::Expr *L = Bound(Lo), *H = Bound(Hi), *S = dimExpr(St);
      const sym::Expr *Len = L && H ? Sym.sub(H, L) : nullptr;
      if (Len && S && !S->isOne())
        Len = Sym.ceilDiv(Len, S);
      // `x[:, :H]` with H the whole extent is no narrower than `x[:, :]`.
      bool Full = (X->op(0)->Kind == ExprKind::Null || (L && L->isZero())) &&
                  (X->op(1)->Kind == ExprKind::Null || (H && H == Extent)) &&
                  (X->op(2)->Kind == ExprKind::Null || (S && S->isOne()));
      if (!Full)
        Contig = false;
      Out.push_back(Len);
      continue;
    }
    Value I = eval(*X, F);
    if (I.is(ValueKind::Tensor)) {
      // Advanced indexing with an integer index tensor: its shape replaces
      // this dimension. A boolean mask selects a data-dependent number of
      // elements, and an index of unknown dtype may be one: unknown.
      if (!I.DimsKnown || I.Bytes != "8")
        return Value::tensor(-1);
      // Several index tensors broadcast together into one set of dims.
      if (!AdvancedPlaced) {
        Out.insert(Out.end(), I.Dims.begin(), I.Dims.end());
        IndexTensor = I;
      }
      AdvancedPlaced = true;
      Contig = true;
      continue;
    }
    // An integer index drops the dimension.
    Contig = Contig && Out.empty();
  }
  while (In < T.Dims.size())
    Out.push_back(T.Dims[In++]);
  Value R = Value::shaped(Out, T.Bytes);
  R.Contiguous = Contig;
  // Indexing by an integer tensor copies the selected elements: a gather
  // (basic slicing is a free view).
  if (AdvancedPlaced)
    noteOp("gather", {T, IndexTensor}, R, CostExtras(), "indexing by a tensor");
  return R;
}

bool Evaluator::isRecursive(const FunctionDef &Fn, const Expr *Site,
                            const ObjectState *Self) {
  if (!llvm::is_contained(CallChain, std::make_pair(&Fn, Self)))
    return false;
  std::string Name = Fn.Parent ? Fn.Parent->Name + "." + Fn.Name : Fn.Name;
  if (ReportedCycles.insert(&Fn).second) {
    if (Site && Site->Range.File)
      Diags.report(Site->Range.File->getBufferID(), Site->Range.Begin,
                   DiagLevel::Warning,
                   "recursive call of `" + Name +
                       "`: a composite cycle; its cost is unknown");
    else
      Diags.report(DiagLevel::Warning, "recursive call of `" + Name +
                                           "`: a composite cycle; its cost "
                                           "is unknown");
  }
  noteUnknown("recursive call of " + Name);
  return true;
}

std::optional<Symbol> Evaluator::findOnMRO(const ObjectState &O, StringRef Name,
                                           StringRef After) {
  bool Searching = After.empty();
  for (const std::string &ClassName : O.MRO) {
    if (!Searching) {
      Searching = ClassName == After;
      continue;
    }
    Expected<Symbol> S = Resolver.resolveDotted(ClassName, nullptr);
    if (!S) {
      consumeError(S.takeError());
      return std::nullopt;
    }
    if (S->Kind == SymbolKind::Class && S->Class->findMethod(Name))
      return *S;
  }
  return std::nullopt;
}

Value Evaluator::callModule(const Value &Obj, const CallArgs &Args, Frame &F) {
  // The forward() the object's class runs, found along its MRO.
  if (std::optional<Symbol> S = findOnMRO(*Obj.Obj, "forward")) {
    const FunctionDef *Fwd = S->Class->findMethod("forward");
    if (F.Depth >= MaxCallDepth || budgetExceeded())
      return Value::tensor(-1);
    if (isRecursive(*Fwd, CurrentCallSite, Obj.Obj.get()))
      return Value::tensor(-1);
    CallChain.push_back({Fwd, Obj.Obj.get()});
    auto Pop = make_scope_exit([&] { CallChain.pop_back(); });
    Frame Inner;
    Inner.Mod = S->Mod;
    Inner.Fn = Fwd;
    Inner.DefiningClass = S->Class;
    Inner.Self = Obj.Obj;
    Inner.Depth = F.Depth + 1;
    Inner.Context = "forward";
    Inner.SuppressAtEntry = Suppress;
    bindParams(*Fwd, Args, Inner, /*SkipSelf=*/true);
    if (!Fwd->Params.empty())
      Inner.Locals[Fwd->Params.front().Name] = Obj;
    std::vector<std::pair<std::string, std::string>> P;
    std::vector<std::string> Why;
    if (recording()) // Describe the binding before forward() changes locals.
      describeModuleCall(Obj, *Fwd, Args, Inner, P, Why);
    beginCall(Inner.Depth, S->Mod, S->Class, Fwd);
    execBlock(Fwd->Body, Inner);
    Suppress -= Inner.SuppressedTail;
    endCall(Obj.Obj->ClassName, std::move(P), std::move(Why));
    return Inner.Returned ? *Inner.Returned : Value::none();
  }
  return Value::tensor(-1);
}

Value Evaluator::callFunction(const Symbol &Fn, const CallArgs &Args,
                              Frame &F) {
  if (F.Depth >= MaxCallDepth || budgetExceeded() || !Fn.Func)
    return Value::unknown();
  if (isRecursive(*Fn.Func, CurrentCallSite, nullptr))
    return Value::unknown();
  CallChain.push_back({Fn.Func, nullptr});
  auto Pop = make_scope_exit([&] { CallChain.pop_back(); });
  Frame Inner;
  Inner.Mod = Fn.Mod;
  Inner.Fn = Fn.Func;
  Inner.Depth = F.Depth + 1;
  Inner.Context = F.Context;
  Inner.SuppressAtEntry = Suppress;
  bindParams(*Fn.Func, Args, Inner, /*SkipSelf=*/false);
  std::vector<std::pair<std::string, std::string>> P;
  std::vector<std::string> Why;
  if (recording())
    for (const Param &Pm : Fn.Func->Params) {
      auto It = Inner.Locals.find(Pm.Name);
      if (It == Inner.Locals.end() || It->second.isUnknown() ||
          It->second.is(ValueKind::Object) ||
          (It->second.is(ValueKind::Tuple) && It->second.Elems.empty()))
        continue;
      std::string T = It->second.str();
      if (T.size() > 80)
        continue;
      P.push_back({Pm.Name, T});
      Why.push_back("`" + Pm.Name + "` = " + T + ": WHERE " +
                    (It->second.Why.empty()
                         ? std::string("the caller's argument")
                         : It->second.Why) +
                    "; WHY parameter of `" + Fn.QualifiedName +
                    "`; HOW passed at this line");
    }
  beginCall(Inner.Depth, Fn.Mod, nullptr, Fn.Func);
  execBlock(Fn.Func->Body, Inner);
  Suppress -= Inner.SuppressedTail;
  endCall(Fn.QualifiedName, std::move(P), std::move(Why));
  return Inner.Returned ? *Inner.Returned : Value::none();
}

/// True for `seq_len`, false for `cache_len + seq_len`.
static bool isPlainName(StringRef S) {
  return !S.empty() && (isAlpha(S[0]) || S[0] == '_') &&
         llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

Value Evaluator::inputValue(const Param &P, StringRef ClassName, int Rank) {
  // [input_shape] by `Class.param`, then by `param`.
  // A shape given on the command line wins over the conventions; among
  // the conventions, the class-specific one wins.
  const ProfileEntry *Shape = nullptr;
  std::string Short = ClassName.rsplit('.').second.str();
  // A convention for the current phase (`attention_mask@decode`) wins over
  // the phase-independent one.
  std::string Phase;
  if (const ProfileEntry *Ph = fact("phase"); Ph && Ph->Val.is(ValueKind::Str))
    Phase = "@" + Ph->Val.Name;
  auto Lookup = [&](const std::string &Key) -> const ProfileEntry * {
    if (const ProfileEntry *E = Profile.get("input_shape", Key + Phase))
      if (!Phase.empty())
        return E;
    return Profile.get("input_shape", Key);
  };
  const ProfileEntry *ForClass =
      Short.empty() ? nullptr : Lookup(Short + "." + P.Name);
  const ProfileEntry *ForName = Lookup(P.Name);
  if (ForName && ForName->Origin == "-D")
    Shape = ForName;
  else
    Shape = ForClass ? ForClass : ForName;
  if (Shape && Shape->Val.is(ValueKind::Str) &&
      StringRef(Shape->Val.Name).contains(';')) {
    // A tuple of tensors (rotary cos and sin): one shape per element.
    SmallVector<StringRef, 4> Elems;
    StringRef(Shape->Val.Name).split(Elems, ';');
    std::vector<Value> Parts;
    for (StringRef E : Elems) {
      Dims D;
      SmallVector<StringRef, 6> Ds;
      E.split(Ds, ',');
      for (StringRef X : Ds) {
        X = X.trim();
        int64_t N;
        D.push_back(!X.getAsInteger(10, N) ? Sym.constant(N) : Sym.symbol(X));
        if (X.getAsInteger(10, N))
          noteSymbol(X, "dimension of the input `" + P.Name + "` (" +
                            Shape->Val.Why + ")");
      }
      Parts.push_back(Value::shaped(D, "a_bytes"));
    }
    return Value::tuple(std::move(Parts), "`" + P.Name +
                                              "` is a tuple of tensors (" +
                                              Shape->Val.Why + ")");
  }
  if (Shape && Shape->Val.is(ValueKind::Str)) {
    // `d0, d1 : int64` gives the element type too.
    auto [DimText, TypeText] = StringRef(Shape->Val.Name).split(':');
    std::string ElemBytes = "a_bytes";
    if (!TypeText.trim().empty()) {
      StringRef Ty = TypeText.trim();
      ElemBytes = Ty == "int64" || Ty == "long"      ? "8"
                  : Ty == "int32" || Ty == "float32" ? "4"
                  : Ty == "bool" || Ty == "int8"     ? "1"
                                                     : "a_bytes";
    }
    SmallVector<StringRef, 6> Parts;
    DimText.split(Parts, ',');
    Dims D;
    for (StringRef Part : Parts) {
      Part = Part.trim();
      int64_t N;
      const ProfileEntry *Set = Profile.get("set", Part);
      if (!Part.getAsInteger(10, N)) {
        D.push_back(Sym.constant(N));
      } else if (Set && Set->Val.is(ValueKind::Int)) {
        // `--set embed_dim=512` fixes that extent of the input too.
        D.push_back(Sym.constant(Set->Val.I));
      } else if (!isPlainName(Part)) {
        // A formula over symbols (`cache_len + seq_len`).
        Expected<const sym::Expr *> X = sym::parse(Part, Sym);
        if (!X) {
          consumeError(X.takeError());
          D.push_back(nullptr);
          continue;
        }
        for (StringRef N : sym::freeSymbols(*X))
          noteSymbol(N, "dimension of the input `" + P.Name + "` (" +
                            Shape->Val.Why + ")");
        D.push_back(*X);
      } else {
        D.push_back(Sym.symbol(Part));
        noteSymbol(Part, "dimension of the input `" + P.Name + "` (" +
                             Shape->Val.Why + ")");
      }
    }
    // Token and position ids are int64.
    std::string Bytes = StringRef(P.Name).ends_with("_ids") ? "8" : ElemBytes;
    Value T = Value::shaped(D, Bytes,
                            "`" + P.Name + "` has shape [" + Shape->Val.Name +
                                "] (" + Shape->Val.Why + ")");
    T.Name = P.Name;
    return T;
  }
  Value T =
      Value::tensor(Rank, Rank >= 0 ? "`" + P.Name +
                                          "` is a required input, a tensor of "
                                          "rank " +
                                          std::to_string(Rank) +
                                          " (profile input_rank." + P.Name + ")"
                                    : "`" + P.Name + "` is a required input");
  T.Name = P.Name;
  return T;
}

void Evaluator::logShape(const Expr &Target, const Value &V, Frame &F) {
  if (!F.Record || F.Depth != 0 || F.Context != "forward")
    return;
  if (V.is(ValueKind::Tensor))
    Result.Shapes.push_back({Target.Range.Line, Target.Text.str(), V});
  else if (V.is(ValueKind::Tuple) && Target.Kind != ExprKind::Tuple &&
           Target.Kind != ExprKind::List)
    for (size_t I = 0; I < V.Elems.size(); ++I)
      if (V.Elems[I].is(ValueKind::Tensor))
        Result.Shapes.push_back(
            {Target.Range.Line,
             Target.Text.str() + "[" + std::to_string(I) + "]", V.Elems[I]});
}

} // namespace modcost
