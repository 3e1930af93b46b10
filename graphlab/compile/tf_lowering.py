"""How each op becomes TensorFlow: one entry per registry op (checked by
:func:`graphlab.graph.ops.lowering_table`; the op table test fails on a missing one).

The graph's image layout is NCHW; TF on the CPU convolves and pools only NHWC. Each
entry says which layout it needs: ``nchw`` (the graph's, the default), ``nhwc``
(conv and pooling) or ``any`` (elementwise ops, BatchNorm, GlobalAvgPool, which work
in either and are told which). An entry with ``picks_layout`` (Reshape) reads NCHW and
is told NHWC when an NHWC op reads its value, so it may write that layout itself. The emitter tracks the layout of every value and
transposes only where a value crosses from one to the other, so a conv stack stays in
NHWC from its first conv to its Flatten.

Weights live in TF's own layout (Linear kernel [in, out], conv kernel HWIO); each
entry lists its variables with the permutation from graphlab's canonical layout.
"""

from __future__ import annotations

from graphlab.compile import tf_lowering_sequence, tf_lowering_spatial, tf_lowering_tensor
from graphlab.compile.source_writer import lit, lst
from graphlab.compile.tf_lowering_base import (
    ANY,
    NHWC,
    TFEntry,
    TFLowered,
    as_float,
    from_template,
    var_attr,
    variables,
)
from graphlab.graph.ops import lowering_table


def _constant(s, x, layout):
    shape = lit(tuple(s.attrs["shape"]))
    return TFLowered(f"tf.fill({shape}, {float(s.attrs['value'])!r})" if s.attrs["shape"]
                     else f"tf.constant({float(s.attrs['value'])!r})")


def _parameter(s, x, layout):
    return TFLowered(f"self.{s.path}", variables(s))


def _linear(s, x, layout):
    w = f"self.{var_attr(s, 'weight')}"
    if s.in_types["x"].rank == 2:
        expr = f"tf.matmul({x['x']}, {w})"
    else:
        expr = f"tf.tensordot({x['x']}, {w}, axes=1)"
    if s.attrs["bias"]:
        expr += f" + self.{var_attr(s, 'bias')}"
    return TFLowered(expr, variables(s, {"weight": (1, 0)}))


def channel_axis(rank: int, layout: str) -> int:
    return 3 if rank == 4 and layout == NHWC else 1


def _batch_norm(s, x, layout):
    a = s.attrs
    if a["affine"]:
        wb = f"self.{var_attr(s, 'weight')}, self.{var_attr(s, 'bias')}"
    else:
        wb = "None, None"
    axis = channel_axis(s.in_types["x"].rank, layout)
    return TFLowered(
        f"batch_norm({x['x']}, {wb}, self.{var_attr(s, 'running_mean')}, "
        f"self.{var_attr(s, 'running_var')}, training=training, momentum={a['momentum']!r}, "
        f"eps={a['eps']!r}, axis={axis})", variables(s), ("batch_norm",))


def _gap(s, x, layout):
    axes = [1, 2] if layout == NHWC else [2, 3]
    return TFLowered(f"tf.reduce_mean({x['x']}, axis={lst(axes)})")


def _binary(op: str):
    def lower(s, x, layout):
        a, b = x["a"], x["b"]
        ta, tb = s.in_types["a"].dtype, s.in_types["b"].dtype
        if ta != tb:
            a, b = as_float(s, "a", a), as_float(s, "b", b)
        return TFLowered(f"{a} {op} {b}")
    return lower


def _div(s, x, layout):
    a, b = x["a"], x["b"]
    ints = s.in_types["a"].dtype == s.in_types["b"].dtype == "int64"
    mode = s.attrs["rounding"]
    if s.in_types["a"].dtype != s.in_types["b"].dtype or (ints and mode == "true"):
        a, b = as_float(s, "a", a), as_float(s, "b", b)
    if mode == "true":
        return TFLowered(f"tf.math.truediv({a}, {b})")
    if mode == "floor":
        return TFLowered(f"tf.math.floordiv({a}, {b})")
    return TFLowered(f"tf.truncatediv({a}, {b})")


def _concat(s, x, layout):
    axis = s.attrs["axis"]
    if layout == NHWC:
        axis = [0, 3, 1, 2][axis]
    parts = ", ".join(x[f"x{i}"] for i in range(s.attrs["n"]))
    return TFLowered(f"tf.concat([{parts}], axis={axis})")


def _reduce(fn):
    def lower(s, x, layout):
        return TFLowered(f"tf.{fn}({x['x']}, axis={lst(s.attrs['axes'])}, "
                         f"keepdims={s.attrs['keepdims']})")
    return lower


def _reduce_loss(s, expr):
    fn = "tf.reduce_mean" if s.attrs["reduction"] == "mean" else "tf.reduce_sum"
    return f"{fn}({expr})"


def _mse(s, x, layout):
    return TFLowered(_reduce_loss(s, f"tf.square({x['pred']} - {as_float(s, 'target', x['target'])})"))


def _bce(s, x, layout):
    p, t = x["pred"], as_float(s, "target", x["target"])
    return TFLowered(_reduce_loss(s, f"binary_cross_entropy({p}, {t})"),
                     helpers=("binary_cross_entropy",))


def _bce_logits(s, x, layout):
    t = as_float(s, "target", x["target"])
    return TFLowered(_reduce_loss(
        s, f"tf.nn.sigmoid_cross_entropy_with_logits(labels={t}, logits={x['pred']})"))


