"""Shape arithmetic with a symbolic batch size.

torch's tracer writes ``x.view(x.size(0), T, H, d)`` as Shape -> Gather -> Unsqueeze ->
Concat -> Reshape. Every size there is fixed except the batch size, so the chain can be
evaluated at import with the batch kept as :data:`BATCH`; a Reshape whose target is
``[BATCH, 5, 2, 8]`` keeps the batch and reshapes the rest, as graphlab's Reshape does.
Arithmetic on the batch itself (``BATCH * heads``) is not evaluated: the node stays and
is refused by its converter, naming it.
"""

from __future__ import annotations

import numpy as np

BATCH = "batch"
OPS = {"Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Mul", "Div",
       "Add", "Sub", "Identity"}


def _attr(node, name, default=None):
    from onnx import helper

    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def _vector(name, constants, symbolic):
    """A shape vector input as a list of ints/BATCH, or None."""
    if name in symbolic:
        return list(symbolic[name])
    arr = constants.get(name)
    if arr is not None and arr.dtype.kind in "iu" and arr.ndim <= 1:
        return [int(v) for v in np.atleast_1d(arr)]
    return None


def is_scalar(node, constants, scalars: set[str]) -> bool:
    """Gather with a scalar index and Squeeze give scalars; Cast, Identity and arithmetic
    keep their first input's rank; everything else gives vectors."""
    if node.op_type == "Gather":
        idx = constants.get(node.input[1])
        return idx is not None and idx.ndim == 0
    if node.op_type == "Squeeze":
        return True
    if node.op_type in ("Mul", "Div", "Add", "Sub", "Cast", "Identity"):
        arr = constants.get(node.input[0])
        return node.input[0] in scalars or (arr is not None and arr.ndim == 0)
    return False


def evaluate(node, constants, symbolic, shapes) -> list | None:
    op, ins = node.op_type, list(node.input)
    if op == "Shape":
        shape = shapes.get(ins[0])  # one unknown size, the batch (anywhere: a sequence-
        if shape is None or sum(d is None for d in shape) > 1:  # first [T, N, E] too)
            return None
        dims = [BATCH if d is None else int(d) for d in shape]
        start, end = _attr(node, "start", 0), _attr(node, "end", None)
        return dims[start:end]
    if not any(i in symbolic for i in ins if i):
        return None  # only a chain that started at a Shape is evaluated here
    vals = [_vector(i, constants, symbolic) if i else None for i in ins]
    if vals[0] is None:
        return None
    return _evaluate(op, node, vals)


def _evaluate(op, node, vals) -> list | None:
    v = vals[0]
    if op in ("Cast", "Identity"):
        return v
    if op == "Gather":
        if vals[1] is None or _attr(node, "axis", 0) != 0:
            return None
        return [v[i] for i in vals[1]]
    if op == "Unsqueeze":
        return v if len(v) == 1 else None
    if op == "Squeeze":
        return v if len(v) == 1 else None
    if op == "Concat":
        if any(x is None for x in vals):
            return None
        return [d for x in vals for d in x]
    if op == "Slice":
        starts, ends = vals[1], vals[2]
        steps = vals[4] if len(vals) > 4 and vals[4] else [1]
        if starts is None or ends is None or (len(vals) > 3 and vals[3] not in (None, [0])):
            return None
        return v[starts[0]:min(ends[0], len(v)):steps[0]]
    if op in ("Mul", "Div", "Add", "Sub"):
        w = vals[1]
        if w is None or BATCH in v or BATCH in w or len(v) != len(w):
            return None
        fn = {"Mul": lambda a, b: a * b, "Div": lambda a, b: a // b,
              "Add": lambda a, b: a + b, "Sub": lambda a, b: a - b}[op]
        return [fn(a, b) for a, b in zip(v, w, strict=True)]
    return None
