from torch import nn


class ParenthesizedTarget(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])

    def forward(self, x):
        for _, (stage) in enumerate(self.stages):
            x = stage(x)
        for (scale,) in [(2,)]:
            x = x * scale
        return x
