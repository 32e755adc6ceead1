"""all()/any() over a list of symbolic length, as transformers'
get_layer_types_and_kwargs asks of `layer_types` (Builtins.cpp)."""
from torch import nn


class LayerKinds(nn.Module):
    def __init__(self, num_layers: int):
        super().__init__()
        self.kinds = ["full_attention" for _ in range(num_layers)]

    def forward(self, x):
        if any(k in ("conv", "linear_attention") for k in self.kinds):
            x = x * 2
        if all(k == "full_attention" for k in self.kinds):
            x = x + 1
        if any(k == "full_attention" for k in self.kinds):
            x = x - 1
        return x
