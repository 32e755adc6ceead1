import torch
from torch import nn


class ComplexRope(nn.Module):
    """DeepSeek-V2's and Llama-4's rotary embedding in complex numbers."""

    def forward(self, xq: torch.Tensor, freqs: torch.Tensor):
        freqs_cis = torch.polar(torch.ones_like(freqs), freqs)[:, None, :]
        xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
        rotated = xq_ * freqs_cis
        xq_out = torch.view_as_real(rotated).flatten(3)
        return xq_out.type_as(xq)
