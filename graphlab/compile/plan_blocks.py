"""What the plan does for a graph with blocks: plan the flattened graph, keep each used
instance whole, and give every flat step its attribute path and its block's name.

The plan of a graph with blocks is the plan of its flattened graph (every instance
inlined, ``graphlab.graph.flatten``): training, the probes, the step-through and the
weights see one flat list of steps, each knowing where it sits (``Step.path``,
``Step.where``). The emitters turn it back into one class per definition
(:mod:`graphlab.compile.block_classes`).
"""

from __future__ import annotations

import networkx as nx

from graphlab.compile.block_names import BlockNames, has_instances
from graphlab.compile.errors import CompileError
from graphlab.compile.escape import comment
from graphlab.graph.diagnostics import Diagnostic


def flattened(graph):
    """(Flat, its graph) for a graph with instances, else (None, graph). A loss node
    inside a definition is refused: ``loss_fn`` reads only what the model returns."""
    if not has_instances(graph):
        return None, graph
    from graphlab.graph.flatten import flatten

    blocks = graph.blocks
    for name in blocks.order():
        inner = blocks[name].graph
        for n in inner.node_ids():
            v = inner.node(n)
            if v.spec.is_loss:
                raise CompileError(
                    [Diagnostic(n, None, f'block {name}: {v.op} "{comment(v.label)}" is a loss '
                                "inside a block; move it to the top graph (a block's outputs "
                                "feed losses there)")],
                    f'graph "{comment(graph.name)}" cannot be compiled')
    flat = flatten(graph)
    return flat, flat.graph


def keep_instances_whole(flat, graph, order: list[str], model_side: set[str]) -> None:
    """Add to ``model_side`` every node of a top-level instance that computes anything
    the model needs (and what those nodes read): its class computes all of its outputs
    for every use, so the flat plan must hold (and initialise) all of them too."""
    if flat is None:
        return
    used = {flat.origin(n)[0][0] for n in model_side if flat.origin(n)[0]}
    g = graph.nx
    for n in order:
        insts = flat.origin(n)[0]
        if insts and insts[0] in used and n not in model_side:
            model_side |= nx.ancestors(g, n) | {n}


class StepNames:
    """Names the flat plan's steps: a top-level node by its label as before; a node
    inside an instance by its flat label (``block1_conv1``, a local in ``trace``) with
    the attribute path its nested module gives it (``block1.conv1``)."""

    def __init__(self, source, flat, ns) -> None:
        self.source, self.flat, self.ns = source, flat, ns
        self.block_names = BlockNames(source) if flat is not None else None
        self.instances: dict[str, str] = {}  # top-level instance id -> attribute name

    def name(self, node_id: str, label: str, fallback: str) -> tuple[str, dict]:
        """(the step's name, its extra Step fields: path, where, inner_label)."""
        if self.flat is None:
            return self.ns.create(label, fallback), {}
        insts, inner = self.flat.origin(node_id)
        if not insts:
            return self.ns.create(label, fallback), {}
        top = insts[0]
        if top not in self.instances:
            self.instances[top] = self.ns.create(self.source.node(top).label, "block")
        name = self.ns.create(label, fallback)
        path = self.block_names.path(self.instances, insts, inner)
        definition = self._definition(insts)
        where = f"{path.rpartition('.')[0]} ({definition})"
        return name, {"path": path, "where": where,
                      "inner_label": self.source.blocks[definition].graph.node(inner).label}

    def _definition(self, insts: tuple[str, ...]) -> str:
        g = self.source
        for inst in insts:
            name = g.node(inst).op
            g = g.blocks[name].graph
        return name

    def instance_name(self, node_id: str) -> str:
        """The attribute name of a top-level instance (made on first use)."""
        if node_id not in self.instances:
            self.instances[node_id] = self.ns.create(self.source.node(node_id).label, "block")
        return self.instances[node_id]
