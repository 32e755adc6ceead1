import torch
from torch import nn


class Masked(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(16, 16)

    def forward(self, pixel_values: torch.Tensor):
        batch_size = pixel_values.size(0)
        # A mask of ones when none is given (Idefics2's patch mask).
        mask = torch.ones((batch_size, pixel_values.size(2) // 4))
        mask = mask.to(dtype=torch.bool).view(batch_size, -1)
        if mask.all():
            x = self.proj(pixel_values)
        else:
            x = pixel_values
        zeros = torch.zeros_like(pixel_values)
        if zeros.any():
            x = x + 1
        full = torch.full((batch_size, 3), 7)
        if full.max().item() == 7:
            x = x * 2
        stored = torch.ones(batch_size, 4)
        stored[:, 0] = 1
        if stored.all():
            x = x - 1
        stored[:, 1] = 0
        if stored.all():
            x = x / 2
        filled = pixel_values.new_zeros((batch_size, 4))
        filled.fill_(3)
        if filled.min().item() == 3:
            x = x + 2
        filled.masked_fill_(filled > 0, 5)
        if filled.all():
            x = x + 3
        scattered = torch.zeros(batch_size, 4).scatter(1, filled.long(), 1)
        if scattered.any():
            x = x + 4
        nested = torch.ones(batch_size, 4, 4)
        nested[0][:, 1] = 0
        if nested.all():
            x = x + 5
        viewed = torch.ones(batch_size, 4)
        viewed[:, 0].zero_()
        if viewed.all():
            x = x + 6
        return x
