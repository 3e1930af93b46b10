"""Shape inference, diagnostics and cost estimates for a graph.

Runs the op registry's shape rules in topological order. A rule that fails becomes a
:class:`Diagnostic` on its node and port; nodes downstream of a failure, or of an
unconnected input, are *unknown* and get no diagnostic of their own, so one mistake
is reported once. After an edit only the edited node and what lies downstream of it
are re-inferred.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from graphlab.graph.blocks import BLOCK_CATEGORY, BlockContext, ParamRef
from graphlab.graph.diagnostics import ERROR, WARNING, Diagnostic, located, node_title
from graphlab.graph.diagnostics_origin import own_fix, size_origin
from graphlab.graph.ops.spec import (
    INPUT,
    LOGITS,
    NORMALISED,
    OPTIONAL,
    OUTPUT,
    InferContext,
    ParamSpec,
    ShapeError,
)
from graphlab.graph.tensor_type import TensorType

if TYPE_CHECKING:
    from graphlab.graph.graph import Graph

OK = "ok"
FIX_BUDGET = 200  # nodes per inference run that get a one-click fix searched for
BAD = "error"
UNKNOWN = "unknown"


@dataclass
class NodeInfo:
    status: str = UNKNOWN
    inputs: dict[str, TensorType] = field(default_factory=dict)
    outputs: dict[str, TensorType] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    params: list[ParamSpec] = field(default_factory=list)
    flops: int = 0

    @property
    def param_count(self) -> int:
        n = 0
        for p in self.params:
            if p.trainable:
                c = 1
                for d in p.shape:
                    c *= d
                n += c
        return n

    @property
    def param_bytes(self) -> int:
        total = 0
        for p in self.params:
            c = 4
            for d in p.shape:
                c *= d
            total += c
        return total

    @property
    def activation_bytes(self) -> int:
        return sum(t.nbytes for t in self.outputs.values())


class Analysis:
    """Inferred types, diagnostics and costs of every node, kept current by the Graph."""

    def __init__(self, graph: Graph, batch_size: int | None = None,
                 context: BlockContext | None = None) -> None:
        """``context``: for a block's inside, what one instance feeds it (its input
        types and parameter values); else the graph's own context (the entered instance)
        or the inside Inputs' shapes and the parameters' defaults."""
        self.graph = graph
        self.fixed_batch = batch_size
        self.fixed_context = context
        self.info: dict[str, NodeInfo] = {}
        self.graph_diagnostics: list[Diagnostic] = []
        self.last_inferred: set[str] = set()
        self._diagnostics: list[Diagnostic] | None = None
        self._fix_budget = FIX_BUDGET

    @property
    def batch_size(self) -> int:
        return self.fixed_batch or self.graph.batch_size

    @property
    def context(self) -> BlockContext | None:
        return self.fixed_context or self.graph.context

    # ----- queries -------------------------------------------------------------------
    def node_info(self, node_id: str) -> NodeInfo:
        return self.info.get(node_id) or NodeInfo()

    def output_type(self, node_id: str, port: str) -> TensorType | None:
        info = self.info.get(node_id)
        return info.outputs.get(port) if info else None

    def edge_type(self, edge) -> TensorType | None:
        return self.output_type(edge.src, edge.src_port)

    def diagnostics(self) -> list[Diagnostic]:
        if self._diagnostics is None:  # kept until the next run: panels ask repeatedly
            out = []
            for n in self.graph.topo_order():
                info = self.info.get(n)
                if info is not None and info.diagnostics:
                    out.extend(info.diagnostics)
            self._diagnostics = out + list(self.graph_diagnostics)
        return list(self._diagnostics)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics() if d.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors()

    def totals(self) -> dict[str, int]:
        params = pbytes = abytes = flops = 0
        for i in self.info.values():  # one pass: the status bar asks after every edit
            if i.params:
                params += i.param_count
                pbytes += i.param_bytes
            if i.outputs:
                abytes += i.activation_bytes
            flops += i.flops
        return {
            "params": params,
            "flops": flops,
            "param_bytes": pbytes,
            "activation_bytes": abytes,
            "memory_bytes": pbytes + abytes,
            # weights + grads + two Adam moments, activations and their gradients
            "training_memory_bytes": 4 * pbytes + 2 * abytes,
        }

    # ----- running -----------------------------------------------------------------
    def forget(self, node_id: str) -> None:
        self.info.pop(node_id, None)
        self._diagnostics = None

    def relabel(self, node_id: str) -> None:
        self.run({node_id})

    def run(self, affected: set[str] | None = None) -> set[str]:
        """Re-infer ``affected`` (all when None) in topological order; return what ran."""
        order = self.graph.topo_order()
        if affected is None:
            self.info = {}
            todo = order
        else:
            todo = [n for n in order if n in affected]
        self._diagnostics = None
        self._fix_budget = FIX_BUDGET
        for n in todo:
            self.info[n] = self._infer_node(n)
        self._check_graph()
        self.last_inferred = set(todo)
        return self.last_inferred

    def _infer_node(self, node_id: str) -> NodeInfo:
        g = self.graph
        v = g.raw(node_id)
        spec = g.spec_of(v["op"])
        attrs, op, label = self._attrs(node_id), v["op"], v["label"]
        info = NodeInfo()
        missing = []
        upstream_bad = False
        wired = g.wired_inputs(node_id)
        for port in spec.input_ports(attrs):
            e = wired.get(port.name)
            if e is None:
                if port.arity != OPTIONAL:
                    missing.append(port.name)
                continue
            src = self.info.get(e.src)
            t = src.outputs.get(e.src_port) if src is not None else None
            if t is None and src is not None and src.status == OK:  # a port its attrs leave unused
                s = g.raw(e.src)
                info.status = BAD
                info.diagnostics.append(Diagnostic(node_id, port.name, located(
                    op, label, port.name, f'reads output {e.src_port} of {s["op"]} '
                    f'"{s["label"]}", which gives no value as that node is set; wire one of '
                    f"its outputs that does ({', '.join(src.outputs)}) or change its "
                    "attributes")))
            elif t is None:
                upstream_bad = True
            else:
                info.inputs[port.name] = t
        if missing:
            info.status = BAD
            for p in missing:
                info.diagnostics.append(Diagnostic(
                    node_id, p, located(op, label, p, "is not connected; wire a tensor "
                                        "into it or delete the node")))
            return info
        if info.diagnostics or upstream_bad:
            return info
        ctx = InferContext(attrs, info.inputs, self.batch_size)
        try:
            info.outputs = self._fed(spec, attrs) or spec.infer(ctx)
            info.params = spec.params(attrs, info.inputs)
            info.flops = int(spec.flops(attrs, info.inputs, info.outputs))
            info.status = OK
        except ShapeError as err:
            info.status = BAD
            info.outputs = {}
            text, fix = err.message, None
            if spec.is_loss:
                text, fix = self._mismatch_origin(node_id, spec, info.inputs, err)
            elif self._fix_budget > 0 and spec.category != BLOCK_CATEGORY:
                # trial inferences: a broken 100,000-node file gets fixes offered on its
                # first problems only
                self._fix_budget -= 1
                fix = own_fix(spec, attrs, info.inputs, self.batch_size,
                              node_title(op, label), text)
                fix = replace(fix, node=node_id) if fix else None
            where = located(op, label, err.port, text)
            if spec.category == BLOCK_CATEGORY:  # the inside's own message, pinned here
                where = f'inside "{label}" ({op}): {text}'
            info.diagnostics.append(Diagnostic(node_id, err.port, where, fix=fix))
        if spec.is_loss:
            info.diagnostics.extend(self._warnings(node_id, op, label, wired))
        return info

    def _attrs(self, node_id: str) -> dict:
        """Attributes with block-parameter references resolved (inside a block)."""
        g = self.graph
        if g.definition is None:
            return g.raw(node_id)["attrs"]
        if self.fixed_context is None:
            return g.resolved_attrs(node_id)
        values = {**g.blocks[g.definition].defaults(), **self.fixed_context.values}
        return {k: values.get(x.param) if isinstance(x, ParamRef) else x
                for k, x in g.raw(node_id)["attrs"].items()}

    def _fed(self, spec, attrs) -> dict[str, TensorType] | None:
        """An inside Input's type as the instance feeds it (None: infer as usual)."""
        ctx = self.context
        if ctx is None or not spec.is_input or self.graph.definition is None:
            return None
        t = ctx.inputs.get(attrs["name"])
        return {"y": t} if t is not None else None

    def _mismatch_origin(self, node_id, spec, inputs, err: ShapeError):
        """A loss whose prediction and target differ in one axis: say which upstream node
        and attribute set the prediction's size there, and offer to change it."""
        pred, target = spec.prediction_port, spec.target_port
        p, t = inputs.get(pred.name), inputs.get(target.name)
        if err.port != target.name or p is None or t is None or p.rank != t.rank:
            return err.message, None
        axes = [i for i in range(1, p.rank) if p.shape[i] != t.shape[i]]
        if len(axes) != 1:
            return err.message, None
        found = size_origin(self, node_id, pred.name, axes[0], t.shape[axes[0]])
        if found is None:
            return err.message, None
        clause, fix = found
        head = err.message.split("; ")[0]
        text = f"{head}; {clause}"
        return (f"{text}; {fix.text}" if fix else text), fix

    def _warnings(self, node_id, op, label, wired) -> list[Diagnostic]:
        """A loss port that takes logits but reads probabilities (a Softmax or Sigmoid)."""
        out = []
        for port in self.graph.spec_of(op).inputs:
            if port.takes != LOGITS or port.name not in wired:
                continue
            src = self.graph.node(wired[port.name].src)
            if src.spec.produces == NORMALISED:
                out.append(Diagnostic(node_id, port.name, located(
                    op, label, port.name,
                    f'takes logits but gets the output of {src.op} "{src.label}"; wire the '
                    f"value before the {src.op} instead"), WARNING))
        return out

    def _check_graph(self) -> None:
        """Graph-wide rules: unique Input and Output names."""
        diags = []
        seen: dict[tuple[str, str], str] = {}
        for nid in self.graph.node_ids():
            v = self.graph.raw(nid)
            op = v["op"]
            if self.graph.spec_of(op).role not in (INPUT, OUTPUT):
                continue
            key = (op, v["attrs"]["name"])
            if key in seen:
                diags.append(Diagnostic(nid, None, located(
                    op, v["label"], None, f"name {key[1]!r} is already used by "
                    f'"{self.graph.raw(seen[key])["label"]}"; give each {op} its own name')))
            else:
                seen[key] = nid
        self.graph_diagnostics = diags


def analyze(graph: Graph, batch_size: int | None = None) -> Analysis:
    """The full analysis of ``graph`` at ``batch_size`` (the graph's own when None): the
    graph's own, which every edit keeps current, when the batch size is the graph's (so
    ``graphlab check`` infers a 100,000-node file once, not twice); a fresh one else.
    Read it at once: the graph's own follows later edits."""
    if batch_size is None or batch_size == graph.batch_size:
        return graph.analysis
    a = Analysis(graph, batch_size)
    a.run()
    return a
