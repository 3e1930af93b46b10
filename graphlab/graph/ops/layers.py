"""Layers: ops that own parameters or change the layout of a tensor.

Image tensors are NCHW and conv weights OIHW everywhere in the graph; the TF
lowering transposes at its boundaries (see DESIGN.md).
"""

from __future__ import annotations

from graphlab.graph.ops._rules import fs, need_float, need_rank
from graphlab.graph.ops.spatial import (
    AVG_DOC,
    MAX_DOC,
    conv_attrs,
    conv_flops,
    conv_params,
    conv_rule,
    derive_conv,
    layer_norm_params,
    layer_norm_rule,
    pool_attrs,
    pool_flops,
    pool_rule,
)
from graphlab.graph.ops.spec import KIND_INT, Attr, OpSpec, ParamSpec, Port, ShapeError
from graphlab.graph.ops.window import derive_window
from graphlab.graph.tensor_type import FLOAT, INT_DTYPES, TensorType

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


# --- Conv2d and pooling (rules and geometry: spatial.py, window.py) ---------------

CONV2D = OpSpec(
    name="Conv2d",
    category="layer",
    doc="2-D convolution over NCHW input; weight layout [out, in / groups, kh, kw]. kernel, "
    "stride and dilation are one number or [h, w]; padding is pixels on every side, "
    "\"valid\", \"same\" (output size ceil(H/stride), any extra pixel at the bottom/right), "
    "[h, w] or [top, bottom, left, right], written out as explicit pads. groups = "
    "in_channels is a depthwise convolution.",
    inputs=X,
    outputs=Y,
    attrs=conv_attrs(2),
    infer=conv_rule(2),
    params=conv_params(2),
    flops=conv_flops,
    label_prefix="conv",
    elementwise=False,
    formula="dL/dW[o,c,i,j] = Σ_n,h,w g[n,o,h,w]·x[n,c,h·stride+i,w·stride+j] (padded x), "
    "dL/db[o] = Σ_n,h,w g[n,o,h,w], dL/dx: the transposed convolution of g with W",
    derive=derive_conv,
)


MAXPOOL2D = OpSpec(
    name="MaxPool2d", category="layer", doc=MAX_DOC.format(layout="NCHW"),
    inputs=X, outputs=Y, attrs=pool_attrs(2, True), infer=pool_rule(2), flops=pool_flops,
    label_prefix="maxpool", elementwise=False, derive=derive_window(True),
)

AVGPOOL2D = OpSpec(
    name="AvgPool2d", category="layer", doc=AVG_DOC.format(layout="NCHW"),
    inputs=X, outputs=Y, attrs=pool_attrs(2, False), infer=pool_rule(2), flops=pool_flops,
    label_prefix="avgpool", elementwise=False, derive=derive_window(True),
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
    x = need_rank(ctx, "x", (2, 3, 4), "N, C or N, C, W or N, C, H, W")
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
    doc="Batch normalisation over dim 1 of [N, C], [N, C, W] or [N, C, H, W]. Training uses "
    "the batch's biased variance; running statistics update as running = (1 - momentum) * running + "
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


LAYERNORM = OpSpec(
    name="LayerNorm", category="layer",
    doc="Normalises each sample over its last last_dims dimensions with the biased "
    "variance, then scales and shifts (weight and bias of those dimensions' shape).",
    inputs=X, outputs=Y,
    attrs=(
        Attr("eps", "float", 1e-5, "added to the variance", min=0),
        Attr("affine", "bool", True, "learnable scale and shift"),
        Attr("last_dims", "int", 1, "how many trailing dimensions to normalise over", min=1),
    ),
    infer=layer_norm_rule, params=layer_norm_params, flops=lambda a, i, o: 5 * o["y"].numel,
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
    if x.dtype not in INT_DTYPES:
        raise ShapeError("indices", f"expected int64 or int32 indices, got {x.dtype}; set the "
                         "Input's dtype to int64 or add a Cast to int64 before it")
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
