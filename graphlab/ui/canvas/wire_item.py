"""A wire on the canvas: a bezier curve from an output port to an input port,
labelled with the tensor shape it carries, red when the receiving port has a problem
and grey and dashed while its shape is unknown."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from graphlab.graph.model import Edge, Graph
from graphlab.ui import theme

OK, BAD, UNKNOWN = "ok", "bad", "unknown"
BOW_SPAN = 400.0  # wires longer than this (scene units) and nearly level get an arc
BOW_MAX = 150.0
_PENS: dict | None = None


def _pens() -> dict:
    """(wire pen, label frame pen) per wire state, made once."""
    global _PENS
    if _PENS is None:
        colours = {OK: theme.WIRE, BAD: theme.WIRE_BAD, UNKNOWN: theme.WIRE_UNKNOWN,
                   "selected": theme.NODE_SELECTED}
        _PENS = {}
        for state, colour in colours.items():
            pen = QPen(colour, 2.2 if state == BAD else 1.8)
            if state == UNKNOWN:
                pen.setStyle(Qt.PenStyle.DashLine)
            _PENS[state] = (pen, QPen(colour, 1.0))
    return _PENS


def bezier(a: QPointF, b: QPointF, bow: bool = True) -> QPainterPath:
    """The wire's curve. Long wires that run nearly level (skip connections, targets
    fed to a far-away loss) arc above (ending higher) or below (ending lower), so they
    do not hide behind the nodes they pass."""
    dx = max(40.0, abs(b.x() - a.x()) * 0.5)
    lift = 0.0
    span = b.x() - a.x()
    if bow and span > BOW_SPAN and abs(b.y() - a.y()) < BOW_SPAN / 2:
        lift = min(BOW_MAX, 0.12 * span) * (-1.0 if b.y() <= a.y() else 1.0)
    path = QPainterPath(a)
    path.cubicTo(QPointF(a.x() + dx, a.y() + lift), QPointF(b.x() - dx, b.y() + lift), b)
    return path


def edge_state(graph: Graph, edge: Edge) -> tuple[str, str]:
    """(state, label text) of a wire from the model's analysis."""
    t = graph.analysis.edge_type(edge)
    info = graph.analysis.node_info(edge.dst)
    if any(d.port == edge.dst_port and d.severity == "error" for d in info.diagnostics):
        return BAD, str(t) if t is not None else "?"
    if t is None:
        return UNKNOWN, "?"
    text = str(t) if t.dtype == "float32" else f"{t} {t.dtype}"
    return OK, text


class WireItem(QGraphicsItem):
    def __init__(self, edge: Edge) -> None:
        super().__init__()
        self.edge = edge
        self.state, self.text = UNKNOWN, "?"
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setZValue(-1.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)

    def set_state(self, state: str, text: str) -> None:
        if (state, text) != (self.state, self.text):
            self.state, self.text = state, text
            self._place_label()
            self.setToolTip(f"{self.edge.src_port} -> {self.edge.dst_port}: {text}")
            self.update()

    def set_ends(self, a: QPointF, b: QPointF) -> None:
        self.prepareGeometryChange()
        self._path = bezier(a, b)
        stroker = QPainterPathStroker()
        stroker.setWidth(8.0)
        self._shape = stroker.createStroke(self._path)
        self._place_label()

    def _place_label(self) -> None:
        self.prepareGeometryChange()
        mid = self._path.pointAtPercent(0.5) if not self._path.isEmpty() else QPointF()
        w = QFontMetricsF(theme.ui_font(7.0)).horizontalAdvance(self.text) + 8
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - 8, w, 16)
        self._bounds = self._path.boundingRect().adjusted(-3, -3, 3, 3).united(self._label_rect)

    def path(self) -> QPainterPath:
        return self._path

    def label_rect(self) -> QRectF:
        return self._label_rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        key = "selected" if self.isSelected() else self.state
        pen, label_pen = _pens()[key]
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if lod < theme.LOD_TEXT:
            return
        painter.setPen(label_pen)
        painter.setBrush(theme.LABEL_BG)
        painter.drawRoundedRect(self._label_rect, 4, 4)
        painter.setFont(theme.ui_font(7.0))
        painter.setPen(theme.TEXT if self.state != BAD else theme.WIRE_BAD.lighter(130))
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.text)


class DragWire(QGraphicsPathItem):
    """The wire that follows the mouse while a connection is being drawn."""

    def __init__(self, start: QPointF, from_output: bool) -> None:
        super().__init__()
        self.start, self.from_output = start, from_output
        self.setPen(QPen(theme.NODE_SELECTED, 2.0, Qt.PenStyle.DashLine))
        self.setZValue(10.0)
        self.follow(start)

    def follow(self, p: QPointF) -> None:
        a, b = (self.start, p) if self.from_output else (p, self.start)
        self.setPath(bezier(a, b, bow=False))
