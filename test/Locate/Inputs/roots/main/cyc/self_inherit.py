class Loop(Loop):
    def forward(self, x):
        return x
