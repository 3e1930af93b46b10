"""Layers: ops that own parameters or change the layout of a tensor.

Image tensors are NCHW and conv weights OIHW everywhere in the graph; the TF
lowering transposes at its boundaries (see DESIGN.md).
"""

from __future__ import annotations

from graphlab.graph.ops._rules import conv_out, fs, need_float, need_rank, same_pads
from graphlab.graph.ops.spec import KIND_INT, Attr, OpSpec, ParamSpec, Port, ShapeError
from graphlab.graph.tensor_type import FLOAT, TensorType

X = (Port("x", doc="input tensor"),)
Y = (Port("y", doc="result"),)


# --- Linear -----------------------------------------------------------------

def _linear_in(attrs, x: TensorType) -> int:
    return attrs["in_features"] if attrs["in_features"] is not None else x.shape[-1]


def _linear_rule(ctx):
    x = need_float(ctx, "x")
    if x.rank < 1:
        raise ShapeError("x", "expected at least rank 1 (features last), got a scalar")
    want = ctx.attrs["in_features"]
    if want is not None and x.shape[-1] != want:
        hint = "add a Flatten before it" if x.rank > 2 else f"set in_features to {x.shape[-1]}"
        raise ShapeError(
            "x", f"expected last dim {want}, got {x.shape[-1]} (shape {fs(x.shape)}); {hint}"
        )
    return {"y": TensorType(x.shape[:-1] + (ctx.attrs["out_features"],), FLOAT)}


def _linear_params(attrs, inputs):
    fan_in = _linear_in(attrs, inputs["x"])
    ps = [ParamSpec("weight", (attrs["out_features"], fan_in), "kaiming_uniform", fan_in)]
    if attrs["bias"]:
        ps.append(ParamSpec("bias", (attrs["out_features"],), "kaiming_uniform", fan_in))
    return ps


def _linear_flops(attrs, inputs, outputs):
    return 2 * outputs["y"].numel * _linear_in(attrs, inputs["x"])


def _derive_size(attr: str, dim: int):
    """Derive hook: an empty size attribute taken from dimension ``dim`` of the input."""

    def derive(attrs, inputs, output):
        if attrs[attr] is None:
            attrs[attr] = inputs["x"].shape[dim]
        return attrs

    return derive


LINEAR = OpSpec(
    name="Linear",
    category="layer",
    doc="Fully connected layer y = x W^T + b over the last dimension. Weight layout "
    "[out_features, in_features]. in_features may be left empty to take it from the input.",
    inputs=X,
    outputs=Y,
    attrs=(
        Attr("in_features", "int", None, "size of the input's last dimension (empty: inferred)",
             min=1, optional=True),
        Attr("out_features", "int", 10, "size of the output's last dimension", min=1),
        Attr("bias", "bool", True, "add a learnable bias"),
    ),
    infer=_linear_rule,
    params=_linear_params,
    flops=_linear_flops,
    label_prefix="fc",
    elementwise=False,
    formula="dL/dx = g·W, dL/dW = gᵀ·x (dL/dW[j,i] = Σ_n g[n,j]·x[n,i]), dL/db = Σ_n g",
    derive=_derive_size("in_features", -1),
)


# --- Conv2d and pooling ---------------------------------------------------------

def _spatial_pads(attrs, h, w, k, s, d=1):
    p = attrs["padding"]
    if p == "same":
        return same_pads(h, k, s, d), same_pads(w, k, s, d)
    return (p, p), (p, p)


def conv_geometry(attrs, x: TensorType):
    """(out_h, out_w, (pad_top, pad_bottom), (pad_left, pad_right)) for conv/pool ops."""
    _, _, h, w = x.shape
    k = attrs["kernel_size"]
    s = attrs.get("stride") or k
    d = attrs.get("dilation", 1)
    ph, pw = _spatial_pads(attrs, h, w, k, s, d)
    return conv_out(h, k, s, sum(ph), d), conv_out(w, k, s, sum(pw), d), ph, pw


def derive_window(attrs, inputs, output):
    """Derive hook of conv and pooling: stride (empty: the kernel size) and dilation written
    out, and ``pads`` ((top, bottom), (left, right)) computed, "same" included."""
    if attrs.get("stride") is None:
        attrs["stride"] = attrs["kernel_size"]
    attrs.setdefault("dilation", 1)
    _, _, ph, pw = conv_geometry(attrs, inputs["x"])
    attrs["pads"] = (tuple(ph), tuple(pw))
    return attrs


def _derive_conv(attrs, inputs, output):
    return derive_window(_derive_size("in_channels", 1)(attrs, inputs, output), inputs, output)


