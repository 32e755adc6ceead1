# Conditions on the prompt's length that the profile's count of tokens
# (`[input_sizes] seq_len = 1024`) decides, and those it leaves open.
import torch
from torch import nn


class Windowed(nn.Module):
    def __init__(self, window: int = 4096, chunk: int = 256):
        super().__init__()
        self.window = window
        self.chunk = chunk

    def forward(self, input_ids):
        seq_len = input_ids.shape[1]
        hidden = input_ids.float()
        if seq_len < self.window:
            hidden = hidden * 2
        pad = (self.chunk - seq_len % self.chunk) % self.chunk
        if pad > 0:
            hidden = hidden + 1
        return abs(hidden)


class Positions(nn.Module):
    def __init__(self, max_position_embeddings: int = 77):
        super().__init__()
        self.max_position_embeddings = max_position_embeddings

    def forward(self, input_ids):
        seq_len = input_ids.shape[-1]
        if seq_len > self.max_position_embeddings:
            raise ValueError("the sequence is longer than the positions")
        return input_ids.float() * 2
