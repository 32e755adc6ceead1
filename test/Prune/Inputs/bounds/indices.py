"""Index tensors whose values are data but whose range is not."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Experts(nn.Module):
    """The experts loop of transformers v5 MoE layers, sized by arguments."""

    def __init__(self, num_experts, hidden_dim, intermediate_dim):
        super().__init__()
        self.num_experts = num_experts
        self.gate_up_proj = nn.Parameter(torch.empty(num_experts, 2 * intermediate_dim, hidden_dim))
        self.down_proj = nn.Parameter(torch.empty(num_experts, hidden_dim, intermediate_dim))

    def forward(self, hidden_states, top_k_index, top_k_weights):
        final = torch.zeros_like(hidden_states)
        with torch.no_grad():
            expert_mask = F.one_hot(top_k_index, num_classes=self.num_experts)
            expert_mask = expert_mask.permute(2, 1, 0)
            expert_hit = torch.greater(expert_mask.sum(dim=(-1, -2)), 0).nonzero()
        for expert_idx in expert_hit:
            expert_idx = expert_idx[0]
            if expert_idx == self.num_experts:
                continue
            top_k_pos, token_idx = torch.where(expert_mask[expert_idx])
            current = hidden_states[token_idx]
            gate, up = F.linear(current, self.gate_up_proj[expert_idx]).chunk(2, dim=-1)
            current = F.silu(gate) * up
            current = F.linear(current, self.down_proj[expert_idx])
            current = current * top_k_weights[token_idx, top_k_pos, None]
            final.index_add_(0, token_idx, current.to(final.dtype))
        return final


class Bounds(nn.Module):
    """argmax, topk and arange bound their indices; a bound that does not
    settle a comparison leaves it undecided."""

    def __init__(self, num_classes):
        super().__init__()
        self.num_classes = num_classes

    def forward(self, hidden_states):
        best = hidden_states.argmax(dim=-1)
        _, top = torch.topk(hidden_states, 2, dim=1)
        first = best[0, 0].long()
        if first >= hidden_states.shape[-1]:
            hidden_states = hidden_states * 2
        if top[0, 0, 0] < hidden_states.size(1):
            hidden_states = hidden_states + 1
        if -1 != first:
            hidden_states = hidden_states - 1
        pos = torch.arange(self.num_classes)
        if pos.view(-1, 1)[3] == self.num_classes:
            hidden_states = hidden_states / 2
        if first == 0:
            hidden_states = hidden_states * 3
        hit = F.one_hot(best, num_classes=self.num_classes + 1).sum(dim=(0, 1)).nonzero()
        if hit[0][0] == self.num_classes:
            hidden_states = hidden_states * 4
        return hidden_states
