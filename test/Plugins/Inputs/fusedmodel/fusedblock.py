# A decoder block written against two fused kernels that modcost's catalog
# does not know: a project's own RMSNorm op registered under torch.ops.mylib,
# and flash-attn's flash_attn_func (whose package is not installed here, so
# only its name is known). Used by the plugin and --op-rules tests.
import torch
from torch import nn
from flash_attn import flash_attn_func


class FusedDecoderBlock(nn.Module):
    def __init__(self, hidden_size, num_heads, eps=1e-6):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = hidden_size // num_heads
        self.eps = eps
        self.norm_weight = nn.Parameter(torch.ones(hidden_size))
        self.qkv_proj = nn.Linear(hidden_size, 3 * hidden_size, bias=False)
        self.o_proj = nn.Linear(hidden_size, hidden_size, bias=False)

    def forward(self, hidden_states):
        bsz, q_len, _ = hidden_states.shape
        normed = torch.ops.mylib.fused_rms_norm(hidden_states, self.norm_weight, self.eps)
        qkv = self.qkv_proj(normed).view(bsz, q_len, 3, self.num_heads, self.head_dim)
        query, key, value = qkv.unbind(dim=2)
        attn = flash_attn_func(query, key, value, causal=True)
        attn = attn.reshape(bsz, q_len, -1)
        return hidden_states + self.o_proj(attn)
