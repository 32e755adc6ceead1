import b


class FromA:
    def forward(self, x):
        return x
