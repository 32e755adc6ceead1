"""An input whose first consumer is an item of a module container
(`self.conv_block[0](hidden_states)`), reduced from PP-OCRv5's SVTR
encoder: the conv's input convention shapes it, not the one for the name
`hidden_states` (batch_size, seq_len, hidden_size)."""
from torch import nn


class ConvThenNorm(nn.Module):
    def __init__(self, in_channels: int = 32):
        super().__init__()
        self.conv_block = nn.ModuleList(
            [nn.Conv2d(in_channels, 16, 3, padding=1), nn.BatchNorm2d(16)]
        )

    def forward(self, hidden_states):
        hidden_states = self.conv_block[0](hidden_states)
        hidden_states = self.conv_block[1](hidden_states)
        batch_size, channels, height, width = hidden_states.shape
        return hidden_states.flatten(2)
