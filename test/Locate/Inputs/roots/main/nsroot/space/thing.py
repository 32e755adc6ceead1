class InNamespace:
    def forward(self, x):
        return x
