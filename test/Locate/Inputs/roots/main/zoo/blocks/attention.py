from ..layers import Dense
from .. import layers as L
import zoo.layers as zl


class SelfAttention(L.Dense):
    def forward(self, q, k, v):
        scores = q @ k
        return scores @ v


class ViaImportAs(zl.Scaled):
    pass


try:
    from .fast import FastImpl as Impl
except ImportError:
    from .slow_impl import SlowImpl as Impl


class UsesImpl(Impl):
    pass
