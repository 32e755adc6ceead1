from .missing_colon import Broken


class UsesBroken(Broken):
    pass
