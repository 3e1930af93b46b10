"""The add-node search box: Tab on the canvas, or a wire dropped on empty canvas.

A small frame on top of the canvas with a filter line and a list of ops, each with its
category, ranked by how well the typed letters fit (exact, prefix, then fuzzy); Enter or a
click picks one, Escape closes it. It only reports the choice (``chosen``); the view
decides what to add and where.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import OpSpec
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.docs import op_doc
from graphlab.ui.i18n.words import category_word


def fuzzy_score(pattern: str, text: str) -> int | None:
    """How well ``pattern``'s letters appear in order in ``text`` (higher is better), or
    None when they do not: a start or a word/capital start scores most, a run of letters
    more than scattered ones ("lrl" finds LeakyReLU, "bce" BCELoss and BCEWithLogitsLoss)."""
    if not pattern:
        return 0
    low = text.lower()
    score, pos, run = 0, 0, 0
    for ch in pattern:
        i = low.find(ch, pos)
        if i < 0:
            return None
        boundary = i == 0 or text[i].isupper() or not text[i - 1].isalnum()
        run = run + 1 if i == pos and pos else 0
        score += 10 * (i == 0) + 6 * boundary + 4 * run - min(i - pos, 5)
        pos = i + 1
    return score - (len(text) - len(pattern)) // 4


def matches(spec: OpSpec, text: str) -> bool:
    """Every word of ``text`` is in the op's category or fuzzily in its name."""
    words = text.strip().lower().split()
    cat = spec.category.lower()
    return all(w in cat or fuzzy_score(w, spec.name) is not None for w in words)


def rank(spec: OpSpec, text: str) -> tuple:
    t = text.strip().lower()
    name = spec.name.lower()
    fuzzy = sum(fuzzy_score(w, spec.name) or 0 for w in t.split())
    return (name != t, not name.startswith(t), t not in name, -fuzzy, spec.name)


NAME_ROLE = Qt.ItemDataRole.UserRole


class SearchPopup(QFrame):
    chosen = Signal(str)

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("searchPopup")
        self.setStyleSheet(f"#searchPopup {{ background: {theme.POPUP_BACKGROUND}; "
                           f"border: 1px solid {theme.POPUP_BORDER}; }}")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(translate("SearchPopup", "Add node: type to search"))
        self.list = QListWidget(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(3)
        lay.addWidget(self.edit)
        lay.addWidget(self.list)
        self.resize(240, 300)
        self._ops: list[OpSpec] = list(REGISTRY.values())
        self.edit.textChanged.connect(self._fill)
        self.edit.returnPressed.connect(self._pick_current)
        self.list.itemActivated.connect(self._pick)
        self.list.itemClicked.connect(self._pick)
        self.edit.installEventFilter(self)
        self.hide()

    def open_at(self, pos: QPoint, ops: list[OpSpec] | None = None) -> None:
        self._ops = list(ops) if ops is not None else list(REGISTRY.values())
        self.edit.clear()
        self._fill("")
        parent = self.parentWidget().rect()
        x = min(max(0, pos.x()), max(0, parent.width() - self.width()))
        y = min(max(0, pos.y()), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.edit.setFocus()

    def shown_ops(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def _fill(self, text: str) -> None:
        self.list.clear()
        found = sorted((s for s in self._ops if matches(s, text)), key=lambda s: rank(s, text))
        for spec in found:
            item = QListWidgetItem(f"{spec.name}   · {category_word(spec.category)}")
            item.setData(NAME_ROLE, spec.name)
            item.setToolTip(f"{category_word(spec.category)}: {op_doc(spec)}")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _pick_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        self.hide()
        self.chosen.emit(item.data(NAME_ROLE))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == event.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.parentWidget().setFocus()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.list.count():
                    self.list.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)
