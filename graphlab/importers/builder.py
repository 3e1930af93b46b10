"""Building a graph from another tool's model: nodes named after the model's own names,
values tracked by the source's tensor names, weights keyed the way graphlab keys them,
and every unsupported piece collected (an import is refused with the whole list).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphlab.graph import Graph
from graphlab.graph.file_limits import text_problem
from graphlab.graph.graph import GraphError
from graphlab.graph.layout import apply_layout

LABEL_LIMIT = 40


class ImportRefused(ValueError):
    """The model cannot be imported; ``problems`` names every node that stops it."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = problems[:40]
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        super().__init__(f"cannot import {source}:\n  " + "\n  ".join(shown) + more)


@dataclass
class Imported:
    """An imported model: the graph, its weights (keyed ``label.param``) and notes on
    what the import changed (folded constants, fused patterns)."""

    graph: Graph
    weights: dict[str, np.ndarray] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # node id -> source node name


def clean_name(text: Any, fallback: str) -> str:
    """A label/identifier from a name found in an untrusted model file: letters, digits
    and _ only, not starting with a digit, at most 40 characters."""
    s = re.sub(r"[^0-9A-Za-z_]+", "_", str(text)).strip("_")[:LABEL_LIMIT]
    if not s or text_problem(s, "labels"):
        return fallback
    return f"n_{s}" if s[0].isdigit() else s


class GraphBuilder:
    """Adds nodes to a fresh graph and remembers which node/port each source tensor is."""

    def __init__(self, name: str) -> None:
        self.graph = Graph(clean_name(name, "imported"))
        self.values: dict[str, tuple[str, str]] = {}
        self.weights: dict[str, np.ndarray] = {}
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.skip: set[int] = set()  # source nodes a fused pattern already covers (by id)
        self.gap_of: dict[str, str] = {}  # ONNX: [N, C, 1, 1] pooled value -> its [N, C]
        self.origins: dict[str, str] = {}  # node id -> the source node's name
        self.pending: dict[str, Callable[[], object]] = {}  # tensors made when first read

    def refuse(self, text: str) -> None:
        self.problems.append(text)

    def has(self, tensor: str) -> bool:
        return tensor in self.values

    def add(self, op: str, attrs: dict[str, Any], label: str, inputs: dict[str, str],
            outputs: dict[str, str] | None = None, params: dict[str, np.ndarray] | None = None,
            what: str = "", origin: str = "") -> str | None:
        """Add one node: ``inputs`` port -> source tensor name, ``outputs`` port -> the
        tensor name it defines, ``params`` canonical-layout weights by parameter name.
        A refusal is recorded (naming ``what``) and None returned."""
        for t in inputs.values():
            if t not in self.values and t in self.pending:
                self.pending.pop(t)()
        missing = [t for t in inputs.values() if t not in self.values]
        if missing:
            self.refuse(f"{what or label}: its input {missing[0]!r} could not be imported")
            return None
        try:
            nid = self.graph.add_node(op, attrs, label)
            for port, tensor in inputs.items():
                src, src_port = self.values[tensor]
                self.graph.connect(src, src_port, nid, port)
        except GraphError as err:
            self.refuse(f"{what or label}: {err}")
            return None
        for port, tensor in (outputs or {}).items():
            self.values[tensor] = (nid, port)
        self.origins[nid] = origin
        label = self.graph.node(nid).label
        bare = self.graph.spec_of(op).is_parameter  # a Parameter's weight is keyed by its label
        for pname, arr in (params or {}).items():
            key = label if bare else f"{label}.{pname}"
            self.weights[key] = np.array(arr, dtype=np.float32)  # writable copy
        return nid

    def alias(self, tensor: str, same_as: str) -> None:
        """``tensor`` is the value of ``same_as`` (Identity, Dropout at inference)."""
        if same_as in self.values:
            self.values[tensor] = self.values[same_as]

    def finish(self, source: str) -> Imported:
        if self.problems:
            raise ImportRefused(source, self.problems)
        g = self.graph
        bad = g.analysis.errors()
        if bad:
            raise ImportRefused(source, [f"the imported graph does not check: {d.message}"
                                         for d in bad])
        apply_layout(g)
        return Imported(g, self.weights, self.notes, self.origins)
