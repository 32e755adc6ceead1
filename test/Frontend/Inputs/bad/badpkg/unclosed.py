class Unclosed:
    def forward(self, x):
        y = (x + 1
        return y
