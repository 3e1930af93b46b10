"""The undo command that writes the train dock's settings into the graph's ``training``."""

from __future__ import annotations

from typing import Any

from graphlab.ui.commands import GraphCommand


class SetTrainingCommand(GraphCommand):
    """Replace the graph's training section; undo restores the previous one."""

    def __init__(self, graph, training: dict[str, Any], text: str = "Change training settings"):
        super().__init__(graph, text)
        self.new = {k: (dict(v) if isinstance(v, dict) else v) for k, v in training.items()}
        self.old = {k: (dict(v) if isinstance(v, dict) else v) for k, v in graph.training.items()}

    def redo(self) -> None:
        self.graph.set_meta(training=self.new)

    def undo(self) -> None:
        self.graph.set_meta(training=self.old)


def changed(graph, training: dict[str, Any]) -> bool:
    return any(graph.training.get(k) != v for k, v in training.items())
