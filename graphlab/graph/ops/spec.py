"""The shape of an op definition.

Every op graphlab knows is one :class:`OpSpec`. The palette, the inspector, shape
inference, cost estimates, both code generators, the trainer's metrics and health cues,
the step-through, the docs and the parity tests read this one table, so adding an op
means one entry here plus one lowering per backend. No other module compares op names:
they read the spec's fields. :func:`spec_problems` says what an entry lacks; the op
table test runs it on every op.
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

# What a loss port takes (Port.takes).
LOGITS = "logits"  # raw scores; a Softmax/Sigmoid before it is a mistake
PROBABILITIES = "probabilities"  # values in (0, 1), e.g. after a Sigmoid
PREDICTIONS = "predictions"  # any real values (regression)
CLASS_INDICES = "class_indices"  # int64 labels [N], one class index per sample
TARGETS = "targets"  # labels of the prediction's shape
TAKES = (LOGITS, PROBABILITIES, PREDICTIONS, CLASS_INDICES, TARGETS)
TARGET_TAKES = (CLASS_INDICES, TARGETS)

# What an op's output is, where a loss port cares (OpSpec.produces).
NORMALISED = "normalised"  # probabilities or log-probabilities, never logits
PRODUCES = ("", NORMALISED)

# How a classifying loss's prediction becomes a class (OpSpec.metric).
ARGMAX = "argmax"  # the index of the largest logit
PROB = "prob"  # probability > 0.5
LOGIT = "logit"  # logit > 0
NO_METRIC = "none"  # not a classifier (regression): no accuracy
METRICS = (ARGMAX, PROB, LOGIT, NO_METRIC)
BINARY_METRICS = (PROB, LOGIT)  # two classes only

# Structural roles (OpSpec.role).
INPUT = "input"
OUTPUT = "output"
PARAMETER = "parameter"
ROLES = ("", INPUT, OUTPUT, PARAMETER)


@dataclass(frozen=True)
class Port:
    """One input or output port.

    ``arity``: single, optional or variadic (expanded to x0..x{n-1} from attr ``n``).
    ``kind``: float, int or any. ``takes``: on a loss's inputs, what the port expects
    (one of ``TAKES``); the trainer's metric, the dataset binding and the logits warning
    read it. ``bound``: on an int port, the attribute whose value its indices stay below
    (Embedding's num_embeddings), so example inputs draw valid indices.
    """

    name: str
    arity: str = SINGLE
    kind: str = KIND_FLOAT
    doc: str = ""
    takes: str = ""
    bound: str = ""


@dataclass(frozen=True)
class Attr:
    """One attribute of an op.

    kind is one of: int, float, bool, str, choice, shape (list of ints, -1 allowed),
    ints (list of ints), pair (an int for every spatial axis or [h, w], each >= min),
    padding (an int >= 0, "same", "valid", [h, w] or [top, bottom, left, right]),
    padding1d (an int >= 0, "same", "valid" or [left, right]).
    ``optional`` attributes may be ``None``, meaning "derive it from the input".
    ``derived``: the stored value may leave something implicit (empty axes meaning all,
    a negative axis, a -1 size, "same" padding); the op's ``derive`` hook writes it out
    before lowering. An op with an optional or derived attribute needs that hook.
    """

    name: str
    kind: str
    default: Any
    doc: str
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] | None = None
    optional: bool = False
    derived: bool = False


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
# (attrs copy, input types, output type) -> attrs with every implicit value written out
DeriveRule = Callable[[dict[str, Any], dict[str, TensorType], TensorType | None],
                      dict[str, Any]]


def _no_params(attrs, inputs):
    return []


def no_derive(attrs, inputs, output):
    """The derive hook of an op whose attributes are already explicit."""
    return attrs


def _elementwise_flops(attrs, inputs, outputs):
    return sum(t.numel for t in outputs.values())


@dataclass(frozen=True)
class OpSpec:
    """Everything graphlab knows about one op.

    name: the op's name in files and the palette. category: one of ``CATEGORIES``
    (palette group and colour; ``loss`` nodes are summed into the training loss).
    doc: one paragraph for the palette, inspector and docs/ops.md. inputs, outputs:
    the :class:`Port` s. attrs: the :class:`Attr` s. infer: the shape rule (raises
    :class:`ShapeError`). params: the learnable tensors for given attrs and input types.
    flops: the cost estimate. version: bumped when the op's meaning changes.
    stochastic: random in training (Dropout). training_behaviour: behaves differently
    in training and evaluation, so it must run on the model side. broadcast: how
    operands broadcast, for the docs. label_prefix: the default node label.
    variadic_min: the fewest inputs a variadic port takes.

    The per-op facts other layers read:

    - elementwise: output element i depends only on element i of each input of the
      same shape (the step-through shows a local derivative then). Every op says True
      or False; None means undeclared and fails the op table test.
    - role: ``input`` (fed from data: an argument of forward/loss_fn), ``output`` (a
      value the model returns), ``parameter`` (the node is itself one learnable tensor,
      stored under the node's own name) or "" for every other op.
    - derive: writes out what the op would otherwise take implicitly (sizes inferred
      from the input, pool strides, explicit pads, reduction axes, permutations, a
      Reshape's -1) so both lowerings read one explicit form; it gets a copy of the
      attributes and returns it. An op has one exactly when an attribute is marked
      ``optional`` or ``derived``.
    - metric: a loss's rule for accuracy (``ARGMAX``, ``PROB``, ``LOGIT``) or
      ``NO_METRIC``; "" on every op that is not a loss.
    - produces: ``NORMALISED`` when the output is probabilities or log-probabilities
      (Softmax, Sigmoid, LogSoftmax): a loss port that takes logits warns about it.
    - saturation: (low, high) where the output's flat ends begin (Sigmoid, Tanh); the
      health panel flags a node with most outputs beyond them. None: never saturates.
    - dead_units: an output that is exactly zero passes no gradient (ReLU); the health
      panel flags a node whose outputs are almost all zero.
    - formula: the op's local derivative as a learner reads it (``σ(x)·(1 − σ(x))``,
      ``∂y/∂a = b``; for an op that mixes elements the rule that turns the upstream
      gradient g into its inputs' gradients, e.g. Softmax's ``y ⊙ (g − Σ g⊙y)``). The
      step-through's card shows it next to the numbers. Every elementwise op has one.
    - extra: free-form notes that no code relies on.
    """

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
    elementwise: bool | None = None
    role: str = ""
    derive: DeriveRule = no_derive
    metric: str = ""
    produces: str = ""
    saturation: tuple[float, float] | None = None
    dead_units: bool = False
    formula: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_source(self) -> bool:
        return self.category == "source"

    @property
    def is_loss(self) -> bool:
        return self.category == "loss"

    @property
    def is_output(self) -> bool:
        return self.role == OUTPUT

    @property
    def is_input(self) -> bool:
        return self.role == INPUT

    @property
    def is_parameter(self) -> bool:
        return self.role == PARAMETER

    @property
    def prediction_port(self) -> Port | None:
        """A loss's port for the model's prediction (the one that takes no labels)."""
        return next((p for p in self.inputs if p.takes and p.takes not in TARGET_TAKES), None)

    @property
    def target_port(self) -> Port | None:
        """A loss's port for the labels."""
        return next((p for p in self.inputs if p.takes in TARGET_TAKES), None)

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


def spec_problems(spec: OpSpec) -> list[str]:
    """What ``spec`` lacks or gets inconsistent, one sentence each (empty: complete)."""
    out: list[str] = []
    say = out.append
    if spec.category not in CATEGORIES:
        say(f"category {spec.category!r} is not one of {CATEGORIES}")
    if not isinstance(spec.elementwise, bool):
        say("elementwise is not declared (set True or False)")
    if spec.elementwise and not spec.formula:
        say("an elementwise op states its local derivative (formula), which the "
            "step-through's card shows")
    if spec.role not in ROLES:
        say(f"role {spec.role!r} is not one of {ROLES}")
    if (spec.category == "output") != (spec.role == OUTPUT):
        say("only the output category has role output, and it must")
    if spec.role in (INPUT, PARAMETER) and spec.category != "source":
        say(f"role {spec.role} needs category source")
    implicit = [a.name for a in spec.attrs if a.optional or a.derived]
    if implicit and spec.derive is no_derive:
        say(f"attributes {implicit} may be implicit (optional or derived) but there is no "
            "derive hook to write them out")
    if not implicit and spec.derive is not no_derive:
        say("has a derive hook but no attribute is marked optional or derived")
    ports = list(spec.inputs)
    if spec.is_loss:
        for p in ports:
            if p.takes not in TAKES:
                say(f"loss port {p.name!r} does not say what it takes (one of {TAKES})")
        if spec.prediction_port is None or spec.target_port is None:
            say("a loss needs one prediction port and one target port")
        if spec.metric not in METRICS:
            say(f"a loss declares its metric (one of {METRICS}), got {spec.metric!r}")
        if spec.metric == ARGMAX and (spec.target_port is None
                                      or spec.target_port.takes != CLASS_INDICES):
            say("an argmax metric needs a target port that takes class indices")
    else:
        if spec.metric:
            say("metric is only for losses")
        if any(p.takes for p in ports):
            say("only a loss's ports say what they take")
    if spec.produces not in PRODUCES:
        say(f"produces {spec.produces!r} is not one of {PRODUCES}")
    if spec.saturation is not None and not spec.saturation[0] < spec.saturation[1]:
        say(f"saturation {spec.saturation} must be (low, high) with low < high")
    int_attrs = {a.name for a in spec.attrs if a.kind == "int"}
    for p in ports:
        if p.bound and (p.kind != KIND_INT or p.bound not in int_attrs):
            say(f"port {p.name!r} is bounded by {p.bound!r}, which must be an int attribute "
                "on an int port")
    return out
