"""The Problems list: everything that blocks compiling or training; clicking one selects
its node, and a problem with a repair has a "Fix:" row under it that applies it (one undo
step through the editor)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from graphlab.graph.diagnostics import ERROR, Diagnostic
from graphlab.graph.graph import Graph
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.problems import dataset_loaded, document_problems, load_dataset_now
from graphlab.ui.short_text import shorten

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
FIX_ROLE = Qt.ItemDataRole.UserRole + 2
LOAD_DELAY_MS = 150  # a new dataset is loaded after the window has had a chance to draw
MAX_ROWS = 1000  # a list of 100,000 wrapped rows froze the window; the first ones matter


class DiagnosticsList(QListWidget):
    node_clicked = Signal(str)
    # node id -> problems that shape inference does not know of (plan, dataset), for badges
    extra_problems = Signal(object)

    def __init__(self, editor=None, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemClicked.connect(self._clicked)
        self.problems: list[Diagnostic] = []
        self._graph: Graph | None = None
        self._load_timer = QTimer(self, singleShot=True, interval=LOAD_DELAY_MS)
        self._load_timer.timeout.connect(self._load_dataset)

    def show_graph(self, graph: Graph) -> None:
        self.clear()
        self._graph = graph
        ready = len(graph) == 0 or dataset_loaded(graph)
        diags = self.problems = document_problems(graph, dataset=ready)
        if not ready:  # first sight of this dataset: load it once the window has drawn
            self._load_timer.start()
        own = {id(d) for d in graph.analysis.diagnostics()}
        extra: dict[str, list[Diagnostic]] = {}
        for d in diags:
            if id(d) not in own and d.node:
                extra.setdefault(d.node, []).append(d)
        self.extra_problems.emit(extra)
        if not diags:
            item = QListWidgetItem(translate(
                "Problems", "No problems: every shape is known and the graph is ready to run.")
                if len(graph) else translate(
                "Problems", "The graph is empty: add an Input, the ops and an Output (Tab "
                "adds a node), or open an example."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
            return
        for d in diags[:MAX_ROWS]:
            # a node's name may be a million characters long
            text = shorten(translate_message(d.message))
            item = QListWidgetItem((translate("Problems", "error: {text}") if d.severity == ERROR
                                    else translate("Problems", "warning: {text}")).format(
                text=text))
            item.setData(NODE_ROLE, d.node)
            item.setForeground(theme.ERROR if d.severity == ERROR else theme.WARNING)
            item.setToolTip(text)
            self.addItem(item)
            if d.fix is not None and self.editor is not None:
                fix = QListWidgetItem(translate("Problems", "    Fix: {text} (click)").format(
                    text=shorten(translate_message(d.fix.text))))
                fix.setData(FIX_ROLE, d.fix)
                fix.setToolTip(translate("Problems", "apply this fix (Undo takes it back)"))
                self.addItem(fix)
        if len(diags) > MAX_ROWS:
            item = QListWidgetItem(translate(
                "Problems", "... and {n} more problems (graphlab check FILE lists them all)"
            ).format(n=f"{len(diags) - MAX_ROWS:,}"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def _load_dataset(self) -> None:
        g = self._graph
        if g is not None and len(g) and not dataset_loaded(g):
            load_dataset_now(g)
            self.show_graph(g)

    def messages(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def fix_row(self, index: int = 0) -> QListWidgetItem | None:
        """The ``index``-th "Fix:" row, if there is one."""
        rows = [self.item(i) for i in range(self.count()) if self.item(i).data(FIX_ROLE)]
        return rows[index] if index < len(rows) else None

    def _clicked(self, item: QListWidgetItem) -> None:
        fix = item.data(FIX_ROLE)
        if fix is not None and self.editor is not None:
            if fix.node in self.editor.graph:
                self.editor.set_attr(fix.node, fix.attr, fix.value)
            return
        node = item.data(NODE_ROLE)
        if node:
            self.node_clicked.emit(node)
