def checkpoint(fn, *args):
    return fn(*args)


def is_torchdynamo_compiling():
    return False