def _cross_entropy(s, x, layout):
    return TFLowered(_reduce_loss(
        s, f"tf.nn.sparse_softmax_cross_entropy_with_logits(labels={x['target']}, "
        f"logits={x['logits']})"))


def _embedding(s, x, layout):
    return TFLowered(f"tf.gather(self.{var_attr(s, 'weight')}, {x['indices']})", variables(s))


def _gelu(s, x, layout):
    approx = s.attrs["approximate"] == "tanh"
    return TFLowered(f"tf.nn.gelu({x['x']}, approximate={approx})")


LOWERINGS: dict[str, TFEntry] = lowering_table("tf", {
    "Input": TFEntry(lambda s, x, layout: TFLowered(s.name)),
    "Constant": TFEntry(_constant),
    "Parameter": TFEntry(_parameter),
    "Output": TFEntry(lambda s, x, layout: TFLowered(x["x"]), ANY),
    "Linear": TFEntry(_linear),
    "GlobalAvgPool": TFEntry(_gap, ANY),
    "BatchNorm": TFEntry(_batch_norm, ANY),
    "Dropout": TFEntry(from_template("tf.nn.dropout({x}, rate={p}) if training else {x}"), ANY),
    "Embedding": TFEntry(_embedding),
    "ReLU": TFEntry(from_template("tf.nn.relu({x})"), ANY),
    "LeakyReLU": TFEntry(from_template("tf.nn.leaky_relu({x}, alpha={negative_slope})"), ANY),
    "Sigmoid": TFEntry(from_template("tf.sigmoid({x})"), ANY),
    "Tanh": TFEntry(from_template("tf.tanh({x})"), ANY),
    "GELU": TFEntry(_gelu, ANY),
    "Softmax": TFEntry(from_template("tf.nn.softmax({x}, axis={axis})")),
    "LogSoftmax": TFEntry(from_template("tf.nn.log_softmax({x}, axis={axis})")),
    "Add": TFEntry(_binary("+"), ANY),
    "Sub": TFEntry(_binary("-"), ANY),
    "Mul": TFEntry(_binary("*"), ANY),
    "Div": TFEntry(_div, ANY),
    "Pow": TFEntry(from_template("tf.pow({x}, {exponent})"), ANY),
    "Exp": TFEntry(from_template("tf.exp({x})"), ANY),
    "Log": TFEntry(from_template("tf.math.log({x})"), ANY),
    "Neg": TFEntry(from_template("tf.negative({x})"), ANY),
    "MatMul": TFEntry(from_template("tf.matmul({a}, {b})")),
    "Concat": TFEntry(_concat, ANY),
    "Sum": TFEntry(_reduce("reduce_sum")),
    "Mean": TFEntry(_reduce("reduce_mean")),
    "Transpose": TFEntry(from_template("tf.transpose({x}, perm={perm})")),
    "MSELoss": TFEntry(_mse),
    "BCELoss": TFEntry(_bce),
    "BCEWithLogitsLoss": TFEntry(_bce_logits),
    "CrossEntropyLoss": TFEntry(_cross_entropy),
    **tf_lowering_tensor.LOWERINGS,
    **tf_lowering_spatial.LOWERINGS,
    **tf_lowering_sequence.LOWERINGS,
})

HELPERS = {
    "binary_cross_entropy": '''@tf.custom_gradient
def binary_cross_entropy(p, t):
    """Elementwise binary cross-entropy on probabilities, as torch computes it: log terms
    clamped at -100 and the gradient (p - t) / max(p * (1 - p), 1e-12), which stays
    finite when a Sigmoid saturates to exactly 0 or 1 (plain autodiff gives 0 * inf)."""
    log_p = tf.maximum(tf.math.log(p), -100.0)
    log_q = tf.maximum(tf.math.log(1.0 - p), -100.0)

    def grad(dy):
        return dy * (p - t) / tf.maximum(p * (1.0 - p), 1e-12), dy * (log_q - log_p)

    return -(t * log_p + (1.0 - t) * log_q), grad''',
    "batch_norm": '''def batch_norm(x, weight, bias, running_mean, running_var, training, momentum, eps, axis):
    """Batch normalisation over every axis but `axis`, torch's convention: the batch's
    biased variance normalises, the running variance takes the unbiased one, and
    running = (1 - momentum) * running + momentum * batch."""
    rank = len(x.shape)
    reduce_axes = [i for i in range(rank) if i != axis]
    shape = [1] * rank
    shape[axis] = -1
    if training:
        mean, var = tf.nn.moments(x, reduce_axes)
        n = tf.cast(tf.size(x) // tf.shape(x)[axis], x.dtype)
        running_mean.assign((1.0 - momentum) * running_mean + momentum * mean)
        running_var.assign((1.0 - momentum) * running_var + momentum * var * n / (n - 1.0))
    else:
        mean, var = running_mean, running_var
    y = (x - tf.reshape(mean, shape)) * tf.reshape(tf.math.rsqrt(var + eps), shape)
    if weight is not None:
        y = y * tf.reshape(weight, shape) + tf.reshape(bias, shape)
    return y''',
    **tf_lowering_tensor.HELPERS,
    **tf_lowering_spatial.HELPERS,
    **tf_lowering_sequence.HELPERS,
}
