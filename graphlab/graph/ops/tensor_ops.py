"""Ops: the shape of a tensor (Flatten, Reshape, Pad, Slice, Split, Squeeze, Unsqueeze),
picking elements (Gather, Where) and element types (Cast).

Every rule writes its implicit values out in ``derive`` (negative axes and indices,
resolved sizes, pads for every dimension), so both lowerings read one explicit form.
"""

from __future__ import annotations

import math

from graphlab.graph.ops._rules import fs, norm_axis
from graphlab.graph.ops.spec import (
    KIND_ANY,
    KIND_INT,
    Attr,
    InferContext,
    OpSpec,
    Port,
    ShapeError,
)
from graphlab.graph.tensor_type import (
    ALL_DTYPES,
    BOOL,
    FLOAT,
    INT_DTYPES,
    TensorType,
    broadcast_shapes,
)

X = (Port("x", kind=KIND_ANY, doc="input tensor"),)
Y = (Port("y", kind=KIND_ANY, doc="result"),)
MAX_SPLIT = 4  # Split's output ports y0..y3


def _no_flops(attrs, inputs, outputs):
    return 0


def _axes(ctx, name: str, rank: int, port: str = "x") -> list[int]:
    """Attribute ``name``'s axes made non-negative; refused when one repeats."""
    out = [norm_axis(a, rank, port) for a in ctx.attrs[name]]
    if len(set(out)) != len(out):
        raise ShapeError(port, f"{name} {ctx.attrs[name]} name a dimension twice; list each "
                         "dimension once")
    return out


# --- Flatten and Reshape ----------------------------------------------------------

def _flat_range(attrs, x: TensorType, port="x") -> tuple[int, int]:
    start = norm_axis(attrs["start_dim"], x.rank, port)
    end = norm_axis(attrs["end_dim"], x.rank, port)
    return start, end


def _flatten_rule(ctx):
    x = ctx.x()
    if x.rank < 1:
        raise ShapeError("x", "cannot flatten a scalar")
    start, end = _flat_range(ctx.attrs, x)
    if start > end:
        raise ShapeError("x", f"start_dim {ctx.attrs['start_dim']} comes after end_dim "
                         f"{ctx.attrs['end_dim']} for shape {fs(x.shape)}; swap them")
    shape = x.shape[:start] + (math.prod(x.shape[start:end + 1]),) + x.shape[end + 1:]
    return {"y": TensorType(shape, x.dtype)}


def _derive_flatten(attrs, inputs, output):
    attrs["start_dim"], attrs["end_dim"] = _flat_range(attrs, inputs["x"])
    return attrs


FLATTEN = OpSpec(
    name="Flatten", category="layer",
    doc="Merges dimensions start_dim..end_dim (inclusive) into one, in C, H, W order (the "
    "graph's layout, whatever the backend). The defaults keep the batch dimension and "
    "flatten the rest; start_dim 0 merges the batch too.",
    inputs=X, outputs=Y,
    attrs=(Attr("start_dim", "int", 1, "first dimension merged (negative: from the end)",
                derived=True),
           Attr("end_dim", "int", -1, "last dimension merged (negative: from the end)",
                derived=True)),
    infer=_flatten_rule, flops=_no_flops, label_prefix="flatten", elementwise=False,
    derive=_derive_flatten,
)


def _resolve(target: list[int], count: int, what: str, have) -> list[int]:
    target = list(target)
    if -1 in target:
        known = math.prod(d for d in target if d != -1)
        if count % known:
            raise ShapeError("x", f"cannot reshape {have} ({count} values{what}) to "
                             f"{fs(target)}: {count} is not a multiple of {known}")
        target[target.index(-1)] = count // known
    elif math.prod(target) != count:
        raise ShapeError("x", f"cannot reshape {have} ({count} values{what}) to {fs(target)} "
                         f"({math.prod(target)} values); the counts must match")
    return target


def _reshape_rule(ctx):
    x = ctx.x()
    if ctx.attrs["keep_batch"]:
        if x.rank < 1:
            raise ShapeError("x", "expected a batch dimension, got a scalar; turn keep_batch off")
        target = _resolve(ctx.attrs["shape"], math.prod(x.shape[1:]), " per sample",
                          fs(x.shape[1:]))
        return {"y": TensorType((x.shape[0], *target), x.dtype)}
    return {"y": TensorType(tuple(_resolve(ctx.attrs["shape"], x.numel, "", fs(x.shape))),
                            x.dtype)}


