# Config attributes read through a composite config's one part, and a
# field only a branch of __post_init__ sets.
from torch import nn

from .configuration import CausalConfig, CompositeConfig, OtherConfig, UndecidedCausalConfig


class Annotated(nn.Module):
    def __init__(self, config: CompositeConfig):
        super().__init__()
        self.use_bias = config.qkv_bias

    def forward(self, x):
        if self.use_bias:
            x = x + 1
        return x


class Unannotated(Annotated):
    def __init__(self, config):
        super().__init__(config)


class Causal(nn.Module):
    def __init__(self, config: CausalConfig):
        super().__init__()
        self.config = config

    def forward(self, x):
        if not getattr(self.config, "is_causal", True):
            x = x * 2
        return x


class UndecidedCausal(Causal):
    def __init__(self, config: UndecidedCausalConfig):
        super().__init__(config)
