import math
import functools

from .blocks import mixins


def wraps_only(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner


class Base:
    """Abstract root: its forward only raises."""

    def forward(self, x):
        raise NotImplementedError("subclasses implement forward")


class Dense(Base):
    def __init__(self, width, scale=1.0):
        self.width = width
        self.scale = scale

    def forward(self, x):
        y = x * self.scale
        return y + 1


class Scaled(Dense):
    def extra(self):
        return math.sqrt(self.width)


def _dataclass_like(cls):
    return cls


@_dataclass_like
class Decorated(Dense):
    @wraps_only
    @staticmethod
    def forward(x, *rest, flag: bool = False, **options):
        if flag:
            return x
        return -x


def helper(x, y=2):
    z = x * y
    return z


class NoForward:
    pass


class Abstract(Base):
    pass


Dense2 = Dense


class WithMixin(mixins.Mixin, Dense):
    pass


def _impl(self, x):
    return x @ x


class Assigned(Base):
    forward = _impl
