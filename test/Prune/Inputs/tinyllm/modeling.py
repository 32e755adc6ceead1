# A miniature decoder-only language model, written for modcost's prune
# tests in the style of a modern modeling file. Not meant to run.
import torch
from torch import nn
import torch.nn.functional as F

from .utils import checkpoint, is_torchdynamo_compiling


def attention_eager(module, q, k, v, mask, scaling, dropout=0.0):
    scores = torch.matmul(q, k.transpose(2, 3)) * scaling
    if mask is not None:
        scores = scores + mask
    probs = F.softmax(scores, dim=-1)
    probs = F.dropout(probs, p=dropout, training=module.training)
    return torch.matmul(probs, v), probs


def attention_sdpa(module, q, k, v, mask, scaling, dropout=0.0):
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scaling)
    return out, None


KERNELS = {"eager": attention_eager, "sdpa": attention_sdpa}


class TinyRMSNorm(nn.Module):
    def __init__(self, width, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.to(torch.float32)
        var = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(var + self.eps)
        return self.weight * x.to(dtype)


class TinyAttention(nn.Module):
    def __init__(self, config, layer_idx=0):
        super().__init__()
        self.config = config
        self.layer_idx = layer_idx
        self.head_dim = getattr(config, "head_dim", config.hidden_size // config.num_attention_heads)
        self.scaling = self.head_dim ** -0.5
        self.q_proj = nn.Linear(config.hidden_size, config.num_attention_heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(config.hidden_size, config.num_key_value_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(config.hidden_size, config.num_key_value_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(config.num_attention_heads * self.head_dim, config.hidden_size, bias=False)

    def forward(self, hidden_states, position_embeddings, attention_mask=None,
                past_key_values=None, output_attentions=False, **kwargs):
        shape = (*hidden_states.shape[:-1], -1, self.head_dim)
        if self.config.pretraining_tp > 1:
            slices = self.q_proj.weight.split(self.head_dim, dim=0)
            q = torch.cat([F.linear(hidden_states, s) for s in slices], dim=-1)
        else:
            q = self.q_proj(hidden_states)
        q = q.view(shape).transpose(1, 2)
        k = self.k_proj(hidden_states).view(shape).transpose(1, 2)
        v = self.v_proj(hidden_states).view(shape).transpose(1, 2)
        if past_key_values is not None:
            k, v = past_key_values.update(k, v, self.layer_idx)
        kernel = attention_eager
        if self.config._attn_implementation != "eager":
            kernel = KERNELS[self.config._attn_implementation]
        out, weights = kernel(self, q, k, v, attention_mask,
                              self.scaling, dropout=0.0 if not self.training else 0.1)
        out = self.o_proj(out.transpose(1, 2).reshape(*hidden_states.shape[:-1], -1))
        if not output_attentions:
            weights = None
        return out, weights


class TinyMLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class TinyDecoderLayer(nn.Module):
    def __init__(self, config, layer_idx):
        super().__init__()
        self.self_attn = TinyAttention(config, layer_idx)
        self.mlp = TinyMLP(config)
        self.input_norm = TinyRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.post_norm = TinyRMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.gradient_checkpointing = False

    def forward(self, hidden_states, position_embeddings, attention_mask=None,
                past_key_values=None, encoder_hidden_states=None, use_cache=False):
        residual = hidden_states
        hidden_states = self.input_norm(hidden_states)
        if self.gradient_checkpointing and self.training:
            hidden_states, _ = checkpoint(self.self_attn, hidden_states)
        else:
            hidden_states, _ = self.self_attn(hidden_states, position_embeddings,
                                              attention_mask, past_key_values)
        hidden_states = residual + hidden_states
        if encoder_hidden_states is not None:
            raise ValueError("this layer has no cross-attention")
        residual = hidden_states
        hidden_states = self.mlp(self.post_norm(hidden_states))
        hidden_states = residual + hidden_states
        return hidden_states


class TinyModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList(
            [TinyDecoderLayer(config, i) for i in range(config.num_hidden_layers)])
        self.norm = TinyRMSNorm(config.hidden_size)

    def forward(self, input_ids=None, inputs_embeds=None, attention_mask=None,
                position_ids=None, past_key_values=None, use_cache=None,
                output_hidden_states=None, return_dict=None, labels=None):
        if (input_ids is None) ^ (inputs_embeds is not None):
            raise ValueError("give exactly one of input_ids or inputs_embeds")
        if inputs_embeds is None:
            inputs_embeds = self.embed(input_ids)
        if use_cache and past_key_values is None:
            past_key_values = DynamicCache()
        past_seen = past_key_values.get_seq_length() if past_key_values is not None else 0
        if past_seen > 0:
            position_ids = position_ids + past_seen
        hidden_states = inputs_embeds
        all_hidden = () if output_hidden_states else None
        for layer in self.layers:
            if output_hidden_states:
                all_hidden += (hidden_states,)
            hidden_states = layer(hidden_states, None, attention_mask, past_key_values)
        hidden_states = self.norm(hidden_states)
        loss = None
        if labels is not None:
            loss = F.cross_entropy(hidden_states, labels)
        if not return_dict:
            return (hidden_states, past_key_values, all_hidden)
        return {"last_hidden_state": hidden_states, "loss": loss}


class DynamicCache:
    def __init__(self):
        self.keys = []

    def get_seq_length(self, layer_idx=0):
        return 0 if not self.keys else self.keys[layer_idx].shape[-2]


class UnsureBlock(nn.Module):
    """A block whose branches depend on data no profile fact decides."""

    def __init__(self, width):
        super().__init__()
        self.proj = nn.Linear(width, width)

    def forward(self, x, scale):
        if scale > 2:
            x = x * scale
        if x.sum() > 0:
            raise RuntimeError("positive sums are not supported")
        else:
            x = self.proj(x)
        return x
