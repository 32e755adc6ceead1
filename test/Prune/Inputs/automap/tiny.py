from torch import nn


class TinyConfig:
    model_type = "tiny"
    hidden_size = 64
    intermediate_size = 256


class TinyModel(nn.Module):
    def __init__(self, config: TinyConfig):
        super().__init__()
        self.up = nn.Linear(config.hidden_size, config.intermediate_size)
        self.down = nn.Linear(config.intermediate_size, config.hidden_size)

    def forward(self, hidden_states):
        return self.down(self.up(hidden_states))
