"""Elementwise activations and the softmax family."""

from __future__ import annotations

from graphlab.graph.ops._rules import derive_axis, float_same, norm_axis
from graphlab.graph.ops.spec import NORMALISED, Attr, OpSpec, Port

X = (Port("x", doc="input tensor"),)
Y = (Port("y", doc="result, same shape as x"),)


def _act(name, doc, attrs=(), prefix=None, flops=None, **facts):
    kw = {"flops": flops} if flops else {}
    return OpSpec(name=name, category="activation", doc=doc, inputs=X, outputs=Y, attrs=attrs,
                  infer=float_same(), label_prefix=prefix or name.lower(), elementwise=True,
                  **kw, **facts)


def _softmax_rule(ctx):
    out = float_same()(ctx)
    norm_axis(ctx.attrs["axis"], ctx.inputs["x"].rank, "x")
    return out


RELU = _act("ReLU", "max(x, 0). Units whose input is always negative stop learning (dead ReLU).",
            dead_units=True, formula="dy/dx = 1 where x > 0, else 0 (the ReLU mask)")
LEAKYRELU = _act(
    "LeakyReLU", "x for x > 0, negative_slope * x otherwise.",
    (Attr("negative_slope", "float", 0.01, "slope for negative inputs", min=0),),
    prefix="lrelu",
    formula="dy/dx = 1 where x > 0, else negative_slope",
)
SIGMOID = _act("Sigmoid", "1 / (1 + exp(-x)); its gradient is at most 0.25, so deep stacks "
               "of it make gradients vanish.", flops=lambda a, i, o: 4 * o["y"].numel,
               produces=NORMALISED, saturation=(0.02, 0.98),
               formula="dy/dx = σ(x)·(1 − σ(x)) = y·(1 − y)")
TANH = _act("Tanh", "Hyperbolic tangent, output in (-1, 1).",
            flops=lambda a, i, o: 4 * o["y"].numel, saturation=(-0.96, 0.96),
            formula="dy/dx = 1 − tanh²(x) = 1 − y²")
GELU = _act(
    "GELU", "x * Phi(x), the Gaussian error linear unit; `tanh` uses the tanh approximation.",
    (Attr("approximate", "choice", "none", "exact erf form or tanh approximation",
          choices=("none", "tanh")),),
    flops=lambda a, i, o: 8 * o["y"].numel,
    formula="dy/dx = Φ(x) + x·φ(x) (φ the normal density; tanh's form with approximate)",
)

_AXIS = (Attr("axis", "int", -1, "dimension that sums to one", derived=True),)
SOFTMAX = OpSpec(
    name="Softmax", category="activation",
    doc="exp(x) / sum(exp(x)) along `axis`. Do not feed it to CrossEntropyLoss, which takes "
    "logits.", inputs=X, outputs=Y, attrs=_AXIS, infer=_softmax_rule,
    flops=lambda a, i, o: 5 * o["y"].numel, label_prefix="softmax",
    elementwise=False, derive=derive_axis, produces=NORMALISED,
    formula="Jacobian-vector rule: dL/dx = y ⊙ (g − Σ_axis g⊙y), g = dL/dy",
)
LOGSOFTMAX = OpSpec(
    name="LogSoftmax", category="activation",
    doc="log(softmax(x)) along `axis`, computed stably.", inputs=X, outputs=Y, attrs=_AXIS,
    infer=_softmax_rule, flops=lambda a, i, o: 5 * o["y"].numel, label_prefix="logsoftmax",
    elementwise=False, derive=derive_axis, produces=NORMALISED,
    formula="Jacobian-vector rule: dL/dx = g − softmax(x)·Σ_axis g, g = dL/dy",
)

OPS = (RELU, LEAKYRELU, SIGMOID, TANH, GELU, SOFTMAX, LOGSOFTMAX)
