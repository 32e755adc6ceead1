"""A custom autograd Function used through `apply` (Bloom's GeLUFunction)."""
import torch
from torch import nn


def tanh_gelu(x):
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))


class TanhGelu(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return tanh_gelu(input)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        return grad_output * input


class Scale(torch.autograd.Function):
    """torch 2.x style: forward without ctx, setup_context after it."""

    @staticmethod
    def forward(input, factor):
        return input * factor

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.factor = inputs[1]


class Act(nn.Module):
    def forward(self, hidden_states):
        return TanhGelu.apply(hidden_states)


class Scaled(nn.Module):
    def forward(self, hidden_states):
        return Scale.apply(hidden_states, 2.0)