def _conv_rule(ctx):
    x = need_rank(ctx, "x", (4,), "N, C, H, W", "reshape to [N, C, H, W] first")
    need_float(ctx, "x")
    want = ctx.attrs["in_channels"]
    if want is not None and x.shape[1] != want:
        raise ShapeError(
            "x", f"expected {want} channels (dim 1), got {x.shape[1]} (shape {fs(x.shape)}); "
            f"set in_channels to {x.shape[1]}"
        )
    oh, ow, _, _ = conv_geometry(ctx.attrs, x)
    if oh < 1 or ow < 1:
        raise ShapeError("x", f"kernel {ctx.attrs['kernel_size']} is larger than the padded "
                         f"input {fs(x.shape[2:])}; use a smaller kernel or more padding")
    return {"y": TensorType((x.shape[0], ctx.attrs["out_channels"], oh, ow), FLOAT)}


def _conv_params(attrs, inputs):
    cin = attrs["in_channels"] if attrs["in_channels"] is not None else inputs["x"].shape[1]
    k = attrs["kernel_size"]
    fan_in = cin * k * k
    ps = [ParamSpec("weight", (attrs["out_channels"], cin, k, k), "kaiming_uniform", fan_in)]
    if attrs["bias"]:
        ps.append(ParamSpec("bias", (attrs["out_channels"],), "kaiming_uniform", fan_in))
    return ps


def _conv_flops(attrs, inputs, outputs):
    k = attrs["kernel_size"]
    return 2 * outputs["y"].numel * inputs["x"].shape[1] * k * k


CONV2D = OpSpec(
    name="Conv2d",
    category="layer",
    doc="2-D convolution over NCHW input; weight layout [out, in, kh, kw]. padding is a number "
    "of pixels on every side or \"same\" (output size ceil(H/stride), any extra pixel at the "
    "bottom/right, written out as explicit pads).",
    inputs=X,
    outputs=Y,
    attrs=(
        Attr("in_channels", "int", None, "input channels (empty: inferred)", min=1, optional=True),
        Attr("out_channels", "int", 8, "output channels", min=1),
        Attr("kernel_size", "int", 3, "square kernel size", min=1),
        Attr("stride", "int", 1, "step between windows", min=1),
        Attr("padding", "padding", 0, "pixels added on each side, or \"same\"", derived=True),
        Attr("dilation", "int", 1, "spacing between kernel taps", min=1),
        Attr("bias", "bool", True, "add a learnable bias per channel"),
    ),
    infer=_conv_rule,
    params=_conv_params,
    flops=_conv_flops,
    label_prefix="conv",
    elementwise=False,
    formula="dL/dW[o,c,i,j] = Σ_n,h,w g[n,o,h,w]·x[n,c,h·stride+i,w·stride+j] (padded x), "
    "dL/db[o] = Σ_n,h,w g[n,o,h,w], dL/dx: the transposed convolution of g with W",
    derive=_derive_conv,
)


def _pool_rule(ctx):
    x = need_rank(ctx, "x", (4,), "N, C, H, W", "reshape to [N, C, H, W] first")
    if ctx.attrs["padding"] != "same" and ctx.attrs["padding"] * 2 > ctx.attrs["kernel_size"]:
        raise ShapeError("x", "padding must be at most half the kernel size")
    oh, ow, _, _ = conv_geometry(ctx.attrs, x)
    if oh < 1 or ow < 1:
        raise ShapeError("x", f"window {ctx.attrs['kernel_size']} is larger than the input "
                         f"{fs(x.shape[2:])}; use a smaller kernel_size")
    return {"y": TensorType((x.shape[0], x.shape[1], oh, ow), x.dtype)}


def _pool_attrs():
    return (
        Attr("kernel_size", "int", 2, "square window size", min=1),
        Attr("stride", "int", None, "step between windows (empty: kernel_size)", min=1,
             optional=True),
        Attr("padding", "int", 0, "pixels added on each side", min=0, derived=True),
    )


def _pool_flops(attrs, inputs, outputs):
    return outputs["y"].numel * attrs["kernel_size"] ** 2


MAXPOOL2D = OpSpec(
    name="MaxPool2d", category="layer",
    doc="Maximum over square windows of NCHW input; padded cells never win.",
    inputs=X, outputs=Y, attrs=_pool_attrs(), infer=_pool_rule, flops=_pool_flops,
    label_prefix="maxpool", elementwise=False, derive=derive_window,
)

AVGPOOL2D = OpSpec(
    name="AvgPool2d", category="layer",
    doc="Mean over square windows of NCHW input; padded cells count as zeros in the mean "
    "(count_include_pad).",
    inputs=X, outputs=Y, attrs=_pool_attrs(), infer=_pool_rule, flops=_pool_flops,
    label_prefix="avgpool", elementwise=False, derive=derive_window,
)


def _gap_rule(ctx):
    x = need_rank(ctx, "x", (4,), "N, C, H, W")
    need_float(ctx, "x")
    return {"y": TensorType(x.shape[:2], FLOAT)}


GLOBALAVGPOOL = OpSpec(
    name="GlobalAvgPool", category="layer",
    doc="Mean over the spatial dimensions: [N, C, H, W] -> [N, C].",
    inputs=X, outputs=Y, attrs=(), infer=_gap_rule, label_prefix="gap", elementwise=False,
)


