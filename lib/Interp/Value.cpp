//===- Value.cpp - Abstract values of the partial evaluator ---------------===//

#include "modcost/Interp/Value.h"
#include "modcost/Symbolic/Expr.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace modcost {

static Value make(ValueKind K, StringRef Why) {
  Value V;
  V.Kind = K;
  V.Why = Why.str();
  return V;
}

Value Value::none(StringRef Why) { return make(ValueKind::None, Why); }
Value Value::boolean(bool B, StringRef Why) {
  Value V = make(ValueKind::Bool, Why);
  V.B = B;
  return V;
}
Value Value::integer(int64_t I, StringRef Why) {
  Value V = make(ValueKind::Int, Why);
  V.I = I;
  return V;
}
Value Value::floating(double F, StringRef Why) {
  Value V = make(ValueKind::Float, Why);
  V.F = F;
  return V;
}
Value Value::string(StringRef S, StringRef Why) {
  Value V = make(ValueKind::Str, Why);
  V.Name = S.str();
  return V;
}
Value Value::tensor(int Rank, StringRef Why) {
  Value V = make(ValueKind::Tensor, Why);
  V.Rank = Rank;
  return V;
}
Value Value::callable(StringRef Name, bool IsClass, StringRef Why) {
  Value V = make(ValueKind::Callable, Why);
  V.Name = Name.str();
  V.IsClass = IsClass;
  return V;
}
Value Value::module(StringRef Name, StringRef Why) {
  Value V = make(ValueKind::Module, Why);
  V.Name = Name.str();
  return V;
}
Value Value::symbol(StringRef Name, StringRef Why) {
  Value V = make(ValueKind::Symbol, Why);
  V.Name = Name.str();
  return V;
}
Value Value::dtype(StringRef Name, StringRef Why) {
  Value V = make(ValueKind::DType, Why);
  V.Name = Name.str();
  return V;
}
Value Value::tuple(std::vector<Value> Elems, StringRef Why) {
  Value V = make(ValueKind::Tuple, Why);
  V.Elems = std::move(Elems);
  return V;
}

Value Value::shaped(std::vector<const sym::Expr *> Dims, StringRef Bytes,
                    StringRef Why) {
  Value V = make(ValueKind::Tensor, Why);
  V.Rank = int(Dims.size());
  V.Dims = std::move(Dims);
  V.DimsKnown = true;
  V.Bytes = Bytes.str();
  return V;
}

Value Value::symbolic(const sym::Expr *E, StringRef Why) {
  if (E->isConstant() && E->getConstantValue().isInteger()) {
    if (auto I = E->getConstantValue().getNumerator().tryGetInt64())
      return Value::integer(*I, Why);
  }
  Value V = make(ValueKind::Symbol, Why);
  V.Sym = E;
  V.Name = E->str();
  return V;
}

Truth Value::truth() const {
  switch (Kind) {
  case ValueKind::None:
    return Truth::False;
  case ValueKind::Bool:
    return B ? Truth::True : Truth::False;
  case ValueKind::Int:
    return I ? Truth::True : Truth::False;
  case ValueKind::Float:
    return F != 0 ? Truth::True : Truth::False;
  case ValueKind::Str:
    if (!StrExact)
      return Truth::True;
    return Name.empty() ? Truth::False : Truth::True;
  case ValueKind::Tuple:
  case ValueKind::Dict:
    return Elems.empty() ? Truth::False : Truth::True;
  case ValueKind::Object:
  case ValueKind::Callable:
  case ValueKind::Module:
  case ValueKind::DType:
    return Truth::True;
  case ValueKind::Symbol:
    // A quantity known to be at least 1 is truthy.
    if (MinValue && *MinValue >= 1)
      return Truth::True;
    return Truth::Unknown;
  case ValueKind::Tensor:
    // A one-element tensor whose value is known (a comparison that an
    // index bound decided).
    if (Fill && Fill->isConstant() && DimsKnown &&
        llvm::all_of(Dims, [](const sym::Expr *D) { return D && D->isOne(); }))
      return Fill->isZero() ? Truth::False : Truth::True;
    return Truth::Unknown;
  case ValueKind::Unknown:
    return Truth::Unknown;
  }
  return Truth::Unknown;
}

