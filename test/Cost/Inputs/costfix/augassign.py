# Augmented assignment of sizes: `input_dim += extra` rebinds the name to the
# sum, a symbolic size like any other (RoCBert's map_inputs_layer); and the
# cache's `update_indexer` (DeepSeek-V3.2's indexer keys).
import torch
from torch import nn


class ConcatProjection(nn.Module):
    def __init__(self, config):
        super().__init__()
        input_dim = config.hidden_size
        if config.use_shape:
            shape_dim = config.shape_embed_dim
            input_dim += shape_dim
        input_dim *= 2
        self.proj = nn.Linear(input_dim, config.hidden_size)

    def forward(self, embeddings):
        return self.proj(embeddings)


class IndexerCache(nn.Module):
    def __init__(self, config, layer_idx=0):
        super().__init__()
        self.layer_idx = layer_idx
        self.wk = nn.Linear(config.hidden_size, config.index_head_dim, bias=False)

    def forward(self, hidden_states, past_key_values=None):
        q = self.wk(hidden_states)
        k = self.wk(hidden_states)
        if past_key_values is not None:
            k = past_key_values.update_indexer(k, self.layer_idx)
        scores = torch.matmul(q, k.transpose(-1, -2))
        return scores
