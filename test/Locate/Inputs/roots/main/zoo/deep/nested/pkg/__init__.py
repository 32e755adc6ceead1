from .mod import Leaf
