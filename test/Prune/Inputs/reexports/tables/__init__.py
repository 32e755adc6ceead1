from .widths import *
