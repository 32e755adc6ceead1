# An unannotated `config`, in a module that imports a generation config
# (another package) before its own: the family's config is the guess.
from torch import nn

from ..generation import GenerationConfig
from .configuration import FamilyConfig


class GroupedAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_key_value_groups = config.num_attention_heads // config.num_key_value_heads

    def forward(self, hidden_states):
        if self.num_key_value_groups > 1:
            hidden_states = hidden_states.repeat_interleave(self.num_key_value_groups, dim=1)
        return hidden_states
