//===- SpectralCost.cpp - The cost of stft and istft ----------------------===//
///
/// \file
/// `stft` and `istft` are priced as aten's CPU path (torch 1.13) runs them,
/// kernel by kernel, each reading its operands and writing its result:
///
///  - stft (on the signal as `torch.stft` hands it over, already padded
///    when `center`): the frames are a strided view of the signal; the
///    window multiplies every frame (when a window is given), then one
///    real-to-complex FFT per frame (complex-to-complex for a complex
///    signal) writes the spectrum. `normalized` is a scale inside the FFT.
///  - istft: one complex-to-real FFT per frame (onesided; complex-to-complex
///    otherwise), the window (a tensor of ones when none is given)
///    multiplies the frames, an overlap-add (col2im) sums them into the
///    signal of n_fft + hop * (frames - 1) samples; the window envelope is
///    built the same way from the squared window (pow, repeat over the
///    frames, col2im); the trimmed envelope is checked for zeros (abs, min,
///    a comparison and its truth test) and divides the trimmed signal.
///
/// FLOPs convention (docs/CostModel.md, Spectral): an FFT of N points
/// counts 5 N log2(N) for a complex transform and half that, 5/2 N log2(N),
/// for a real one (r2c, c2r), log2 rounded up when N is not a power of two;
/// with N symbolic the FLOPs are unknown. FFTs are not matrix products:
/// they add nothing to the matrix FLOPs (nor does torch's dispatch counter
/// count them as such). Element-wise steps count 1 per output element, the
/// overlap-adds 1 per frame element.
///
//===----------------------------------------------------------------------===//

#include "modcost/Semantics/OpCatalog.h"
#include "modcost/Symbolic/Expr.h"

using namespace llvm;

namespace modcost {

namespace {

/// Sums FLOPs, reads and writes of the kernels of one call; any unknown
/// term makes the sum unknown.
class KernelSum {
public:
  explicit KernelSum(sym::ExprContext &Ctx)
      : Ctx(Ctx), Flops(Ctx.getZero()), Read(Ctx.getZero()),
        Write(Ctx.getZero()) {}

  /// One kernel: \p F FLOPs, \p R bytes read, \p W bytes written.
  void kernel(const sym::Expr *F, const sym::Expr *R, const sym::Expr *W) {
    Flops = F && Flops ? Ctx.add(Flops, F) : nullptr;
    Read = R && Read ? Ctx.add(Read, R) : nullptr;
    Write = W && Write ? Ctx.add(Write, W) : nullptr;
  }

  /// A kernel whose FLOPs are unknown (an FFT of a symbolic size).
  void unknownFlops() { Flops = nullptr; }

