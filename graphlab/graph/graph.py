"""The graph model: a DAG of op nodes wired port to port, with no Qt and no framework.

:class:`Graph` wraps a ``networkx.MultiDiGraph`` and owns every mutation. Each
mutation checks its input, changes the networkx graph, re-infers shapes for the part
of the graph it can affect, then emits one :class:`GraphEvent` (plus a
``shapes_changed`` event naming the re-inferred nodes). Refusals raise
:class:`GraphError` whose text is meant for the user; ``can_connect`` returns the
reason without raising, for editors that want to dim ports while a wire is dragged.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import networkx as nx

from graphlab.graph import training_settings
from graphlab.graph.blocks import BlockContext, BlockLibrary
from graphlab.graph.events import Emitter, GraphEvent
from graphlab.graph.file_limits import SEED_LIMIT, text_problem
from graphlab.graph.graph_blocks import BlockMethods
from graphlab.graph.graph_frames import FrameMethods
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import KIND_ANY, OpSpec
from graphlab.graph.tensor_type import port_kind

# the complete default training section (graphlab/graph/training_settings.py)
DEFAULT_TRAINING: dict[str, Any] = training_settings.DEFAULTS


class GraphError(ValueError):
    """A refused edit; the message says why, in words for the user."""


class Edge(NamedTuple):
    src: str
    src_port: str
    dst: str
    dst_port: str

    def __str__(self) -> str:
        return f"{self.src}.{self.src_port} -> {self.dst}.{self.dst_port}"


@dataclass
class NodeSnapshot:
    """Everything needed to put a removed node back exactly as it was."""

    id: str
    op: str
    attrs: dict[str, Any]
    label: str
    pos: tuple[float, float]
    edges: list[Edge] = field(default_factory=list)
    seq: int = 0
    vias: dict[Edge, tuple] = field(default_factory=dict)  # reroute points of its wires


@dataclass(frozen=True)
class NodeView:
    """A read-only look at one node: change it through the Graph (set_attr, rename,
    move), which checks the change, records it for undo and tells the listeners."""

    id: str
    op: str
    attrs: Mapping[str, Any]  # read-only view of the model's attributes
    label: str
    pos: tuple[float, float]
    op_spec: OpSpec | None = field(default=None, repr=False, compare=False)

    @property
    def spec(self) -> OpSpec:
        """The op's spec: a registry op's, or the block definition's for an instance."""
        return self.op_spec if self.op_spec is not None else REGISTRY[self.op]


