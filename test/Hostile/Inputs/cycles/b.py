import a


class Uses(a.FromA):
    pass
