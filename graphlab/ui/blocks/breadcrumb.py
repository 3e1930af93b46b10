"""The bar above the canvas that says which graph it shows and leads back up.

"mnist › block1 (ResBlock) › inner": each part is a button that goes to that level;
the last part (where the canvas is) is plain bold text. The bar is shown only while
the canvas is inside a block, so the top level keeps the canvas's full height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.short_text import shorten

SEPARATOR = "›"


class Breadcrumb(QWidget):
    go_to = Signal(int)  # depth: 0 is the document's top graph

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("breadcrumb")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFont(theme.ui_font(10.5))  # read from the back of a room too
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(8, 3, 8, 3)
        self._lay.setSpacing(4)
        self.up = QToolButton(self)
        self.up.setText(translate("Blocks", "↑ Up"))
        self.up.setToolTip(
            translate("Blocks", "back to the graph this block is used in (Backspace, Alt+Up)"))
        self.up.setAutoRaise(True)
        self.up.clicked.connect(lambda: self.go_to.emit(max(0, len(self.parts) - 2)))
        self._lay.addWidget(self.up)
        self.parts: list[str] = []
        self._widgets: list[QWidget] = []
        self._lay.addStretch(1)
        self.hide()

    def set_parts(self, parts: list[str]) -> None:
        """``parts[0]`` names the top graph, each later one a level below it."""
        self.parts = list(parts)
        for w in self._widgets:
            self._lay.removeWidget(w)
            w.hide()  # at once: deleteLater waits for the event loop
            w.deleteLater()
        self._widgets = []
        at = 1  # after the Up button
        for depth, text in enumerate(parts):
            if depth:
                sep = QLabel(SEPARATOR, self)
                sep.setStyleSheet(f"color: {theme.TEXT_DIM.name()};")
                self._insert(at, sep)
                at += 1
            last = depth == len(parts) - 1
            if last:
                w = QLabel(f"<b>{_html(shorten(text, 60))}</b>", self)
            else:
                w = QToolButton(self)
                w.setText(shorten(text, 40))
                w.setAutoRaise(True)
                w.setToolTip(translate("Blocks", "go back to this graph"))
                w.clicked.connect(lambda _=False, d=depth: self.go_to.emit(d))
            self._insert(at, w)
            at += 1
        self.setVisible(len(parts) > 1)

    def _insert(self, at: int, w: QWidget) -> None:
        self._lay.insertWidget(at, w)
        self._widgets.append(w)

    def button(self, depth: int) -> QToolButton | None:
        """The button that goes to ``depth`` (tests click it); None for the last part."""
        buttons = [w for w in self._widgets if isinstance(w, QToolButton)]
        return buttons[depth] if depth < len(buttons) else None

    def text(self) -> str:
        return f" {SEPARATOR} ".join(self.parts)


def _html(text: str) -> str:
    from html import escape

    return escape(text)
