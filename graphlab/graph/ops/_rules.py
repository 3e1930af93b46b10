"""Small helpers shared by the shape rules."""

from __future__ import annotations

from graphlab.graph.ops.spec import InferContext, ShapeError
from graphlab.graph.tensor_type import FLOAT, TensorType, broadcast_shapes, format_shape


def fs(shape) -> str:
    return format_shape(shape)


def need_rank(ctx: InferContext, port: str, ranks: tuple[int, ...], what: str, hint: str = ""):
    t = ctx.inputs[port]
    if t.rank not in ranks:
        want = " or ".join(str(r) for r in ranks)
        msg = f"expected a rank-{want} tensor ({what}), got rank {t.rank} (shape {fs(t.shape)})"
        raise ShapeError(port, msg + (f"; {hint}" if hint else ""))
    return t


def need_float(ctx: InferContext, port: str):
    t = ctx.inputs[port]
    if t.dtype != FLOAT:
        raise ShapeError(port, f"expected float values, got {t.dtype}; add a Cast to float32 "
                         "before it")
    return t


def norm_axis(axis: int, rank: int, port: str) -> int:
    if not -rank <= axis < max(rank, 1):
        raise ShapeError(port, f"axis {axis} is out of range for rank {rank}")
    return axis % rank if rank else 0


def same_as(port: str = "x"):
    """Shape rule for elementwise unary ops: output type equals the input type."""

    def rule(ctx: InferContext):
        t = ctx.inputs[port]
        return {"y": TensorType(t.shape, t.dtype)}

    return rule


def float_same(port: str = "x"):
    def rule(ctx: InferContext):
        t = need_float(ctx, port)
        return {"y": TensorType(t.shape, FLOAT)}

    return rule


def broadcast_rule(ctx: InferContext):
    a, b = ctx.inputs["a"], ctx.inputs["b"]
    out = broadcast_shapes(a.shape, b.shape)
    if out is None:
        raise ShapeError(
            "b",
            f"cannot broadcast shape {fs(b.shape)} with {fs(a.shape)} (trailing sizes must "
            "be equal or 1); reshape one side or insert a Linear to match sizes",
        )
    dtype = a.dtype if a.dtype == b.dtype else FLOAT
    return {"y": TensorType(out, dtype)}


def conv_out(size: int, k: int, stride: int, pad_total: int, dilation: int = 1) -> int:
    return (size + pad_total - dilation * (k - 1) - 1) // stride + 1


def same_pads(size: int, k: int, stride: int, dilation: int = 1) -> tuple[int, int]:
    """Explicit (before, after) padding that gives ceil(size/stride), extra at the end (TF's rule)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (k - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def derive_axis(attrs, inputs, output):
    """Derive hook: ``axis`` made non-negative (a variadic op reads its first input)."""
    x = inputs["x"] if "x" in inputs else inputs["x0"]
    attrs["axis"] = attrs["axis"] % x.rank if x.rank else 0
    return attrs
