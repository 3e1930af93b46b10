"""Graph -> Plan: the validated, ordered, fully explicit form both emitters read.

The plan refuses a graph with errors (naming every node), orders the nodes
topologically, names each one for Python, writes out every default an op would
otherwise take implicitly (inferred sizes, pool strides, explicit pads for "same",
reduction axes, transpose permutations) and splits the nodes into the model side
(everything an Output needs, run by ``forward``) and the loss side (target Inputs and
what the loss nodes need, run by ``loss_fn``). The loss side may read a model value only
when that value is returned through an Output, because ``loss_fn`` sees only outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphlab.compile.errors import CompileError
from graphlab.compile.escape import comment, doc_text
from graphlab.compile.names import Namespace, class_name
from graphlab.compile.plan_blocks import StepNames, flattened, keep_instances_whole
from graphlab.graph.diagnostics import Diagnostic, located
from graphlab.graph.graph import Graph
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import OpSpec, ParamSpec
from graphlab.graph.tensor_type import TensorType

MODEL = "model"
LOSS = "loss"


@dataclass
class Step:
    """One node, ready to lower: explicit attributes, input sources and types, params."""

    id: str
    op: str
    label: str
    name: str
    attrs: dict[str, Any]
    inputs: dict[str, tuple[str, str]]  # port -> (source node id, source port)
    in_types: dict[str, TensorType]
    out_type: TensorType | None
    params: list[ParamSpec]
    side: str = MODEL
    warnings: list[str] = field(default_factory=list)  # analysis warnings, shown as comments
    # the output shape for comments, the batch written N ("N", "10"); None: no output
    dims: tuple[str, ...] | None = None
    # an op with several output ports: each port's dims, as ``dims`` (empty otherwise)
    port_dims: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the attribute path of the node's module or weight ("block1.conv1"; default: name)
    path: str = ""
    # inside a block: the instance path and definition ("block1 (ResBlock)") and the
    # node's own label there ("conv2"); empty for a node of the top graph
    where: str = ""
    inner_label: str = ""

    def __post_init__(self) -> None:
        self.path = self.path or self.name

    @property
    def spec(self) -> OpSpec:
        return REGISTRY[self.op]

    @property
    def title(self) -> str:
        """How messages and the step-through name the node: ``Conv2d "conv2"``, inside a
        block ``inside block1 (ResBlock): Conv2d "conv2"``."""
        if self.where:
            return f'inside {self.where}: {self.op} "{self.inner_label or self.label}"'
        return f'{self.op} "{self.label}"'

    def weight_key(self, param: str) -> str:
        """The weight's name everywhere (checkpoints, .npz files, get_weights()): its
        attribute path in the generated module, ``fc1.weight`` (``block1.conv1.weight``
        inside a block); a Parameter node's is its own path."""
        return self.path if self.spec.is_parameter else f"{self.path}.{param}"


def port_ref(name: str, spec: OpSpec, port: str | None = None) -> str:
    """How generated code reads output ``port`` (None: the first) of a value named
    ``name``: the name itself, or ``name[i]`` when the op has several output ports (its
    statement computes a tuple of them, in ``OpSpec.outputs`` order)."""
    if len(spec.outputs) <= 1:
        return name
    ports = [p.name for p in spec.outputs]
    return f"{name}[{ports.index(port) if port is not None else 0}]"


