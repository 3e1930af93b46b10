"""ONNX operators as graphlab ops: one converter per ONNX op type.

A converter reads one ONNX node through :class:`~graphlab.importers.onnx_convert.Convert`
and adds graphlab nodes, or refuses with the reason. Patterns that are one graphlab op
become that op: Gemm and MatMul + Add with constant weights are Linear, a Gather from a
constant table is Embedding. Weights are converted to graphlab's canonical (PyTorch)
layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from graphlab.importers import onnx_attention, onnx_rnn
from graphlab.importers.builder import clean_name
from graphlab.importers.onnx_convert import (
    DTYPES,
    Convert,
    Refuse,
    any_value,
    one_of,
    written,
)

# ----- converters ------------------------------------------------------------------------

def _unary(op: str) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        c.only({})
        c.add(op, {}, {"x": c.value(0)})
    return convert


def _binary(op: str) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        c.only({})
        c.add(op, {}, {"a": c.value(0), "b": c.value(1)})
    return convert


def _gemm(c: Convert) -> None:
    c.only({"alpha": one_of(1.0), "beta": one_of(1.0), "transA": one_of(0), "transB": one_of(0, 1)})
    w = c.const(1)
    if w is None or w.ndim != 2:
        raise Refuse("its B input is not a constant matrix (only Gemm with weights imports)")
    weight = w if c.attr("transB", 0) else w.T
    params = {"weight": weight}
    bias = c.const(2)
    if c.input(2) and bias is None:
        raise Refuse("its C input is not a constant")
    if bias is not None:
        params["bias"] = np.broadcast_to(bias, (weight.shape[0],)).copy()
    c.add("Linear", {"in_features": weight.shape[1], "out_features": weight.shape[0],
                     "bias": bias is not None}, {"x": c.value(0)}, params,
          label=_weight_label(c, 1))


def _weight_label(c: Convert, i: int) -> str:
    """torch names weights "fc1.weight": the layer's label is "fc1"."""
    name = c.input(i)
    if "." in name:
        return clean_name(name.rsplit(".", 1)[0], c.label)
    return c.label


def _matmul(c: Convert) -> None:
    c.only({})
    w = c.const(1)
    if w is None or w.ndim != 2 or c.input(0) in c.m.constants:
        c.add("MatMul", {}, {"a": c.value(0), "b": c.value(1)})
        return
    out = c.node.output[0]
    add = _single_bias_add(c, out, w.shape[1])
    params = {"weight": w.T}
    if add is not None:
        params["bias"] = add[1]
        c.b.skip.add(id(add[0]))
        outputs = {"y": add[0].output[0]}
        c.b.notes.append(f"MatMul {c.node.name[:40]!r} and its Add became one Linear")
    else:
        outputs = {"y": out}
    c.add("Linear", {"in_features": w.shape[0], "out_features": w.shape[1],
                     "bias": add is not None}, {"x": c.value(0)}, params, outputs,
          label=_weight_label(c, 1))


def _single_bias_add(c: Convert, tensor: str, width: int):
    """The Add that is the only reader of ``tensor`` and adds a constant [width] bias."""
    if c.m.consumers.get(tensor, 0) != 1 or tensor in c.m.outputs:
        return None
    for node in c.m.nodes:
        if node.op_type == "Add" and tensor in node.input:
            other = node.input[1] if node.input[0] == tensor else node.input[0]
            b = c.m.constants.get(other)
            if b is not None and b.shape in ((width,), (1, width)):
                return node, b.reshape(width)
    return None


