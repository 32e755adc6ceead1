from .right import *
from . import *
