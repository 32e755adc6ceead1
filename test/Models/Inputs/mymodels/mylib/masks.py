# modcost model of mylib.masks: the real build_mask runs torch.vmap over
# (q, kv) index pairs, which modcost does not interpret. It builds the same
# [q_len, kv_len] causal mask: a lower triangle of ones.
import torch


def build_mask(q_len, kv_len):
    return torch.tril(torch.ones(q_len, kv_len))
