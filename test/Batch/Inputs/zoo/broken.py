class Oops(nn.Module:
    def forward(self, x):
        return x
