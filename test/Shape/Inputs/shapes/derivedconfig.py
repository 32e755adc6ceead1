from torch import nn


class TinyConfig:
    hidden_size: int = 64
    num_hidden_layers: int = 4
    feed_forward_proj: str = "gated-gelu"
    use_sliding_window: bool = False
    sliding_window: int | None = 128
    layer_types: list | None = None

    def __post_init__(self, **kwargs):
        self.sliding_window = self.sliding_window if self.use_sliding_window else None
        act_info = self.feed_forward_proj.split("-")
        self.is_gated_act = act_info[0] == "gated"
        if self.layer_types is None:
            self.layer_types = [
                "sliding_attention" if self.sliding_window is not None else "full_attention"
                for i in range(self.num_hidden_layers)
            ]
        super().__post_init__(**kwargs)


class Derived(nn.Module):
    def __init__(self, config: TinyConfig, layer_idx):
        super().__init__()
        self.layer_type = config.layer_types[layer_idx]
        width = 2 * config.hidden_size if config.is_gated_act else config.hidden_size
        self.proj = nn.Linear(config.hidden_size, width)
        self.full = self.layer_type == "full_attention"

    def forward(self, hidden_states):
        out = self.proj(hidden_states)
        if self.full:
            out = out * 2
        return out
