"""Hover a hidden node to see what each of its units computes over the data's plane.

A tooltip-like popup with one small map per unit (dark: the unit's lowest value over
the plane, bright: its highest; the range is written under each), from the newest data
view frame (graphlab/train/plane.py). It listens to the canvas viewport's tooltip
events, so the canvas itself needs no hook; a node without unit maps keeps its usual
tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.live.decision_view import unit_tint

CELL = 56  # pixels per unit map
COLUMNS = 4


def _pixmap(values) -> QPixmap:
    rgb = unit_tint(values[::-1].copy())  # row 0 is the bottom of the plane
    h, w, _ = rgb.shape
    img = QImage(rgb.tobytes(), w, h, 3 * w, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(img.copy()).scaled(CELL, CELL)


class UnitPopup(QFrame):
    """The popup: a title and a grid of unit maps."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setStyleSheet(theme.fill_style_sheet(
            "QFrame { background: @POPUP_BACKGROUND; border: 1px solid @POPUP_BORDER; }"
            "QLabel { border: none; color: @TEXT; }", "unit maps"))
        self.title = QLabel()
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.title)
        lay.addLayout(self.grid)
        self.node_id: str | None = None

    def show_units(self, node_id: str, title: str, maps, ranges, at: QPoint) -> None:
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.node_id = node_id
        self.title.setText(translate(
            "FeatureMaps", "{title}: {n} unit(s) over the data's plane (dark = low, bright = "
            "high)").format(title=title, n=len(maps)))
        for i, (m, (lo, hi)) in enumerate(zip(maps, ranges, strict=True)):
            cell = QLabel()
            cell.setPixmap(_pixmap(m))
            text = QLabel(f"{i}: {lo:.2g}..{hi:.2g}")
            text.setFont(theme.ui_font(7.0))
            self.grid.addWidget(cell, 2 * (i // COLUMNS), i % COLUMNS)
            self.grid.addWidget(text, 2 * (i // COLUMNS) + 1, i % COLUMNS)
        self.adjustSize()
        self.move(at + QPoint(16, 16))
        self.show()


class UnitHover(QObject):
    """Shows :class:`UnitPopup` for the node under the mouse when the data view has its
    unit maps; ``view`` is the canvas's QGraphicsView, ``data`` the DecisionView."""

    def __init__(self, view, data, parent=None) -> None:
        super().__init__(parent or view)
        self.view, self.data = view, data
        self.popup = UnitPopup()
        view.viewport().installEventFilter(self)

    def node_at(self, pos) -> str | None:
        item = self.view.itemAt(pos)
        while item is not None and not hasattr(item, "node_id"):
            item = item.parentItem()
        return getattr(item, "node_id", None)

    def maps_for(self, node_id: str | None):
        frame, setup = self.data.frame, self.data.setup
        if node_id is None or frame is None or setup is None:
            return None
        return frame.units.get(node_id)

    def show_at(self, pos) -> bool:
        """Show the popup for the node at viewport position ``pos``; False: none there."""
        node = self.node_at(pos)
        maps = self.maps_for(node)
        if maps is None:
            self.popup.hide()
            return False
        title = self.data.setup.titles.get(node, node)
        self.popup.show_units(node, title, maps[0], maps[1],
                              self.view.viewport().mapToGlobal(pos))
        return True

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            return self.show_at(event.pos())
        if kind == QEvent.Type.Leave or (kind == QEvent.Type.MouseMove and self.popup.isVisible()
                                         and self.node_at(event.position().toPoint())
                                         != self.popup.node_id):
            self.popup.hide()
        return False
