from .left import *
from star import *
from . import *


class Deep:
    def forward(self, x):
        return x
