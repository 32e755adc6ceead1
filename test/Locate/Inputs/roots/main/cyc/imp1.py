from .imp2 import *


class One:
    def forward(self, x):
        return x
