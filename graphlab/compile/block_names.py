"""Python names inside block classes, and the attribute paths they give the flat plan.

Each definition's class has one namespace of its own, made from the definition alone
(so it is the same for every instance): its block parameters first (constructor
arguments, stored as ``self.<param>``), then its input ports (the forward's arguments),
then its nodes by label in graph order (attributes and local variables). A flat node's
attribute path (``block1.conv1``) joins the names along its origin, which is how the
nested modules' ``state_dict`` and TF attributes spell it.
"""

from __future__ import annotations

from graphlab.compile.names import Namespace, class_name, reserved

PARAM = "$param:"  # key prefix of a block parameter in a definition's names


def has_instances(graph) -> bool:
    """Does ``graph`` (a top graph) use any block definition?"""
    is_instance = getattr(graph, "is_instance", None)
    return is_instance is not None and any(is_instance(n) for n in graph.node_ids())


def class_bases(graph) -> dict[str, str]:
    """definition name -> its class's base name (CamelCase, unique, not the top class's)."""
    top = class_name(graph.name)
    taken = {top}
    out = {}
    for name in graph.blocks.order():
        base = class_name(name)
        cand, i = base, 2
        while cand in taken:
            cand = f"{base}_{i}"
            i += 1
        taken.add(cand)
        out[name] = cand
    return out


def definition_names(graph, defn, classes: dict[str, str]) -> dict[str, str]:
    """node id (or ``PARAM + name``) -> Python name inside ``defn``'s class."""
    g = defn.graph
    ns = Namespace(set(reserved()) | set(classes.values()))
    out = {PARAM + p.name: ns.create(p.name, "param") for p in defn.params}
    for n in defn.input_nodes():
        out[n] = ns.create(g.raw(n)["attrs"].get("name", "x"), "x")
    for n in g.topo_order():
        if n in out or g.node(n).spec.is_output:
            continue
        v = g.node(n)
        out[n] = ns.create(v.label, v.op.lower())
    return out


class BlockNames:
    """Every definition's names, computed once per compile."""

    def __init__(self, graph) -> None:
        self.graph = graph
        self.classes = class_bases(graph)
        self._names: dict[str, dict[str, str]] = {}

    def of(self, definition: str) -> dict[str, str]:
        if definition not in self._names:
            self._names[definition] = definition_names(
                self.graph, self.graph.blocks[definition], self.classes)
        return self._names[definition]

    def path(self, top_names: dict[str, str], instances: tuple[str, ...], inner: str) -> str:
        """The attribute path of the flat node ``inner`` reached through ``instances``
        (ids from the top; ``top_names`` names the top graph's instances)."""
        parts = [top_names[instances[0]]]
        g = self.graph
        for i, inst in enumerate(instances):
            definition = g.node(inst).op
            names = self.of(definition)
            nxt = instances[i + 1] if i + 1 < len(instances) else inner
            parts.append(names[nxt])
            g = g.blocks[definition].graph
        return ".".join(parts)