def _derive_shape(attrs, inputs, output):
    """keep_batch: the per-sample shape with its -1 resolved (from the inferred output).
    Else the whole shape as written: its -1 holds the batch, which varies."""
    if attrs["keep_batch"]:
        attrs["shape"] = list(output.shape[1:])
    return attrs


RESHAPE = OpSpec(
    name="Reshape", category="layer",
    doc="Reshapes each sample to `shape` (keep_batch: the batch dimension is kept and not "
    "written), or with keep_batch off the whole tensor, batch included (e.g. [-1, 16] "
    "merges the batch with the time steps). One size may be -1 to take what is left. "
    "Row-major (C) order.",
    inputs=X, outputs=Y,
    attrs=(Attr("shape", "shape", [-1], "target shape (per sample with keep_batch)",
                derived=True),
           Attr("keep_batch", "bool", True, "keep dimension 0 and reshape each sample")),
    infer=_reshape_rule, flops=_no_flops, label_prefix="reshape", elementwise=False,
    derive=_derive_shape,
)


# --- Pad ---------------------------------------------------------------------------

PAD_MODES = ("constant", "reflect", "replicate")


def full_pads(pads: list[int], rank: int) -> list[tuple[int, int]]:
    """(before, after) for every dimension: ``pads``' pairs belong to the last ones."""
    pairs = [(pads[i], pads[i + 1]) for i in range(0, len(pads), 2)]
    return [(0, 0)] * (rank - len(pairs)) + pairs


def _pad_rule(ctx):
    x, pads, mode = ctx.x(), ctx.attrs["pads"], ctx.attrs["mode"]
    if len(pads) % 2 or not pads:
        raise ShapeError("x", f"pads {pads} must be (before, after) pairs; give an even "
                         "number of entries")
    if len(pads) // 2 > x.rank - 1:
        raise ShapeError("x", f"pads {pads} pad {len(pads) // 2} dimensions but shape "
                         f"{fs(x.shape)} has {x.rank - 1} after the batch; give fewer pairs")
    if any(p < 0 for p in pads):
        raise ShapeError("x", f"pads {pads} must be 0 or more; use a Slice to crop")
    if x.dtype == BOOL:
        raise ShapeError("x", "cannot pad bool values; add a Cast to float32 before it")
    pairs = full_pads(pads, x.rank)
    if mode != "constant":
        k = len(pads) // 2
        if x.rank > 5 or k > 3:
            raise ShapeError("x", f"{mode} padding works on tensors of rank 5 or less, on "
                             f"at most their last 3 dimensions (got {k} of {fs(x.shape)}; "
                             "PyTorch's limit); use constant padding or a Reshape")
        for d, (b, a) in enumerate(pairs):
            if mode == "reflect" and max(b, a) >= x.shape[d] and b + a:
                raise ShapeError("x", f"reflect padding of dimension {d} (size "
                                 f"{x.shape[d]}) must be less than its size, got "
                                 f"({b}, {a}); pad less or use replicate")
    shape = tuple(d + b + a for d, (b, a) in zip(x.shape, pairs, strict=True))
    return {"y": TensorType(shape, x.dtype)}


def _derive_pads(attrs, inputs, output):
    """pads as (before, after) pairs for every dimension, the batch's (0, 0) included."""
    attrs["pads"] = [list(p) for p in full_pads(attrs["pads"], inputs["x"].rank)]
    return attrs


PAD = OpSpec(
    name="Pad", category="math",
    doc="Pads the last dimensions: `pads` lists (before, after) pairs, the last pair for "
    "the last dimension ([top, bottom, left, right] on NCHW images); the batch is never "
    "padded. mode `constant` fills `value`, `reflect` mirrors without repeating the edge, "
    "`replicate` repeats the edge.",
    inputs=X, outputs=Y,
    attrs=(Attr("pads", "ints", [1, 1], "(before, after) pairs for the last dimensions",
                derived=True),
           Attr("mode", "choice", "constant", "what fills the border", choices=PAD_MODES),
           Attr("value", "float", 0.0, "the fill of constant padding")),
    infer=_pad_rule, flops=_no_flops, label_prefix="pad", elementwise=False,
    derive=_derive_pads,
)


