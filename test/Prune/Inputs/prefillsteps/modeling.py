# Conditions on the number of tokens in a step that only the phase's
# convention settles: while prefilling a sequence has at least two tokens.
import torch
from torch import nn


class StepKind(nn.Module):
    def __init__(self, hidden_size: int):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, input_ids):
        seq_len = input_ids.shape[1]
        hidden = input_ids.float()
        if seq_len > 1:
            hidden = hidden * 2
        if seq_len == 1:
            hidden = hidden + 1
        if seq_len >= 2 and seq_len - 1 > 0:
            hidden = hidden - 3
        return hidden


class SingleTokenOnly(nn.Module):
    """A guard the convention would take into its raise: the code says more."""

    def forward(self, input_ids):
        if input_ids.shape[1] != 1:
            raise ValueError("one token per step")
        return input_ids.float() * 2


class Decoder(nn.Module):
    def forward(self, decoder_input_ids):
        if decoder_input_ids.shape[-1] > 1:
            decoder_input_ids = decoder_input_ids + 1
        return decoder_input_ids
