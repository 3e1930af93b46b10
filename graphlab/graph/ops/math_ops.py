"""Arithmetic, reductions and layout ops.

Binary ops broadcast with numpy's rule (trailing dimensions equal or 1), which torch
and TF share.
"""

from __future__ import annotations

from graphlab.graph.ops._rules import (
    broadcast_rule,
    derive_axis,
    float_same,
    fs,
    need_float,
    norm_axis,
)
from graphlab.graph.ops.spec import KIND_ANY, VARIADIC, Attr, OpSpec, Port, ShapeError
from graphlab.graph.tensor_type import BOOL, FLOAT, INT, TensorType, broadcast_shapes

AB = (Port("a", kind=KIND_ANY, doc="left operand"), Port("b", kind=KIND_ANY, doc="right operand"))
X = (Port("x", doc="input tensor"),)
Y = (Port("y", doc="result"),)
BROADCAST = "numpy broadcasting: trailing sizes equal or 1"


def _arith_rule(ctx):
    """Broadcast; int64 with float32 computes in float32 (as before), other mixes and bool
    are refused: the frameworks would not mix them alike."""
    a, b = ctx.inputs["a"], ctx.inputs["b"]
    for port, t in (("a", a), ("b", b)):
        if t.dtype == BOOL:
            raise ShapeError(port, "expected numbers, got bool; add a Cast to float32 before it")
    if a.dtype != b.dtype and {a.dtype, b.dtype} != {FLOAT, INT}:
        raise ShapeError("b", f"expected {a.dtype} values like a, got {b.dtype}; add a Cast to "
                         f"{a.dtype} before it")
    return broadcast_rule(ctx)


def _binary(name, doc, prefix, attrs=(), infer=_arith_rule, formula=""):
    return OpSpec(name=name, category="math", doc=doc, inputs=AB, outputs=Y, attrs=attrs,
                  infer=infer, broadcast=BROADCAST, label_prefix=prefix, elementwise=True,
                  formula=formula)


def _div_rule(ctx):
    out = _arith_rule(ctx)
    if ctx.attrs["rounding"] == "true":
        return {"y": TensorType(out["y"].shape, FLOAT)}
    return out


ADD = _binary("Add", "a + b, broadcast.", "add", formula="∂y/∂a = 1, ∂y/∂b = 1")
SUB = _binary("Sub", "a - b, broadcast.", "sub", formula="∂y/∂a = 1, ∂y/∂b = −1")
MUL = _binary("Mul", "a * b elementwise, broadcast.", "mul", formula="∂y/∂a = b, ∂y/∂b = a")
DIV = _binary(
    "Div", "a / b, broadcast. rounding `true` is real division; `floor` rounds toward minus "
    "infinity and `trunc` toward zero, the same in both backends.", "div",
    attrs=(Attr("rounding", "choice", "true", "how the quotient is rounded",
                choices=("true", "floor", "trunc")),),
    infer=_div_rule,
    formula="∂y/∂a = 1/b, ∂y/∂b = −a/b² (rounded division: 0)",
)

POW = OpSpec(
    name="Pow", category="math",
    doc="x ** exponent elementwise. A negative x with a non-integer exponent gives NaN.",
    inputs=X, outputs=Y, attrs=(Attr("exponent", "float", 2.0, "the power"),),
    infer=float_same(), label_prefix="pow", elementwise=True,
    formula="dy/dx = exponent·x^(exponent − 1)",
)
EXP = OpSpec(name="Exp", category="math", doc="e ** x elementwise; overflows above about 88 in "
             "float32.", inputs=X, outputs=Y, attrs=(), infer=float_same(), label_prefix="exp",
             elementwise=True, formula="dy/dx = exp(x) = y")
LOG = OpSpec(name="Log", category="math", doc="Natural logarithm; -inf at 0 and NaN below.",
             inputs=X, outputs=Y, attrs=(), infer=float_same(), label_prefix="log",
             elementwise=True, formula="dy/dx = 1/x")
NEG = OpSpec(name="Neg", category="math", doc="-x elementwise (negation).",
             inputs=(Port("x", kind=KIND_ANY),), outputs=Y, attrs=(),
             infer=lambda c: {"y": c.inputs["x"]}, label_prefix="neg", elementwise=True,
             formula="dy/dx = −1")