# --- Slice -------------------------------------------------------------------------

def slice_bounds(attrs, x: TensorType) -> list[tuple[int, int, int, int]]:
    """(axis, start, stop, step) per sliced axis, Python's rule: negative indices count
    from the end, and out-of-range ones are clipped to the dimension."""
    starts, ends = attrs["starts"], attrs["ends"]
    axes = attrs["axes"] or list(range(1, len(starts) + 1))
    steps = attrs["steps"] or [1] * len(starts)
    out = []
    for ax, s, e, st in zip(axes, starts, ends, steps, strict=True):
        a = norm_axis(ax, x.rank, "x")
        start, stop, step = slice(s, e, st).indices(x.shape[a])
        out.append((a, start, max(stop, start), step))
    return out


def _slice_rule(ctx):
    x, a = ctx.x(), ctx.attrs
    n = len(a["starts"])
    if n == 0 or len(a["ends"]) != n:
        raise ShapeError("x", f"starts {a['starts']} and ends {a['ends']} must have the same "
                         "number of entries, one per sliced axis")
    for name in ("axes", "steps"):
        if a[name] and len(a[name]) != n:
            raise ShapeError("x", f"{name} {a[name]} must have one entry per start ({n}) or "
                             "be empty")
    if any(st < 1 for st in a["steps"]):
        raise ShapeError("x", f"steps {a['steps']} must be 1 or more (no reversed slices)")
    if not a["axes"] and n > x.rank - 1:
        raise ShapeError("x", f"{n} starts but shape {fs(x.shape)} has {x.rank - 1} "
                         "dimensions after the batch; set axes")
    if a["axes"]:
        _axes(ctx, "axes", x.rank)
    shape = list(x.shape)
    for ax, start, stop, step in slice_bounds(a, x):
        shape[ax] = len(range(start, stop, step))
        if shape[ax] == 0:
            raise ShapeError("x", f"the slice of dimension {ax} (size {x.shape[ax]}) is "
                             "empty; check its start and end")
    return {"y": TensorType(tuple(shape), x.dtype)}


def _derive_slice(attrs, inputs, output):
    """axes, starts, ends and steps written out: non-negative, clipped, sorted by axis."""
    bounds = sorted(slice_bounds(attrs, inputs["x"]))
    attrs["axes"], attrs["starts"], attrs["ends"], attrs["steps"] = (
        [list(b) for b in zip(*bounds, strict=True)])
    return attrs


SLICE = OpSpec(
    name="Slice", category="math",
    doc="Takes starts[i]:ends[i]:steps[i] along axes[i], Python's rule: negative indices "
    "count from the end, out-of-range ones are clipped. Empty axes mean 1, 2, ...; empty "
    "steps mean 1.",
    inputs=X, outputs=Y,
    attrs=(Attr("starts", "ints", [0], "first index per axis", derived=True),
           Attr("ends", "ints", [1], "end index (excluded) per axis", derived=True),
           Attr("axes", "ints", [], "the sliced dimensions (empty: 1, 2, ...)", derived=True),
           Attr("steps", "ints", [], "stride per axis, 1 or more (empty: 1)", derived=True)),
    infer=_slice_rule, flops=_no_flops, label_prefix="slice", elementwise=False,
    derive=_derive_slice,
)


# --- Split -------------------------------------------------------------------------

def _split_sizes(attrs, x: TensorType) -> list[int]:
    axis = norm_axis(attrs["axis"], x.rank, "x")
    sizes, n = list(attrs["sizes"]), x.shape[axis]
    if not 2 <= len(sizes) <= MAX_SPLIT:
        raise ShapeError("x", f"sizes {sizes} must have 2 to {MAX_SPLIT} entries, one per "
                         "output")
    if any(s == 0 or s < -1 for s in sizes) or sizes.count(-1) > 1:
        raise ShapeError("x", f"sizes {sizes} must be 1 or more, one of them may be -1 (the "
                         "rest)")
    if -1 in sizes:
        rest = n - sum(s for s in sizes if s != -1)
        if rest < 1:
            raise ShapeError("x", f"sizes {sizes} leave nothing for the -1 of dimension "
                             f"{axis} (size {n}); make the others smaller")
        sizes[sizes.index(-1)] = rest
    if sum(sizes) != n:
        raise ShapeError("x", f"sizes {sizes} add up to {sum(sizes)} but dimension {axis} of "
                         f"{fs(x.shape)} is {n}; make them add up to {n} or use -1 for one")
    return sizes


