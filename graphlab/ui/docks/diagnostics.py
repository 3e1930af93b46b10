"""The diagnostics list: every problem in the graph; clicking one selects its node."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from graphlab.graph.diagnostics import ERROR
from graphlab.graph.graph import Graph
from graphlab.ui import theme
from graphlab.ui.short_text import shorten

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_ROWS = 1000  # a list of 100,000 wrapped rows froze the window; the first ones matter


class DiagnosticsList(QListWidget):
    node_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemClicked.connect(self._clicked)

    def show_graph(self, graph: Graph) -> None:
        self.clear()
        diags = graph.analysis.diagnostics()
        if not diags:
            item = QListWidgetItem("No problems: every shape is known.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
            return
        for d in diags[:MAX_ROWS]:
            mark = "error" if d.severity == ERROR else "warning"
            text = shorten(d.message)  # a node's name may be a million characters long
            item = QListWidgetItem(f"{mark}: {text}")
            item.setData(NODE_ROLE, d.node)
            item.setForeground(theme.ERROR if d.severity == ERROR else theme.WARNING)
            item.setToolTip(text)
            self.addItem(item)
        if len(diags) > MAX_ROWS:
            item = QListWidgetItem(f"... and {len(diags) - MAX_ROWS:,} more problems "
                                   "(graphlab check FILE lists them all)")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def messages(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        node = item.data(NODE_ROLE)
        if node:
            self.node_clicked.emit(node)