  OpCost cost(std::string Detail) const {
    OpCost C;
    C.Flops = Flops;
    C.MatmulFlops = Flops ? Ctx.getZero() : nullptr;
    C.Read = Read;
    C.Write = Write;
    C.Detail = std::move(Detail);
    return C;
  }

private:
  sym::ExprContext &Ctx;
  const sym::Expr *Flops, *Read, *Write;
};

/// The FLOPs of one FFT of \p N points: 5 N ceil(log2 N), halved for a
/// real transform; null when N is not a known positive integer.
const sym::Expr *fftFlops(const sym::Expr *N, bool Real,
                          sym::ExprContext &Ctx) {
  if (!N || !N->isConstant() || !N->getConstantValue().isInteger())
    return nullptr;
  std::optional<int64_t> V = N->getConstantValue().getNumerator().tryGetInt64();
  if (!V || *V <= 0)
    return nullptr;
  int64_t Log = 0;
  while ((int64_t(1) << Log) < *V)
    ++Log;
  int64_t Full = 5 * *V * Log;
  return Real ? Ctx.constant(Full, 2) : Ctx.constant(Full);
}

const sym::Expr *mulAll(std::initializer_list<const sym::Expr *> Fs,
                        sym::ExprContext &Ctx) {
  for (const sym::Expr *F : Fs)
    if (!F)
      return nullptr;
  return Ctx.mul(ArrayRef<const sym::Expr *>(Fs.begin(), Fs.end()));
}

OpCost stftCost(ArrayRef<TensorDesc> Inputs, ArrayRef<TensorDesc> Outputs,
                const CostExtras &X, sym::ExprContext &Ctx) {
  const TensorDesc &In = Inputs[0];
  const sym::Expr *Eb = elementBytes(In, Ctx);
  const sym::Expr *FrameElems = mulAll({X.Batch, X.Frames, X.FftSize}, Ctx);
  const sym::Expr *FrameBytes = mulAll({FrameElems, Eb}, Ctx);
  KernelSum K(Ctx);
  if (X.Windowed && Inputs.size() > 1) {
    // The window multiplies every frame.
    const sym::Expr *W = numElements(Inputs[1], Ctx);
    const sym::Expr *WBytes = mulAll({W, elementBytes(Inputs[1], Ctx)}, Ctx);
    K.kernel(FrameElems,
             FrameBytes && WBytes ? Ctx.add(FrameBytes, WBytes) : nullptr,
             FrameBytes);
  }
  // One FFT per frame: reads the (windowed) frames, writes the spectrum.
  const sym::Expr *Out = Outputs.empty()
                             ? nullptr
                             : mulAll({numElements(Outputs[0], Ctx),
                                       elementBytes(Outputs[0], Ctx)},
                                      Ctx);
  const sym::Expr *PerFft = fftFlops(X.FftSize, /*Real=*/!X.ComplexSignal, Ctx);
  K.kernel(mulAll({X.Batch, X.Frames, PerFft}, Ctx), FrameBytes, Out);
  if (!PerFft)
    K.unknownFlops();
  return K.cost(X.Windowed ? "window multiply and one FFT per frame"
                           : "one FFT per frame");
}

OpCost istftCost(ArrayRef<TensorDesc> Inputs, ArrayRef<TensorDesc> Outputs,
                 const CostExtras &X, sym::ExprContext &Ctx) {
  const TensorDesc &In = Inputs[0];
  const sym::Expr *Eb = elementBytes(Outputs[0], Ctx);
  const sym::Expr *N = X.FftSize, *B = X.Batch, *T = X.Frames;
  const sym::Expr *NBytes = mulAll({N, Eb}, Ctx);
  const sym::Expr *FrameElems = mulAll({B, T, N}, Ctx);
  const sym::Expr *FrameBytes = mulAll({FrameElems, Eb}, Ctx);
  const sym::Expr *InBytes =
      mulAll({numElements(In, Ctx), elementBytes(In, Ctx)}, Ctx);
  // The signal after overlap-add: n_fft + hop * (frames - 1) samples.
  const sym::Expr *Signal =
      X.Hop && T && N ? Ctx.add(N, Ctx.mul(X.Hop, Ctx.sub(T, Ctx.getOne())))
                      : nullptr;
  KernelSum K(Ctx);
  // One inverse FFT per frame (complex-to-real when onesided): reads the
  // spectrum, writes the frames.
  const sym::Expr *PerFft = fftFlops(N, /*Real=*/!X.ComplexSignal, Ctx);
  K.kernel(mulAll({B, T, PerFft}, Ctx), InBytes, FrameBytes);
  if (!PerFft)
    K.unknownFlops();
  if (!X.Windowed)
    K.kernel(Ctx.getZero(), Ctx.getZero(), NBytes); // torch.ones(n_fft)
  // The window multiplies the frames; the overlap-add sums them.
  K.kernel(FrameElems,
           FrameBytes && NBytes ? Ctx.add(FrameBytes, NBytes) : nullptr,
           FrameBytes);
  K.kernel(FrameElems, FrameBytes, mulAll({B, Signal, Eb}, Ctx));
  // The envelope: the squared window, repeated over the frames, summed.
  const sym::Expr *EnvFrames = mulAll({N, T}, Ctx);
  K.kernel(N, NBytes, NBytes);
  K.kernel(Ctx.getZero(), NBytes, mulAll({EnvFrames, Eb}, Ctx));
  K.kernel(EnvFrames, mulAll({EnvFrames, Eb}, Ctx), mulAll({Signal, Eb}, Ctx));
  // The trimmed part: [n_fft / 2 (centered), + length), within the signal.
  const sym::Expr *Start =
      X.Center && N ? Ctx.floorDiv(N, Ctx.constant(2)) : Ctx.getZero();
  const sym::Expr *Avail = Signal && Start ? Ctx.sub(Signal, Start) : nullptr;
  if (Avail && X.Center && !X.Length)
    Avail = Ctx.sub(Avail, Start);
  const sym::Expr *Kept = X.Length && Avail ? Ctx.min(X.Length, Avail) : Avail;
  const sym::Expr *KeptBytes = mulAll({Kept, Eb}, Ctx);
  // The zero check: abs, min, the comparison and its truth test.
  K.kernel(Kept, KeptBytes, KeptBytes);
  K.kernel(Kept, KeptBytes, Eb);
  K.kernel(Ctx.getOne(), Eb, Ctx.getOne());
  K.kernel(Ctx.getZero(), Ctx.getZero(), Ctx.getOne());
  K.kernel(Ctx.getZero(), Ctx.constant(2), Ctx.getZero());
  // The signal divided by the envelope.
  const sym::Expr *Div = mulAll({B, KeptBytes}, Ctx);
  K.kernel(mulAll({B, Kept}, Ctx),
           Div && KeptBytes ? Ctx.add(Div, KeptBytes) : nullptr, Div);
  // A length beyond the signal: zeros appended (a copy at the new length).
  if (X.Length && Avail && X.Length->isConstant() && Avail->isConstant() &&
      Avail->getConstantValue() < X.Length->getConstantValue())
    K.kernel(Ctx.getZero(), Div, mulAll({B, X.Length, Eb}, Ctx));
  return K.cost("one inverse FFT per frame, window, overlap-add, envelope");
}

} // namespace

OpCost spectralCost(const OpInfo &Op, ArrayRef<TensorDesc> Inputs,
                    ArrayRef<TensorDesc> Outputs, const CostExtras &X,
                    sym::ExprContext &Ctx) {
  if (Inputs.empty() || Outputs.empty() || !X.FftSize || !X.Batch ||
      !X.Frames) {
    OpCost C;
    C.Detail = "the FFT size, frames or batch are not known";
    return C;
  }
  return Op.Name == "istft" ? istftCost(Inputs, Outputs, X, Ctx)
                            : stftCost(Inputs, Outputs, X, Ctx);
}

} // namespace modcost
