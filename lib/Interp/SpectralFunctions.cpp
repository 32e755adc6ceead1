//===- SpectralFunctions.cpp - Shapes of stft, istft and complex views ----===//
///
/// \file
/// Shape rules of the torch functions of spectral models: the short-time
/// Fourier transforms (`stft` as aten runs it, `istft`), the complex views
/// (`view_as_real`, `view_as_complex`), `torch.polar` and the window factories
/// (`hann_window`, `hamming_window`, `blackman_window`, `bartlett_window`).
///
/// A complex tensor's element size is written `2*B`, B the size of its
/// real and imaginary parts (`2*4` for complex64, `2*a_bytes` for the
/// complex counterpart of an activation): a complex tensor is never taken
/// for a real one of the same size (complex64 and float64 are both 8
/// bytes).
///
/// `torch.stft` is torch's Python function: it pads the centered signal
/// (F.pad, `pad_mode`) and calls `_VF.stft(input, n_fft, hop_length,
/// win_length, window, normalized, onesided, return_complex)`. Only that
/// form is shaped here; a call in `torch.stft`'s own form returns no rule,
/// so its Python definition runs. The costs are in SpectralCost.cpp.
///
//===----------------------------------------------------------------------===//

#include "TensorOpRules.h"
#include "TensorShapes.h"

using namespace llvm;

