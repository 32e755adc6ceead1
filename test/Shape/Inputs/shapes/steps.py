"""Python loops over time steps and lists shared by reference, as
torchaudio's RNN-T predictor (`_CustomLSTM`) and Emformer build them: a
cell stepped over `x.unbind(0)` that appends each step's output and stacks
them; lists put in a list before they are filled; torch.cat skipping an
empty [0] tensor beside tensors of another rank."""
import torch
from torch import nn


class SteppedCell(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.x2g = nn.Linear(width, 2 * width, bias=False)
        self.h2g = nn.Linear(width, 2 * width, bias=False)
        self.width = width

    def forward(self, x):
        h = torch.zeros(x.size(1), self.width)
        gated = self.x2g(x)
        outputs = []
        for gates in gated.unbind(0):
            gates = gates + self.h2g(h)
            a, b = gates.chunk(2, 1)
            h = a.sigmoid() * b.tanh()
            outputs.append(h)
        return torch.stack(outputs, dim=0)


class TwoPerStep(nn.Module):
    """Two appends per step: not a list of identical elements."""

    def forward(self, x):
        outputs = []
        for row in x.unbind(0):
            outputs.append(row)
            outputs.append(row)
        return torch.stack(outputs)


class SharedLists(nn.Module):
    def forward(self, x):
        top = []
        bottom = []
        groups = [top, bottom]
        for i in range(3):
            top.append(x[i : i + 1])
            bottom.append(x[: i + 1])
        return torch.cat([torch.cat(g) for g in groups])


class LegacyEmpty(nn.Module):
    def forward(self, x):
        nothing = torch.empty(0)
        return torch.cat([x, nothing, x])


class UnitDims(nn.Module):
    """A cast's dtype source is not read."""

    def forward(self, x):
        y = x.permute(1, 0, 2).contiguous()
        z = x.transpose(0, 2).contiguous()
        return y.float().type_as(z)
