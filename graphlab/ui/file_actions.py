"""New, open, open example, save, save as and recent files for one window.

Dialogs go through the window's hook methods (``ask_open_path``, ``ask_save_path``,
``show_error``) so tests can answer them without a modal loop. A file that fails to
load shows the loader's own message and leaves the current graph as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from graphlab.graph.fileformat import SUFFIX, LoadError, load, save
from graphlab.graph.graph import Graph
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message

MAX_RECENT = 8


def needs_layout(graph: Graph) -> bool:
    """Graphs whose nodes all sit at one spot came without positions."""
    first = None
    for n in graph.nx:  # stops at the second position seen
        pos = graph.raw(n)["pos"]
        if first is None:
            first = pos
        elif pos != first:
            return False
    return len(graph) > 1


def prepare(graph: Graph) -> Graph:
    if needs_layout(graph):
        from graphlab.graph.layout import apply_layout

        apply_layout(graph)
    return graph


class FileActions(QObject):
    changed = Signal()  # path or name changed (for the title)

    def __init__(self, window, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.path: Path | None = None
        self.display_name = translate("FileActions", "untitled")

    @property
    def editor(self):
        return self.window.editor

    def show_graph(self, graph: Graph, path: Path | None, name: str) -> None:
        """Make ``graph`` the edited graph (the caller has asked about unsaved work)."""
        self.editor.set_graph(prepare(graph))
        self.path = path
        self.display_name = name
        self.changed.emit()

    def new(self) -> bool:
        if not self.window.maybe_save():
            return False
        self.show_graph(Graph(), None, translate("FileActions", "untitled"))
        return True

    def open(self) -> bool:
        if not self.window.maybe_save():
            return False
        path = self.window.ask_open_path()
        return self.open_path(path) if path else False

    def open_path(self, path) -> bool:
        path = Path(path)
        try:
            graph = load(path)
        except LoadError as err:
            self.window.show_error(translate("FileActions", "Cannot open file"), str(err))
            return False
        self.show_graph(graph, path, path.name)
        self.add_recent(path)
        if problem := getattr(graph, "weights_problem", None):  # the graph opens all the same
            self.window.statusBar().showMessage(translate(
                "FileActions", "{problem}; the graph starts from its seed").format(
                problem=translate_message(problem)), 20000)
        return True

    def open_example(self, name: str) -> bool:
        from graphlab import examples

        try:
            graph = examples.example(name)
        except (KeyError, LoadError) as err:
            self.window.show_error(translate("FileActions", "Cannot open example"), str(err))
            return False
        self.show_graph(graph, None, translate("FileActions", "{name} (example)").format(name=name))
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        suggest = self.path or Path.cwd() / f"{self.editor.graph.name}{SUFFIX}"
        path = self.window.ask_save_path(str(suggest))
        return self.save_to(Path(path)) if path else False

    def save_to(self, path: Path) -> bool:
        weights = getattr(self.window, "weights", None)
        named = weights.named() if weights is not None else None
        # trained weights need the graph's names, which a graph with errors has not
        held_back = weights is not None and bool(weights.store) and not named
        try:
            save(self.editor.graph, path, weights=named or None)
        except OSError as err:
            self.window.show_error(translate("FileActions", "Cannot save"), translate(
                "FileActions", "cannot write {path}: {err}").format(path=path, err=err))
            return False
        self.path = Path(path)
        self.editor.graph.folder = self.path.resolve().parent  # relative data paths' home
        self.display_name = self.path.name
        self.editor.stack.setClean()
        if held_back:
            self.window.statusBar().showMessage(
                translate(
                    "FileActions", "Saved the graph without its trained weights: it has errors, so "
                  "they have no names yet. Fix the errors and save again to keep them."), 15000)
        elif weights is not None:
            weights.saved()
        self.add_recent(self.path)
        self.changed.emit()
        return True

    # ----- recent files ------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path) -> None:
        p = str(Path(path).resolve())
        items = [p] + [r for r in self.recent() if r != p]
        self.settings.setValue("recent_files", items[:MAX_RECENT])
