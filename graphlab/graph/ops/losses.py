"""Loss ops. Each states what it takes: probabilities or logits, one-hot or indices."""

from __future__ import annotations

from graphlab.graph.ops._rules import fs
from graphlab.graph.ops.spec import (
    ARGMAX,
    CLASS_INDICES,
    KIND_ANY,
    KIND_INT,
    LOGIT,
    LOGITS,
    NO_METRIC,
    PREDICTIONS,
    PROB,
    PROBABILITIES,
    TARGETS,
    Attr,
    OpSpec,
    Port,
    ShapeError,
)
from graphlab.graph.tensor_type import FLOAT, TensorType

LOSS_OUT = (Port("loss", doc="scalar loss"),)
REDUCTION = Attr("reduction", "choice", "mean", "how per-element losses are combined",
                 choices=("mean", "sum"))


def _pair_rule(ctx):
    p, t = ctx.inputs["pred"], ctx.inputs["target"]
    if p.dtype != FLOAT:
        raise ShapeError("pred", f"expected float predictions, got {p.dtype}")
    if p.shape != t.shape:
        raise ShapeError("target", f"expected the same shape as pred {fs(p.shape)}, got "
                         f"{fs(t.shape)}; reshape the target or the prediction")
    return {"loss": TensorType((), FLOAT)}


# the loss's derivative by its input, as the step-through's cards show it; n is the
# number of values averaged (reduction mean: all elements, or N rows for
# cross-entropy), 1 with reduction sum
MEAN_NOTE = " (n: the values averaged; 1 with reduction sum)"


def _pair_loss(name, doc, pred_doc, takes, metric, formula, prefix="loss"):
    return OpSpec(
        name=name, category="loss", doc=doc, formula=formula + MEAN_NOTE,
        inputs=(Port("pred", doc=pred_doc, takes=takes),
                Port("target", kind=KIND_ANY, doc="targets", takes=TARGETS)),
        outputs=LOSS_OUT, attrs=(REDUCTION,), infer=_pair_rule,
        flops=lambda a, i, o: 3 * i["pred"].numel, label_prefix=prefix,
        elementwise=False, metric=metric,
    )


MSELOSS = _pair_loss("MSELoss", "Mean squared error (pred - target)^2.", "predictions",
                     PREDICTIONS, NO_METRIC, "dL/dŷ = 2·(ŷ − y) / n")
BCELOSS = _pair_loss(
    "BCELoss", "Binary cross-entropy on probabilities in (0, 1) (e.g. after a Sigmoid); "
    "log terms are clamped at -100 as torch does.", "probabilities in (0, 1)",
    PROBABILITIES, PROB, "dL/dŷ = (ŷ − y) / (ŷ·(1 − ŷ)·n)",
)
BCEWITHLOGITSLOSS = _pair_loss(
    "BCEWithLogitsLoss", "Binary cross-entropy on logits (no Sigmoid before it), computed "
    "stably.", "logits", LOGITS, LOGIT, "dL/dz = (σ(z) − y) / n",
)


def _ce_rule(ctx):
    p, t = ctx.inputs["logits"], ctx.inputs["target"]
    if p.rank != 2:
        raise ShapeError("logits", f"expected [N, classes], got {fs(p.shape)}; add a Flatten "
                         "or Linear before it")
    if t.dtype != "int64":
        raise ShapeError("target", f"expected int64 class indices, got {t.dtype}; set the "
                         "target Input's dtype to int64")
    if t.shape != p.shape[:1]:
        raise ShapeError("target", f"expected class indices of shape {fs(p.shape[:1])}, got "
                         f"{fs(t.shape)}")
    return {"loss": TensorType((), FLOAT)}


CROSSENTROPYLOSS = OpSpec(
    name="CrossEntropyLoss", category="loss",
    doc="Softmax cross-entropy on raw logits [N, C] against int64 class indices [N]. Takes "
    "logits: a Softmax before it is a mistake.",
    inputs=(Port("logits", doc="unnormalised scores [N, C]", takes=LOGITS),
            Port("target", kind=KIND_INT, doc="class indices [N]", takes=CLASS_INDICES)),
    outputs=LOSS_OUT, attrs=(REDUCTION,), infer=_ce_rule,
    formula="dL/dz = (softmax(z) − onehot(y)) / n" + MEAN_NOTE,
    flops=lambda a, i, o: 5 * i["logits"].numel, label_prefix="loss",
    elementwise=False, metric=ARGMAX,
)

OPS = (MSELOSS, BCELOSS, BCEWITHLOGITSLOSS, CROSSENTROPYLOSS)
