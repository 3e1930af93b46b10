"""A reroute point on a wire: a small dot the wire passes through (Houdini's dot,
Blender's reroute). Drag it to bend the wire; Delete or its right-click menu removes it.

The item holds only which wire and which point it is; the points themselves are the
model's (``Graph.via``). While dragged it bends its wire on screen; the scene turns
the finished drag into one undo step (graphlab.ui.canvas.notes).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from graphlab.graph.graph import Edge
from graphlab.ui import theme
from graphlab.ui.i18n import translate

RADIUS = 5.0
HIT = 9.0  # the dot is small; it is easier to grab than it looks
_F = QGraphicsItem.GraphicsItemFlag


class RerouteItem(QGraphicsItem):
    def __init__(self, edge: Edge, index: int, at: tuple[float, float], on_moved) -> None:
        super().__init__()
        self.edge, self.index = edge, index
        self._on_moved = on_moved  # called with this item while Qt drags it
        self.setFlags(_F.ItemIsMovable | _F.ItemIsSelectable | _F.ItemSendsGeometryChanges)
        self.setZValue(1.0)  # above wires and nodes: a dot under a node can still be grabbed
        self.setPos(*at)
        self.setToolTip(translate("RerouteItem", "Reroute point: drag to move, Delete or "
                                                 "right click to remove"))

    @property
    def xy(self) -> tuple[float, float]:
        return self.pos().x(), self.pos().y()

    def boundingRect(self) -> QRectF:
        return QRectF(-HIT, -HIT, 2 * HIT, 2 * HIT)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def itemChange(self, change, value):  # noqa: N802 (Qt's name)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._on_moved(self)
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setPen(QPen(theme.NODE_SELECTED if self.isSelected() else theme.NODE_BORDER,
                            1.5))
        painter.setBrush(QBrush(theme.WIRE))
        painter.drawEllipse(QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS))
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(-RADIUS - 3, -RADIUS - 3, 2 * RADIUS + 6, 2 * RADIUS + 6))
