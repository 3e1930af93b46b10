"""Ops: 1-D/2-D convolution, pooling, resampling and normalisation.

Conv2d, MaxPool2d, AvgPool2d and LayerNorm live in layers.py (the palette's first
layers) and take their rules from here. Tensors are NC(H)W and weights in torch's
layout everywhere in the graph; the TF lowering converts at its boundaries.
"""

from __future__ import annotations

import math

from graphlab.graph.ops._rules import fs, need_float, need_rank
from graphlab.graph.ops.spec import Attr, OpSpec, ParamSpec, Port, ShapeError
from graphlab.graph.ops.window import check_window, derive_window, per_axis, window
from graphlab.graph.tensor_type import FLOAT, TensorType

X = (Port("x", doc="input tensor"),)
Y = (Port("y", doc="result"),)
LAYOUT = {1: "N, C, W", 2: "N, C, H, W"}


def _channels(ctx, attr: str = "in_channels") -> int:
    """The input's channels (dim 1), checked against ``attr`` when it is set."""
    x = ctx.inputs["x"]
    want = ctx.attrs[attr]
    if want is not None and x.shape[1] != want:
        raise ShapeError("x", f"expected {want} channels (dim 1), got {x.shape[1]} "
                         f"(shape {fs(x.shape)}); set {attr} to {x.shape[1]}")
    return x.shape[1]


def _groups(c: int, out: int, g: int) -> None:
    if c % g:
        raise ShapeError("x", f"{c} input channels do not split into {g} groups; set groups "
                         f"to a divisor of {c} ({c} is depthwise)")
    if out % g:
        raise ShapeError("x", f"out_channels {out} is not a multiple of groups {g}; set "
                         f"out_channels to a multiple of {g}")


def in_channels(attrs, inputs) -> int:
    return attrs["in_channels"] if attrs["in_channels"] is not None else inputs["x"].shape[1]


# --- Convolution ----------------------------------------------------------------

def conv_rule(n: int):
    def rule(ctx):
        x = need_rank(ctx, "x", (n + 2,), LAYOUT[n], f"reshape to [{LAYOUT[n]}] first")
        need_float(ctx, "x")
        c = _channels(ctx)
        _groups(c, ctx.attrs["out_channels"], ctx.attrs["groups"])
        w = window(ctx.attrs, x.shape[2:])
        check_window(w, x.shape[2:])
        return {"y": TensorType((x.shape[0], ctx.attrs["out_channels"], *w.out), FLOAT)}
    return rule


def conv_params(n: int):
    def params(attrs, inputs):
        k = per_axis(attrs["kernel_size"], n)
        cin = in_channels(attrs, inputs) // attrs["groups"]
        fan_in = cin * math.prod(k)
        ps = [ParamSpec("weight", (attrs["out_channels"], cin, *k), "kaiming_uniform", fan_in)]
        if attrs["bias"]:
            ps.append(ParamSpec("bias", (attrs["out_channels"],), "kaiming_uniform", fan_in))
        return ps
    return params


def conv_flops(attrs, inputs, outputs):
    k = per_axis(attrs["kernel_size"], inputs["x"].rank - 2)
    return 2 * outputs["y"].numel * inputs["x"].shape[1] // attrs["groups"] * math.prod(k)


def _fill(attr: str):
    def derive(attrs, inputs, output):
        if attrs[attr] is None:
            attrs[attr] = inputs["x"].shape[1]
        return attrs
    return derive


def derive_conv(attrs, inputs, output):
    return derive_window(False)(_fill("in_channels")(attrs, inputs, output), inputs, output)


