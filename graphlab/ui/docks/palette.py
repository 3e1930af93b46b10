"""The op palette: every registered op by category, a filter box, the op's doc below.

Drag an op onto the canvas to add it there, or double-click to add it in the middle
of the view. Built from the op registry, so a new op appears without UI changes.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from graphlab.graph.ops import ops_by_category
from graphlab.ui import theme
from graphlab.ui.canvas.view import OP_MIME
from graphlab.ui.search_popup import matches

OP_ROLE = Qt.ItemDataRole.UserRole + 1


class OpTree(QTreeWidget):
    """The tree itself: starts a drag carrying the op name."""

    def startDrag(self, actions) -> None:
        item = self.currentItem()
        op = item.data(0, OP_ROLE) if item else None
        if not op:
            return
        mime = QMimeData()
        mime.setData(OP_MIME, op.encode())
        mime.setText(op)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


class Palette(QWidget):
    add_requested = Signal(str)  # op name (double-click)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter ops")
        self.filter.setClearButtonEnabled(True)
        self.tree = OpTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setMouseTracking(True)
        self.tree.viewport().setMouseTracking(True)  # itemEntered: doc on hover
        self.doc = QLabel(self)
        self.doc.setWordWrap(True)
        self.doc.setMinimumHeight(60)
        self.doc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.doc.setObjectName("paletteDoc")  # styled in assets/style.qss
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.doc)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.filter.textChanged.connect(self.apply_filter)
        self.tree.itemEntered.connect(self._show_doc)
        self.tree.currentItemChanged.connect(lambda cur, _: self._show_doc(cur))
        self.tree.itemDoubleClicked.connect(self._double_clicked)

    def _build(self) -> None:
        for category, specs in ops_by_category().items():
            if not specs:
                continue
            head = QTreeWidgetItem([category.title()])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setForeground(0, theme.category_colour(category).lighter(150))
            self.tree.addTopLevelItem(head)
            for spec in specs:
                item = QTreeWidgetItem([spec.name])
                item.setData(0, OP_ROLE, spec.name)
                item.setToolTip(0, f"<b>{spec.name}</b> ({spec.category})<br>{spec.doc}")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                head.addChild(item)
                self._items[spec.name] = item
        self.tree.expandAll()

    def item(self, op: str) -> QTreeWidgetItem:
        return self._items[op]

    def visible_ops(self) -> list[str]:
        return [op for op, it in self._items.items() if not it.isHidden()]

    def apply_filter(self, text: str) -> None:
        from graphlab.graph.ops import REGISTRY

        for op, item in self._items.items():
            item.setHidden(not matches(REGISTRY[op], text))
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            head.setHidden(all(head.child(j).isHidden() for j in range(head.childCount())))

    def _show_doc(self, item) -> None:
        op = item.data(0, OP_ROLE) if item is not None else None
        if op:
            from graphlab.graph.ops import REGISTRY

            spec = REGISTRY[op]
            self.doc.setText(f"<b>{spec.name}</b>: {spec.doc}")

    def _double_clicked(self, item, _column) -> None:
        op = item.data(0, OP_ROLE)
        if op:
            self.add_requested.emit(op)
