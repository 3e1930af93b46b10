"""Which ops can take a wire dragged from a port (for the filtered search box)."""

from __future__ import annotations

from graphlab.graph.graph import Graph
from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import KIND_ANY, OpSpec


def _kinds_fit(a: str, b: str) -> bool:
    return KIND_ANY in (a, b) or a == b


def source_kind(graph: Graph, node_id: str, port: str, is_output: bool) -> str:
    v = graph.node(node_id)
    if is_output:
        return graph._output_kind(node_id, port)
    p = v.spec.input_port(v.attrs, port)
    return p.kind if p else KIND_ANY


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
