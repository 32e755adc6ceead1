s*s S:i
