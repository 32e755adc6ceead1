//===- LegacyTensors.cpp - Legacy constructors and dtype limits -----------===//
///
/// \file
/// The legacy typed constructors of torch (`torch.Tensor`,
/// `torch.FloatTensor`, `torch.cuda.LongTensor`, ...) called with sizes make
/// an uninitialized tensor of that shape, as `torch.empty(..., dtype=)`;
/// a typed one called with one list or tensor holds that data, as
/// `torch.tensor(..., dtype=)` (transformers' custom layers build weights as
/// `nn.Parameter(torch.Tensor(out, in))`). `torch.finfo` / `torch.iinfo`
/// describe a dtype's limits (`torch.finfo(x.dtype).min` in attention
/// masks): known numbers for a known dtype, opaque ones for the activation
/// dtype, whose size is the symbol a_bytes. `torch.device("meta")` is a
/// device of that type (DETR's replace_batch_norm copies weights unless
/// they are on the meta device).
///
//===----------------------------------------------------------------------===//

#include "LegacyTensors.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <limits>

using namespace llvm;

namespace modcost {

/// The dtype a legacy type name stands for (`LongTensor` -> torch.int64),
/// "" for `Tensor` (the default dtype), std::nullopt for another name.
static std::optional<std::string> legacyDtype(StringRef Name) {
  if (Name == "Tensor")
    return std::string();
  std::string D = StringSwitch<std::string>(Name)
                      .Case("FloatTensor", "torch.float32")
                      .Case("DoubleTensor", "torch.float64")
                      .Case("HalfTensor", "torch.float16")
                      .Case("BFloat16Tensor", "torch.bfloat16")
                      .Case("LongTensor", "torch.int64")
                      .Case("IntTensor", "torch.int32")
                      .Case("ShortTensor", "torch.int16")
                      .Case("CharTensor", "torch.int8")
                      .Case("ByteTensor", "torch.uint8")
                      .Case("BoolTensor", "torch.bool")
                      .Default("");
  if (D.empty())
    return std::nullopt;
  return D;
}

std::optional<std::string>
legacyConstructor(StringRef Name, const CallArgs &Args, CallArgs &Out) {
  std::optional<std::string> DType = legacyDtype(Name);
  if (!DType)
    return std::nullopt;
  // One list, tuple or tensor is data; anything else is sizes (integers,
  // symbolic or not; `torch.Size` unpacked by the caller).
  bool Data =
      Args.Positional.size() == 1 && (Args.Positional[0].is(ValueKind::Tuple) ||
                                      Args.Positional[0].is(ValueKind::Tensor));
  Out = CallArgs();
  Out.Positional = Args.Positional;
  Out.UnknownSplat = Args.UnknownSplat;
  // `torch.Tensor(data)` is the class's own float32 copy of the data
  // (ConcreteFactories.cpp, concreteTensorClass).
  if (Data && DType->empty())
    return std::nullopt;
  if (!DType->empty())
    Out.Keywords.push_back(
        {"dtype", Value::callable(*DType, /*IsClass=*/false)});
  return std::string(Data ? "tensor" : "empty");
}

namespace {
/// The limits of one dtype.
struct Limits {
  double Min, Max, Eps, Tiny, Resolution;
  int64_t Bits;
  bool Integer;
  int64_t IMin = 0, IMax = 0; // An integer type's limits, exactly.
};
} // namespace

/// The limits of the dtype named \p N (`torch.float16`, `torch.half`), if
/// known.
static std::optional<Limits> limitsOf(StringRef N) {
  N = N.rsplit('.').second.empty() ? N : N.rsplit('.').second;
  auto Float = [](double Max, double Eps, double Tiny, double Res,
                  int64_t Bits) {
    return Limits{-Max, Max, Eps, Tiny, Res, Bits, false};
  };
  auto Int = [](int64_t Min, int64_t Max, int64_t Bits) {
    return Limits{double(Min), double(Max), 0, 0, 0, Bits, true, Min, Max};
  };
  if (N == "float16" || N == "half")
    return Float(65504.0, 0.0009765625, 6.103515625e-05, 0.001, 16);
  if (N == "bfloat16")
    return Float(3.3895313892515355e+38, 0.0078125, 1.1754943508222875e-38,
                 0.01, 16);
  if (N == "float32" || N == "float")
    return Float(3.4028234663852886e+38, 1.1920928955078125e-07,
                 1.1754943508222875e-38, 1e-06, 32);
  if (N == "float64" || N == "double")
    return Float(std::numeric_limits<double>::max(),
                 std::numeric_limits<double>::epsilon(),
                 std::numeric_limits<double>::min(), 1e-15, 64);
  if (N == "int64" || N == "long")
    return Int(std::numeric_limits<int64_t>::min(),
               std::numeric_limits<int64_t>::max(), 64);
  if (N == "int32" || N == "int")
    return Int(-2147483648LL, 2147483647LL, 32);
  if (N == "int16" || N == "short")
    return Int(-32768, 32767, 16);
  if (N == "int8")
    return Int(-128, 127, 8);
  if (N == "uint8")
    return Int(0, 255, 8);
  return std::nullopt;
}

std::optional<Value> numericLimits(StringRef Name, const CallArgs &Args,
                                   ObjectGraph &Objects,
                                   sym::ExprContext &Sym) {
  if (Name != "finfo" && Name != "iinfo")
    return std::nullopt;
  bool IsFloat = Name == "finfo";
  Value D = Args.arg(0);
  if (std::optional<Value> K = Args.keyword("type"))
    D = *K;
  // torch.finfo() describes the default dtype, float32.
  if (IsFloat && Args.Positional.empty() && Args.Keywords.empty())
    D = Value::callable("torch.float32", false);
  std::optional<Limits> L;
  if (D.is(ValueKind::Callable) || D.is(ValueKind::Str))
    L = limitsOf(D.Name);
  if (L && L->Integer == IsFloat)
    L.reset(); // finfo of an integer type raises in torch: not known.
  std::shared_ptr<ObjectState> O = Objects.make();
  O->ClassName = "torch." + Name.str();
  O->MRO = {O->ClassName};
  std::string Of = "torch." + Name.str() + "(" +
                   (D.is(ValueKind::DType) ? std::string("a_dtype")
                    : D.isUnknown()        ? "?"
                                           : D.str()) +
                   ")";
  auto Field = [&](StringRef F, double X) {
    if (L) {
      if (L->Integer)
        O->setAttr(F, Value::integer(F == "min" ? L->IMin : L->IMax, Of));
      else
        O->setAttr(F, Value::floating(X, Of));
      return;
    }
    // An opaque number: equal only to itself, never a failure.
    Value V = Value::symbol(Of + "." + F.str(), Of + " is not known");
    V.Fractional = IsFloat;
    O->setAttr(F, V);
  };
  Field("min", L ? L->Min : 0);
  Field("max", L ? L->Max : 0);
  if (IsFloat) {
    Field("eps", L ? L->Eps : 0);
    Field("tiny", L ? L->Tiny : 0);
    Field("smallest_normal", L ? L->Tiny : 0);
    Field("resolution", L ? L->Resolution : 0);
  }
  if (L)
    O->setAttr("bits", Value::integer(L->Bits, Of));
  else if (D.is(ValueKind::DType))
    // The activation dtype's width: 8 bits per byte of a_bytes.
    O->setAttr(
        "bits",
        Value::symbolic(Sym.mul(Sym.constant(8), Sym.symbol("a_bytes")), Of));
  else
    O->setAttr("bits", Value::symbol(Of + ".bits", Of + " is not known"));
  O->setAttr("dtype", D);
  Value R;
  R.Kind = ValueKind::Object;
  R.Obj = O;
  R.Why = Of;
  return R;
}

std::optional<Value> torchDevice(StringRef Name, const CallArgs &Args,
                                 ObjectGraph &Objects) {
  if (Name != "device" || Args.Positional.empty() ||
      Args.Positional.size() > 2 || !Args.Keywords.empty() ||
      !Args.Positional[0].is(ValueKind::Str) || !Args.Positional[0].StrExact)
    return std::nullopt;
  auto [Type, Index] = StringRef(Args.Positional[0].Name).split(':');
  std::optional<Value> I;
  if (!Index.empty()) {
    int64_t N;
    if (Index.getAsInteger(10, N) || Args.Positional.size() == 2)
      return std::nullopt;
    I = Value::integer(N);
  } else if (Args.Positional.size() == 2) {
    if (!Args.Positional[1].is(ValueKind::Int))
      return std::nullopt;
    I = Args.Positional[1];
  }
  if (Type.empty())
    return std::nullopt;
  std::shared_ptr<ObjectState> O = Objects.make();
  O->ClassName = "torch.device";
  O->MRO = {O->ClassName};
  O->setAttr("type", Value::string(Type.str()));
  if (I)
    O->setAttr("index", *I);
  Value R;
  R.Kind = ValueKind::Object;
  R.Obj = O;
  R.Why = "`torch.device(\"" + Args.Positional[0].Name + "\")`";
  return R;
}

} // namespace modcost
