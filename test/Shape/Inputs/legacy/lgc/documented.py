import torch
from torch import nn


class Documented(nn.Module):
    """A layer whose forward documents its input's shape, transformers style."""

    def __init__(self, embed_dim=8):
        super().__init__()
        self.proj = nn.Linear(embed_dim, embed_dim)

    def forward(self, features, ids):
        """
        Args:
            features (`torch.FloatTensor`): input to the layer of shape
                `(batch, seq_len, embed_dim)`
            ids (`torch.LongTensor` of shape `(bsz, sequence_length)`): token ids
        """
        scores = torch.matmul(features.transpose(1, 2), features)
        return scores, ids.transpose(0, 1)


class ClassDocumented(nn.Module):
    """
    A layer documented on its class.

    Args:
        x (`torch.FloatTensor` of shape `(batch_size, config.hidden_size)`):
            the input
    """

    def __init__(self, hidden_size=4):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(hidden_size))

    def forward(self, x):
        return x.transpose(0, 1).sum(0) * self.scale.sum()


class Starred(nn.Module):
    def forward(self, x):
        """
        Args:
            x (`torch.Tensor` of shape `(*, hidden_size)`): any leading dimensions
        """
        return x.transpose(0, 1)