def conv_attrs(n: int) -> tuple[Attr, ...]:
    """Conv attributes; 2-D sizes are one number or [h, w], 2-D padding also explicit."""
    size = "pair" if n == 2 else "int"
    pad_doc = ('pixels on every side, "valid" (none), "same" (output ceil(H/stride), any '
               'extra at the bottom/right), [h, w] or [top, bottom, left, right]' if n == 2 else
               'cells on each end, "valid", "same" or [left, right]')
    return (
        Attr("in_channels", "int", None, "input channels (empty: inferred)", min=1,
             optional=True),
        Attr("out_channels", "int", 8, "output channels", min=1),
        Attr("kernel_size", size, 3, "kernel size" + (" (or [h, w])" if n == 2 else ""),
             min=1),
        Attr("stride", size, 1, "step between windows", min=1),
        Attr("padding", "padding" if n == 2 else "padding1d", 0, pad_doc, derived=True),
        Attr("dilation", size, 1, "spacing between kernel taps", min=1),
        Attr("groups", "int", 1, "channel groups convolved separately (in_channels: "
             "depthwise)", min=1),
        Attr("bias", "bool", True, "add a learnable bias per channel"),
    )


CONV1D = OpSpec(
    name="Conv1d", category="layer",
    doc="1-D convolution over NCW input (channels, then length); weight layout "
    "[out, in / groups, k]. padding is cells on each end, \"valid\", \"same\" (output "
    "ceil(W/stride), any extra at the end) or [left, right], written out as explicit pads.",
    inputs=X, outputs=Y, attrs=conv_attrs(1), infer=conv_rule(1), params=conv_params(1),
    flops=conv_flops, label_prefix="conv", elementwise=False, derive=derive_conv,
)


# --- Transposed convolution --------------------------------------------------

def _tconv_geometry(attrs):
    k = per_axis(attrs["kernel_size"], 2)
    return (k, per_axis(attrs["stride"], 2), per_axis(attrs["padding"], 2),
            per_axis(attrs["output_padding"], 2), per_axis(attrs["dilation"], 2))


