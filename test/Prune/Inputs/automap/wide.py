from torch import nn


class WideConfig:
    model_type = "wide"
    hidden_size = 64


class WideModel(nn.Module):
    def __init__(self, config: WideConfig):
        super().__init__()
        self.proj = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden_states):
        return self.proj(hidden_states)
