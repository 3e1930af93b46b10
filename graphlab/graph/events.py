"""Events the graph model emits after each mutation.

Subscribers are plain callables (the Qt canvas is one of them; so are tests). Events
are emitted after the model and its inferred shapes are consistent again, so a
listener may read anything from the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GraphEvent:
    kind: str  # node_added, node_removed, edge_added, edge_removed, attr_changed,
    # node_moved, node_renamed, graph_reset, shapes_changed, meta_changed
    node: str | None = None
    edge: Any = None
    name: str | None = None
    old: Any = None
    new: Any = None
    nodes: frozenset[str] = field(default_factory=frozenset)


Listener = Callable[[GraphEvent], None]


class Emitter:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, fn: Listener) -> Callable[[], None]:
        self._listeners.append(fn)
        return lambda: self.unsubscribe(fn)

    def unsubscribe(self, fn: Listener) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def emit(self, event: GraphEvent) -> None:
        for fn in list(self._listeners):
            fn(event)