def _tconv_rule(ctx):
    x = need_rank(ctx, "x", (4,), LAYOUT[2], f"reshape to [{LAYOUT[2]}] first")
    need_float(ctx, "x")
    a = ctx.attrs
    c = _channels(ctx)
    _groups(c, a["out_channels"], a["groups"])
    k, s, p, op, d = _tconv_geometry(a)
    for i in range(2):
        # torch also takes one below the dilation; ONNX (onnxruntime) only below the stride
        if op[i] >= s[i]:
            raise ShapeError("x", f"output_padding {op[i]} must be smaller than the stride "
                             f"({s[i]}); lower output_padding")
    out = [(x.shape[2 + i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1
           for i in range(2)]
    if min(out) < 1:
        raise ShapeError("x", f"padding {list(p)} leaves no output for input "
                         f"{fs(x.shape[2:])}; use less padding")
    return {"y": TensorType((x.shape[0], a["out_channels"], *out), FLOAT)}


def _tconv_params(attrs, inputs):
    k = per_axis(attrs["kernel_size"], 2)
    cout = attrs["out_channels"] // attrs["groups"]
    fan_in = cout * math.prod(k)  # torch reads it off the weight's dim 1
    ps = [ParamSpec("weight", (in_channels(attrs, inputs), cout, *k), "kaiming_uniform",
                    fan_in)]
    if attrs["bias"]:
        ps.append(ParamSpec("bias", (attrs["out_channels"],), "kaiming_uniform", fan_in))
    return ps


def _tconv_flops(attrs, inputs, outputs):
    k = per_axis(attrs["kernel_size"], 2)
    return 2 * inputs["x"].numel * attrs["out_channels"] // attrs["groups"] * math.prod(k)


def _derive_tconv(attrs, inputs, output):
    attrs = _fill("in_channels")(attrs, inputs, output)
    k, s, p, op, d = _tconv_geometry(attrs)
    attrs.update(kernel=k, strides=s, dilations=d, pads=tuple((v, v) for v in p),
                 output_pads=op)
    return attrs


CONVTRANSPOSE2D = OpSpec(
    name="ConvTranspose2d", category="layer",
    doc="Transposed 2-D convolution (the gradient of a Conv2d with respect to its input) "
    "over NCHW input; weight layout [in, out / groups, kh, kw]. Output size "
    "(H - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.",
    inputs=X, outputs=Y,
    attrs=(
        Attr("in_channels", "int", None, "input channels (empty: inferred)", min=1,
             optional=True),
        Attr("out_channels", "int", 8, "output channels", min=1),
        Attr("kernel_size", "pair", 3, "kernel size (or [h, w])", min=1),
        Attr("stride", "pair", 1, "spacing of the input cells in the output", min=1),
        Attr("padding", "pair", 0, "cells removed from each side of the output", min=0),
        Attr("output_padding", "pair", 0, "cells added at the bottom/right of the output "
             "(smaller than the stride)", min=0),
        Attr("dilation", "pair", 1, "spacing between kernel taps", min=1),
        Attr("groups", "int", 1, "channel groups convolved separately", min=1),
        Attr("bias", "bool", True, "add a learnable bias per channel"),
    ),
    infer=_tconv_rule, params=_tconv_params, flops=_tconv_flops, label_prefix="deconv",
    elementwise=False, derive=_derive_tconv,
)


# --- Pooling ------------------------------------------------------------------

def pool_rule(n: int):
    def rule(ctx):
        x = need_rank(ctx, "x", (n + 2,), LAYOUT[n], f"reshape to [{LAYOUT[n]}] first")
        w = window(ctx.attrs, x.shape[2:], pooling=True)
        check_window(w, x.shape[2:], pooling=True)
        return {"y": TensorType((x.shape[0], x.shape[1], *w.out), x.dtype)}
    return rule


def pool_attrs(n: int, maximum: bool) -> tuple[Attr, ...]:
    size = "pair" if n == 2 else "int"
    attrs = [
        Attr("kernel_size", size, 2, "window size" + (" (or [h, w])" if n == 2 else ""),
             min=1),
        Attr("stride", size, None, "step between windows (empty: kernel_size)", min=1,
             optional=True),
        Attr("padding", "padding" if n == 2 else "padding1d", 0,
             'padding on every side, "valid", "same" or explicit ' +
             ("[h, w] / [top, bottom, left, right]" if n == 2 else "[left, right]"),
             derived=True),
        Attr("ceil_mode", "bool", False, "round the output size up (the last window may run "
             "past the end)"),
    ]
    if maximum:
        attrs.append(Attr("dilation", size, 1, "spacing between window taps", min=1))
    else:
        attrs.append(Attr("count_include_pad", "bool", True, "padded cells count in the "
                          "mean (cells past the end in ceil_mode never do)"))
    return tuple(attrs)


def pool_flops(attrs, inputs, outputs):
    return outputs["y"].numel * math.prod(per_axis(attrs["kernel_size"],
                                                   inputs["x"].rank - 2))


MAX_DOC = ("Maximum over windows of {layout} input; padded cells never win. ceil_mode "
           "follows torch (the last window starts inside the input or its leading padding).")
AVG_DOC = ("Mean over windows of {layout} input. count_include_pad: padded cells count as "
           "zeros in the mean (else only input cells count); cells that ceil_mode adds past "
           "the end never count.")

MAXPOOL1D = OpSpec(
    name="MaxPool1d", category="layer", doc=MAX_DOC.format(layout="NCW"),
    inputs=X, outputs=Y, attrs=pool_attrs(1, True), infer=pool_rule(1), flops=pool_flops,
    label_prefix="maxpool", elementwise=False, derive=derive_window(True),
)

AVGPOOL1D = OpSpec(
    name="AvgPool1d", category="layer", doc=AVG_DOC.format(layout="NCW"),
    inputs=X, outputs=Y, attrs=pool_attrs(1, False), infer=pool_rule(1), flops=pool_flops,
    label_prefix="avgpool", elementwise=False, derive=derive_window(True),
)


# --- Upsample -----------------------------------------------------------------

def _upsample_out(a, x) -> tuple[int, int]:
    if a["size"] is not None:
        return per_axis(a["size"], 2)
    s = per_axis(a["scale_factor"], 2)
    return x.shape[2] * s[0], x.shape[3] * s[1]


def _upsample_rule(ctx):
    x = need_rank(ctx, "x", (4,), LAYOUT[2], f"reshape to [{LAYOUT[2]}] first")
    need_float(ctx, "x")
    a = ctx.attrs
    if (a["size"] is None) == (a["scale_factor"] is None):
        raise ShapeError(None, "set exactly one of size and scale_factor (leave the other "
                         "empty)")
    if a["align_corners"] and a["mode"] != "bilinear":
        raise ShapeError(None, "align_corners applies to bilinear only; untick it or set "
                         "mode to bilinear")
    return {"y": TensorType((*x.shape[:2], *_upsample_out(a, x)), FLOAT)}


def _derive_upsample(attrs, inputs, output):
    x = inputs["x"]
    out = _upsample_out(attrs, x)
    attrs["size"] = list(out)
    attrs["scale_factor"] = [out[0] / x.shape[2], out[1] / x.shape[3]]
    return attrs


UPSAMPLE = OpSpec(
    name="Upsample", category="layer",
    doc="Resizes NCHW input to size [h, w] or by an integer scale_factor. nearest takes "
    "input cell floor(i * in / out); bilinear interpolates with align_corners written out "
    "(false: half-pixel centres, as torch and TF 2 resize; true: the corner cells align).",
    inputs=X, outputs=Y,
    attrs=(
        Attr("mode", "choice", "nearest", "how output cells are computed",
             choices=("nearest", "bilinear")),
        Attr("scale_factor", "pair", 2, "whole-number factor per axis (empty: use size)",
             min=1, optional=True),
        Attr("size", "pair", None, "output [h, w] (empty: use scale_factor)", min=1,
             optional=True),
        Attr("align_corners", "bool", False, "bilinear only: map corner cells onto corner "
             "cells"),
    ),
    infer=_upsample_rule, derive=_derive_upsample, label_prefix="up", elementwise=False,
    flops=lambda a, i, o: o["y"].numel * (4 if a["mode"] == "bilinear" else 1),
)


# --- Normalisation ------------------------------------------------------------

def _gn_rule(ctx):
    x = need_float(ctx, "x")
    if x.rank < 2:
        raise ShapeError("x", f"expected [N, C, ...] (rank 2 or more), got shape "
                         f"{fs(x.shape)}")
    c = _channels(ctx, "num_channels")
    g = ctx.attrs["num_groups"]
    if c % g:
        raise ShapeError("x", f"{c} channels do not split into {g} groups; set num_groups to "
                         f"a divisor of {c}")
    return {"y": TensorType(x.shape, FLOAT)}


def _gn_params(attrs, inputs):
    if not attrs["affine"]:
        return []
    c = inputs["x"].shape[1]
    return [ParamSpec("weight", (c,), "ones"), ParamSpec("bias", (c,), "zeros")]


GROUPNORM = OpSpec(
    name="GroupNorm", category="layer",
    doc="Splits the channels (dim 1) into num_groups consecutive groups and normalises each "
    "group of each sample over its channels and positions with the biased variance, then "
    "scales and shifts per channel. The same in training and evaluation.",
    inputs=X, outputs=Y,
    attrs=(
        Attr("num_groups", "int", 2, "groups of channels", min=1),
        Attr("num_channels", "int", None, "channels (empty: inferred)", min=1, optional=True),
        Attr("eps", "float", 1e-5, "added to the variance", min=0),
        Attr("affine", "bool", True, "learnable scale and shift per channel"),
    ),
    infer=_gn_rule, params=_gn_params, flops=lambda a, i, o: 5 * o["y"].numel,
    label_prefix="gn", elementwise=False, derive=_fill("num_channels"),
)


def layer_norm_rule(ctx):
    x = need_float(ctx, "x")
    k = ctx.attrs["last_dims"]
    if x.rank < 1:
        raise ShapeError("x", "expected at least rank 1, got a scalar")
    if k > max(x.rank - 1, 1):
        raise ShapeError("x", f"last_dims {k} would normalise across the batch of shape "
                         f"{fs(x.shape)}; set last_dims to at most {max(x.rank - 1, 1)}")
    return {"y": TensorType(x.shape, FLOAT)}


def layer_norm_params(attrs, inputs):
    shape = tuple(inputs["x"].shape[-attrs["last_dims"]:])
    if not attrs["affine"]:
        return []
    return [ParamSpec("weight", shape, "ones"), ParamSpec("bias", shape, "zeros")]


OPS = (CONV1D, CONVTRANSPOSE2D, MAXPOOL1D, AVGPOOL1D, UPSAMPLE, GROUPNORM)