def _split_rule(ctx):
    x = ctx.x()
    if x.rank < 1:
        raise ShapeError("x", "cannot split a scalar")
    axis = norm_axis(ctx.attrs["axis"], x.rank, "x")
    out = {}
    for i, size in enumerate(_split_sizes(ctx.attrs, x)):
        shape = list(x.shape)
        shape[axis] = size
        out[f"y{i}"] = TensorType(tuple(shape), x.dtype)
    return out


def _derive_split(attrs, inputs, output):
    x = inputs["x"]
    attrs["sizes"] = _split_sizes(attrs, x)
    attrs["axis"] = attrs["axis"] % x.rank
    return attrs


SPLIT = OpSpec(
    name="Split", category="math",
    doc=f"Cuts x along `axis` into pieces of `sizes` (2 to {MAX_SPLIT}; one may be -1 for "
    "the rest), given on outputs y0, y1, ... in order; outputs beyond the sizes give "
    "nothing.",
    inputs=X,
    outputs=tuple(Port(f"y{i}", kind=KIND_ANY, doc=f"piece {i}") for i in range(MAX_SPLIT)),
    attrs=(Attr("axis", "int", 1, "dimension to cut", derived=True),
           Attr("sizes", "ints", [1, 1], "size of each piece (one may be -1)", derived=True)),
    infer=_split_rule, flops=_no_flops, label_prefix="split", elementwise=False,
    derive=_derive_split,
)


# --- Squeeze and Unsqueeze -----------------------------------------------------------

def _squeeze_axes(ctx) -> list[int]:
    x = ctx.x()
    if not ctx.attrs["axes"]:
        return [i for i in range(1, x.rank) if x.shape[i] == 1]
    axes = _axes(ctx, "axes", x.rank)
    for a in axes:
        if x.shape[a] != 1:
            raise ShapeError("x", f"dimension {a} of {fs(x.shape)} has size {x.shape[a]}, "
                             "not 1; only size-1 dimensions can be squeezed")
    return sorted(axes)


def _squeeze_rule(ctx):
    x, axes = ctx.x(), _squeeze_axes(ctx)
    return {"y": TensorType(tuple(d for i, d in enumerate(x.shape) if i not in axes),
                            x.dtype)}


def _derive_squeeze(attrs, inputs, output):
    attrs["axes"] = _squeeze_axes(InferContext(attrs, inputs, 1))
    return attrs


SQUEEZE = OpSpec(
    name="Squeeze", category="math",
    doc="Removes size-1 dimensions: those in `axes`, or when empty every one after the "
    "batch dimension.",
    inputs=X, outputs=Y,
    attrs=(Attr("axes", "ints", [], "size-1 dimensions to remove (empty: all after the "
                "batch)", derived=True),),
    infer=_squeeze_rule, flops=_no_flops, label_prefix="squeeze", elementwise=False,
    derive=_derive_squeeze,
)


def _unsqueeze_axes(attrs, rank: int) -> list[int]:
    out_rank = rank + len(attrs["axes"])
    axes = sorted(norm_axis(a, out_rank, "x") for a in attrs["axes"])
    if not axes or len(set(axes)) != len(axes):
        raise ShapeError("x", f"axes {attrs['axes']} must name at least one new dimension, "
                         "each once")
    return axes


def _unsqueeze_rule(ctx):
    x = ctx.x()
    shape = list(x.shape)
    for a in _unsqueeze_axes(ctx.attrs, x.rank):
        shape.insert(a, 1)
    return {"y": TensorType(tuple(shape), x.dtype)}


def _derive_unsqueeze(attrs, inputs, output):
    attrs["axes"] = _unsqueeze_axes(attrs, inputs["x"].rank)
    return attrs


