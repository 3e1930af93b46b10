"""A document's trained weights, kept per node id so they follow the node.

Files, checkpoints and exports key weights by the generated attribute path
(``conv1.weight``); that name changes when a node is renamed. The editor keeps them
by node id instead (``{node_id: {param: array}}``) and maps to names only when a run
starts, a file is saved or an export is written. A deleted node's entry stays, so
undoing the delete brings its weights back; a node whose parameter shapes changed
(or a new node) starts from the seed. Qt- and framework-free: numpy and the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def flat_graph(graph):
    """The graph weights are kept for: itself, or with blocks its flattened graph (weights
    belong to the nodes inside each instance: ids ``block1/fc1``, as the plan's)."""
    if not any(graph.is_instance(n) for n in graph.node_ids()):
        return graph
    from graphlab.graph.flatten import flatten

    return flatten(graph).graph


def param_shapes(graph) -> dict[str, dict[str, tuple[int, ...]]]:
    """node id -> {param: shape} for every node with parameters, from shape inference
    (inside blocks: the flat ids)."""
    out = {}
    graph = flat_graph(graph)
    for nid in graph.node_ids():
        try:
            params = graph.analysis.node_info(nid).params
        except Exception:  # a node the analysis cannot type has no known shapes
            continue
        if params:
            out[nid] = {p.name: tuple(p.shape) for p in params}
    return out


def weight_keys(graph) -> dict[str, dict[str, str]]:
    """node id -> {param: its key in files and exports (``fc1.weight``)} for each node
    with parameters; empty when the graph cannot be planned (it has errors)."""
    from graphlab.compile.plan import build_plan

    try:
        plan = build_plan(graph)
    except Exception:
        return {}
    out = {}
    for s in plan.param_steps:
        key = getattr(s, "weight_key", None)  # the plan's own scheme where it has one
        out[s.id] = {p.name: key(p.name) if key else f"{s.name}.{p.name}" for p in s.params}
    return out


@dataclass
class WeightStore:
    """Weights by node id. ``by_node`` is never shared with a caller's arrays."""

    by_node: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_node)

    def copy(self) -> WeightStore:
        return WeightStore({n: dict(p) for n, p in self.by_node.items()})

    @classmethod
    def from_named(cls, graph, named: dict[str, np.ndarray]) -> WeightStore:
        """The weights of ``named`` (keys ``<attribute>.<param>`` of ``graph``'s plan)."""
        store = cls()
        store.update_named(graph, named)
        return store

    def update_named(self, graph, named: dict[str, np.ndarray]) -> None:
        """Take ``named`` weights (a run's result, keyed for ``graph`` as it was run)."""
        for nid, keys in weight_keys(graph).items():
            got = {p: np.array(named[k]) for p, k in keys.items() if k in named}
            if got:
                self.by_node[nid] = got

    def fitting(self, graph) -> dict[str, dict[str, np.ndarray]]:
        """node id -> weights, for the nodes of ``graph`` whose every parameter is stored
        with the shape the node has now."""
        out = {}
        for nid, shapes in param_shapes(graph).items():
            have = self.by_node.get(nid)
            if have and set(have) == set(shapes) and all(
                    tuple(have[p].shape) == s for p, s in shapes.items()):
                out[nid] = have
        return out

    def fresh_nodes(self, graph) -> list[str]:
        """Nodes with parameters that a run starts from the seed (no fitting weights)."""
        kept = self.fitting(graph)
        return [nid for nid in param_shapes(graph) if nid not in kept]

    def named(self, graph) -> dict[str, np.ndarray]:
        """The fitting weights keyed by ``graph``'s attribute names (``fc1.weight``)."""
        keys = weight_keys(graph)
        return {keys[nid][p]: a for nid, params in self.fitting(graph).items()
                if nid in keys for p, a in params.items() if p in keys[nid]}
