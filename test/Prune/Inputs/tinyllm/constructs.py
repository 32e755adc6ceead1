# Branch forms the prune pass must decide, written for modcost's tests.
import torch
from torch import nn

MODES = ("fast", "exact")
DEFAULT_MODE = "exact"


class Gate(nn.Module):
    def forward(self, x):
        return x


class Constructs(nn.Module):
    def __init__(self, config, mode=DEFAULT_MODE, act=None, depth=2):
        super().__init__()
        if config.q_lora_rank is None:
            self.q_proj = nn.Linear(config.hidden_size, config.hidden_size)
        else:
            self.q_a_proj = nn.Linear(config.hidden_size, config.q_lora_rank)
        self.mode = mode
        self.gate = Gate() if act is None else act
        self.depth = depth
        self.flags = {"bias": True}

    def forward(self, x, steps=3, **kwargs):
        if self.mode in MODES and self.mode != "fast":
            x = x * 2
        if isinstance(self.gate, Gate):
            x = self.gate(x)
        if hasattr(self, "depth") and getattr(self, "width", 4) == 4:
            x = x + 1
        if (n := len(self.flags)) == 1 and "bias" in self.flags:
            x = x - n
        while self.depth > 5:
            x = x / 2
        if not torch.jit.is_scripting() and not torch.jit.is_tracing():
            x = x.contiguous()
        return x
        x = x * 100
        x = x + 100