UNSQUEEZE = OpSpec(
    name="Unsqueeze", category="math",
    doc="Inserts size-1 dimensions at `axes`, positions in the result (negative: from its "
    "end).",
    inputs=X, outputs=Y,
    attrs=(Attr("axes", "ints", [1], "positions of the new dimensions in the result",
                derived=True),),
    infer=_unsqueeze_rule, flops=_no_flops, label_prefix="unsqueeze", elementwise=False,
    derive=_derive_unsqueeze,
)


# --- Gather, Where, Cast ----------------------------------------------------------------

def _gather_rule(ctx):
    x, idx = ctx.x(), ctx.inputs["indices"]
    if idx.dtype not in INT_DTYPES:
        raise ShapeError("indices", f"expected int64 or int32 indices, got {idx.dtype}; add "
                         "a Cast to int64 before it")
    if x.rank < 1:
        raise ShapeError("x", "cannot gather from a scalar")
    axis = norm_axis(ctx.attrs["axis"], x.rank, "x")
    return {"y": TensorType(x.shape[:axis] + idx.shape + x.shape[axis + 1:], x.dtype)}


def _derive_axis(attrs, inputs, output):
    attrs["axis"] %= inputs["x"].rank
    return attrs


GATHER = OpSpec(
    name="Gather", category="math",
    doc="Picks entries of x along `axis` by integer indices in [0, size): the result has "
    "x's dimensions before axis, then the indices' dimensions, then x's after it.",
    inputs=(Port("x", kind=KIND_ANY, doc="the values"),
            Port("indices", kind=KIND_INT, doc="int64 or int32 positions along axis")),
    outputs=Y,
    attrs=(Attr("axis", "int", 0, "dimension the indices pick along", derived=True),),
    infer=_gather_rule, flops=_no_flops, label_prefix="gather", elementwise=False,
    derive=_derive_axis,
)


def _where_rule(ctx):
    c, a, b = ctx.inputs["cond"], ctx.inputs["a"], ctx.inputs["b"]
    if c.dtype != BOOL:
        raise ShapeError("cond", f"expected a bool condition, got {c.dtype}; add a Cast to "
                         "bool before it")
    if a.dtype != b.dtype:
        raise ShapeError("b", f"expected {a.dtype} values like a, got {b.dtype}; add a Cast "
                         f"to {a.dtype} before it")
    ab = broadcast_shapes(a.shape, b.shape)
    out = broadcast_shapes(c.shape, ab) if ab is not None else None
    if out is None:
        raise ShapeError("b", f"cannot broadcast cond {fs(c.shape)}, a {fs(a.shape)} and b "
                         f"{fs(b.shape)} (trailing sizes must be equal or 1)")
    return {"y": TensorType(out, a.dtype)}


WHERE = OpSpec(
    name="Where", category="math",
    doc="a where cond is true, b elsewhere, broadcast (numpy's rule). cond is bool: a Cast "
    "to bool makes one from numbers (nonzero is true).",
    inputs=(Port("cond", kind=KIND_ANY, doc="bool condition"),
            Port("a", kind=KIND_ANY, doc="values where cond is true"),
            Port("b", kind=KIND_ANY, doc="values where cond is false")),
    outputs=Y, attrs=(), infer=_where_rule, broadcast="numpy broadcasting of cond, a and b",
    label_prefix="where", elementwise=True,
    formula="∂y/∂a = 1 where cond, else 0; ∂y/∂b = 1 where not cond, else 0",
)


def _cast_rule(ctx):
    return {"y": TensorType(ctx.x().shape, ctx.attrs["to"])}


CAST = OpSpec(
    name="Cast", category="math",
    doc="Converts the element type. Float to integer rounds toward zero; to bool, nonzero is "
    "true; bool to a number gives 1 and 0.",
    inputs=X, outputs=Y,
    attrs=(Attr("to", "choice", FLOAT, "the new element type", choices=ALL_DTYPES),),
    infer=_cast_rule, flops=lambda a, i, o: 0, label_prefix="cast", elementwise=True,
    formula="dy/dx = 1 to float32; integers and bool pass no gradient",
)

OPS = (FLATTEN, RESHAPE, PAD, SLICE, SPLIT, SQUEEZE, UNSQUEEZE, GATHER, WHERE, CAST)
