import selfish
from selfish import *
from . import *

Alias = Alias
Loop = selfish.Loop
