"""A small zoo of modules for locate tests (written for modcost)."""
from .layers import *
from .blocks.attention import SelfAttention as Attention
from . import blocks

__version__ = "0.0-test"