namespace modcost {

bool isComplexBytes(StringRef Bytes) { return Bytes.starts_with("2*"); }

std::string complexBytes(StringRef Bytes) {
  return "2*" + (Bytes == "w_bytes" ? std::string("a_bytes") : Bytes.str());
}

std::string realPartBytes(StringRef Bytes) {
  return isComplexBytes(Bytes) ? Bytes.drop_front(2).str() : Bytes.str();
}

namespace {

/// The arguments of an stft or istft call, by keyword or position.
struct SpectralCall {
  Value Input, Window;
  const sym::Expr *NFft = nullptr, *Hop = nullptr, *Length = nullptr;
  bool Center = true, ReturnComplex = false;
  std::optional<bool> Onesided;
};

std::optional<bool> boolArg(const Value &V) {
  if (V.is(ValueKind::Bool))
    return V.B;
  return std::nullopt;
}

/// True if \p Args is aten's stft form (`_VF.stft`), not torch.stft's.
bool isAtenStft(const CallArgs &Args) {
  if (Args.keyword("center") || Args.keyword("pad_mode"))
    return false;
  return Args.Positional.size() == 8 && !Args.arg(6).is(ValueKind::Str);
}

} // namespace

/// The arguments of aten's stft (input, n_fft, hop_length, win_length,
/// window, normalized, onesided, return_complex) or of istft (input, n_fft,
/// hop_length, win_length, window, center, normalized, onesided, length,
/// return_complex), by keyword or position; \p Extent reads a size.
static SpectralCall
parseSpectral(const CallArgs &Args, bool Istft,
              function_ref<const sym::Expr *(const Value &)> Extent,
              sym::ExprContext &Sym) {
  SpectralCall C;
  C.Input = Args.arg(0);
  Value N = keywordOr(Args, "n_fft", 1);
  C.NFft = Extent(N);
  Value Hop = keywordOr(Args, "hop_length", 2);
  C.Hop = Hop.is(ValueKind::None) || Hop.isUnknown()
              ? (C.NFft ? Sym.floorDiv(C.NFft, Sym.constant(4)) : nullptr)
              : Extent(Hop);
  C.Window = keywordOr(Args, "window", 4);
  size_t OnesidedAt = Istft ? 7 : 6, ComplexAt = Istft ? 9 : 7;
  if (Istft) {
    if (std::optional<bool> B = boolArg(keywordOr(Args, "center", 5)))
      C.Center = *B;
    Value L = keywordOr(Args, "length", 8);
    if (!L.is(ValueKind::None) && !L.isUnknown())
      C.Length = Extent(L);
  }
  C.Onesided = boolArg(keywordOr(Args, "onesided", OnesidedAt));
  C.ReturnComplex =
      boolArg(keywordOr(Args, "return_complex", ComplexAt)).value_or(false);
  return C;
}

std::optional<Value> TensorOpRules::functionSpectral(StringRef Op,
                                                     const CallArgs &Args) {
  if (Op == "hann_window" || Op == "hamming_window" ||
      Op == "blackman_window" || Op == "bartlett_window") {
    const sym::Expr *N = Eval.dimExpr(keywordOr(Args, "window_length", 0));
    std::string B = "a_bytes";
    if (std::optional<Value> D = Args.keyword("dtype"))
      if (!D->is(ValueKind::DType) && !bytesOfDtype(*D).empty())
        B = bytesOfDtype(*D);
    return N ? Value::shaped({N}, B, "a window of `" + Op.str() + "`")
             : Value::tensor(1,
                             "the length of `" + Op.str() + "` is not known");
  }
  Value X = Args.arg(0);
  if (Op == "polar") {
    // torch.polar(abs, angle): complex elements of the broadcast shape,
    // each component of the inputs' real type.
    Value Angle = keywordOr(Args, "angle", 1);
    if (!X.is(ValueKind::Tensor) || !Angle.is(ValueKind::Tensor))
      return Value::tensor(-1, "an operand of `torch.polar` is not a tensor");
    Value R = Eval.broadcast(X, Angle);
    if (R.is(ValueKind::Tensor) && !isComplexBytes(R.Bytes))
      R.Bytes = complexBytes(R.Bytes);
    return R;
  }
  if (Op == "view_as_real" || Op == "view_as_complex") {
    bool ToReal = Op == "view_as_real";
    if (!X.DimsKnown)
      return Value::tensor(X.Rank < 0 ? -1 : X.Rank + (ToReal ? 1 : -1));
    if (ToReal != isComplexBytes(X.Bytes) ||
        (!ToReal && (X.Dims.empty() || X.Dims.back() != Sym.constant(2))))
      return Value::tensor(int(X.Dims.size()) + (ToReal ? 1 : -1),
                           "`" + Op.str() + "` of a tensor not known to be " +
                               (ToReal ? "complex" : "pairs of reals"));
    Value R = viewOf(X, /*KeepContiguous=*/true);
    if (ToReal) {
      R.Dims.push_back(Sym.constant(2));
      R.Bytes = realPartBytes(X.Bytes);
    } else {
      R.Dims.pop_back();
      R.Bytes = complexBytes(X.Bytes);
    }
    R.Rank = int(R.Dims.size());
    return R;
  }
  if (Op != "istft" && !(Op == "stft" && isAtenStft(Args)))
    return std::nullopt;
  bool Istft = Op == "istft";
  auto DimOf = [&](const Value &V) { return Eval.dimExpr(V); };
  SpectralCall C = parseSpectral(Args, Istft, DimOf, Sym);
  size_t Signal = Istft ? 2 : 1; // The trailing extents that are not batch.
  bool Complex = isComplexBytes(X.Bytes);
  if (Istft && !Complex && X.DimsKnown && X.Dims.size() >= 3 &&
      X.Dims.back() == Sym.constant(2))
    Signal = 3; // The old real form [..., freqs, frames, 2].
  if (!X.DimsKnown || X.Dims.size() < Signal || X.Dims.size() > Signal + 1 ||
      !C.NFft || !C.Hop)
    return Value::tensor(-1, "the input, n_fft or hop of `" + Op.str() +
                                 "` is not known");
  Dims Out(X.Dims.begin(), X.Dims.end() - Signal);
  if (!Istft) {
    const sym::Expr *L = X.Dims.back();
    bool Onesided = C.Onesided.value_or(!Complex);
    Out.push_back(
        Onesided ? Sym.add(Sym.floorDiv(C.NFft, Sym.constant(2)), Sym.getOne())
                 : C.NFft);
    Out.push_back(
        L ? Sym.add(Sym.getOne(), Sym.floorDiv(Sym.sub(L, C.NFft), C.Hop))
          : nullptr);
    std::string B = Complex ? X.Bytes : complexBytes(X.Bytes);
    if (!C.ReturnComplex) {
      Out.push_back(Sym.constant(2));
      B = realPartBytes(B);
    }
    Value R = Value::shaped(Out, B, "the spectrum of `stft`");
    R.Contiguous = false; // The FFT's [frames, freqs], transposed.
    return R;
  }
  const sym::Expr *T = X.Dims[X.Dims.size() - Signal + 1];
  const sym::Expr *Full =
      T ? Sym.add(C.NFft, Sym.mul(C.Hop, Sym.sub(T, Sym.getOne()))) : nullptr;
  if (C.Length)
    Out.push_back(C.Length);
  else
    Out.push_back(!Full ? nullptr : C.Center ? Sym.sub(Full, C.NFft) : Full);
  std::string B = Signal == 3 ? X.Bytes : realPartBytes(X.Bytes);
  return Value::shaped(Out, C.ReturnComplex ? complexBytes(B) : B,
                       "the signal of `istft`");
}

CostExtras TensorOpRules::spectralExtras(StringRef Op, const CallArgs &Args) {
  CostExtras X;
  bool Istft = Op == "istft";
  auto DimOf = [&](const Value &V) { return Eval.dimExpr(V); };
  SpectralCall C = parseSpectral(Args, Istft, DimOf, Sym);
  const Value &In = C.Input;
  X.FftSize = C.NFft;
  X.Hop = C.Hop;
  X.Length = C.Length;
  X.Center = C.Center;
  X.Windowed = C.Window.is(ValueKind::Tensor);
  if (!In.DimsKnown || In.Dims.size() < (Istft ? 2u : 1u))
    return X;
  bool Complex = isComplexBytes(In.Bytes);
  size_t Signal = Istft ? 2 : 1;
  if (Istft && !Complex && In.Dims.size() >= 3 &&
      In.Dims.back() == Sym.constant(2))
    Signal = 3;
  if (In.Dims.size() < Signal)
    return X;
  Dims Lead(In.Dims.begin(), In.Dims.end() - Signal);
  X.Batch = Lead.empty()                  ? Sym.getOne()
            : is_contained(Lead, nullptr) ? nullptr
                                          : Sym.mul(Lead);
  if (Istft) {
    const sym::Expr *Freqs = In.Dims[In.Dims.size() - Signal];
    X.Frames = In.Dims[In.Dims.size() - Signal + 1];
    // aten: onesided unless the spectrum holds all n_fft frequencies.
    X.ComplexSignal = !C.Onesided.value_or(Freqs != C.NFft);
    return X;
  }
  X.ComplexSignal = Complex;
  const sym::Expr *L = In.Dims.back();
  X.Frames =
      L && C.NFft && C.Hop
          ? Sym.add(Sym.getOne(), Sym.floorDiv(Sym.sub(L, C.NFft), C.Hop))
          : nullptr;
  return X;
}

} // namespace modcost
