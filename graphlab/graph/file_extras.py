"""Keys of a graph file this graphlab does not know: kept verbatim, saved back, warned about.

A file written by a newer graphlab of the same format, or by another tool, may carry
keys we do not read (at the top level, per node, per edge, in ``training``). They are
taken out before the graph is built, kept on the graph (``graph.file_extra``), and
written back in place on save, so opening and saving a file never loses anything.
Each one gives a warning (``graph.load_warnings``), which ``graphlab check`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphlab.graph.file_limits import key_path

TOP_KEYS = ("format", "name", "seed", "blocks", "nodes", "edges", "training", "frames")
NODE_KEYS = ("id", "op", "version", "label", "attrs", "pos")
EDGE_KEYS = ("src", "dst", "via")


@dataclass
class FileExtra:
    """Unknown keys by where they were: node extras by node id, edge extras by the edge
    (src, src_port, dst, dst_port)."""

    top: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str, str], dict[str, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.top or self.training or self.nodes or self.edges)


def _unknown(d: dict, known, path: str, warnings: list[str]) -> dict[str, Any]:
    out = {k: v for k, v in d.items() if k not in known}
    warnings.extend(f"{key_path(path, k)}: not a key this graphlab knows; kept as it is and "
                    "saved back" for k in out)
    return out


def split(data: dict, known_training) -> tuple[dict, FileExtra, list[str]]:
    """(``data`` without unknown top-level and training keys, what was taken, warnings).
    Node and edge extras are read by :func:`collect_items` once ids are known."""
    warnings: list[str] = []
    extra = FileExtra(top=_unknown(data, TOP_KEYS, "$", warnings))
    data = {k: v for k, v in data.items() if k in TOP_KEYS}
    t = data.get("training")
    if isinstance(t, dict):
        extra.training = _unknown(t, known_training, "$.training", warnings)
        data["training"] = {k: v for k, v in t.items() if k in known_training}
    return data, extra, warnings


def collect_items(data: dict, extra: FileExtra, warnings: list[str]) -> None:
    """Unknown keys of well-formed nodes and edges (a broken one is an error elsewhere)."""
    nodes, edges = data.get("nodes"), data.get("edges")
    for i, node in enumerate(nodes if isinstance(nodes, list) else []):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            if found := _unknown(node, NODE_KEYS, f"$.nodes[{i}]", warnings):
                extra.nodes[node["id"]] = found
    for i, edge in enumerate(edges if isinstance(edges, list) else []):
        if isinstance(edge, dict) and _is_end(edge.get("src")) and _is_end(edge.get("dst")):
            if found := _unknown(edge, EDGE_KEYS, f"$.edges[{i}]", warnings):
                extra.edges[(*edge["src"], *edge["dst"])] = found


def _is_end(v) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)


def merge_into(d: dict[str, Any], extra: FileExtra | None) -> dict[str, Any]:
    """The file dict ``d`` (from graph_to_dict) with ``extra`` put back where it was.
    Known keys always win: an extra never overrides what the graph says."""
    if not extra:
        return d
    for k, v in extra.top.items():
        d.setdefault(k, v)
    for k, v in extra.training.items():
        d["training"].setdefault(k, v)
    for node in d["nodes"]:
        for k, v in extra.nodes.get(node["id"], {}).items():
            node.setdefault(k, v)
    for edge in d["edges"]:
        for k, v in extra.edges.get((*edge["src"], *edge["dst"]), {}).items():
            edge.setdefault(k, v)
    return d
