"""What every TensorFlow lowering returns (its variables in TF's layout, the layout
it reads and writes), and the small builders the op families share (the core table in
``tf_lowering``, the families in ``tf_lowering_*``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graphlab.compile.escape import literal
from graphlab.compile.plan import Step
from graphlab.compile.source_writer import lst

NCHW = "nchw"
NHWC = "nhwc"
ANY = "any"


@dataclass
class TFVar:
    param: str  # canonical param name
    attr: str  # attribute path on the module, the weight's key
    shape: tuple[int, ...]  # stored shape
    perm: tuple[int, ...] | None  # stored = np.transpose(canonical, perm)
    trainable: bool = True


@dataclass
class TFLowered:
    expr: str
    variables: list[TFVar] = field(default_factory=list)
    helpers: tuple[str, ...] = ()
    note: str = ""  # appended to the shape comment
    layout: str | None = None  # overrides the output layout (Reshape straight to NHWC)


@dataclass(frozen=True)
class TFEntry:
    """One op's TF lowering: ``lower(step, input exprs, layout)`` and the input layout it
    needs. ``picks_layout``: reads NCHW, and ``layout`` says what its readers want
    (NHWC when a conv or pool reads it); the lowered ``layout`` says what it wrote."""

    lower: Callable[[Step, dict[str, str], str], TFLowered]
    layout: str = NCHW
    picks_layout: bool = False


def var_attr(s: Step, param: str) -> str:
    """The attribute path of ``param`` on the module (``fc1.weight``: the node's own
    tf.Module holds its variables), which is also the weight's key."""
    return s.weight_key(param)


def variables(s: Step, perms: dict[str, tuple[int, ...]] | None = None) -> list[TFVar]:
    out = []
    for p in s.params:
        perm = (perms or {}).get(p.name)
        shape = tuple(p.shape[i] for i in perm) if perm else tuple(p.shape)
        out.append(TFVar(p.name, var_attr(s, p.name), shape, perm, p.trainable))
    return out


def as_float(s: Step, port: str, expr: str) -> str:
    t = s.in_types.get(port)
    return f"tf.cast({expr}, tf.float32)" if t is not None and t.dtype == "int64" else expr


def from_template(template: str) -> Callable:
    def lower(s, x, layout):
        return TFLowered(template.format(**x, **{k: fmt(v) for k, v in s.attrs.items()}))
    return lower


def fmt(v):
    if isinstance(v, (list, tuple)):
        return lst(v)
    if isinstance(v, str):
        return literal(v)
    return repr(v)
