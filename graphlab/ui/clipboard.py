"""What Copy puts on the clipboard: selected nodes and the wires between them, as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from graphlab.graph.blocks import ParamRef
from graphlab.graph.fileformat import jsonable
from graphlab.graph.graph import Graph

MIME = "application/x-graphlab-nodes"


@dataclass
class ClipboardData:
    nodes: list[dict] = field(default_factory=list)
    # [src, src_port, dst, dst_port] and, for a wire with reroute points, [[x, y], ...]
    edges: list[list] = field(default_factory=list)

    @classmethod
    def from_graph(cls, graph: Graph, node_ids: list[str]) -> ClipboardData:
        chosen = [n for n in graph.topo_order() if n in set(node_ids)]
        nodes = []
        for n in chosen:
            v = graph.node(n)
            # inside a block: the values the shown instance gives, and which attributes
            # were its parameters (a paste into the same block keeps them parameters)
            refs = {k: x.param for k, x in v.attrs.items() if isinstance(x, ParamRef)}
            node = {"id": v.id, "op": v.op, "label": v.label,
                    "attrs": jsonable(graph.resolved_attrs(n) if refs else v.attrs),
                    "pos": list(v.pos)}
            if refs:
                node["params"] = refs
            nodes.append(node)
        inside = set(chosen)
        edges = [list(e) + ([[list(p) for p in graph.via(e)]] if graph.via(e) else [])
                 for e in graph.edges() if e.src in inside and e.dst in inside]
        return cls(nodes, edges)

    def to_json(self) -> str:
        return json.dumps({"nodes": self.nodes, "edges": self.edges})

    @classmethod
    def from_json(cls, text: str) -> ClipboardData:
        try:
            d = json.loads(text)
            return cls(list(d["nodes"]), [list(e) for e in d["edges"]])
        except (ValueError, KeyError, TypeError):
            return cls()
