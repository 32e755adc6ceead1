class Mixin:
    def forward(self, x):
        return x + x
