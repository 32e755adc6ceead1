# A wrapper of a module its constructor is given (DataParallel,
# AveragedModel): forward calls it with no tensor among its arguments.
from torch import nn


class Wrapper(nn.Module):
    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
