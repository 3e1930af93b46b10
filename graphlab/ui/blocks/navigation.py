"""Which graph the canvas shows: the document, or the inside of a block instance.

The path from the document down is a list of :class:`Level` (instance id, definition
name). The shown graph is found again from the path whenever the document is reset
(undo of a group, open, recover), so the canvas never shows a definition that is gone
or an inner graph object the document has replaced: levels that no longer resolve are
dropped and the canvas goes up to the deepest one that still does.
"""

from __future__ import annotations

from typing import NamedTuple

from graphlab.graph.blocks import BlockContext
from graphlab.graph.graph import Graph
from graphlab.ui.i18n import translate


class Level(NamedTuple):
    instance: str  # the instance's node id in the graph one level up
    definition: str  # the definition it was an instance of when entered


def library(graph: Graph):
    """The document's block library, or None (a model without blocks)."""
    return getattr(graph, "blocks", None)


def inner_graph(top: Graph, definition: str) -> Graph | None:
    lib = library(top)
    if lib is None or definition not in lib:
        return None
    return lib[definition].graph


def is_instance(graph: Graph, node_id: str) -> bool:
    check = getattr(graph, "is_instance", None)
    return bool(check is not None and node_id in graph and check(node_id))


def resolve(top: Graph, path: list[Level]) -> tuple[list[Level], list[Graph]]:
    """The longest prefix of ``path`` that still resolves, with the graph of each level
    (``graphs[0]`` is ``top``)."""
    graphs = [top]
    kept: list[Level] = []
    for lv in path:
        g = graphs[-1]
        if lv.instance not in g:
            break
        op = g.raw(lv.instance)["op"]  # a renamed or forked block: the instance's own
        inner = inner_graph(top, op)
        if inner is None:
            break
        kept.append(Level(lv.instance, op))
        graphs.append(inner)
    return kept, graphs


def context_of(graph: Graph, instance_id: str) -> BlockContext:
    """What instance ``instance_id`` of ``graph`` feeds its inside: the types on its
    inputs and its parameter values (the inside is shown with that instance's shapes)."""
    info = graph.analysis.node_info(instance_id)
    return BlockContext(dict(info.inputs), dict(graph.raw(instance_id)["attrs"]))


class Navigation:
    """The path of the shown graph; ``on_change(graph)`` runs when it changes.

    Each entered inside is analysed as its instance sees it (``Graph.set_context``),
    kept up to date when the document changes and dropped when the canvas leaves it."""

    def __init__(self, top: Graph, on_change) -> None:
        self._on_change = on_change
        self.top = top
        self.path: list[Level] = []
        self._graphs: list[Graph] = [top]
        self._unsubscribe = top.subscribe(self._top_event)

    @property
    def current(self) -> Graph:
        return self._graphs[-1]

    @property
    def depth(self) -> int:
        return len(self.path)

    def graphs(self) -> list[Graph]:
        return list(self._graphs)

    def reset(self, top: Graph) -> None:
        """A new document: back at its top, no change signalled (the caller replaces)."""
        self._unsubscribe()
        self.top, self.path, self._graphs = top, [], [top]
        self._unsubscribe = top.subscribe(self._top_event)

    def _top_event(self, ev) -> None:
        if ev.kind == "graph_reset":
            self.refresh()
        elif ev.kind in ("shapes_changed", "block_changed") and self.path:
            self.refresh()  # a block renamed or forked under the canvas
            self.sync_contexts()

    def enter(self, instance_id: str) -> str | None:
        """Go into an instance of the shown graph; None, or why not."""
        g = self.current
        if not is_instance(g, instance_id):
            return translate("Blocks",
                             "only a block instance can be entered (double-click a block)")
        lv = Level(instance_id, g.node(instance_id).op)
        path, graphs = resolve(self.top, self.path + [lv])
        if len(path) != len(self.path) + 1:
            return translate("Blocks", "the definition {name} is not in this file").format(
                name=repr(lv.definition))
        self._set(path, graphs)
        return None

    def go_to(self, depth: int) -> None:
        """Up to ``depth`` levels below the top (0: the top graph)."""
        depth = max(0, min(depth, len(self.path)))
        if depth != len(self.path):
            self._set(self.path[:depth], self._graphs[:depth + 1])

    def up(self) -> bool:
        if not self.path:
            return False
        self.go_to(len(self.path) - 1)
        return True

    def refresh(self) -> None:
        """After the document was reset: find the path again (and signal when the shown
        graph is another object or the path got shorter)."""
        path, graphs = resolve(self.top, self.path)
        if path != self.path or graphs[-1] is not self._graphs[-1]:
            self._set(path, graphs)

    def _set(self, path: list[Level], graphs: list[Graph]) -> None:
        left = [g for g in self._graphs[1:] if all(g is not h for h in graphs)]
        self.path, self._graphs = list(path), list(graphs)
        for g in left:  # an inside no longer shown is analysed for its defaults again
            if g.context is not None and self._is_defined(g):
                g.set_context(None)
        self.sync_contexts()
        self._on_change(self.current)

    def _is_defined(self, g: Graph) -> bool:
        lib = library(self.top)
        return lib is not None and g.definition in lib and lib[g.definition].graph is g

    def sync_contexts(self) -> None:
        """Give each entered inside its instance's input types and values (only where
        they changed: setting one re-infers every instance of that definition)."""
        for lv, outer, inner in zip(self.path, self._graphs, self._graphs[1:], strict=False):
            if lv.instance not in outer:
                return
            ctx = context_of(outer, lv.instance)
            if inner.context != ctx:
                inner.set_context(ctx)
