"""The diagnostics list: every problem in the graph; clicking one selects its node."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from graphlab.graph.diagnostics import ERROR
from graphlab.graph.model import Graph
from graphlab.ui import theme

NODE_ROLE = Qt.ItemDataRole.UserRole + 1


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
        for d in diags:
            mark = "error" if d.severity == ERROR else "warning"
            item = QListWidgetItem(f"{mark}: {d.message}")
            item.setData(NODE_ROLE, d.node)
            item.setForeground(theme.ERROR if d.severity == ERROR else theme.WARNING)
            item.setToolTip(d.message)
            self.addItem(item)

    def messages(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        node = item.data(NODE_ROLE)
        if node:
            self.node_clicked.emit(node)
