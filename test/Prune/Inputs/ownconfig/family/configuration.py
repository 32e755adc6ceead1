# The family's own config: grouped-query attention.


class FamilyConfig:
    hidden_size: int = 512
    num_attention_heads: int = 8
    num_key_value_heads: int = 2
