from collections import OrderedDict
from typing import Any, Dict, List, Optional, cast

from torch import nn


class WeightsBase:
    @classmethod
    def verify(cls, obj):
        if obj is not None:
            raise TypeError(cls.__name__)
        return obj


class NetWeights(WeightsBase):
    pass


def _overwrite(kwargs: Dict[str, Any], param: str, value: Any) -> None:
    if param in kwargs:
        if kwargs[param] != value:
            raise ValueError(param)
    else:
        kwargs[param] = value


class Transition(nn.Sequential):
    def __init__(self, c: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1)
        self.pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)


class Net(nn.Module):
    def __init__(self, cfg: List[Any], width: int = 4, num_classes: int = 10):
        super().__init__()
        layers: List[nn.Module] = []
        channels = 3
        for v in cfg:
            if v == "M":
                layers += [nn.MaxPool2d(2)]
            else:
                v = cast(int, v) * width
                layers += [nn.Conv2d(channels, v, 3, padding=1), nn.ReLU()]
                channels = v
        self.features = nn.Sequential(*layers)
        names = [f"stage{i}" for i in [1, 2]]
        for name in names:
            setattr(self, name, nn.Sequential(nn.Conv2d(channels, channels, 1)))
        self.trans = Transition(channels)
        self.head = nn.Sequential(
            OrderedDict([("pool", nn.AdaptiveAvgPool2d(1)), ("flat", nn.Flatten())])
        )
        self.blocks = nn.ModuleDict()
        for i in range(2):
            self.blocks.add_module("block%d" % (i + 1), nn.Linear(channels, channels))
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.stage1(x)
        x = self.stage2(x)
        x = self.trans(x)
        x = self.head(x)
        for name, block in self.blocks.items():
            x = block(x)
        return self.fc(x)


def _net(cfg: List[Any], weights: Optional[NetWeights], **kwargs: Any) -> Net:
    if weights is not None:
        _overwrite(kwargs, "num_classes", 1000)
    return Net(cfg, **kwargs)


def small_net(*, weights: Optional[NetWeights] = None, **kwargs: Any) -> Net:
    weights = NetWeights.verify(weights)
    _overwrite(kwargs, "width", 2)
    cfg = kwargs.pop("cfg", [4, "M", 8])
    return _net(cfg, weights, **kwargs)


def not_a_builder(*, scale: int = 2) -> int:
    return scale * 2
