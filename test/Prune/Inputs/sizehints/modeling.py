# Size comparisons decided at the config's sizes (SizeHints.cpp) or by
# their difference (Operators.cpp).
import torch
from torch import nn

from .configuration import DerivedOnlyConfig, FreeHeadsConfig, NoHeadDimConfig


def repeat_kv(hidden_states, n_rep):
    if n_rep == 1:
        return hidden_states
    return hidden_states.repeat_interleave(n_rep, dim=1)


class DerivedOnlyAttention(nn.Module):
    def __init__(self, config: DerivedOnlyConfig):
        super().__init__()
        self.num_key_value_groups = config.num_attention_heads // config.num_key_value_heads

    def forward(self, hidden_states):
        if self.num_key_value_groups > 1:
            hidden_states = repeat_kv(hidden_states, self.num_key_value_groups)
        return hidden_states


class FreeHeadsAttention(nn.Module):
    def __init__(self, config: FreeHeadsConfig):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.num_key_value_groups = self.num_heads // config.num_key_value_heads

    def forward(self, hidden_states):
        if self.num_key_value_groups > 1:
            hidden_states = repeat_kv(hidden_states, self.num_key_value_groups)
        return hidden_states


class NoHeadDimAttention(nn.Module):
    def __init__(self, config: NoHeadDimConfig):
        super().__init__()
        self.head_dim = getattr(config, "head_dim", config.hidden_size // config.num_attention_heads)

    def forward(self, hidden_states):
        if self.head_dim <= 256:
            hidden_states = hidden_states * 2
        return hidden_states


class Lengths(nn.Module):
    def forward(self, query, key):
        q_length = query.shape[1]
        kv_length = key.shape[1]
        if kv_length > q_length:
            query = query * 2
        if kv_length == q_length:
            query = query + 1
        return query
