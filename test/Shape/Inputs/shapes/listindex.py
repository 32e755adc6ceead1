"""Indexing with a list of integers and a single-quoted docstring shape,
reduced from BROS's model: `bbox[:, :, [0, 1, 2, 1, 2, 3, 0, 3]]` makes
four points of two, and `bbox` is required (the code raises without it)
with the shape its docstring states in single quotes."""
from torch import nn


class Boxes(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(8, 16)

    def forward(self, input_ids=None, bbox=None):
        r"""
        bbox ('torch.FloatTensor' of shape '(batch_size, num_boxes, 4)'):
            Bounding box coordinates for each token.
        """
        if bbox is None:
            raise ValueError("You have to specify bbox")
        if bbox.shape[-1] == 4:
            bbox = bbox[:, :, [0, 1, 2, 1, 2, 3, 0, 3]]
        return self.proj(bbox)
