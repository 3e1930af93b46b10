"""Which ops can take a wire dragged from a port (for the filtered search box)."""

from __future__ import annotations

from graphlab.graph.graph import Graph
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import CLASS_INDICES, KIND_ANY, OpSpec


def _kinds_fit(a: str, b: str) -> bool:
    return KIND_ANY in (a, b) or a == b


def source_kind(graph: Graph, node_id: str, port: str, is_output: bool) -> str:
    v = graph.node(node_id)
    if is_output:
        return graph._output_kind(node_id, port)
    p = v.spec.input_port(v.attrs, port)
    return p.kind if p else KIND_ANY


def kinds_fit(graph: Graph, src: str, src_port: str, dst: str, dst_port: str) -> bool:
    """Whether what ``src.src_port`` gives is what ``dst.dst_port`` takes (float/int)."""
    v = graph.node(dst)
    p = v.spec.input_port(v.attrs, dst_port)
    return p is not None and _kinds_fit(source_kind(graph, src, src_port, True), p.kind)


def ops_accepting(graph: Graph, node_id: str, port: str, is_output: bool) -> list[OpSpec]:
    """Ops a new node of which could be wired to (node_id, port)."""
    kind = source_kind(graph, node_id, port, is_output)
    out = []
    for spec in REGISTRY.values():
        if is_output:
            ports = spec.input_ports(spec.defaults())
        else:
            ports = list(spec.outputs)
        if any(_kinds_fit(kind, p.kind) for p in ports):
            out.append(spec)
    return out


def connectable_port(graph: Graph, new_id: str, node_id: str, port: str,
                     is_output: bool) -> str | None:
    """The first port of the new node that the model lets us wire to (node_id, port)."""
    v = graph.node(new_id)
    if is_output:
        for p in v.spec.input_ports(v.attrs):
            if graph.can_connect(node_id, port, new_id, p.name) is None:
                return p.name
    else:
        for p in v.spec.outputs:
            if graph.can_connect(new_id, p.name, node_id, port) is None:
                return p.name
    return None


def new_node_settings(graph: Graph, op: str, end: tuple[str, str, bool]
                      ) -> tuple[dict | None, str | None]:
    """(attrs, label) for an ``op`` node made by dragging a wire from ``end``.

    An Input made from a loss's target port is a target: labels shaped as the loss takes
    them (class indices [-1] int64, or the prediction's shape) under a name no other Input
    has, so the new node is right as it lands instead of a clashing feature.
    """
    spec = REGISTRY[op]
    node, port, is_output = end
    if not spec.is_input or is_output:
        return None, None
    v = graph.node(node)
    target = v.spec.target_port
    attrs = spec.defaults()
    base = str(attrs.get("name", "x"))
    if v.spec.is_loss and target is not None and target.name == port:
        base = "target"
        attrs["role"] = "target"
        if target.takes == CLASS_INDICES:
            attrs.update(shape=[-1], dtype="int64")
        else:
            pred = graph.input_edge(node, v.spec.prediction_port.name)
            t = graph.analysis.edge_type(pred) if pred is not None else None
            attrs["shape"] = [-1, *t.shape[1:]] if t is not None and t.shape else [-1, 1]
    taken = {str(n.attrs.get("name")) for n in graph.nodes() if n.spec.is_input}
    name, i = base, 1
    while name in taken or graph.has_label(name):
        name, i = f"{base}{i}", i + 1
    attrs["name"] = name
    return attrs, name
