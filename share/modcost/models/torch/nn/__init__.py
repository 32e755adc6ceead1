# modcost library model for torch.nn (docs/Models.md).
#
# The installed torch sources may be older than the code analyzed: torch
# 2.x added `nn.Buffer`, which transformers v5 uses for rotary inverse
# frequencies (`self.inv_freq = nn.Buffer(inv_freq, persistent=False)`).
# A Buffer is its tensor, registered on the module as a buffer; assigned to
# a module attribute it is that tensor. It computes nothing.


def Buffer(data=None, persistent=True):
    return data