static bool isNumber(const Value &V) {
  return V.is(ValueKind::Bool) || V.is(ValueKind::Int) ||
         V.is(ValueKind::Float);
}
static double asDouble(const Value &V) {
  if (V.is(ValueKind::Bool))
    return V.B;
  if (V.is(ValueKind::Int))
    return double(V.I);
  return V.F;
}

/// True for an instance of a torch module (not a config or a cache).
static bool isModuleInstance(const Value &V) {
  return V.is(ValueKind::Object) && V.Obj && !V.Obj->IsConfig &&
         !V.Obj->IsCache &&
         llvm::is_contained(V.Obj->MRO, "torch.nn.modules.module.Module");
}

std::optional<bool> Value::equal(const Value &A, const Value &B) {
  if (isNumber(A) && isNumber(B))
    return asDouble(A) == asDouble(B);
  // A symbol bounded below by more than a constant cannot equal it.
  if (A.is(ValueKind::Symbol) && A.MinValue && isNumber(B) &&
      double(*A.MinValue) > asDouble(B))
    return false;
  if (B.is(ValueKind::Symbol) && B.MinValue && isNumber(A) &&
      double(*B.MinValue) > asDouble(A))
    return false;
  if (A.is(ValueKind::None) || B.is(ValueKind::None)) {
    if (A.isUnknown() || B.isUnknown() || A.is(ValueKind::Symbol) ||
        B.is(ValueKind::Symbol))
      return std::nullopt;
    return A.Kind == B.Kind;
  }
  if (A.is(ValueKind::Str) && B.is(ValueKind::Str)) {
    if (A.StrExact && B.StrExact)
      return A.Name == B.Name;
    return std::nullopt;
  }
  // A string never equals a number or a symbol (an integer quantity):
  // VGG's `v == "M"` over a list of channel counts and "M" markers.
  auto IntLike = [](const Value &V) {
    return isNumber(V) || V.is(ValueKind::Symbol);
  };
  if ((A.is(ValueKind::Str) && IntLike(B)) ||
      (B.is(ValueKind::Str) && IntLike(A)))
    return false;
  if (A.Kind != B.Kind)
    return std::nullopt;
  switch (A.Kind) {
  case ValueKind::Callable:
  case ValueKind::Module:
  case ValueKind::DType:
    return A.Name == B.Name;
  case ValueKind::Symbol:
    if (A.Sym && B.Sym) {
      if (A.Sym == B.Sym)
        return true;
      // Differ by a non-zero constant: never equal.
      const sym::Expr *D = A.Sym->getContext().sub(A.Sym, B.Sym);
      if (D->isConstant())
        return false;
      return std::nullopt;
    }
    if (A.Name == B.Name && A.MinValue == B.MinValue)
      return true;
    return std::nullopt;
  case ValueKind::Object:
    if (A.Obj == B.Obj)
      return true;
    return std::nullopt;
  case ValueKind::Tuple: {
    if (A.Elems.size() != B.Elems.size())
      return false;
    for (size_t I = 0; I < A.Elems.size(); ++I) {
      auto E = equal(A.Elems[I], B.Elems[I]);
      if (!E || !*E)
        return E;
    }
    return true;
  }
  default:
    return std::nullopt;
  }
}

/// True if \p V is a quantity an operator computed: a formula over sizes
/// (`embed_dim // num_heads`) or an opaque result (`(head_dim ** -0.5)`,
/// named so by Operators.cpp). Python arithmetic never gives None.
static bool isComputedQuantity(const Value &V) {
  if (!V.is(ValueKind::Symbol))
    return false;
  if (V.Sym)
    return !V.Sym->isSymbol();
  return StringRef(V.Name).starts_with("(");
}

std::optional<bool> Value::callableByKind(const Value &V) {
  switch (V.Kind) {
  case ValueKind::Callable:
    return true;
  case ValueKind::Object:
    return std::nullopt;
  case ValueKind::Unknown:
    if (V.NotCallable)
      return false;
    return std::nullopt;
  default:
    // None, numbers, strings, sequences, dicts, tensors, sizes, dtypes and
    // Python modules have no `__call__`.
    return false;
  }
}