def _matmul_rule(ctx):
    a, b = need_float(ctx, "a"), need_float(ctx, "b")
    if a.rank < 2 or b.rank < 2:
        raise ShapeError("b" if a.rank >= 2 else "a",
                         f"expected rank 2 or more on both sides, got {fs(a.shape)} and "
                         f"{fs(b.shape)}; use Mul for elementwise products")
    if a.shape[-1] != b.shape[-2]:
        raise ShapeError("b", f"expected {a.shape[-1]} rows to match a's last dim, got "
                         f"{b.shape[-2]} (a {fs(a.shape)}, b {fs(b.shape)}); add a Transpose")
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
    if batch is None:
        raise ShapeError("b", f"batch dims {fs(a.shape[:-2])} and {fs(b.shape[:-2])} do not "
                         "broadcast")
    return {"y": TensorType(batch + (a.shape[-2], b.shape[-1]), FLOAT)}


MATMUL = OpSpec(
    name="MatMul", category="math",
    doc="Matrix product of the last two dimensions, leading dimensions broadcast.",
    inputs=(Port("a", doc="[..., n, k]"), Port("b", doc="[..., k, m]")), outputs=Y, attrs=(),
    infer=_matmul_rule, flops=lambda a, i, o: 2 * o["y"].numel * i["a"].shape[-1],
    broadcast="leading (batch) dims broadcast", label_prefix="matmul", elementwise=False,
)


def _concat_rule(ctx):
    ports = sorted(ctx.inputs, key=lambda p: int(p[1:]))
    first = ctx.inputs[ports[0]]
    if first.rank == 0:
        raise ShapeError(ports[0], "cannot join scalars; add an Unsqueeze before it")
    axis = norm_axis(ctx.attrs["axis"], first.rank, ports[0])
    size = 0
    for p in ports:
        t = ctx.inputs[p]
        if t.dtype != first.dtype:
            raise ShapeError(p, f"expected {first.dtype} values like {ports[0]}, got {t.dtype}; "
                             f"add a Cast to {first.dtype} before it")
        if t.rank != first.rank or any(
            t.shape[i] != first.shape[i] for i in range(first.rank) if i != axis
        ):
            raise ShapeError(p, f"expected shape {fs(first.shape)} except along axis {axis}, "
                             f"got {fs(t.shape)}")
        size += t.shape[axis]
    shape = list(first.shape)
    shape[axis] = size
    return {"y": TensorType(tuple(shape), first.dtype)}


CONCAT = OpSpec(
    name="Concat", category="math",
    doc="Joins tensors along `axis`; all other sizes must be equal. `n` sets the number of "
    "inputs.", inputs=(Port("x", arity=VARIADIC, kind=KIND_ANY),), outputs=Y,
    attrs=(Attr("axis", "int", 1, "dimension to join along", derived=True),
           Attr("n", "int", 2, "number of inputs", min=2, max=16)),
    infer=_concat_rule, flops=lambda a, i, o: 0, label_prefix="concat", elementwise=False,
    derive=derive_axis,
)


def _reduce_rule(ctx):
    x = need_float(ctx, "x")
    axes = ctx.attrs["axes"] or list(range(x.rank))
    norm = {norm_axis(a, x.rank, "x") for a in axes}
    if len(norm) != len(axes):
        raise ShapeError("x", f"axes {axes} name a dimension twice")
    if ctx.attrs["keepdims"]:
        shape = tuple(1 if i in norm else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in norm)
    return {"y": TensorType(shape, FLOAT)}


def _derive_axes(attrs, inputs, output):
    """Reduction axes written out, sorted and non-negative (empty means all)."""
    rank = inputs["x"].rank
    attrs["axes"] = sorted(ax % rank for ax in attrs["axes"]) if attrs["axes"] else \
        list(range(rank))
    return attrs


_REDUCE_ATTRS = (
    Attr("axes", "ints", [], "dimensions to reduce; empty means all", derived=True),
    Attr("keepdims", "bool", False, "keep reduced dimensions with size 1"),
)
SUM = OpSpec(name="Sum", category="math", doc="Sum over `axes` (all when empty).", inputs=X,
             outputs=Y, attrs=_REDUCE_ATTRS, infer=_reduce_rule,
             flops=lambda a, i, o: i["x"].numel, label_prefix="sum", elementwise=False,
             derive=_derive_axes)
MEAN = OpSpec(name="Mean", category="math", doc="Mean over `axes` (all when empty).", inputs=X,
              outputs=Y, attrs=_REDUCE_ATTRS, infer=_reduce_rule,
              flops=lambda a, i, o: i["x"].numel, label_prefix="mean", elementwise=False,
              derive=_derive_axes)


