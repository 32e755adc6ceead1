"""Quantized tensors: quantize_per_tensor and dequantize."""
import torch
from torch import nn


class RoundTrip(nn.Module):
    """Quantizes to quint8 (1 byte per element), then back to float32."""

    def forward(self, hidden_states):
        q = torch.quantize_per_tensor(hidden_states, 0.1, 0, torch.quint8)
        return q.dequantize()


class Wide(nn.Module):
    """qint32 keeps 4 bytes per element."""

    def forward(self, hidden_states):
        return torch.quantize_per_tensor(hidden_states, 0.1, 0, dtype=torch.qint32)


class Unstated(nn.Module):
    """A dtype the constructor is given: the element size is not known, so
    the conversion is an unknown op, never a free one."""

    def __init__(self, dtype):
        super().__init__()
        self.dtype = dtype

    def forward(self, hidden_states):
        return torch.quantize_per_tensor(hidden_states, 0.1, 0, self.dtype)
