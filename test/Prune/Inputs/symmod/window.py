# A remainder by a symbolic size (Swin's window clamped to a square
# feature map): `(ws - w % ws) % ws` is 0 when ws = min(h, w) and h = w.
from torch import nn


class ClampedWindow(nn.Module):
    def forward(self, pixel_values):
        _, _, h, w = pixel_values.shape
        resolution = ((h + 1) // 2, (w + 1) // 2)
        ws = min(resolution)
        pad = (ws - resolution[1] % ws) % ws
        if pad > 0:
            pixel_values = pixel_values * 2
        return pixel_values + 1