def transpose_perm(attrs, rank: int) -> list[int]:
    perm = list(attrs["perm"])
    if not perm:
        perm = list(range(rank))
        if rank >= 2:
            perm[-1], perm[-2] = perm[-2], perm[-1]
    return perm


def _derive_perm(attrs, inputs, output):
    attrs["perm"] = transpose_perm(attrs, inputs["x"].rank)
    return attrs


def _transpose_rule(ctx):
    x = ctx.inputs["x"]
    perm = transpose_perm(ctx.attrs, x.rank)
    if sorted(perm) != list(range(x.rank)):
        raise ShapeError("x", f"perm {perm} is not a permutation of 0..{x.rank - 1} for shape "
                         f"{fs(x.shape)}")
    return {"y": TensorType(tuple(x.shape[p] for p in perm), x.dtype)}


TRANSPOSE = OpSpec(
    name="Transpose", category="math",
    doc="Permutes dimensions by `perm`; empty swaps the last two.",
    inputs=(Port("x", kind=KIND_ANY),), outputs=Y,
    attrs=(Attr("perm", "ints", [], "new order of the dimensions", derived=True),),
    infer=_transpose_rule, flops=lambda a, i, o: 0, label_prefix="transpose",
    elementwise=False, derive=_derive_perm,
)

def _numeric_same(ctx):
    t = ctx.inputs["x"]
    if t.dtype == BOOL:
        raise ShapeError("x", "expected numbers, got bool; add a Cast to float32 before it")
    return {"y": TensorType(t.shape, t.dtype)}


def _same_dtype_rule(ctx):
    """Maximum/Minimum: both operands of one numeric dtype (the frameworks mix none)."""
    a, b = ctx.inputs["a"], ctx.inputs["b"]
    for port, t in (("a", a), ("b", b)):
        if t.dtype == BOOL:
            raise ShapeError(port, "expected numbers, got bool; add a Cast to float32 before it")
    if a.dtype != b.dtype:
        raise ShapeError("b", f"expected {a.dtype} values like a, got {b.dtype}; add a Cast to "
                         f"{a.dtype} before it")
    return broadcast_rule(ctx)


def _clip_rule(ctx):
    out = float_same()(ctx)
    if ctx.attrs["min"] > ctx.attrs["max"]:
        raise ShapeError(None, f"min {ctx.attrs['min']:g} is above max {ctx.attrs['max']:g}; "
                         "swap them")
    return out


CLIP = OpSpec(
    name="Clip", category="math", doc="Limits every element to [min, max].", inputs=X,
    outputs=Y, attrs=(Attr("min", "float", -1.0, "the lowest value kept"),
                      Attr("max", "float", 1.0, "the highest value kept")),
    infer=_clip_rule, label_prefix="clip", elementwise=True,
    formula="dy/dx = 1 where min < x < max, else 0",
)
ABS = OpSpec(name="Abs", category="math", doc="|x| elementwise.",
             inputs=(Port("x", kind=KIND_ANY),), outputs=Y, attrs=(), infer=_numeric_same,
             label_prefix="abs", elementwise=True, formula="dy/dx = sign(x)")
SQRT = OpSpec(name="Sqrt", category="math", doc="Square root; NaN below 0, and an infinite "
              "gradient at 0.", inputs=X, outputs=Y, attrs=(), infer=float_same(),
              label_prefix="sqrt", elementwise=True, formula="dy/dx = 1/(2·sqrt(x)) = 1/(2y)")
MAXIMUM = _binary("Maximum", "The larger of a and b elementwise, broadcast; both of one "
                  "element type.", "max", infer=_same_dtype_rule,
                  formula="∂y/∂a = 1 where a > b, else 0; ∂y/∂b = 1 where b > a")
MINIMUM = _binary("Minimum", "The smaller of a and b elementwise, broadcast; both of one "
                  "element type.", "min", infer=_same_dtype_rule,
                  formula="∂y/∂a = 1 where a < b, else 0; ∂y/∂b = 1 where b < a")
REDUCEMAX = OpSpec(name="ReduceMax", category="math", doc="Maximum over `axes` (all when "
                   "empty); the gradient goes to the largest element.", inputs=X,
                   outputs=Y, attrs=_REDUCE_ATTRS, infer=_reduce_rule,
                   flops=lambda a, i, o: i["x"].numel, label_prefix="reducemax",
                   elementwise=False, derive=_derive_axes)

OPS = (ADD, SUB, MUL, DIV, POW, EXP, LOG, NEG, MATMUL, CONCAT, SUM, MEAN, TRANSPOSE,
       CLIP, ABS, SQRT, MAXIMUM, MINIMUM, REDUCEMAX)
