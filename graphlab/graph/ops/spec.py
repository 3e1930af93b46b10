"""The shape of an op definition.

Every op graphlab knows is one :class:`OpSpec`. The palette, the inspector, shape
inference, cost estimates, both code generators, the docs and the parity tests read
this one table, so adding an op means one entry here plus one lowering per backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphlab.graph.tensor_type import TensorType

# Port arity
SINGLE = "single"
OPTIONAL = "optional"
VARIADIC = "variadic"

# What a port carries; "any" accepts both.
KIND_FLOAT = "float"
KIND_INT = "int"
KIND_ANY = "any"

CATEGORIES = ("source", "layer", "activation", "math", "loss", "output")


@dataclass(frozen=True)
class Port:
    name: str
    arity: str = SINGLE
    kind: str = KIND_FLOAT
    doc: str = ""


@dataclass(frozen=True)
class Attr:
    """One attribute of an op.

    kind is one of: int, float, bool, str, choice, shape (list of ints, -1 allowed),
    ints (list of ints), padding (an int >= 0 or the string "same").
    ``optional`` attributes may be ``None``, meaning "derive it from the input".
    """

    name: str
    kind: str
    default: Any
    doc: str
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] | None = None
    optional: bool = False


@dataclass(frozen=True)
class ParamSpec:
    """A learnable tensor (or buffer) owned by a node, in graphlab's canonical layout.

    init says how the numpy initializer draws it: "kaiming_uniform" (bound
    1/sqrt(fan_in), the torch default), "zeros", "ones", "normal" (std 1),
    "constant" (the node's ``value`` attribute).
    """

    name: str
    shape: tuple[int, ...]
    init: str
    fan_in: int = 1
    trainable: bool = True


class ShapeError(Exception):
    """Raised by a shape rule; inference turns it into a diagnostic on the node."""

    def __init__(self, port: str | None, message: str):
        super().__init__(message)
        self.port = port
        self.message = message


@dataclass
class InferContext:
    """What a shape rule sees: its node's attributes and the types on its input ports."""

    attrs: dict[str, Any]
    inputs: dict[str, TensorType]
    batch_size: int

    def x(self, port: str = "x") -> TensorType:
        return self.inputs[port]

    def fail(self, port: str | None, message: str) -> ShapeError:
        return ShapeError(port, message)


ShapeRule = Callable[[InferContext], dict[str, TensorType]]
ParamRule = Callable[[dict[str, Any], dict[str, TensorType]], list[ParamSpec]]
FlopRule = Callable[[dict[str, Any], dict[str, TensorType], dict[str, TensorType]], int]


def _no_params(attrs, inputs):
    return []


def _elementwise_flops(attrs, inputs, outputs):
    return sum(t.numel for t in outputs.values())


@dataclass(frozen=True)
class OpSpec:
    name: str
    category: str
    doc: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    attrs: tuple[Attr, ...]
    infer: ShapeRule
    params: ParamRule = _no_params
    flops: FlopRule = _elementwise_flops
    version: int = 1
    stochastic: bool = False
    training_behaviour: bool = False
    broadcast: str = ""
    label_prefix: str = ""
    variadic_min: int = 2
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_source(self) -> bool:
        return self.category == "source"

    @property
    def is_loss(self) -> bool:
        return self.category == "loss"

    @property
    def is_output(self) -> bool:
        return self.category == "output"

    def attr(self, name: str) -> Attr:
        for a in self.attrs:
            if a.name == name:
                return a
        raise KeyError(f"{self.name} has no attribute {name!r}")

    def defaults(self) -> dict[str, Any]:
        return {a.name: _copy(a.default) for a in self.attrs}

    def input_ports(self, attrs: dict[str, Any]) -> list[Port]:
        """Concrete input ports; a variadic port expands to x0..x{n-1} from attr ``n``."""
        ports: list[Port] = []
        for p in self.inputs:
            if p.arity == VARIADIC:
                n = int(attrs.get("n", self.variadic_min))
                ports.extend(Port(f"{p.name}{i}", SINGLE, p.kind, p.doc) for i in range(n))
            else:
                ports.append(p)
        return ports

    def input_port(self, attrs: dict[str, Any], name: str) -> Port | None:
        for p in self.input_ports(attrs):
            if p.name == name:
                return p
        return None

    def output_port(self, name: str) -> Port | None:
        for p in self.outputs:
            if p.name == name:
                return p
        return None


def _copy(v):
    return list(v) if isinstance(v, list) else v
