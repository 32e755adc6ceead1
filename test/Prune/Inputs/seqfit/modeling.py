# Comparisons of the sequence length with a position count, of image sizes
# with patch sizes, and of head counts read through sub-configs and
# attribute_map (SequenceFit.cpp, SizeHints.cpp).
import torch
from torch import nn

from .configuration import CompositeConfig, MappedConfig, PositionsConfig


class Positions(nn.Module):
    def __init__(self, config: PositionsConfig):
        super().__init__()
        self.max_positions = config.max_position_embeddings
        self.table = torch.zeros(config.max_position_embeddings + 2, config.hidden_size)

    def forward(self, input_ids, past_key_values_length: int = 0):
        seq_len = input_ids.shape[1]
        max_pos = 2 + seq_len + past_key_values_length
        if max_pos > self.table.size(0):
            input_ids = input_ids * 2
        if seq_len <= self.max_positions:
            input_ids = input_ids + 1
        if self.max_positions - seq_len >= 0:
            input_ids = input_ids + 2
        if seq_len < self.max_positions:
            input_ids = input_ids + 3
        if 2 * seq_len > self.max_positions:
            input_ids = input_ids + 4
        return input_ids


class Patches(nn.Module):
    def __init__(self, config: PositionsConfig):
        super().__init__()
        self.patch_size = config.patch_size
        self.image_size = config.image_size

    def forward(self, pixel_values):
        height, width = pixel_values.shape[-2:]
        if width % self.patch_size != 0:
            pixel_values = pixel_values * 2
        if height == width:
            pixel_values = pixel_values + 1
        return pixel_values


class CompositeAttention(nn.Module):
    def __init__(self, config: CompositeConfig):
        super().__init__()
        self.num_key_value_groups = config.num_attention_heads // config.num_key_value_heads

    def forward(self, hidden_states):
        if self.num_key_value_groups > 1:
            hidden_states = hidden_states * 2
        return hidden_states


class MappedAttention(nn.Module):
    def __init__(self, config: MappedConfig):
        super().__init__()
        self.num_key_value_groups = config.num_attention_heads // config.num_key_value_heads

    def forward(self, hidden_states):
        if self.num_key_value_groups > 1:
            hidden_states = hidden_states * 2
        return hidden_states
