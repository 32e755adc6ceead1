# Module-level data imported by a function-local import (swapnorm.py).
WIDTHS = {"narrow": 2, "wide": 3}
