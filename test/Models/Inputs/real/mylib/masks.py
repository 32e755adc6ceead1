import torch


def _causal(q, kv):
    return q >= kv


def build_mask(q_len, kv_len):
    return torch.vmap(torch.vmap(_causal))(torch.arange(q_len), torch.arange(kv_len))
