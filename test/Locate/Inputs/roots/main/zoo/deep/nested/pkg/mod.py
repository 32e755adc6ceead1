from ....layers import Dense


class Leaf(Dense):
    def forward(self, x):
        return x