@dataclass
class Plan:
    graph_name: str
    class_name: str
    seed: int
    batch_size: int
    training: dict[str, Any]
    steps: list[Step]  # model side then loss side, each in topological order
    feature_ids: list[str]
    target_ids: list[str]
    output_ids: list[str]
    loss_ids: list[str]
    output_names: dict[str, str]  # Output node id -> python name
    output_sources: dict[str, str]  # Output node id -> the node whose value it returns
    # Output node id -> the output port of its source it returns (absent: the first)
    output_ports: dict[str, str] = field(default_factory=dict)
    unused_ids: list[str] = field(default_factory=list)
    unused_labels: list[str] = field(default_factory=list)
    by_id: dict[str, Step] = field(default_factory=dict)
    # a graph with blocks: its graphlab.graph.flatten.Flat (the steps are the flat
    # graph's), the graph itself and its used top-level instances' attribute names
    flat: Any = None
    source: Any = None
    instance_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {s.id: s for s in self.steps}

    def step(self, node_id: str) -> Step:
        return self.by_id[node_id]

    @property
    def step_graph(self):
        """The graph whose nodes the steps are (their ids, labels and wires): the
        flattened graph of a graph with blocks, else the graph itself."""
        return self.flat.graph if self.flat is not None else self.source

    def ref(self, node_id: str, port: str | None = None,
            names: dict[str, str] | None = None) -> str:
        """How generated code reads output ``port`` of a step (:func:`port_ref`), by its
        name in ``names`` (node id -> name; the steps' own names by default)."""
        step = self.by_id[node_id]
        return port_ref(names[node_id] if names is not None else step.name, step.spec, port)

    @property
    def doc_name(self) -> str:
        """The graph's name made safe to write inside a docstring or string literal."""
        return doc_text(self.graph_name)

    @property
    def names(self) -> dict[str, str]:
        """node id -> python name, for every node in the generated code (Outputs too)."""
        out = {s.id: s.name for s in self.steps}
        out.update(self.output_names)
        return out

    @property
    def ids_by_name(self) -> dict[str, str]:
        return {name: nid for nid, name in self.names.items()}

    @property
    def model_steps(self) -> list[Step]:
        return [s for s in self.steps if s.side == MODEL]

    @property
    def loss_steps(self) -> list[Step]:
        return [s for s in self.steps if s.side == LOSS]

    @property
    def param_steps(self) -> list[Step]:
        return [s for s in self.steps if s.params]

    def weight_names(self) -> list[str]:
        """Weight keys (:meth:`Step.weight_key`) in plan order (the init draw order)."""
        return [s.weight_key(p.name) for s in self.param_steps for p in s.params]

    def feature_steps(self) -> list[Step]:
        return [self.by_id[i] for i in self.feature_ids]

    def target_steps(self) -> list[Step]:
        return [self.by_id[i] for i in self.target_ids]


def _diag(graph: Graph, node_id: str, text: str, port: str | None = None) -> Diagnostic:
    v = graph.node(node_id)
    return Diagnostic(node_id, port, located(v.op, v.label, port, text))


def explicit_attrs(op: str, attrs: dict[str, Any], in_types: dict[str, TensorType],
                   out_type: TensorType | None) -> dict[str, Any]:
    """The node's attributes with every value the op would otherwise derive written out
    (the op's ``derive`` hook, on a copy)."""
    return REGISTRY[op].derive(dict(attrs), in_types, out_type)


