# Operands whose shapes are lost: the unknown op names where the first one was
# bound (docs/Coverage.md).
import torch
from torch import nn
import torch.nn.functional as F


class BiasFromBranches(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size, bias=False)
        if config.qkv_bias:
            q_bias = nn.Parameter(torch.zeros(config.hidden_size))
            v_bias = nn.Parameter(torch.zeros(config.hidden_size))
        else:
            q_bias = None
            v_bias = None
        if q_bias is not None:
            qkv_bias = torch.cat((q_bias, torch.zeros_like(v_bias), v_bias))
            self.qkv.bias = nn.Parameter(qkv_bias)

    def forward(self, hidden_states):
        return self.qkv(hidden_states)


class LostInForward(nn.Module):
    def forward(self, hidden_states):
        mixed = torch.ops.mylib.fused_norm(hidden_states)
        scaled = mixed * 2
        return F.softmax(scaled, dim=-1)
