"""Static tensor types: the shape and dtype that shape inference attaches to every port.

A shape is a tuple of ints. During inference the batch dimension declared on an
``Input`` (written ``-1`` in the file) is replaced by the graph's batch size, so
every inferred shape is concrete and can be shown on a wire as ``[32, 128]``.
"""

from __future__ import annotations

from dataclasses import dataclass

FLOAT = "float32"
INT = "int64"
INT32 = "int32"
BOOL = "bool"
DTYPES = (FLOAT, INT)  # what an Input feeds (the data sets give float32 or int64)
ALL_DTYPES = (FLOAT, INT, INT32, BOOL)  # what a value may be (Cast makes the other two)
INT_DTYPES = (INT, INT32)
ITEMSIZE = {FLOAT: 4, INT: 8, INT32: 4, BOOL: 1}


def port_kind(dtype: str) -> str:
    """The port kind (``float``, ``int``, ``any``) a value of ``dtype`` wires as: bool
    wires anywhere and the op's shape rule says what it takes."""
    return "int" if dtype in INT_DTYPES else "any" if dtype == BOOL else "float"


@dataclass(frozen=True, slots=True)
class TensorType:
    shape: tuple[int, ...]
    dtype: str = FLOAT

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def numel(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def nbytes(self) -> int:
        return self.numel * ITEMSIZE.get(self.dtype, 4)

    def __str__(self) -> str:
        return format_shape(self.shape)


def format_shape(shape) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def broadcast_shapes(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """Numpy broadcasting (the rule both torch and TF follow); None when incompatible."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da == db or db == 1:
            out.append(da)
        elif da == 1:
            out.append(db)
        else:
            return None
    return tuple(reversed(out))
