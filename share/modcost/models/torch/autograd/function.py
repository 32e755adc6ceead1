# modcost library model for torch.autograd.function (docs/Models.md).
#
# A custom autograd Function is used as `MyFunction.apply(x)`. `apply` is
# implemented in C (torch._C._FunctionBase): it makes a context object and
# runs the subclass's `forward` staticmethod with it, then records the
# graph for `backward`. The C code cannot be followed; this model runs the
# same `forward` on a context (the real FunctionCtx, whose
# `save_for_backward` and `mark_*` only keep references). It computes
# nothing itself: the cost is that of the subclass's forward. Since torch
# 2.0 a Function may define `setup_context` instead; its forward then takes
# no context and `setup_context(ctx, inputs, output)` runs after it.


class Function(FunctionCtx):
    setup_context = None

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx()
        if cls.setup_context is None:
            return cls.forward(ctx, *args, **kwargs)
        output = cls.forward(*args, **kwargs)
        cls.setup_context(ctx, args, output)
        return output
