"""The weights of the edited document: trained in a run, saved beside the graph.

A run's end hands its weights here (keyed by node id, :class:`WeightStore`, so they
follow renames and come back when a delete is undone). They are part of the document
but not of the graph: taking them adds no undo step and leaves the graph as it was, yet
marks the document unsaved (the title's mark; closing asks "Save trained weights?").
A built-in lesson never asks. Save writes them beside the graph; opening a file with
weights restores them; Train > Reset weights returns to the seed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from graphlab.train.weights_store import WeightStore
from graphlab.ui.i18n import translate


class DocumentWeights(QObject):
    changed = Signal()  # weights taken, saved, reset, or a new document

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.store = WeightStore()
        self.unsaved = False

    @property
    def graph(self):
        return self.window.editor.graph

    def _lesson(self) -> bool:
        live = getattr(self.window, "live", None)
        return bool(live is not None and live.current_lesson)

    def document_opened(self, graph) -> None:
        """A new document: its saved weights (if the file had readable ones) or the seed."""
        saved = getattr(graph, "saved_weights", None)
        self.store = WeightStore.from_named(graph, saved) if saved else WeightStore()
        self.unsaved = False
        self.changed.emit()

    def take_run(self, run) -> None:
        """The weights a finished (or stopped) run ended with, for the graph it ran."""
        result = getattr(run, "result", None)
        weights = getattr(result, "weights", None)
        if not weights or run.graph is None or not getattr(result, "steps", 0):
            return  # a run that never trained a batch holds only the start's weights
        self.take_named(run.graph, weights)

    def take_named(self, graph, weights: dict) -> None:
        """Weights trained elsewhere (a run on several GPUs), keyed ``fc1.weight`` for
        ``graph`` as it was trained."""
        self.store.update_named(graph, weights)
        self.unsaved = not self._lesson()
        self.changed.emit()

    def named(self) -> dict:
        """The weights that fit the graph as it is now, keyed ``fc1.weight``."""
        return self.store.named(self.graph) if self.store else {}

    def fresh_nodes(self) -> list[str]:
        """Nodes with parameters that the next run starts from the seed."""
        return self.store.fresh_nodes(self.graph)

    def note_for(self, node_id: str) -> str:
        """What the next run starts node ``node_id`` from, for the Inspector."""
        if not self.store:
            return translate("Inspector", "the seed's (not trained yet)")
        have = self.store.by_node.get(node_id)
        if have is None:
            return translate("Inspector", "start fresh: added after training")
        params = self.graph.analysis.node_info(node_id).params  # this node only: cheap
        if {p.name: tuple(p.shape) for p in params} == {k: v.shape for k, v in have.items()}:
            return translate("Inspector", "trained")
        return translate("Inspector", "start fresh: its shapes changed since training")

    def trained(self) -> bool:
        return bool(self.named())

    def recovered(self) -> None:
        """The document came back from an autosave after a crash: its weights (if it
        had any) were never saved to the person's file."""
        if self.store:
            self.unsaved = True
            self.changed.emit()

    def saved(self) -> None:
        self.unsaved = False
        self.changed.emit()

    def reset(self) -> None:
        """Back to the seed's weights (the file's weights are dropped at the next save)."""
        had = bool(self.store)
        self.store = WeightStore()
        self.unsaved = had and not self._lesson()
        self.changed.emit()
