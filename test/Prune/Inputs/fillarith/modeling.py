import torch
from torch import nn


def new_mask(hidden_states, seq_lens):
    # SeamlessM4T's _compute_new_attention_mask.
    batch_size, mask_seq_len = hidden_states.shape[:2]
    indices = torch.arange(mask_seq_len, device=seq_lens.device).expand(batch_size, -1)
    bool_mask = indices >= seq_lens.unsqueeze(1).expand(-1, mask_seq_len)
    mask = hidden_states.new_ones((batch_size, mask_seq_len))
    mask = mask.masked_fill(bool_mask, 0)
    return mask


class Subsampled(nn.Module):
    def __init__(self, kernel_size=8, stride=8):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.conv = nn.Conv1d(16, 16, kernel_size, stride=stride, padding=stride // 2)

    def forward(self, hidden_states, attention_mask):
        pad = self.kernel_size // 2
        seq_lens = attention_mask.size(1) - (1 - attention_mask.int()).sum(1)
        if seq_lens.min() == attention_mask.size(1):
            hidden_states = hidden_states * 2
        seq_lens = ((seq_lens + 2 * pad - self.kernel_size) / self.stride) + 1
        seq_lens = seq_lens.floor()
        hidden_states = self.conv(hidden_states.transpose(1, 2)).transpose(1, 2)
        mask = new_mask(hidden_states, seq_lens)
        if mask.all():
            hidden_states = hidden_states + 1
        odd = torch.arange(hidden_states.shape[1]) < seq_lens[:, None] - 1
        if odd.all():
            hidden_states = hidden_states - 1
        return hidden_states
