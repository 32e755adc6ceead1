# A config class of another package that a modeling file imports first.


class GenerationConfig:
    max_length: int = 20
    num_attention_heads: int = 1
