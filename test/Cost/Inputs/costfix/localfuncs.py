# Functions defined inside other functions (test/Cost/local-functions.test).
import torch
from torch import nn


class FeatureLengths(nn.Module):
    """The output length of a stack of 1-D convolutions, computed the way
    transformers' speech models do (`_get_feat_extract_output_lengths`),
    then a local function that reads an enclosing local and one that calls
    itself."""

    def __init__(self, conv_kernel=(10, 3, 3), conv_stride=(5, 2, 2)):
        super().__init__()
        self.conv_kernel = conv_kernel
        self.conv_stride = conv_stride

    def output_lengths(self, input_lengths):
        def _conv_out_length(input_length, kernel_size, stride):
            return torch.div(input_length - kernel_size, stride, rounding_mode="floor") + 1

        for kernel_size, stride in zip(self.conv_kernel, self.conv_stride):
            input_lengths = _conv_out_length(input_lengths, kernel_size, stride)
        return input_lengths

    def forward(self, x):
        scale = 3

        def scaled(t):
            return t * scale

        def halve(t, times):
            if times == 0:
                return t
            return halve(t / 2, times - 1)

        lengths = self.output_lengths(x.sum(-1))
        return scaled(lengths), halve(x, 2)
