"""A wire on the canvas: a bezier curve from an output port to an input port,
labelled with the tensor shape it carries, red when the receiving port has a problem
and grey and dashed while its shape is unknown."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from graphlab.graph.graph import Edge, Graph
from graphlab.ui import theme

OK, BAD, UNKNOWN = "ok", "bad", "unknown"
BOW_SPAN = 400.0  # wires longer than this (scene units) and nearly level get an arc
BOW_MAX = 150.0
_PENS: dict | None = None
_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_EMPTY = QRectF()


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


def controls(ax: float, ay: float, bx: float, by: float,
             bow: bool = True) -> tuple[float, float, float, float]:
    """The wire's two bezier control points. Long wires that run nearly level (skip
    connections, targets fed to a far-away loss) arc above (ending higher) or below
    (ending lower), so they do not hide behind the nodes they pass."""
    dx = max(40.0, abs(bx - ax) * 0.5)
    lift = 0.0
    span = bx - ax
    if bow and span > BOW_SPAN and abs(by - ay) < BOW_SPAN / 2:
        lift = min(BOW_MAX, 0.12 * span) * (-1.0 if by <= ay else 1.0)
    return ax + dx, ay + lift, bx - dx, by + lift


def bezier(a: QPointF, b: QPointF, bow: bool = True) -> QPainterPath:
    """The wire's curve from ``a`` to ``b`` (see :func:`controls`)."""
    c1x, c1y, c2x, c2y = controls(a.x(), a.y(), b.x(), b.y(), bow)
    path = QPainterPath(a)
    path.cubicTo(QPointF(c1x, c1y), QPointF(c2x, c2y), b)
    return path


def edge_state(graph: Graph, edge: Edge) -> tuple[str, str]:
    """(state, label text) of a wire from the model's analysis."""
    t = graph.analysis.edge_type(edge)
    info = graph.analysis.node_info(edge.dst)
    if any(d.port == edge.dst_port and d.severity == "error" for d in info.diagnostics):
        return BAD, str(t) if t is not None else "?"
    if t is None:
        return UNKNOWN, "?"
    text = _TEXTS.get(t)
    if text is None:
        if len(_TEXTS) > 10_000:
            _TEXTS.clear()
        text = _TEXTS[t] = str(t) if t.dtype == "float32" else f"{t} {t.dtype}"
    return OK, text


_TEXTS: dict = {}  # TensorType -> its label: a big graph has few distinct shapes


def _extent(p0: float, p1: float, p2: float, p3: float) -> tuple[float, float]:
    """(min, max) of a cubic bezier coordinate over t in [0, 1] (the curve's own box,
    as QPainterPath.boundingRect gives it, without making the path)."""
    lo, hi = (p0, p3) if p0 <= p3 else (p3, p0)
    if lo <= p1 <= hi and lo <= p2 <= hi:  # most wires: the curve stays between its ends
        return lo, hi
    a = -p0 + 3 * p1 - 3 * p2 + p3  # B'(t)/3 = a t^2 + b t + c
    b = 2 * (p0 - 2 * p1 + p2)
    c = p1 - p0
    if abs(a) < 1e-12:
        roots = [-c / b] if abs(b) > 1e-12 else []
    else:
        disc = b * b - 4 * a * c
        roots = [] if disc < 0 else [(-b + sgn * disc ** 0.5) / (2 * a) for sgn in (1, -1)]
    for t in roots:
        if 0.0 < t < 1.0:
            u = 1 - t
            v = u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3
            lo, hi = min(lo, v), max(hi, v)
    return lo, hi


_LABEL_WIDTHS: dict[str, float] = {}


def _label_width(text: str) -> float:
    """Width of a shape label; a graph has few distinct ones, so each is measured once."""
    w = _LABEL_WIDTHS.get(text)
    if w is None:
        if len(_LABEL_WIDTHS) > 10_000:
            _LABEL_WIDTHS.clear()
        w = _LABEL_WIDTHS[text] = QFontMetricsF(theme.ui_font(7.0)).horizontalAdvance(text) + 8
    return w


class WireItem(QGraphicsItem):
    """The curve is kept as its four points; the QPainterPath and the hit area are made
    when first painted or hit-tested, so building a big graph makes neither for the
    wires nobody looks at."""

    def __init__(self, edge: Edge) -> None:
        super().__init__()
        self.edge = edge
        self.state, self.text = UNKNOWN, "?"
        self._ends = (0.0, 0.0, 0.0, 0.0)
        self._path: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._label: tuple[float, float, float] = (0.0, 0.0, 0.0)  # left, top, width
        self._label_rect: QRectF | None = None  # made from _label when asked for
        self._bounds = _EMPTY  # set by set_ends, before the wire joins a scene
        self._placed = False
        self._tip_stale = True
        self.setZValue(-1.0)
        self.setFlags(_FLAGS)

    def place(self, a: QPointF | tuple, b: QPointF | tuple, state: str, text: str) -> None:
        """Ends and state at once (one label placement: what building a graph does)."""
        if (state, text) != (self.state, self.text):
            self.state, self.text = state, text
            self._tip_stale = True
        self.set_ends(a, b)
        if self._placed:
            self.update()
        self._placed = True

    def set_state(self, state: str, text: str) -> None:
        if (state, text) != (self.state, self.text):
            self.state, self.text = state, text
            self._tip_stale = True
            self._place_label()
            self.update()

    def set_ends(self, a: QPointF | tuple, b: QPointF | tuple) -> None:
        """Ends as QPointF or (x, y) scene coordinates."""
        ax, ay = (a.x(), a.y()) if isinstance(a, QPointF) else a
        bx, by = (b.x(), b.y()) if isinstance(b, QPointF) else b
        self._ends = (ax, ay, bx, by)
        self._path = self._shape = None
        self._place_label()

    def _place_label(self) -> None:
        if self._placed:
            self.prepareGeometryChange()
        ax, ay, bx, by = self._ends
        c1x, c1y, c2x, c2y = controls(ax, ay, bx, by)
        mx, my = (ax + 3 * c1x + 3 * c2x + bx) / 8, (ay + 3 * c1y + 3 * c2y + by) / 8
        w = _label_width(self.text)
        left, top = mx - w / 2, my - 8
        self._label, self._label_rect = (left, top, w), None
        x0, x1 = _extent(ax, c1x, c2x, bx)
        y0, y1 = _extent(ay, c1y, c2y, by)
        x0, x1 = min(x0, left) - 3, max(x1, left + w) + 3
        y0, y1 = min(y0, top) - 3, max(y1, top + 16) + 3
        self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)

    def ensure_tooltip(self) -> None:
        if self._tip_stale:
            self._tip_stale = False
            super().setToolTip(f"{self.edge.src_port} -> {self.edge.dst_port}: {self.text}")

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def path(self) -> QPainterPath:
        if self._path is None:
            ax, ay, bx, by = self._ends
            self._path = bezier(QPointF(ax, ay), QPointF(bx, by))
        return self._path

    def label_rect(self) -> QRectF:
        if self._label_rect is None:
            left, top, w = self._label
            self._label_rect = QRectF(left, top, w, 16)
        return self._label_rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8.0)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        key = "selected" if self.isSelected() else self.state
        pen, label_pen = _pens()[key]
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        if lod < theme.LOD_TEXT:
            return
        painter.setPen(label_pen)
        painter.setBrush(theme.LABEL_BG)
        label = self.label_rect()
        painter.drawRoundedRect(label, 4, 4)
        painter.setFont(theme.ui_font(7.0))
        painter.setPen(theme.TEXT if self.state != BAD else theme.WIRE_BAD.lighter(130))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self.text)


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
