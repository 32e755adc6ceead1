import torch
from torch import nn


class Base(nn.Module):
    def get_input_embeddings(self):
        return self.embed


class Inner(Base):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(8, 8)


class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.language_model = Inner()

    def forward(self, hidden_states):
        lm = self.language_model
        if lm is not None and lm is not self and hasattr(lm, "get_input_embeddings"):
            return lm.get_input_embeddings()(hidden_states)
        return hidden_states