def build_plan(graph: Graph) -> Plan:
    """Validate ``graph`` and return its :class:`Plan`; raises :class:`CompileError`."""
    analysis = graph.analysis
    errors = analysis.errors()
    if errors:
        raise CompileError(errors, f'graph "{comment(graph.name)}" has errors')
    source = graph
    flat, graph = flattened(source)  # a graph with blocks: plan its flattened graph
    analysis = graph.analysis
    nodes = {v.id: v for v in graph.nodes()}
    order = graph.topo_order()
    outputs = [n for n in graph.node_ids() if nodes[n].spec.is_output]
    losses = [n for n in order if nodes[n].spec.is_loss]
    if not outputs:
        raise CompileError([], f'graph "{comment(graph.name)}" has no Output node; wire the value the '
                           "model should return into an Output")
    g = graph.nx
    model_side: set[str] = set()
    for o in outputs:
        model_side |= nx.ancestors(g, o)
    features = [n for n in graph.node_ids() if nodes[n].spec.is_input
                and nodes[n].attrs["role"] == "feature"]
    targets = [n for n in graph.node_ids() if nodes[n].spec.is_input
               and nodes[n].attrs["role"] == "target"]
    model_side |= set(features)
    keep_instances_whole(flat, graph, order, model_side)
    loss_side: set[str] = set()
    for n in losses:
        if n not in model_side:
            loss_side |= (nx.ancestors(g, n) | {n}) - model_side
    loss_side |= set(targets) - model_side

    problems: list[Diagnostic] = []
    output_of: dict[tuple[str, str], str] = {}  # (node id, port) -> first Output returning it
    for o in outputs:
        e = graph.input_edge(o, "x")
        output_of.setdefault((e.src, e.src_port), o)
    for t in targets:
        if t in model_side:
            problems.append(_diag(graph, t, "is a target (labels) but feeds the model's "
                                  "outputs; set its role to feature, or wire it only to losses"))
    for n in order:
        if n not in loss_side:
            continue
        spec = nodes[n].spec
        if analysis.node_info(n).params or spec.training_behaviour:
            problems.append(_diag(graph, n, "is on the loss side (it feeds a loss but no "
                                  "Output) and has weights or a training mode; wire it to an "
                                  "Output so the model runs it"))
        for e in graph.in_edges(n):
            if e.src in model_side and (e.src, e.src_port) not in output_of:
                src = nodes[e.src]
                problems.append(_diag(graph, n, f'reads {src.op} "{src.label}", which the model '
                                      f'does not return; wire "{src.label}" to an Output node '
                                      "so the loss can see it", e.dst_port))
    if problems:
        raise CompileError(problems, f'graph "{comment(graph.name)}" cannot be compiled')

    ns = Namespace()
    namer = StepNames(source, flat, ns)
    steps: list[Step] = []
    # Inputs take their argument name; give them first pick so the signature reads well.
    pre = {n: ns.create(nodes[n].attrs["name"], "x") for n in features + targets}
    for side, members in ((MODEL, model_side), (LOSS, loss_side)):
        for n in order:
            if n not in members or nodes[n].spec.is_output:
                continue
            v = nodes[n]
            info = analysis.node_info(n)
            ins = {e.dst_port: (e.src, e.src_port) for e in graph.in_edges(n)}
            port_order = [p.name for p in v.spec.input_ports(v.attrs)]
            ins = {p: ins[p] for p in port_order if p in ins}
            out = next(iter(info.outputs.values()), None)
            name, where = (pre[n], {}) if n in pre else namer.name(n, v.label, v.op.lower())
            attrs = explicit_attrs(v.op, v.attrs, info.inputs, out)
            warns = [d.message for d in info.diagnostics if d.severity == "warning"]
            steps.append(Step(n, v.op, v.label, name, attrs, ins, dict(info.inputs), out,
                              list(info.params), side, warns, **where))
    output_names = {o: ns.create(nodes[o].attrs["name"], "y") for o in outputs}
    _symbolic_dims(graph, steps)
    used = model_side | loss_side | set(outputs)
    if flat is not None:  # every top-level instance has its attribute name (one with
        for n in source.topo_order():  # no node inside, too)
            if source.is_instance(n):
                namer.instance_name(n)
    return Plan(
        graph_name=source.name, class_name=class_name(source.name), seed=source.seed,
        batch_size=source.batch_size, training=dict(source.training), steps=steps,
        feature_ids=features, target_ids=targets, output_ids=outputs,
        loss_ids=[n for n in losses if n in used],
        output_names=output_names,
        output_sources={o: graph.input_edge(o, "x").src for o in outputs},
        output_ports={o: graph.input_edge(o, "x").src_port for o in outputs},
        unused_ids=[n for n in order if n not in used],
        unused_labels=[nodes[n].label for n in order if n not in used],
        flat=flat, source=source, instance_names=dict(namer.instances),
    )


def _symbolic_dims(graph: Graph, steps: list[Step]) -> None:
    """Each step's output shape with the batch written ``N``: the dimensions that change
    when the graph is analysed at another batch size (``2N`` for twice the batch). A
    graph that only works at its own batch size keeps its numbers."""
    from graphlab.graph.inference import analyze

    b = graph.batch_size
    other = analyze(graph, b + 1)
    if other.errors():
        other = None
    for s in steps:
        if s.out_type is None:
            continue
        alts = other.node_info(s.id).outputs if other else {}
        alt = next(iter(alts.values()), None)
        s.dims = _dims(s.out_type, alt, b)
        mine = graph.analysis.node_info(s.id).outputs
        if len(mine) > 1:  # several output ports: the comment shows each
            s.port_dims = {p: _dims(t, alts.get(p), b) for p, t in mine.items()}


def _dims(t: TensorType, alt: TensorType | None, batch: int) -> tuple[str, ...]:
    if alt is None or len(alt.shape) != len(t.shape):
        return tuple(str(d) for d in t.shape)
    return tuple(_dim(d, a, batch) for d, a in zip(t.shape, alt.shape, strict=True))


def _dim(d: int, alt: int, batch: int) -> str:
    if d == alt:
        return str(d)
    if d % batch == 0 and alt == d // batch * (batch + 1):
        k = d // batch
        return "N" if k == 1 else f"{k}N"
    return str(d)