# --- Normalisation -------------------------------------------------------------

def _bn_rule(ctx):
    x = need_rank(ctx, "x", (2, 4), "N, C or N, C, H, W")
    need_float(ctx, "x")
    want = ctx.attrs["num_features"]
    if want is not None and x.shape[1] != want:
        raise ShapeError("x", f"expected {want} features (dim 1), got {x.shape[1]} "
                         f"(shape {fs(x.shape)}); set num_features to {x.shape[1]}")
    return {"y": TensorType(x.shape, FLOAT)}


def _bn_params(attrs, inputs):
    c = attrs["num_features"] or inputs["x"].shape[1]
    ps = []
    if attrs["affine"]:
        ps += [ParamSpec("weight", (c,), "ones"), ParamSpec("bias", (c,), "zeros")]
    ps += [ParamSpec("running_mean", (c,), "zeros", trainable=False),
           ParamSpec("running_var", (c,), "ones", trainable=False)]
    return ps


BATCHNORM = OpSpec(
    name="BatchNorm", category="layer",
    doc="Batch normalisation over dim 1 of [N, C] or [N, C, H, W]. Training uses the batch's "
    "biased variance; running statistics update as running = (1 - momentum) * running + "
    "momentum * batch (the torch convention, written out for TF too), with the unbiased "
    "variance. Evaluation uses the running statistics.",
    inputs=X, outputs=Y,
    attrs=(
        Attr("num_features", "int", None, "channels (empty: inferred)", min=1, optional=True),
        Attr("eps", "float", 1e-5, "added to the variance", min=0),
        Attr("momentum", "float", 0.1, "weight of the new batch statistics", min=0, max=1),
        Attr("affine", "bool", True, "learnable scale and shift"),
    ),
    infer=_bn_rule, params=_bn_params, flops=lambda a, i, o: 5 * o["y"].numel,
    training_behaviour=True, label_prefix="bn", elementwise=False,
    derive=_derive_size("num_features", 1),
)


def _ln_rule(ctx):
    x = need_float(ctx, "x")
    if x.rank < 1:
        raise ShapeError("x", "expected at least rank 1, got a scalar")
    return {"y": TensorType(x.shape, FLOAT)}


def _ln_params(attrs, inputs):
    d = inputs["x"].shape[-1]
    if not attrs["affine"]:
        return []
    return [ParamSpec("weight", (d,), "ones"), ParamSpec("bias", (d,), "zeros")]


LAYERNORM = OpSpec(
    name="LayerNorm", category="layer",
    doc="Normalises over the last dimension with the biased variance, then scales and shifts.",
    inputs=X, outputs=Y,
    attrs=(
        Attr("eps", "float", 1e-5, "added to the variance", min=0),
        Attr("affine", "bool", True, "learnable scale and shift"),
    ),
    infer=_ln_rule, params=_ln_params, flops=lambda a, i, o: 5 * o["y"].numel,
    label_prefix="ln", elementwise=False,
)


def _dropout_rule(ctx):
    t = ctx.inputs["x"]
    return {"y": TensorType(t.shape, t.dtype)}


DROPOUT = OpSpec(
    name="Dropout", category="layer",
    doc="While training, zeroes each element with probability p and scales the rest by "
    "1/(1-p); does nothing in evaluation.",
    inputs=X, outputs=Y,
    attrs=(Attr("p", "float", 0.5, "probability of dropping an element", min=0, max=0.99),),
    infer=_dropout_rule, stochastic=True, training_behaviour=True, label_prefix="drop",
    elementwise=True, formula="dy/dx = mask/(1 − p) while training; 1 in evaluation",
)


# --- Embedding and reshaping ---------------------------------------------------

def _emb_rule(ctx):
    x = ctx.inputs["indices"]
    if x.dtype != "int64":
        raise ShapeError("indices", f"expected int64 indices, got {x.dtype}; set the Input's "
                         "dtype to int64")
    return {"y": TensorType(x.shape + (ctx.attrs["embedding_dim"],), FLOAT)}


EMBEDDING = OpSpec(
    name="Embedding", category="layer",
    doc="Looks up a learnable vector for each integer index; weight [num_embeddings, dim].",
    inputs=(Port("indices", kind=KIND_INT, doc="integer indices", bound="num_embeddings"),),
    outputs=Y,
    attrs=(
        Attr("num_embeddings", "int", 100, "number of rows (largest index + 1)", min=1),
        Attr("embedding_dim", "int", 16, "length of each vector", min=1),
    ),
    infer=_emb_rule,
    params=lambda a, i: [ParamSpec("weight", (a["num_embeddings"], a["embedding_dim"]),
                                   "normal")],
    flops=lambda a, i, o: 0, label_prefix="emb", elementwise=False,
)


OPS = (LINEAR, CONV2D, MAXPOOL2D, AVGPOOL2D, GLOBALAVGPOOL, BATCHNORM, LAYERNORM, DROPOUT,
       EMBEDDING)
