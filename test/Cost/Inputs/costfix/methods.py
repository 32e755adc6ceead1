# A same-class method that rebinds its parameter: its composite reference
# shows the argument as passed, not the value the name has on return.
from torch import nn


class Rebind(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.proj = nn.Linear(hidden_size, 2 * hidden_size, bias=False)

    def _impl(self, x):
        x = self.proj(x)
        return x

    def forward(self, hidden_states):
        return self._impl(hidden_states)