def _spatial(c: Convert, rank_of_w: int | None = None) -> tuple[int, dict]:
    """Kernel rank and the stride/dilation/padding attributes of a conv or pool."""
    k = c.attr("kernel_shape")
    if k is None:
        w = c.const(1)
        if w is None:
            raise Refuse("its kernel is not a constant")
        k = list(w.shape[2:])
    nd = len(k)
    if nd not in (1, 2):
        raise Refuse(f"{nd}-D windows are not supported (1-D and 2-D are)")
    strides = c.attr("strides", [1] * nd)
    dil = c.attr("dilations", [1] * nd)
    auto = c.attr("auto_pad", "NOTSET")
    pads = c.attr("pads", [0] * (2 * nd))
    if auto in ("SAME_UPPER",):
        padding: Any = "same"
    elif auto == "VALID":
        padding = 0
    elif auto != "NOTSET":
        raise Refuse(f"auto_pad={auto} is not supported (SAME_UPPER, VALID or explicit pads)")
    elif nd == 1:
        padding = pads[0] if pads[0] == pads[1] else [pads[0], pads[1]]
    else:
        t, left, bottom, r = pads
        padding = t if t == bottom == left == r else (
            [t, left] if (t == bottom and left == r) else [t, bottom, left, r])
    one = (lambda v: v[0]) if nd == 1 else (lambda v: v[0] if v[0] == v[1] else list(v))
    return nd, {"kernel_size": one(k), "stride": one(strides), "dilation": one(dil),
                "padding": padding}


def _conv(c: Convert) -> None:
    c.only({"kernel_shape": any_value, "strides": any_value, "dilations": any_value, "pads": any_value,
            "auto_pad": any_value, "group": any_value})
    w = c.const(1)
    if w is None:
        raise Refuse("its weight is not a constant")
    nd, geo = _spatial(c)
    groups = c.attr("group", 1)
    params = {"weight": w}
    b = c.const(2)
    if b is not None:
        params["bias"] = b
    attrs = {"in_channels": w.shape[1] * groups, "out_channels": w.shape[0], "groups": groups,
             "bias": b is not None, **geo}
    c.add("Conv2d" if nd == 2 else "Conv1d", attrs, {"x": c.value(0)}, params,
          label=_weight_label(c, 1))


def _conv_transpose(c: Convert) -> None:
    c.only({"kernel_shape": any_value, "strides": any_value, "dilations": any_value, "pads": any_value,
            "auto_pad": one_of("NOTSET"), "group": any_value, "output_padding": any_value})
    w = c.const(1)
    if w is None or w.ndim != 4:
        raise Refuse("only 2-D transposed convolutions with a constant weight are supported")
    pads = c.attr("pads", [0, 0, 0, 0])
    if pads[0] != pads[2] or pads[1] != pads[3]:
        raise Refuse(f"pads={pads}: only symmetric padding is supported")
    groups = int(c.attr("group", 1))

    def pair(v):
        return v[0] if v[0] == v[1] else list(v)
    params = {"weight": w}  # ONNX's [in, out / groups, kh, kw] is torch's layout
    b = c.const(2)
    if b is not None:
        params["bias"] = b
    c.add("ConvTranspose2d", {
        "in_channels": int(w.shape[0]), "out_channels": int(w.shape[1]) * groups,
        "kernel_size": pair(c.attr("kernel_shape", list(w.shape[2:]))),
        "stride": pair(c.attr("strides", [1, 1])), "padding": pair(pads[:2]),
        "output_padding": pair(c.attr("output_padding", [0, 0])),
        "dilation": pair(c.attr("dilations", [1, 1])), "groups": groups,
        "bias": b is not None}, {"x": c.value(0)}, params, label=_weight_label(c, 1))


def _resize(c: Convert) -> None:
    c.only({"mode": one_of("nearest", "linear"), "coordinate_transformation_mode": any_value,
            "nearest_mode": any_value, "cubic_coeff_a": any_value, "exclude_outside": one_of(0),
            "extrapolation_value": any_value})
    mode = c.attr("mode", "nearest")
    ctm = c.attr("coordinate_transformation_mode", "half_pixel")
    if mode == "nearest":
        if ctm != "asymmetric" or c.attr("nearest_mode", "round_prefer_floor") != "floor":
            raise Refuse("nearest resizing other than torch's (asymmetric, floor) is not "
                         "supported")
        attrs: dict[str, Any] = {"mode": "nearest"}
    elif ctm in ("half_pixel", "pytorch_half_pixel", "align_corners"):
        attrs = {"mode": "bilinear", "align_corners": ctm == "align_corners"}
    else:
        raise Refuse(f"coordinate_transformation_mode={ctm} is not supported")
    scales, sizes = c.const(2), c.const(3)
    symbolic = c.m.symbolic.get(c.input(3))  # torch writes [N, C] of the input + [h, w]
    if symbolic is not None and len(symbolic) == 4 and all(
            isinstance(v, int) for v in symbolic[2:]):
        attrs.update(size=[int(v) for v in symbolic[2:]], scale_factor=None)
    elif sizes is not None and sizes.size == 4:
        attrs.update(size=[int(v) for v in sizes[2:]], scale_factor=None)
    elif scales is not None and scales.size == 4 and np.all(scales[:2] == 1) \
            and np.all(scales[2:] == np.round(scales[2:])):
        sh, sw = (int(v) for v in scales[2:])
        attrs["scale_factor"] = sh if sh == sw else [sh, sw]
    else:
        raise Refuse("only whole constant scales (or constant sizes) over H and W are "
                     "supported")
    c.add("Upsample", attrs, {"x": c.value(0)})


