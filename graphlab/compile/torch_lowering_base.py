"""What every PyTorch lowering returns, and the small builders the op families share
(the core table in ``torch_lowering``, the families in ``torch_lowering_*``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphlab.compile.escape import literal
from graphlab.compile.plan import Step
from graphlab.compile.source_writer import lit


@dataclass
class TorchLowered:
    expr: str
    init: str | None = None
    # state_dict() entries of the submodule that are not weights (BatchNorm's counter)
    not_weights: tuple[str, ...] = ()


Lowering = Callable[[Step, dict[str, str]], TorchLowered]


def self_ref(s: Step) -> str:
    return f"self.{s.path}"


def as_float(s: Step, port: str, expr: str) -> str:
    """Cast an integer input to float where torch would refuse mixed dtypes."""
    t = s.in_types.get(port)
    return f"{expr}.float()" if t is not None and t.dtype == "int64" else expr


def from_template(template: str) -> Lowering:
    """A lowering that is just an expression; ``template`` uses ports and attrs by name."""
    def lower(s, x):
        return TorchLowered(template.format(**x, **{k: fmt(v) for k, v in s.attrs.items()}))
    return lower


def fmt(v):
    if isinstance(v, str):
        return literal(v)
    if isinstance(v, (list, tuple)):
        return lit(v)
    return repr(v)


def binary(op: str) -> Lowering:
    def lower(s, x):
        return TorchLowered(f"{x['a']} {op} {x['b']}")
    return lower
