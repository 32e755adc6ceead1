class SlowImpl:
    def forward(self, x):
        for _ in range(3):
            x = x + 1
        return x