def _pool(op2: str, op1: str, avg: bool) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        allowed = {"kernel_shape": any_value, "strides": any_value, "pads": any_value, "auto_pad": any_value,
                   "ceil_mode": any_value}
        allowed.update({"count_include_pad": any_value} if avg else
                       {"dilations": any_value, "storage_order": one_of(0)})
        c.only(allowed)
        if len(c.node.output) > 1 and c.node.output[1]:
            raise Refuse("its Indices output is not supported")
        nd, geo = _spatial(c)
        attrs = {**geo, "ceil_mode": bool(c.attr("ceil_mode", 0))}
        if avg:
            attrs.pop("dilation")
            attrs["count_include_pad"] = bool(c.attr("count_include_pad", 0))
        c.add(op2 if nd == 2 else op1, attrs, {"x": c.value(0)})
    return convert


def _global_avg_pool(c: Convert) -> None:
    c.only({})
    shape = c.shape(c.input(0))
    if shape is None or len(shape) != 4:
        raise Refuse("only 4-D (N, C, H, W) inputs are supported")
    out = c.node.output[0]
    flat = f"{out}#flat"
    c.add("GlobalAvgPool", {}, {"x": c.value(0)}, outputs={"y": flat})
    c.b.gap_of[out] = flat  # a Flatten after it reads the [N, C] value itself
    label = f"{c.label}_nchw"
    # anything else that reads the [N, C, 1, 1] value gets it from a Reshape, made then
    c.b.pending[out] = lambda: c.b.add("Reshape", {"shape": [shape[1], 1, 1],
                                                   "keep_batch": True}, label,
                                       {"x": flat}, {"y": out})


def _flatten(c: Convert) -> None:
    c.only({"axis": any_value})
    axis = c.attr("axis", 1)
    src = c.input(0)
    if axis == 1 and src in c.b.gap_of:
        c.b.alias(c.node.output[0], c.b.gap_of[src])
        return
    if axis != 1:
        raise Refuse(f"axis={axis} is not supported (axis 1 flattens all but the batch)")
    c.add("Flatten", {"start_dim": 1, "end_dim": -1}, {"x": c.value(0)})


def _reshape(c: Convert) -> None:
    c.only({"allowzero": one_of(0)})
    out_shape = c.shape(c.node.output[0])
    target = c.const(1)
    x_shape = c.shape(c.input(0))
    symbolic = c.m.symbolic.get(c.input(1))
    if symbolic is not None:
        if symbolic[0] != "batch" or "batch" in symbolic[1:]:
            raise Refuse("its target shape moves the batch dimension")
        dims = [-1] + [int(d) for d in symbolic[1:]]
    elif target is not None:
        dims = [int(d) for d in target]
        if x_shape is not None:
            dims = [x_shape[i] if d == 0 and i < len(x_shape) else d
                    for i, d in enumerate(dims)]
    elif out_shape is not None and all(d is not None for d in out_shape[1:]):
        dims = [-1] + list(out_shape[1:])
    else:
        raise Refuse("its target shape is computed and not known")
    if dims and (dims[0] in (-1, None) or (x_shape and dims[0] == x_shape[0])):
        attrs = {"shape": [d if d is not None else -1 for d in dims[1:]] or [1],
                 "keep_batch": True}
    else:
        attrs = {"shape": dims, "keep_batch": False}
    c.add("Reshape", attrs, {"x": c.value(0)})


