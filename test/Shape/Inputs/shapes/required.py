"""Optional inputs the code cannot run without (RequiredInputs.cpp): a
default of None that the code never tests, but uses as a tensor or passes
to a callee that requires it. Reduced from BERT's cross attention and
CLIP's vision model."""
from torch import nn


class CrossAttention(nn.Module):
    def __init__(self, hidden_size: int = 64):
        super().__init__()
        self.query = nn.Linear(hidden_size, hidden_size)
        self.key = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states, encoder_hidden_states=None):
        kv_shape = encoder_hidden_states.shape[:-1]
        q = self.query(hidden_states)
        k = self.key(encoder_hidden_states)
        return q @ k.transpose(1, 2)


class Embeddings(nn.Module):
    def __init__(self, num_channels: int = 3, hidden_size: int = 64):
        super().__init__()
        self.patch = nn.Conv2d(num_channels, hidden_size, 16, stride=16, padding="valid")

    def forward(self, pixel_values):
        return self.patch(pixel_values).flatten(2)


class VisionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = Embeddings()

    def forward(self, pixel_values=None):
        return self.embeddings(pixel_values)

    def features(self, pixel_values=None):
        return self.forward(pixel_values=pixel_values)


class TwoTowers(nn.Module):
    """Requires its `pixel_values` two calls deep, through a method."""

    def __init__(self):
        super().__init__()
        self.vision = VisionModel()

    def get_image_features(self, pixel_values=None):
        return self.vision(pixel_values=pixel_values)

    def forward(self, input_ids=None, pixel_values=None):
        return self.get_image_features(pixel_values=pixel_values)


class Optional(nn.Module):
    """Tests its input: not passed, as the profile says."""

    def __init__(self, hidden_size: int = 64):
        super().__init__()
        self.key = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states, encoder_hidden_states=None):
        if encoder_hidden_states is None:
            return hidden_states
        return self.key(encoder_hidden_states)
