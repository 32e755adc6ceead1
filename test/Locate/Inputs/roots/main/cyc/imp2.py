from .imp1 import *