def _batch_norm(c: Convert) -> None:
    c.only({"epsilon": any_value, "momentum": any_value, "training_mode": one_of(0)})
    consts = [c.const(i) for i in range(1, 5)]
    if any(v is None for v in consts):
        raise Refuse("its scale, bias, mean and variance must be constants")
    scale, bias, mean, var = consts
    c.add("BatchNorm", {"num_features": int(scale.shape[0]), "eps": written(c.attr("epsilon", 1e-5)),
                        "momentum": written(1.0 - written(c.attr("momentum", 0.9))),
                        "affine": True}, {"x": c.value(0)},
          {"weight": scale, "bias": bias, "running_mean": mean, "running_var": var},
          label=_weight_label(c, 1))


def _layer_norm(c: Convert) -> None:
    c.only({"axis": any_value, "epsilon": any_value, "stash_type": any_value})
    shape = c.shape(c.input(0))
    scale = c.const(1)
    if shape is None or scale is None:
        raise Refuse("its input rank and scale must be known")
    axis = c.attr("axis", -1)
    axis = axis + len(shape) if axis < 0 else axis
    bias = c.const(2) if c.input(2) else np.zeros_like(scale)
    if bias is None:
        raise Refuse("its bias is not a constant")
    c.add("LayerNorm", {"eps": written(c.attr("epsilon", 1e-5)), "affine": True,
                        "last_dims": len(shape) - axis}, {"x": c.value(0)},
          {"weight": scale, "bias": bias}, label=_weight_label(c, 1))


def _softmax(op: str) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        c.only({"axis": any_value})
        c.add(op, {"axis": int(c.attr("axis", -1))}, {"x": c.value(0)})
    return convert


def _leaky(c: Convert) -> None:
    c.only({"alpha": any_value})
    c.add("LeakyReLU", {"negative_slope": written(c.attr("alpha", 0.01))}, {"x": c.value(0)})


def _gelu(c: Convert) -> None:
    c.only({"approximate": one_of("none", "tanh")})
    c.add("GELU", {"approximate": c.attr("approximate", "none")}, {"x": c.value(0)})


def _pow(c: Convert) -> None:
    c.only({})
    e = c.const(1)
    if e is None or e.size != 1:
        raise Refuse("only a constant scalar exponent is supported")
    c.add("Pow", {"exponent": float(e.flat[0])}, {"x": c.value(0)})


def _concat(c: Convert) -> None:
    c.only({"axis": any_value})
    ins = {f"x{i}": c.value(i) for i in range(len(c.node.input))}
    c.add("Concat", {"axis": int(c.attr("axis")), "n": len(ins)}, ins)


def _transpose(c: Convert) -> None:
    c.only({"perm": any_value})
    perm = c.attr("perm")
    if perm is None:
        shape = c.shape(c.input(0))
        perm = list(reversed(range(len(shape)))) if shape else []
    c.add("Transpose", {"perm": [int(p) for p in perm]}, {"x": c.value(0)})


def _axes(c: Convert) -> list[int]:
    """The axes an op takes as an attribute (older opsets) or a constant second input."""
    axes = c.attr("axes")
    if axes is None and c.input(1):
        given = c.const(1)
        if given is None:
            raise Refuse("its axes are computed, not constant")
        axes = given.tolist()
    return [int(a) for a in (axes or [])]


def _reduce(op: str) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        c.only({"axes": any_value, "keepdims": any_value, "noop_with_empty_axes": one_of(0)})
        c.add(op, {"axes": _axes(c), "keepdims": bool(c.attr("keepdims", 1))},
              {"x": c.value(0)})
    return convert


def _identity(c: Convert) -> None:
    c.b.alias(c.node.output[0], c.value(0))


def _dropout(c: Convert) -> None:
    if len(c.node.output) > 1 and c.node.output[1] and c.m.consumers.get(c.node.output[1]):
        raise Refuse("its mask output is used")
    c.b.alias(c.node.output[0], c.value(0))


def _gather(c: Convert) -> None:
    c.only({"axis": any_value})
    table = c.const(0)
    axis = c.attr("axis", 0)
    if table is not None and table.ndim == 2 and axis == 0:
        c.add("Embedding", {"num_embeddings": int(table.shape[0]),
                            "embedding_dim": int(table.shape[1])}, {"indices": c.value(1)},
              {"weight": table}, label=_weight_label(c, 0))
        return
    c.add("Gather", {"axis": int(axis)}, {"x": c.value(0), "indices": c.value(1)})


