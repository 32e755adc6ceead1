from torch import nn

from .mappings import CONFIG_NAMES, MODEL_MAPPING, AutoModel
from .tiny import TinyConfig
from .wide import WideConfig


class CompositeConfig:
    sub_configs = {"text_config": TinyConfig, "vision_config": WideConfig}


class Composite(nn.Module):
    def __init__(self, config: CompositeConfig):
        super().__init__()
        if "extra" in CONFIG_NAMES and CONFIG_NAMES["tiny-alias"] == "TinyConfig":
            self.order = "source"
        if type(config.text_config) in MODEL_MAPPING and type(config.text_config).__name__ == "TinyConfig":
            self.found = True
        self.language_model = AutoModel.from_config(config.text_config)
        self.vision_tower = AutoModel.from_config(config.vision_config)

    def forward(self, hidden_states):
        if self.language_model is not None:
            hidden_states = self.language_model(hidden_states)
        return self.vision_tower(hidden_states)
