import logging

import torch
from torch import nn

logger = logging.getLogger(__name__)


def check(cond, msg):
    import torch

    if isinstance(cond, torch.Tensor):
        torch._check_tensor_all_with(ValueError, cond, lambda: msg)
    else:
        torch._check_with(ValueError, cond, lambda: msg)


class Block(nn.Module):
    def __init__(self, hidden_size=64):
        super().__init__()
        self.proj = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states, level_sizes):
        check(level_sizes.sum() == hidden_states.shape[1], "bad sizes")
        if level_sizes.numel() > 1:
            logger.warning("several levels")
        else:
            pass
        return self.proj(hidden_states)


class ScaledBlock(Block):
    def forward(self, hidden_states, level_sizes):
        if level_sizes.numel() > 1:
            logger.warning("several levels")
        if level_sizes.sum() > 4:
            torch.relu(hidden_states)
        return self.proj(hidden_states)


def mark(module):
    module.marked = True


class MarkedBlock(Block):
    def forward(self, hidden_states, level_sizes):
        if level_sizes.numel() > 1:
            mark(self)
        return self.proj(hidden_states)
