# Fixtures for the cost rules of short-time Fourier transforms and complex
# views (test/Cost/spectral.test).
import torch
from torch import nn


class Spectrogram(nn.Module):
    """A centered stft with a Hann window, its spectrum as pairs of reals
    and back, and the istft of it trimmed to the signal's length."""

    def __init__(self, n_fft: int = 1024):
        super().__init__()
        self.n_fft = n_fft
        self.hop = n_fft // 4

    def forward(self, x):
        window = torch.hann_window(self.n_fft)
        z = torch.stft(x, self.n_fft, self.hop, window=window, normalized=True,
                       return_complex=True, pad_mode="reflect")
        pairs = torch.view_as_real(z)
        back = torch.view_as_complex(pairs.contiguous())
        y = torch.istft(back, self.n_fft, self.hop, window=window,
                        normalized=True, length=x.shape[-1])
        return y, z.real


class PolarRotation(nn.Module):
    """Rotary embedding as complex numbers (DeepSeek-V2, Llama 1's
    reference code): unit phasors from angles, applied by a complex
    product to pairs of reals."""

    def forward(self, x, angles):
        phasors = torch.polar(torch.ones_like(angles), angles)
        pairs = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
        return torch.view_as_real(pairs * phasors).flatten(-2)
