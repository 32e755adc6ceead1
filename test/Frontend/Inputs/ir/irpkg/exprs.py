import torch.nn.functional as F


class Exprs:
    def forward(self, x, *args, scale: float = 1.0, **kwargs):
        a = F.linear(x, self.w, bias=None)
        b = x @ a if scale > 0 else -a
        c = [v * 2 for v in args if v is not None]
        d = {k: v for k, v in kwargs.items()}
        e = lambda t: t + 1
        f = f"{scale} units"
        g = x[:, 1:-1, ::2, None, ...]
        if (n := len(args)) not in (0, 1) and not kwargs:
            g = g.view(*a.shape)
        return a, b, c, d, e(g), f, n