std::optional<bool> Value::identical(const Value &A, const Value &B) {
  if (A.is(ValueKind::None) || B.is(ValueKind::None)) {
    if (isComputedQuantity(A) || isComputedQuantity(B))
      return false;
    // A symbol with a lower bound is a number: a model size, a loop index,
    // a length, a forward() input used as an integer (IntegerInputs.cpp).
    if ((A.is(ValueKind::Symbol) && A.MinValue) ||
        (B.is(ValueKind::Symbol) && B.MinValue))
      return false;
    // A torch.Size input is a tuple, of a length not known.
    if (A.SizeOfUnknownLength || B.SizeOfUnknownLength)
      return false;
    // An unknown value or an opaque symbol (a config attribute, a
    // constructor argument) may be None.
    if (A.isUnknown() || B.isUnknown() || A.is(ValueKind::Symbol) ||
        B.is(ValueKind::Symbol))
      return std::nullopt;
    return A.Kind == B.Kind;
  }
  if (A.is(ValueKind::Bool) && B.is(ValueKind::Bool))
    return A.B == B.B;
  if (A.is(ValueKind::Callable) && B.is(ValueKind::Callable))
    return A.Name == B.Name;
  if (A.is(ValueKind::Object) && B.is(ValueKind::Object) && A.Obj == B.Obj)
    return true;
  // Two module instances built apart are two objects: every reference to
  // a module shares its one state (`language_model is not self` in
  // transformers' get_input_embeddings).
  if (isModuleInstance(A) && isModuleInstance(B))
    return false;
  if (A.is(ValueKind::Callable) &&
      (B.is(ValueKind::Object) || B.is(ValueKind::Tensor)))
    return false;
  if (B.is(ValueKind::Callable) &&
      (A.is(ValueKind::Object) || A.is(ValueKind::Tensor)))
    return false;
  // A tensor's Name is its identity: an input's parameter name (inputs the
  // profile makes the same object, `key = query`, share it), or an id
  // given when it is first bound to a name or read from an attribute.
  // Ops that return their argument (in-place ops, `contiguous()` of a
  // contiguous tensor, casts to the same type, eval-mode dropout) keep it.
  // Distinct identities are distinct objects, unless one is not known (a
  // join of different tensors, the result of an unknown op).
  if (A.is(ValueKind::Tensor) && B.is(ValueKind::Tensor) && !A.Name.empty() &&
      !B.Name.empty()) {
    if (A.Name == UnknownIdentity || B.Name == UnknownIdentity)
      return std::nullopt;
    return A.Name == B.Name;
  }
  return std::nullopt;
}

std::string Value::strideSuffix() const {
  if (!SegmentStride || !RepeatCount)
    return "";
  return "[i % " + std::to_string(SegmentStride) + "] for i < " +
         RepeatCount->str();
}

/// True if the two are the same abstract value (not merely equal in Python).
static bool sameAs(const Value &A, const Value &B) {
  if (A.Kind != B.Kind || A.B != B.B || A.I != B.I || A.Name != B.Name ||
      A.StrExact != B.StrExact || A.IsClass != B.IsClass || A.Rank != B.Rank ||
      A.MinValue != B.MinValue || A.Obj != B.Obj || A.Keys != B.Keys ||
      A.Sym != B.Sym || A.Dims != B.Dims || A.Bytes != B.Bytes ||
      A.Contiguous != B.Contiguous || A.Order != B.Order || A.Role != B.Role ||
      A.IndexBound != B.IndexBound || A.Fill != B.Fill ||
      A.NotCallable != B.NotCallable || A.Elems.size() != B.Elems.size() ||
      A.Segments != B.Segments || A.SegmentStride != B.SegmentStride ||
      (A.Kind == ValueKind::Float && A.F != B.F))
    return false;
  for (size_t I = 0; I < A.Elems.size(); ++I)
    if (!sameAs(A.Elems[I], B.Elems[I]))
      return false;
  return true;
}

/// True for a module instance, or a join of module instances.
static bool isModuleOrAlternatives(const Value &V) {
  return isModuleInstance(V) || (V.isUnknown() && !V.Elems.empty());
}

