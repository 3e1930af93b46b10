"""A graph with blocks as one flat graph: what training, probing and the step-through run.

Every instance is replaced by a copy of its definition's inside, with block-parameter
references replaced by the instance's values, recursively. An inside node gets the id
``"<instance id>/<inner id>"`` (nested: ``"stage1/block1/conv1"``) and the label
``"<instance label>_<inner label>"``; its attribute path, ``("block1", "conv1")``, is
where the compiled model keeps its submodule, so weights keys are the same in the
nested and the flat model. The inside's Input and Output nodes dissolve into wires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphlab.graph.blocks import ParamRef
from graphlab.graph.graph import Graph

Value = tuple[str, str]  # (flat node id, output port)


@dataclass
class Flat:
    graph: Graph
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    origins: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    # (instance path: "block1", nested "stage1/block1"; output port) -> its flat value
    instance_outputs: dict[Value, Value] = field(default_factory=dict)
    # flat ids of the inside of each instance path ("stage1", "stage1/block1")
    members: dict[str, list[str]] = field(default_factory=dict)

    def path(self, flat_id: str) -> tuple[str, ...]:
        """The attribute path of a flat node's submodule (its label alone at the top)."""
        return self.paths.get(flat_id) or (self.graph.raw(flat_id)["label"],)

    def origin(self, flat_id: str) -> tuple[tuple[str, ...], str]:
        """(instance ids from the top, id inside the innermost definition)."""
        return self.origins.get(flat_id, ((), flat_id))

    def value_of(self, instance_id: str, port: str | None = None) -> str | None:
        """The flat node whose output is the instance's output ``port`` (the first
        output when None); ``instance_id`` may be a nested path (``"stage1/block1"``)."""
        found = [v for (inst, p), v in self.instance_outputs.items()
                 if inst == instance_id and (port is None or p == port)]
        return found[0][0] if found else None


def flatten(graph: Graph) -> Flat:
    """The flat graph of ``graph`` (the top graph of its document is used)."""
    top = graph.parent
    flat = Flat(Graph(top.name, top.seed, top.training))
    flat.graph.folder = top.folder
    with flat.graph.bulk_edit():
        _inline(flat, top, (), (), {}, {})
    return flat


def _inline(flat: Flat, g: Graph, ids: tuple[str, ...], labels: tuple[str, ...],
            values: dict[str, Any], fed: dict[str, Value]) -> dict[str, Value]:
    """Copy ``g``'s nodes into the flat graph under ``ids``; ``fed``: the flat value of
    each inside Input by port name. Returns the flat value of each inside Output."""
    here: dict[Value, Value] = {}  # (node in g, port) -> flat value
    outputs: dict[str, Value] = {}
    inside = bool(ids)
    for n in g.topo_order():
        raw = g.raw(n)
        spec = g.spec_of(raw["op"])
        wired = g.wired_inputs(n)
        attrs = {k: values.get(v.param) if isinstance(v, ParamRef) else v
                 for k, v in raw["attrs"].items()}
        if inside and spec.is_input:
            if attrs["name"] in fed:
                here[(n, "y")] = fed[attrs["name"]]
            continue
        if inside and spec.is_output:
            e = wired.get("x")
            if e is not None and (e.src, e.src_port) in here:
                outputs[attrs["name"]] = here[(e.src, e.src_port)]
            continue
        if raw["op"] in g.blocks:
            inner_fed = {port: here[(e.src, e.src_port)] for port, e in wired.items()
                         if (e.src, e.src_port) in here}
            defn = g.blocks[raw["op"]]
            path = "/".join(ids + (n,))
            start = len(flat.graph)
            got = _inline(flat, defn.graph, ids + (n,), labels + (raw["label"],),
                          {**defn.defaults(), **attrs}, inner_fed)
            flat.members[path] = flat.graph.node_ids()[start:]
            for port, v in got.items():
                here[(n, port)] = v
                flat.instance_outputs[(path, port)] = v
            continue
        fid = "/".join(ids + (n,))
        label = "_".join(labels + (raw["label"],))
        flat.graph.add_node(raw["op"], attrs, label, raw["pos"], node_id=fid)
        if inside:
            flat.paths[fid] = labels + (raw["label"],)
            flat.origins[fid] = (ids, n)
        for port in spec.outputs:
            here[(n, port.name)] = (fid, port.name)
        for port, e in wired.items():
            src = here.get((e.src, e.src_port))
            if src is not None:
                flat.graph.connect(src[0], src[1], fid, port)
    return outputs
