# Dicts changed in place through their methods, written for modcost's
# tests: the change must reach the dict the receiver names, also when that
# is an entry of another dict (a config's per-layer-type RoPE dicts).
from torch import nn


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        params = {"full": {"rope_type": "default"}, "sliding": {"rope_type": "default"}}
        params["full"].update({"rope_type": "linear"})
        params["sliding"].setdefault("rope_theta", 10000.0)
        params["sliding"].setdefault("rope_type", "dynamic")
        params["full"]["factor"] = 8.0
        self.table = {"a": {}}
        self.table["a"].setdefault("width", 3)
        self.full_scaled = params["full"]["rope_type"] == "linear"
        self.theta_set = params["sliding"].get("rope_theta") == 10000.0
        self.kept = params["sliding"]["rope_type"] == "default"
        self.factor_set = params["full"]["factor"] == 8.0
        self.width_set = self.table["a"]["width"] == 3

    def forward(self, x):
        if self.full_scaled:
            x = x * 2
        if self.theta_set:
            x = x * 3
        if self.kept:
            x = x * 4
        if self.factor_set:
            x = x * 5
        if self.width_set:
            x = x * 6
        return x