class Graph(BlockMethods, FrameMethods):
    def __init__(self, name: str = "untitled", seed: int = 0,
                 training: dict[str, Any] | None = None,
                 blocks: BlockLibrary | None = None, definition: str | None = None) -> None:
        """A top graph (its own, empty block library), or with ``blocks`` and
        ``definition`` the inside of that library's definition ``definition``."""
        from graphlab.graph.inference import Analysis

        self._g = nx.MultiDiGraph()
        self.blocks = blocks if blocks is not None else BlockLibrary(self)
        self.definition = definition
        # what the inside's own analysis (the editor's view of it) assumes: the instance
        # the user entered, or None for the inside Inputs' shapes and parameter defaults
        self.context: BlockContext | None = None
        self.name = name
        self.seed = seed
        self.training: dict[str, Any] = _merged_training(training)
        # the folder of the file this graph was loaded from (or saved to from the editor;
        # None if neither): a relative data path in its training section is read there
        self.folder: Path | None = None
        self.events = Emitter()
        self._counter = itertools.count(1)
        self._topo: list[str] | None = None
        self._ids: list[str] | None = None  # node_ids(), until a node is added or removed
        self._bulk = 0
        self._labels: dict[str, str] = {}
        # stem -> a suffix below which every "<stem><i>" (i >= 1) is taken: new labels are
        # found without rescanning from 1 (that made building 5,000 nodes quadratic)
        self._taken_below: dict[str, int] = {}
        self._seq = 0  # creation order, kept by remove/restore
        self.analysis = Analysis(self)

    # ----- reading ---------------------------------------------------------------
    def __contains__(self, node_id: str) -> bool:
        return node_id in self._g

    def __len__(self) -> int:
        return self._g.number_of_nodes()

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The underlying networkx graph, for algorithms. Do not mutate it."""
        return self._g

    @property
    def batch_size(self) -> int:
        if self.definition is not None:
            return self.parent.batch_size
        return int(self.training["batch_size"])

    def node(self, node_id: str) -> NodeView:
        if node_id not in self._g:
            raise GraphError(f"no node with id {node_id!r}")
        d = self._g.nodes[node_id]
        spec = None if d["op"] in REGISTRY else self.spec_of(d["op"])
        return NodeView(node_id, d["op"], MappingProxyType(d["attrs"]), d["label"], d["pos"],
                        spec)

    def nodes(self) -> list[NodeView]:
        return [self.node(n) for n in self.node_ids()]

    def node_ids(self) -> list[str]:
        """Ids in creation order (kept across remove/restore, so undo gives the same file)."""
        if self._ids is None:
            nodes = self._g._node
            self._ids = sorted(nodes, key=lambda n: nodes[n]["seq"])
        return list(self._ids)

    def edges(self) -> list[Edge]:
        return [d["edge"] for _, _, d in self._g.edges(data=True)]

    def in_edges(self, node_id: str) -> list[Edge]:
        return [d["edge"] for keyed in self._g._pred[node_id].values() for d in keyed.values()]

    def wired_inputs(self, node_id: str) -> dict[str, Edge]:
        """{input port: its wire} for one node (fast path used by inference)."""
        return {port: d["edge"] for keyed in self._g._pred[node_id].values()
                for port, d in keyed.items()}

    def raw(self, node_id: str) -> dict:
        """The stored node record (op, attrs, label, pos). Read only."""
        return self._g._node[node_id]

    def out_edges(self, node_id: str) -> list[Edge]:
        return [d["edge"] for keyed in self._g._succ[node_id].values() for d in keyed.values()]

    def input_edge(self, node_id: str, port: str) -> Edge | None:
        return self.wired_inputs(node_id).get(port)

    def find(self, label: str) -> str:
        """Node id for a label (labels are unique)."""
        try:
            return self._labels[label]
        except KeyError:
            raise GraphError(f"no node labelled {label!r}") from None

    def has_label(self, label: str) -> bool:
        return label in self._labels

    def topo_order(self) -> list[str]:
        """Topological order, ties broken by creation order (cached until the next wire
        or node change)."""
        if self._topo is None:
            self._topo = self._sorted_topologically()
        return self._topo

    def _sorted_topologically(self) -> list[str]:
        # Kahn's algorithm with a heap on creation order: the order networkx's
        # lexicographical_topological_sort gives, at a third of its cost on big graphs
        nodes, succ, pred = self._g._node, self._g._succ, self._g._pred
        waiting = {n: len(p) for n, p in pred.items()}
        ready = [(nodes[n]["seq"], n) for n, k in waiting.items() if k == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            _, n = heapq.heappop(ready)
            order.append(n)
            for m in succ[n]:
                waiting[m] -= 1
                if waiting[m] == 0:
                    heapq.heappush(ready, (nodes[m]["seq"], m))
        if len(order) != len(nodes):  # connect refuses cycles, so this is a bug
            raise GraphError("the graph has a cycle")
        return order

    def _reaches(self, start: str, goal: str) -> bool:
        """Is there a path of wires from ``start`` to ``goal``? (depth first, stops early)"""
        succ = self._g._succ
        seen, stack = {start}, [start]
        while stack:
            for m in succ[stack.pop()]:
                if m == goal:
                    return True
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        return start == goal

    def _order_key(self, node_id: str):
        return self._g.nodes[node_id]["seq"]

    def subscribe(self, fn):
        return self.events.subscribe(fn)

    # ----- ids and labels ----------------------------------------------------------
    def _new_id(self) -> str:
        while True:
            nid = f"n{next(self._counter)}"
            if nid not in self._g:
                return nid

    def _unique_label(self, base: str) -> str:
        """``base``, or the lowest free "<stem><i>" (i >= 1) for it."""
        if base not in self._labels:
            return base
        stem = base.rstrip("0123456789") or base
        i = self._taken_below.get(stem, 1)
        while f"{stem}{i}" in self._labels:
            i += 1
        self._taken_below[stem] = i
        return f"{stem}{i}"

    def _release_label(self, label: str) -> None:
        del self._labels[label]
        stem = label.rstrip("0123456789")
        if stem and stem != label and stem in self._taken_below:
            self._taken_below[stem] = min(self._taken_below[stem], int(label[len(stem):]))

    # ----- mutations -----------------------------------------------------------------
    def add_node(self, op: str, attrs: dict[str, Any] | None = None, label: str | None = None,
                 pos: tuple[float, float] = (0.0, 0.0), node_id: str | None = None) -> str:
        spec = self.spec_of(op)
        if op in self.blocks:
            self.check_nesting(op)
        full = spec.defaults()
        for k, v in (attrs or {}).items():
            if k not in full:
                raise GraphError(f"{op} has no attribute {k!r}")
            value, reason = self.checked_attr(spec.attr(k), v)
            if reason:
                raise GraphError(f"{op}: {reason}")
            full[k] = value
        if label is not None and (problem := text_problem(label, "labels")):
            raise GraphError(f"the label {label[:40]!r} {problem}")
        if node_id is None:
            node_id = self._new_id()
        elif node_id in self._g:
            raise GraphError(f"a node with id {node_id!r} already exists")
        label = self._unique_label(label or spec.label_prefix or op.lower())
        seq = self._next_seq()
        self._g.add_node(node_id, op=op, attrs=full, label=label,
                         pos=(float(pos[0]), float(pos[1])), seq=seq)
        self._labels[label] = node_id
        self._structure_changed()
        self._after(GraphEvent("node_added", node=node_id), {node_id})
        return node_id

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def remove_node(self, node_id: str) -> NodeSnapshot:
        v = self.node(node_id)
        edges = self.in_edges(node_id) + self.out_edges(node_id)
        downstream = {e.dst for e in self.out_edges(node_id)}
        snap = NodeSnapshot(node_id, v.op, dict(v.attrs), v.label, v.pos, edges,
                            self._g.nodes[node_id]["seq"], {e: self.via(e) for e in edges})
        affected = set()
        for d in downstream if not self._bulk else ():
            affected |= self._descendants_and_self(d)
        self._g.remove_node(node_id)
        self._release_label(v.label)
        self._structure_changed()
        self.analysis.forget(node_id)
        self._after(GraphEvent("node_removed", node=node_id), affected - {node_id})
        return snap

    def restore_node(self, snap: NodeSnapshot) -> None:
        """Undo of remove_node: same id, label, attributes and wires."""
        with self.bulk_edit():
            self.add_node(snap.op, snap.attrs, snap.label, snap.pos, node_id=snap.id)
            if snap.seq:
                self._g.nodes[snap.id]["seq"] = snap.seq
                self._structure_changed()
            for e in snap.edges:
                if e.src in self._g and e.dst in self._g:
                    self.connect(*e)
                    if snap.vias.get(e):
                        self._g.edges[e.src, e.dst, e.dst_port]["via"] = snap.vias[e]

    def can_connect(self, src: str, src_port: str, dst: str, dst_port: str) -> str | None:
        """None if the wire may be drawn, else the reason it may not."""
        nodes = self._g._node
        s, d = nodes.get(src), nodes.get(dst)  # raw records: this runs for every wire
        if s is None:
            return f"no node with id {src!r}"
        if d is None:
            return f"no node with id {dst!r}"
        s_spec, d_spec = self.spec_of(s["op"]), self.spec_of(d["op"])
        out = s_spec.output_port(src_port)
        if out is None:
            names = ", ".join(p.name for p in s_spec.outputs) or "none"
            return f'{s["op"]} "{s["label"]}" has no output port {src_port!r} (outputs: {names})'
        inp = d_spec.input_port(d["attrs"], dst_port)
        if inp is None:
            names = ", ".join(p.name for p in d_spec.input_ports(d["attrs"])) or "none"
            return (f'{d["op"]} "{d["label"]}" has no input port {dst_port!r} '
                    f"(inputs: {names})")
        if src == dst:
            return f'cannot wire {s["op"]} "{s["label"]}" to itself'
        for u, keyed in self._g._pred[dst].items():
            if dst_port in keyed:
                return (f'input {dst_port} of {d["op"]} "{d["label"]}" already takes a wire '
                        f'from "{nodes[u]["label"]}"; disconnect it first')
        if self._reaches(dst, src):
            return (f'wiring "{s["label"]}" into "{d["label"]}" would make a cycle '
                    f'("{d["label"]}" already feeds "{s["label"]}")')
        src_kind = self._output_kind(src, src_port)
        if KIND_ANY not in (src_kind, inp.kind) and src_kind != inp.kind:
            word = {"float": "float", "int": "integer"}
            return (f'input {dst_port} of {d["op"]} "{d["label"]}" takes {word[inp.kind]} '
                    f'tensors but {s["op"]} "{s["label"]}" gives {word[src_kind]} values')
        return None

    def _output_kind(self, node_id: str, port: str) -> str:
        v = self._g._node[node_id]
        spec = self.spec_of(v["op"])
        if spec.is_input:  # its dtype attribute says what it feeds
            return "int" if v["attrs"]["dtype"] == "int64" else "float"
        t = self.analysis.output_type(node_id, port)
        if t is not None:
            return port_kind(t.dtype)
        return spec.output_port(port).kind

    def connect(self, src: str, src_port: str, dst: str, dst_port: str) -> Edge:
        reason = self.can_connect(src, src_port, dst, dst_port)
        if reason:
            raise GraphError(reason)
        edge = Edge(src, src_port, dst, dst_port)
        self._g.add_edge(src, dst, key=dst_port, edge=edge)
        self._structure_changed()
        if not self._bulk:  # a bulk edit infers everything once at its end
            self._after(GraphEvent("edge_added", edge=edge), self._descendants_and_self(dst))
        return edge

    def disconnect(self, edge: Edge) -> None:
        if not self._g.has_edge(edge.src, edge.dst, key=edge.dst_port):
            raise GraphError(f"no wire {edge}")
        self._g.remove_edge(edge.src, edge.dst, key=edge.dst_port)
        self._structure_changed()
        if not self._bulk:
            self._after(GraphEvent("edge_removed", edge=edge),
                        self._descendants_and_self(edge.dst))

    def set_attr(self, node_id: str, name: str, value: Any) -> Any:
        v = self.node(node_id)
        if name not in v.attrs:
            raise GraphError(f'{v.op} "{v.label}" has no attribute {name!r}')
        value, reason = self.checked_attr(v.spec.attr(name), value)
        if reason:
            raise GraphError(f'{v.op} "{v.label}": {reason}')
        new_attrs = dict(v.attrs)
        new_attrs[name] = value
        valid_ports = {p.name for p in v.spec.input_ports(new_attrs)}
        for e in self.in_edges(node_id):
            if e.dst_port not in valid_ports:
                raise GraphError(f'{v.op} "{v.label}": input {e.dst_port} still has a wire; '
                                 "disconnect it first")
        old = v.attrs[name]
        if old == value:
            return old
        self._g.nodes[node_id]["attrs"] = new_attrs
        if not self._bulk:
            self._after(GraphEvent("attr_changed", node=node_id, name=name, old=old,
                                   new=value), self._descendants_and_self(node_id))
        return old

    def move(self, node_id: str, pos: tuple[float, float]) -> tuple[float, float]:
        old = self.node(node_id).pos
        new = (float(pos[0]), float(pos[1]))
        self._g.nodes[node_id]["pos"] = new
        self.events.emit(GraphEvent("node_moved", node=node_id, old=old, new=new))
        return old

    def rename(self, node_id: str, label: str) -> str:
        old = self.node(node_id).label
        label = label.strip()
        if not label:
            raise GraphError("a node's name cannot be empty")
        if problem := text_problem(label, "names"):
            raise GraphError(f"a node's name {problem}")
        if label == old:
            return old
        if label in self._labels:
            raise GraphError(f"another node is already named {label!r}")
        self._g.nodes[node_id]["label"] = label
        self._release_label(old)
        self._labels[label] = node_id
        self.analysis.relabel(node_id)
        self.events.emit(GraphEvent("node_renamed", node=node_id, old=old, new=label))
        return old

    def set_meta(self, name: str | None = None, seed: int | None = None,
                 training: dict[str, Any] | None = None) -> None:
        """Change the graph's name, seed or training section (one event)."""
        batch_before = self.batch_size
        if name is not None and (problem := text_problem(name, "names")):
            raise GraphError(f"the graph's name {problem}")
        if seed is not None and not 0 <= int(seed) <= SEED_LIMIT:
            raise GraphError(f"the seed must be a whole number from 0 to {SEED_LIMIT:,}")
        if name is not None:
            self.name = name
        if seed is not None:
            self.seed = int(seed)
        if training is not None:
            self.training = _merged_training(training)
        self.events.emit(GraphEvent("meta_changed"))
        if self.batch_size != batch_before:
            self._after(None, set(self._g.nodes))

    # ----- bulk edits and inference ----------------------------------------------------
    @contextlib.contextmanager
    def bulk_edit(self):
        """Apply many edits with one full inference and one ``graph_reset`` event at the end."""
        self._bulk += 1
        try:
            yield self
        finally:
            self._bulk -= 1
            if self._bulk == 0:
                self.analysis.run()
                self.events.emit(GraphEvent("graph_reset"))

    def _structure_changed(self) -> None:
        self._topo = None
        self._ids = None

    def _descendants_and_self(self, node_id: str) -> set[str]:
        succ = self._g._succ
        seen, stack = {node_id}, [node_id]
        while stack:
            for m in succ[stack.pop()]:
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        return seen

    def _after(self, event: GraphEvent | None, affected: set[str]) -> None:
        if self._bulk:
            return
        changed = self.analysis.run(affected)
        if event is not None:
            self.events.emit(event)
        self.events.emit(GraphEvent("shapes_changed", nodes=frozenset(changed)))

    # ----- copies ----------------------------------------------------------------------
    def copy(self) -> Graph:
        from graphlab.graph.fileformat import graph_from_dict, graph_to_dict

        twin = graph_from_dict(graph_to_dict(self))
        twin.folder = self.folder
        return twin


def _merged_training(training: dict[str, Any] | None) -> dict[str, Any]:
    out = training_settings.defaults()
    for k, v in (training or {}).items():
        out[k] = dict(v) if isinstance(v, dict) else v
    return out
