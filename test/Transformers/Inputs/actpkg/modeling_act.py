from torch import nn
from transformers.activations import ACT2FN
from transformers.configuration_utils import PreTrainedConfig


class NoActConfig(PreTrainedConfig):
    model_type = "noact"
    hidden_size: int = 64


class NoActMLP(nn.Module):
    """Its config class declares no `hidden_act`: the profile's
    [config_defaults] gives it."""

    def __init__(self, config: NoActConfig):
        super().__init__()
        self.fc = nn.Linear(config.hidden_size, config.hidden_size)
        self.act = ACT2FN[config.hidden_act]

    def forward(self, hidden_states):
        return self.act(self.fc(hidden_states))
