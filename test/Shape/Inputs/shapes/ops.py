# Shape-rule fixtures written for modcost's tests: each forward line
# exercises one family of rules.
import torch
from torch import nn
import torch.nn.functional as F


class Views(nn.Module):
    def __init__(self, hidden_size, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = hidden_size // num_heads

    def forward(self, hidden_states):
        b, s, _ = hidden_states.shape
        x = hidden_states.view(b, s, self.num_heads, -1)
        t = x.transpose(1, 2)
        c = t.contiguous()
        p = x.permute(0, 2, 3, 1)
        r = t.reshape(b, -1, self.head_dim)
        u = r.unsqueeze(1)
        q = u.squeeze(1)
        f = x.flatten(2)
        e = hidden_states[:, None, :, :].expand(b, self.num_heads, s, -1)
        sl = hidden_states[:, 1:-1, ::2]
        last = hidden_states[..., -1]
        return c, p, q, f, e, sl, last


class Products(nn.Module):
    def __init__(self, hidden_size, intermediate_size, vocab_size):
        super().__init__()
        self.up = nn.Linear(hidden_size, intermediate_size, bias=False)
        self.emb = nn.Embedding(vocab_size, hidden_size)
        self.w = nn.Parameter(torch.empty(intermediate_size, hidden_size))

    def forward(self, hidden_states, input_ids):
        a = self.up(hidden_states)
        b = F.linear(hidden_states, self.w)
        scores = torch.matmul(a, b.transpose(-1, -2))
        probs = F.softmax(scores.float(), dim=-1).to(hidden_states.dtype)
        ctx = probs @ b
        e = self.emb(input_ids)
        both = torch.cat([a, b], dim=-1)
        stacked = torch.stack([a, b], dim=0)
        gate, val = both.chunk(2, dim=-1)
        mean = both.mean(-1, keepdim=True)
        total = both.sum(dim=(0, 1))
        ein = torch.einsum("bsi,bti->bst", a, b)
        top_v, top_i = scores.topk(4, dim=-1)
        return ctx, e, stacked, gate * val, mean, total, ein, top_v


class Convs(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=2, padding=1)
        self.pool = nn.MaxPool2d(kernel_size=2)
        self.depthwise = nn.Conv2d(out_channels, out_channels, 3, padding=1, groups=out_channels)

    def forward(self, x):
        y = self.conv(x)
        z = self.pool(y)
        d = self.depthwise(z)
        g = F.adaptive_avg_pool2d(d, (1, 1))
        return torch.flatten(g, 1)


class DataDependent(nn.Module):
    def forward(self, hidden_states, mask):
        picked = hidden_states[mask]
        return picked * 2
