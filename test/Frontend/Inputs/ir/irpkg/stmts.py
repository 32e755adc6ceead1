class Stmts:
    def forward(self, x):
        h: int = 3
        a, (b, *c) = x, (1, 2, 3)
        x += a
        for i in range(h):
            x = x * i
        else:
            pass
        while x > 0:
            x -= 1
            break
        with open("f") as fh, other():
            pass
        try:
            x = 1 / x
        except (ValueError, ZeroDivisionError) as err:
            raise RuntimeError("bad") from err
        except Exception:
            pass
        else:
            x = 2
        finally:
            del a
        if x:
            return x
        elif x is None:
            assert x, "never"
        else:
            return -x
