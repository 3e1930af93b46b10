"""TensorFlow lowerings of the ops in graphlab/graph/ops/tensor_ops.py and the elementwise
and reduction ops of math_ops.py that came with them (``HELPERS``: functions they emit once
into the generated file, by name).

They read NCHW (the graph's layout) except the elementwise ones, which work in either.
Reshape picks its layout (see tf_lowering's docstring): it is the one op that may write
NHWC itself, straight into a conv stack.
"""

from __future__ import annotations

from graphlab.compile.escape import literal
from graphlab.compile.source_writer import lst
from graphlab.compile.tf_lowering_base import ANY, NCHW, NHWC, TFEntry, TFLowered, from_template
from graphlab.compile.torch_lowering_tensor import slice_text

TF_DTYPES = {"float32": "tf.float32", "int64": "tf.int64", "int32": "tf.int32",
             "bool": "tf.bool"}


def _flatten(s, x, layout):
    """tf.reshape to the output's shape; -1 holds the batch (dimension 0, or the merged
    one when start_dim is 0)."""
    shape = list(s.out_type.shape)
    shape[0] = -1
    return TFLowered(f"tf.reshape({x['x']}, {lst(shape)})")


def _reshape(s, x, layout):
    shape = list(s.attrs["shape"])
    if not s.attrs["keep_batch"]:
        return TFLowered(f"tf.reshape({x['x']}, {lst(shape)})", layout=NCHW)
    if layout == NHWC and len(shape) == 3 and shape[0] == 1:
        # One channel: [N, 1, H, W] and [N, H, W, 1] hold the same numbers in the same
        # order, so reshape straight to the layout the next conv wants.
        return TFLowered(f"tf.reshape({x['x']}, {lst([-1, shape[1], shape[2], 1])})",
                         layout=NHWC)
    return TFLowered(f"tf.reshape({x['x']}, {lst([-1] + shape)})", layout=NCHW)


def _pad(s, x, layout):
    a = s.attrs
    pads = lst(a["pads"])
    if a["mode"] == "constant":
        return TFLowered(f"tf.pad({x['x']}, {pads}, constant_values={float(a['value'])!r})")
    if a["mode"] == "reflect":
        return TFLowered(f'tf.pad({x["x"]}, {pads}, mode="REFLECT")')
    return TFLowered(f"replicate_pad({x['x']}, {pads})", helpers=("replicate_pad",))


def _squeeze(s, x, layout):
    if not s.attrs["axes"]:
        return TFLowered(x["x"])  # tf.squeeze with no axes would drop every size-1 one
    return TFLowered(f"tf.squeeze({x['x']}, axis={lst(s.attrs['axes'])})")


def _unsqueeze(s, x, layout):
    expr = x["x"]
    for a in s.attrs["axes"]:
        expr = f"tf.expand_dims({expr}, {a})"
    return TFLowered(expr)


def _cast(s, x, layout):
    to = s.attrs["to"]  # a choice; any other text stays a quoted literal
    return TFLowered(f"tf.cast({x['x']}, {TF_DTYPES.get(to) or literal(to)})")


def _reduce_max(s, x, layout):
    return TFLowered(f"tf.reduce_max({x['x']}, axis={lst(s.attrs['axes'])}, "
                     f"keepdims={s.attrs['keepdims']})")


LOWERINGS: dict[str, TFEntry] = {
    "Flatten": TFEntry(_flatten),
    "Reshape": TFEntry(_reshape, picks_layout=True),
    "Pad": TFEntry(_pad),
    "Slice": TFEntry(lambda s, x, layout: TFLowered(x["x"] + slice_text(s))),
    "Split": TFEntry(lambda s, x, layout: TFLowered(
        f"tf.split({x['x']}, {lst(s.attrs['sizes'])}, axis={s.attrs['axis']})")),
    "Squeeze": TFEntry(_squeeze),
    "Unsqueeze": TFEntry(_unsqueeze),
    "Gather": TFEntry(from_template("tf.gather({x}, {indices}, axis={axis})")),
    "Where": TFEntry(from_template("tf.where({cond}, {a}, {b})"), ANY),
    "Cast": TFEntry(_cast, ANY),
    "Clip": TFEntry(from_template("tf.clip_by_value({x}, {min}, {max})"), ANY),
    "Abs": TFEntry(from_template("tf.abs({x})"), ANY),
    "Sqrt": TFEntry(from_template("tf.sqrt({x})"), ANY),
    "Maximum": TFEntry(from_template("tf.maximum({a}, {b})"), ANY),
    "Minimum": TFEntry(from_template("tf.minimum({a}, {b})"), ANY),
    "ReduceMax": TFEntry(_reduce_max),
}

HELPERS: dict[str, str] = {
    "replicate_pad": '''def replicate_pad(x, pads):
    """Pad by repeating the edge values, `pads` holding (before, after) per dimension. TF's
    pad has no such mode; slices and concat keep the gradient dense."""
    for axis, (before, after) in enumerate(pads):
        if before or after:
            index = [slice(None)] * len(pads)
            index[axis] = slice(0, 1)
            first = x[tuple(index)]
            index[axis] = slice(-1, None)
            last = x[tuple(index)]
            x = tf.concat([tf.repeat(first, before, axis=axis), x,
                           tf.repeat(last, after, axis=axis)], axis)
    return x''',
}
