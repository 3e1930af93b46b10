"""Hover a convolutional node: its feature maps for the chosen sample, and its filters.

When the pointer rests on a node whose output is an image tensor [N, C, H, W] (a
Conv2d, or the ReLU and pooling after it), the worker runs the forward pass on the
sample the step-through panel has chosen (:class:`~graphlab.worker.protocol.
FeatureMapRequest`) and this popup draws every channel as a grey image (each scaled to
its own range: black its lowest, white its highest) and the node's filters (mid grey is
zero). It is a child of the window, beside the node, so a screenshot of the window
shows it; it goes when the pointer leaves the node.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message

HOVER_DELAY_MS = 250  # a pointer passing over a node asks for nothing
MAP_PX = 56  # the side of one feature map on screen
FILTER_PX = 28
COLUMNS = 8


def grey_pixmap(a: np.ndarray, px: int, symmetric: bool = False) -> QPixmap:
    """A 2-D array as a grey image ``px`` wide, pixels kept square (nearest neighbour)."""
    a = np.asarray(a, np.float64)
    if symmetric:  # zero is mid grey, the largest |value| black or white
        top = float(np.max(np.abs(a))) or 1.0
        u = 0.5 + 0.5 * a / top
    else:
        lo, hi = float(np.min(a)), float(np.max(a))
        u = (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)
    g = np.ascontiguousarray(np.clip(u * 255.0, 0, 255).astype(np.uint8))
    h, w = g.shape
    img = QImage(g.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(img).scaled(px, max(1, round(px * h / w)),
                                         Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.FastTransformation)


class FeatureMapPopup(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.node_id: str | None = None
        self.shown = None  # the FeatureMaps drawn
        self.setFixedWidth(COLUMNS * (MAP_PX + 3) + 20)  # eight maps a row, text wraps
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 8)
        top = QHBoxLayout()
        self.picture = QLabel()  # the sample itself, when it is a picture
        self.picture.setToolTip(translate("FeatureMaps", "the input these maps were computed from"))
        top.addWidget(self.picture)
        self.title = QLabel()
        self.title.setFont(theme.ui_font(9.0, bold=True))
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        lay.addLayout(top)
        self.maps = QGridLayout()
        self.maps.setSpacing(3)
        lay.addLayout(self.maps)
        self.filter_title = QLabel()
        self.filter_title.setWordWrap(True)
        lay.addWidget(self.filter_title)
        self.filters = QGridLayout()
        self.filters.setSpacing(2)
        lay.addLayout(self.filters)
        self.hide()

    def show_text(self, node_id: str, text: str) -> None:
        self.node_id = node_id
        self.shown = None
        self._clear()
        self.title.setText(text)
        self.filter_title.setText("")
        self.adjustSize()
        self.show()
        self.raise_()

    def show_maps(self, fm) -> None:
        self.node_id = fm.node_id
        self.shown = fm
        self._clear()
        self.title.setText(fm.summary())
        if fm.image is not None:
            self.picture.setPixmap(grey_pixmap(fm.image, MAP_PX))
            self.picture.setFixedSize(self.picture.pixmap().size())
            self.picture.show()
        for i, m in enumerate(fm.maps):
            cell = QLabel()
            cell.setPixmap(grey_pixmap(m, MAP_PX))
            cell.setFixedSize(cell.pixmap().size())  # never squashed by a small window
            cell.setToolTip(translate(
                "FeatureMaps", "channel {i}: from {lo} (black) to {hi} (white)").format(
                i=i, lo=f"{m.min():.3g}", hi=f"{m.max():.3g}"))
            self.maps.addWidget(cell, i // COLUMNS, i % COLUMNS)
        if fm.filters is not None:
            o, i_ch, kh, kw = fm.filters.shape
            shape = f"[{o}, {i_ch}, {kh}, {kw}]"
            title = translate("FeatureMaps", "filters {key} {shape} (mid grey is 0, white "
                              "positive, black negative)") if i_ch == 1 else translate(
                "FeatureMaps", "filters {key} {shape} (mid grey is 0, white positive, black "
                "negative, input channel 0 of {n})")
            self.filter_title.setText(title.format(key=fm.filter_key, shape=shape, n=i_ch))
            for j in range(o):
                cell = QLabel()
                cell.setPixmap(grey_pixmap(fm.filters[j, 0], FILTER_PX, symmetric=True))
                cell.setFixedSize(cell.pixmap().size())
                self.filters.addWidget(cell, j // (2 * COLUMNS), j % (2 * COLUMNS))
        else:
            self.filter_title.setText(translate(
                "FeatureMaps", "(this node has no filters of its own: its input's maps, "
                "transformed)"))
        self.adjustSize()
        self.show()
        self.raise_()

    def _clear(self) -> None:
        self.picture.clear()
        self.picture.hide()
        for grid in (self.maps, self.filters):
            while grid.count():
                item = grid.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()


class FeatureMapControl(QObject):
    """Hover -> request -> popup. ``through`` builds the step-through's request (the same
    data choice as the panel)."""

    def __init__(self, live, through) -> None:
        super().__init__(live)
        self.live = live
        self.through = through
        self.popup = FeatureMapPopup(live.window)
        self.pending: str | None = None  # the node asked about
        self._timer = QTimer(self, singleShot=True, interval=HOVER_DELAY_MS)
        self._timer.timeout.connect(self._ask)
        self._wanted = ""
        live.window.canvas.node_hovered.connect(self.hovered)

    def is_image(self, node_id: str) -> bool:
        outs = self.live.window.graph.analysis.node_info(node_id).outputs
        t = next(iter(outs.values()), None)
        return t is not None and t.rank == 4

    def hovered(self, node_id: str) -> None:
        self._wanted = node_id
        if not node_id or not self.is_image(node_id):
            self._timer.stop()
            self.popup.hide()
            return
        self._timer.start()

    def show_for(self, node_id: str) -> bool:
        """Ask for ``node_id``'s maps now (what a resting pointer does)."""
        self._wanted = node_id
        return self._ask()

    def _ask(self) -> bool:
        from graphlab.worker import protocol as P

        n = self._wanted
        if not n or not self.is_image(n):
            return False
        req = P.FeatureMapRequest(P.new_id(), n, self.through())
        self.pending = n
        self.place(n)
        self.popup.show_text(n, translate("FeatureMaps",
                                          "running the forward pass for the feature maps…"))

        def answered(reply) -> None:
            if self.pending != n or self._wanted != n:
                return  # the pointer has moved on
            self.pending = None
            if reply.error:
                self.popup.show_text(n, translate_message(reply.error))
            else:
                self.popup.show_maps(reply.value)
            self.place(n)

        if not self.live.link.request(req, answered):
            self.pending = None
            self.popup.show_text(n, translate("FeatureMaps", "the worker is not running"))
            return False
        return True

    def place(self, node_id: str) -> None:
        """Beside the node on the canvas: right of it, else left, else below it (a
        small canvas), so the node itself stays in sight."""
        w = self.live.window
        view = w.view
        try:
            rect = w.canvas.node_item(node_id).sceneBoundingRect()
        except KeyError:
            return
        port = view.viewport()
        right = port.mapTo(w, view.mapFromScene(rect.topRight()))
        left = port.mapTo(w, view.mapFromScene(rect.topLeft()))
        box = port.rect().translated(port.mapTo(w, QPoint(0, 0)))
        self.popup.resize(self.popup.sizeHint())
        size = self.popup.size()
        bottom = port.mapTo(w, view.mapFromScene(rect.bottomLeft())).y()
        y = min(max(box.top(), right.y()), max(box.top(), box.bottom() - size.height()))
        if right.x() + 12 + size.width() <= box.right():
            x = right.x() + 12
        elif left.x() - 12 - size.width() >= box.left():
            x = left.x() - 12 - size.width()
        else:
            x = min(max(box.left(), left.x()), max(box.left(), box.right() - size.width()))
            y = min(bottom + 12, max(box.top(), box.bottom() - size.height()))
        self.popup.move(QPoint(x, y))
