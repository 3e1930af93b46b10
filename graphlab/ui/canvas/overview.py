"""Overview drawing for when the whole of a large graph is on screen.

Below ``theme.LOD_OVERVIEW`` nodes are a few pixels wide, so drawing them one Python
``paint`` call at a time costs more than the picture is worth. In overview mode the
scene marks its items ``ItemHasNoContents`` (they stay selectable and hit-testable)
and the view draws this cache instead: one ``drawRects`` per colour and one path per
wire colour, all in C++. The cache is rebuilt lazily after the scene changes.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from graphlab.ui import theme


class OverviewCache:
    def __init__(self, scene) -> None:
        rects: dict[str, list[QRectF]] = {}
        for item in scene.node_items():
            lk = item.look
            if item.isSelected():
                key = theme.NODE_SELECTED.name()
            elif lk.severity == "error":
                key = theme.ERROR.name()
            else:
                key = theme.category_colour(lk.category).name()
            rects.setdefault(key, []).append(item.body_rect().translated(item.pos()))
        self.rects = [(QBrush(QColor(k)), v) for k, v in rects.items()]
        paths: dict[str, QPainterPath] = {}
        for wire in scene.wire_items():
            colour = {"bad": theme.WIRE_BAD, "unknown": theme.WIRE_UNKNOWN}.get(
                wire.state, theme.WIRE)
            paths.setdefault(colour.name(), QPainterPath()).addPath(wire.path())
        self.paths = [(QPen(QColor(k), 0), p) for k, p in paths.items()]

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for pen, path in self.paths:
            painter.setPen(pen)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for brush, rects in self.rects:
            painter.setBrush(brush)
            painter.drawRects(rects)
