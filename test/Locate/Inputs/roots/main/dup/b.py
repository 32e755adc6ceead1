class Twin:
    def forward(self, x):
        return x * 2
