# Composite configs whose parts hold what the composite lacks, another
# config class unrelated to them, and a field only __post_init__ sets.


class VisionPartConfig:
    qkv_bias: bool = True


class TextPartConfig:
    hidden_size: int = 16


class CompositeConfig:
    sub_configs = {"vision_config": VisionPartConfig, "text_config": TextPartConfig}


class OtherConfig:
    hidden_size: int = 8


class CausalConfig:
    bidirectional: str | None = None

    def __post_init__(self, **kwargs):
        if self.bidirectional == "all":
            self.is_causal = False


class UndecidedCausalConfig:
    bidirectional: str | None = None

    def __post_init__(self, **kwargs):
        if self.num_layers > 4:
            self.is_causal = False
