from . import *
from .left import *
