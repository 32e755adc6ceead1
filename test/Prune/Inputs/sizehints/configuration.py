# Config classes leaving key/value heads to __post_init__ or free.


class DerivedOnlyConfig:
    # num_key_value_heads is no field: __post_init__ sets it.
    hidden_size: int = 512
    num_attention_heads: int = 8

    def __post_init__(self, **kwargs):
        self.num_key_value_heads = self.num_attention_heads


class FreeHeadsConfig:
    # num_key_value_heads defaults to None and nothing derives it.
    hidden_size: int = 512
    num_attention_heads: int = 8
    num_key_value_heads: int | None = None


class NoHeadDimConfig:
    # No head_dim field: the model's getattr default gives it.
    hidden_size: int = 512
    num_attention_heads: int = 8
    num_key_value_heads: int = 8
