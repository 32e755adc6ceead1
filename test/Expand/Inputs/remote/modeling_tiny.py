# Remote code as a Hugging Face snapshot carries it (auto_map): a model
# defined next to its config.json, not in any installed package.
import torch
from torch import nn


class TinyNet(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed = nn.Embedding(config.vocab_size, config.hidden_size)
        self.proj = nn.Linear(config.hidden_size, 2 * config.hidden_size)
        self.gain = nn.Parameter(torch.ones(config.hidden_size))
        self.register_buffer("scale", torch.ones(8))

    def forward(self, input_ids):
        x = self.embed(input_ids) * self.gain
        return self.proj(x)
