"""A wire on the canvas: a bezier curve from an output port to an input port (through
its reroute points, if it has any), labelled with the tensor shape it carries, red when
the receiving port has a problem and grey and dashed while its shape is unknown.

Where along the wire its label sits is chosen by :mod:`wire_labels` (free of nodes and
of other labels); a label with no free place is drawn only while the pointer is on the
wire."""

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


def segments(ends: tuple[float, float, float, float], via=()) -> list[tuple]:
    """The wire's cubic pieces (ax, ay, c1x, c1y, c2x, c2y, bx, by): one from end to end,
    or one per stretch between reroute points (each leaves and enters level, as in
    Blender and Houdini)."""
    ax, ay, bx, by = ends
    if not via:
        return [(ax, ay, *controls(ax, ay, bx, by), bx, by)]
    stops = [(ax, ay), *via, (bx, by)]
    return [(x0, y0, *controls(x0, y0, x1, y1, bow=False), x1, y1)
            for (x0, y0), (x1, y1) in zip(stops, stops[1:], strict=False)]


def on_cubic(seg: tuple, t: float) -> tuple[float, float]:
    ax, ay, c1x, c1y, c2x, c2y, bx, by = seg
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * ax + b * c1x + c * c2x + d * bx, a * ay + b * c1y + c * c2y + d * by


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
        self._via: tuple = ()  # reroute points (the model's, see graph_frames.py)
        self._segs: list[tuple] = []
        self._label_at = 0.5  # where along the wire (0 source, 1 end) the label sits
        self._label_dy = 0.0  # ... and how far below it (above: negative)
        self.label_shown = True  # False: no free place, drawn only under the pointer
        self._hovered = False
        self._path: QPainterPath | None = None
        self._shape: QPainterPath | None = None
        self._label: tuple[float, float, float] = (0.0, 0.0, 0.0)  # left, top, width
        self._label_rect: QRectF | None = None  # made from _label when asked for
        self._bounds = _EMPTY  # set by set_ends, before the wire joins a scene
        self._placed = False
        self._tip_stale = True
        self.setZValue(-1.0)
        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)

    def place(self, a: QPointF | tuple, b: QPointF | tuple, state: str, text: str,
              via=None) -> None:
        """Ends, state and reroute points at once (one label placement: what building a
        graph does)."""
        if (state, text) != (self.state, self.text):
            self.state, self.text = state, text
            self._tip_stale = True
        self.set_ends(a, b, via)
        if self._placed:
            self.update()
        self._placed = True

    def set_state(self, state: str, text: str) -> None:
        if (state, text) != (self.state, self.text):
            self.state, self.text = state, text
            self._tip_stale = True
            self._place_label()
            self.update()

    def set_ends(self, a: QPointF | tuple, b: QPointF | tuple, via=None) -> None:
        """Ends as QPointF or (x, y) scene coordinates; ``via`` the reroute points
        (None: keep those it has)."""
        ax, ay = (a.x(), a.y()) if isinstance(a, QPointF) else a
        bx, by = (b.x(), b.y()) if isinstance(b, QPointF) else b
        self._ends = (ax, ay, bx, by)
        if via is not None:
            self._via = tuple(via)
        self._segs = segments(self._ends, self._via)
        self._path = self._shape = None
        self._place_label()

    @property
    def via(self) -> tuple:
        return self._via

    def point_at(self, s: float) -> tuple[float, float]:
        """The point ``s`` of the way along the wire (by pieces, then by curve time)."""
        segs = self._segs or segments(self._ends, self._via)
        k = min(len(segs) - 1, int(s * len(segs)))
        return on_cubic(segs[k], s * len(segs) - k)

    def layout_key(self) -> tuple:
        """What the wire's path and label place depend on (overlays redraw when it
        changes)."""
        return (self._ends, self._via, self._label, self.label_shown)

    def pieces(self) -> list[tuple]:
        """The wire's cubic pieces (see :func:`segments`)."""
        return self._segs or segments(self._ends, self._via)

    def span(self) -> float:
        """How long the wire is, end to end through its points (straight lines)."""
        ax, ay, bx, by = self._ends
        stops = [(ax, ay), *self._via, (bx, by)]
        return round(sum(abs(x1 - x0) + abs(y1 - y0)
                         for (x0, y0), (x1, y1) in zip(stops, stops[1:], strict=False)), 1)

    def label_width(self) -> float:
        return _label_width(self.text)

    def set_label(self, s: float, dy: float, shown: bool) -> None:
        """Put the label ``s`` of the way along, ``dy`` below the wire (see wire_labels);
        ``shown`` False draws it only while hovered."""
        if (s, dy, shown) != (self._label_at, self._label_dy, self.label_shown):
            self._label_at, self._label_dy, self.label_shown = s, dy, shown
            self._place_label()
            self.update()

    def _place_label(self) -> None:
        if self._placed:
            self.prepareGeometryChange()
        mx, my = self.point_at(self._label_at)
        my += self._label_dy
        w = _label_width(self.text)
        left, top = mx - w / 2, my - 8
        self._label, self._label_rect = (left, top, w), None
        x0, y0, x1, y1 = left, top, left + w, top + 16
        for ax, ay, c1x, c1y, c2x, c2y, bx, by in self._segs:
            lo, hi = _extent(ax, c1x, c2x, bx)
            x0, x1 = min(x0, lo), max(x1, hi)
            lo, hi = _extent(ay, c1y, c2y, by)
            y0, y1 = min(y0, lo), max(y1, hi)
        self._bounds = QRectF(x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6)

    @property
    def label_drawn(self) -> bool:
        """Whether the label is drawn now (placed free, or the wire is under the pointer
        or selected)."""
        return self.label_shown or self._hovered or self.isSelected()

    def follow_selection(self) -> None:
        """Selected or not (the scene calls this; no itemChange hook on every wire)."""
        self._raise(not self.label_shown and (self._hovered or self.isSelected()))

    def _raise(self, up: bool) -> None:
        """Above the nodes while its hidden label is drawn (it hid under them)."""
        z = 0.5 if up else -1.0
        if self.zValue() != z:
            self.setZValue(z)
            self.update()

    def hoverEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._hovered = True
        if not self.label_shown:
            self._raise(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._hovered = False
        self._raise(self.isSelected() and not self.label_shown)
        super().hoverLeaveEvent(event)

    def ensure_tooltip(self) -> None:
        if self._tip_stale:
            self._tip_stale = False
            super().setToolTip(f"{self.edge.src_port} -> {self.edge.dst_port}: {self.text}")

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def path(self) -> QPainterPath:
        if self._path is None:
            segs = self._segs or segments(self._ends, self._via)
            self._path = QPainterPath(QPointF(segs[0][0], segs[0][1]))
            for _, _, c1x, c1y, c2x, c2y, bx, by in segs:
                self._path.cubicTo(QPointF(c1x, c1y), QPointF(c2x, c2y), QPointF(bx, by))
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
        if lod < theme.LOD_TEXT or not self.label_drawn:
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