def _clip(c: Convert) -> None:
    c.only({})
    lo, hi = c.const(1), c.const(2)
    if (c.input(1) and lo is None) or (c.input(2) and hi is None):
        raise Refuse("its min and max must be constants")
    c.add("Clip", {"min": float(lo) if lo is not None else -3.4e38,
                   "max": float(hi) if hi is not None else 3.4e38}, {"x": c.value(0)})


def _cast(c: Convert) -> None:
    c.only({"to": any_value, "saturate": any_value})
    to = DTYPES.get(c.attr("to"))
    if to is None:
        raise Refuse(f"cast to element type {c.attr('to')} is not supported")
    c.add("Cast", {"to": to}, {"x": c.value(0)})


def _axes_op(op: str) -> Callable[[Convert], None]:
    def convert(c: Convert) -> None:
        c.only({"axes": any_value})
        c.add(op, {"axes": _axes(c)}, {"x": c.value(0)})
    return convert


def _split(c: Convert) -> None:
    c.only({"axis": any_value, "num_outputs": any_value})
    shape = c.shape(c.input(0))
    axis = int(c.attr("axis", 0))
    outs = list(c.node.output)
    sizes = c.const(1)
    if sizes is None and c.input(1):
        raise Refuse("its split sizes are computed, not constant")
    if sizes is None:
        if shape is None or shape[axis] is None or shape[axis] % len(outs):
            raise Refuse("equal parts need a known size along the axis")
        sizes = [shape[axis] // len(outs)] * len(outs)
    if len(outs) > 4:
        raise Refuse(f"{len(outs)} parts; graphlab's Split gives at most 4")
    c.add("Split", {"axis": axis, "sizes": [int(v) for v in sizes]}, {"x": c.value(0)},
          outputs={f"y{i}": o for i, o in enumerate(outs) if o})


def _where(c: Convert) -> None:
    c.only({})
    c.add("Where", {}, {"cond": c.value(0), "a": c.value(1), "b": c.value(2)})


CONVERTERS: dict[str, Callable[[Convert], None]] = {
    "Gemm": _gemm, "MatMul": _matmul, "Conv": _conv, "ConvTranspose": _conv_transpose,
    "Resize": _resize,
    "MaxPool": _pool("MaxPool2d", "MaxPool1d", avg=False),
    "AveragePool": _pool("AvgPool2d", "AvgPool1d", avg=True),
    "GlobalAveragePool": _global_avg_pool, "Flatten": _flatten, "Reshape": _reshape,
    "BatchNormalization": _batch_norm, "LayerNormalization": _layer_norm,
    "Relu": _unary("ReLU"), "Sigmoid": _unary("Sigmoid"), "Tanh": _unary("Tanh"),
    "Exp": _unary("Exp"), "Log": _unary("Log"), "Neg": _unary("Neg"), "Abs": _unary("Abs"),
    "Sqrt": _unary("Sqrt"), "LeakyRelu": _leaky, "Gelu": _gelu,
    "Softmax": _softmax("Softmax"), "LogSoftmax": _softmax("LogSoftmax"),
    "Add": _binary("Add"), "Sub": _binary("Sub"), "Mul": _binary("Mul"),
    "Div": _binary("Div"), "Max": _binary("Maximum"), "Min": _binary("Minimum"),
    "Pow": _pow, "Concat": _concat, "Transpose": _transpose,
    "ReduceMean": _reduce("Mean"), "ReduceSum": _reduce("Sum"),
    "ReduceMax": _reduce("ReduceMax"), "Identity": _identity, "Dropout": _dropout,
    "Gather": _gather, "Clip": _clip, "Cast": _cast, "Where": _where,
    "Squeeze": _axes_op("Squeeze"), "Unsqueeze": _axes_op("Unsqueeze"), "Split": _split,
    "LSTM": onnx_rnn.convert, "GRU": onnx_rnn.convert,  # planned by onnx_fuse.prepare
    onnx_attention.OP_TYPE: onnx_attention.convert,
}