Value Value::join(const Value &A, const Value &B) {
  if (sameAs(A, B))
    return A;
  auto Same = equal(A, B);
  if (Same && *Same && A.Kind == B.Kind)
    return A;
  if (A.is(ValueKind::Tensor) && B.is(ValueKind::Tensor)) {
    Value T = Value::tensor(A.Rank == B.Rank ? A.Rank : -1, "");
    if (A.DimsKnown && B.DimsKnown && A.Dims.size() == B.Dims.size()) {
      T.DimsKnown = true;
      for (size_t I = 0; I < A.Dims.size(); ++I)
        T.Dims.push_back(A.Dims[I] == B.Dims[I] ? A.Dims[I] : nullptr);
    }
    T.Bytes = A.Bytes == B.Bytes ? A.Bytes : "a_bytes";
    T.Contiguous = A.Contiguous && B.Contiguous;
    T.Role = A.Role == B.Role ? A.Role : TensorRole::Other;
    T.IndexBound = A.IndexBound == B.IndexBound ? A.IndexBound : nullptr;
    // Either tensor: the identity is known only if both have it.
    T.Name = A.Name == B.Name ? A.Name : std::string(UnknownIdentity);
    return T;
  }
  if (A.is(ValueKind::Tuple) && B.is(ValueKind::Tuple) &&
      A.Elems.size() == B.Elems.size() && A.RepeatCount == B.RepeatCount &&
      A.Segments == B.Segments && A.SegmentStride == B.SegmentStride) {
    std::vector<Value> Elems;
    for (size_t I = 0; I < A.Elems.size(); ++I)
      Elems.push_back(join(A.Elems[I], B.Elems[I]));
    Value T = Value::tuple(std::move(Elems));
    T.RepeatCount = A.RepeatCount;
    T.Segments = A.Segments;
    T.SegmentStride = A.SegmentStride;
    T.ListId = A.ListId == B.ListId ? A.ListId : 0;
    return T;
  }
  if (A.is(ValueKind::Str) && B.is(ValueKind::Str) &&
      A.truth() == Truth::True && B.truth() == Truth::True) {
    Value S = Value::string("", A.Why);
    S.StrExact = false;
    return S;
  }
  Value U = Value::unknown("differs between branches");
  // Different modules: keep them, a call may find they do the same
  // (ModuleAlternatives.cpp).
  if (isModuleOrAlternatives(A) && isModuleOrAlternatives(B)) {
    for (const Value *V : {&A, &B})
      for (const Value &M :
           V->is(ValueKind::Object) ? ArrayRef<Value>(*V) : ArrayRef(V->Elems))
        if (llvm::none_of(U.Elems,
                          [&](const Value &E) { return E.Obj == M.Obj; }))
          U.Elems.push_back(M);
  }
  // Neither branch's value is callable: nor is the join (`callable(cond)`
  // of a comparison decided on one path only).
  U.NotCallable = callableByKind(A) == std::optional<bool>(false) &&
                  callableByKind(B) == std::optional<bool>(false);
  return U;
}

std::string Value::str() const {
  switch (Kind) {
  case ValueKind::Unknown:
    return "unknown";
  case ValueKind::None:
    return "None";
  case ValueKind::Bool:
    return B ? "True" : "False";
  case ValueKind::Int:
    return std::to_string(I);
  case ValueKind::Float:
    return formatv("{0}", F).str();
  case ValueKind::Str:
    return StrExact ? "'" + Name + "'" : "<non-empty str>";
  case ValueKind::Tuple: {
    std::string S = "(";
    for (size_t I = 0; I < Elems.size(); ++I)
      S += (I ? ", " : "") + Elems[I].str();
    return S + (Elems.size() == 1 ? ",)" : ")") + strideSuffix();
  }
  case ValueKind::Dict:
    return "dict";
  case ValueKind::Tensor: {
    if (DimsKnown) {
      std::string S = "[";
      for (size_t I = 0; I < Dims.size(); ++I)
        S += (I ? ", " : "") + (Dims[I] ? Dims[I]->str() : std::string("?"));
      return S + "]";
    }
    return Rank >= 0 ? "tensor(rank " + std::to_string(Rank) + ")" : "tensor";
  }
  case ValueKind::Object:
    return "<" + (Obj ? Obj->ClassName : std::string("object")) + ">";
  case ValueKind::Callable:
  case ValueKind::Module:
  case ValueKind::Symbol:
  case ValueKind::DType:
    return Name;
  }
  return "?";
}

} // namespace modcost
