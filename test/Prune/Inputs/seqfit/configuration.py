# A config with a position table of a fixed size, the sub-configs of a
# composite config, and a field named through attribute_map.


class PositionsConfig:
    hidden_size: int = 64
    max_position_embeddings: int = 128
    image_size: int = 224
    patch_size: int = 16


class TextPartConfig:
    num_attention_heads: int = 8
    num_key_value_heads: int = 2


class VisionPartConfig:
    num_attention_heads: int = 12


class CompositeConfig:
    # The module is annotated with the composite config but built with its
    # text part.
    sub_configs = {"vision_config": VisionPartConfig, "text_config": TextPartConfig}


class MappedConfig:
    attribute_map = {"num_attention_heads": "n_head"}
    n_head: int = 4
    num_key_value_heads: int = 1
