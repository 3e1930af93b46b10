"""A node on the canvas: coloured title header, named ports, a problem badge.

The item is drawn from a :class:`NodeLook` computed from the model; ``refresh``
recomputes it after an event about this node, so nothing is rebuilt on redraw.
Ports are painted by the node (not child items) to keep large graphs cheap; the
scene asks :meth:`NodeItem.port_at` for hit testing. Below ``theme.LOD_TEXT`` on
screen, text is dropped; below ``theme.LOD_PORTS`` ports are too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from graphlab.graph.diagnostics import ERROR
from graphlab.graph.inference import BAD, UNKNOWN
from graphlab.graph.model import Graph
from graphlab.ui import theme

_PENS: dict | None = None
_HEADER: QPainterPath | None = None


def _pens() -> dict:
    global _PENS
    if _PENS is None:
        _PENS = {"border": QPen(theme.NODE_BORDER, 1.0), "selected": QPen(theme.NODE_SELECTED, 2.0),
                 "error": QPen(theme.ERROR, 2.0)}
    return _PENS


def _header_path() -> QPainterPath:
    """The title bar: rounded on top, square at the bottom (same for every node)."""
    global _HEADER
    if _HEADER is None:
        _HEADER = QPainterPath()
        _HEADER.setFillRule(Qt.FillRule.WindingFill)
        hr = QRectF(0.5, 0.5, theme.NODE_WIDTH - 1, theme.HEADER_HEIGHT)
        _HEADER.addRoundedRect(hr, 5, 5)
        _HEADER.addRect(QRectF(hr.left(), hr.top() + 6, hr.width(), hr.height() - 6))
    return _HEADER


@dataclass
class NodeLook:
    label: str
    op: str
    category: str
    inputs: list[tuple[str, str]]  # (port name, kind)
    outputs: list[tuple[str, str]]
    summary: str
    status: str
    problems: list[str] = field(default_factory=list)
    severity: str | None = None  # "error" | "warning" | None
    height: float = 0.0


def attr_summary(attrs: dict, limit: int = 2) -> str:
    parts = []
    for k, v in attrs.items():
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, list):
            v = "[" + ",".join(str(x) for x in v) + "]"
        parts.append(f"{k}={v}")
        if len(parts) == limit:
            break
    return "  ".join(parts)


def node_look(graph: Graph, node_id: str) -> NodeLook:
    v = graph.node(node_id)
    spec = v.spec
    info = graph.analysis.node_info(node_id)
    inputs = [(p.name, p.kind) for p in spec.input_ports(v.attrs)]
    outputs = [(p.name, p.kind) for p in spec.outputs]
    if v.op in ("Input", "Output"):
        summary = str(v.attrs.get("name", ""))
        if v.op == "Input":
            summary += " " + "[" + ", ".join(str(d) for d in v.attrs["shape"]) + "]"
    else:
        summary = attr_summary(v.attrs)
    diags = [d for d in info.diagnostics]
    diags += [d for d in graph.analysis.graph_diagnostics if d.node == node_id]
    severity = None
    if diags:
        severity = ERROR if any(d.severity == ERROR for d in diags) else "warning"
    rows = max(len(inputs), len(outputs), 1)
    height = theme.HEADER_HEIGHT + rows * theme.PORT_ROW + (18.0 if summary else 6.0)
    return NodeLook(v.label, v.op, spec.category, inputs, outputs, summary, info.status,
                    [d.message for d in diags], severity, height)


class NodeItem(QGraphicsItem):
    """One graph node. ``node_id`` ties it to the model; its look comes from the model."""

    def __init__(self, graph: Graph, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.look: NodeLook | None = None
        self.dimmed: set[tuple[str, bool]] = set()
        self.wiring = False
        self.hot_port: tuple[str, bool] | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(False)
        self.refresh(graph)
        self.setPos(*graph.node(node_id).pos)

    # ----- model -> look ----------------------------------------------------------------
    def refresh(self, graph: Graph) -> None:
        look = node_look(graph, self.node_id)
        if self.look is None or look.height != self.look.height:
            self.prepareGeometryChange()
            r = theme.PORT_RADIUS + 2
            self._bounds = QRectF(-r, -10.0, theme.NODE_WIDTH + 2 * r + 4, look.height + 10 + r)
        self.look = look
        self._body = QRectF(0.0, 0.0, theme.NODE_WIDTH, look.height)
        colour = theme.category_colour(look.category)
        self._colour = colour.darker(135) if look.status in (UNKNOWN, BAD) else colour
        self.setToolTip(self._tooltip())
        self.update()

    def _tooltip(self) -> str:
        lk = self.look
        lines = [f'{lk.op} "{lk.label}"']
        if lk.problems:
            lines += lk.problems
        elif lk.status == UNKNOWN:
            lines.append("shape unknown: an input is missing or has a problem upstream")
        return "\n".join(lines)

    # ----- geometry ---------------------------------------------------------------------
    @property
    def width(self) -> float:
        return theme.NODE_WIDTH

    def body_rect(self) -> QRectF:
        return QRectF(self._body)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def port_pos(self, name: str, is_output: bool) -> QPointF:
        ports = self.look.outputs if is_output else self.look.inputs
        for i, (n, _) in enumerate(ports):
            if n == name:
                y = theme.HEADER_HEIGHT + (i + 0.5) * theme.PORT_ROW + 2
                return QPointF(theme.NODE_WIDTH if is_output else 0.0, y)
        return QPointF(theme.NODE_WIDTH if is_output else 0.0, theme.HEADER_HEIGHT / 2)

    def port_scene_pos(self, name: str, is_output: bool) -> QPointF:
        return self.mapToScene(self.port_pos(name, is_output))

    def ports(self):
        for name, kind in self.look.inputs:
            yield name, False, kind
        for name, kind in self.look.outputs:
            yield name, True, kind

    def port_at(self, local: QPointF, radius: float = theme.PORT_HIT_RADIUS):
        """(port name, is_output) of the port within ``radius`` of ``local``, or None."""
        best, best_d = None, radius * radius
        for name, is_output, _ in self.ports():
            p = self.port_pos(name, is_output)
            d = (p.x() - local.x()) ** 2 + (p.y() - local.y()) ** 2
            if d <= best_d:
                best, best_d = (name, is_output), d
        return best

    # ----- drawing ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lk = self.look
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        body = self._body
        selected = self.isSelected()
        if lod < theme.LOD_PORTS:
            painter.setPen(_pens()["selected"] if selected else Qt.PenStyle.NoPen)
            painter.setBrush(self._colour)
            painter.drawRect(body)
            if lk.severity:
                painter.setBrush(theme.ERROR if lk.severity == ERROR else theme.WARNING)
                painter.drawRect(QRectF(body.right() - 30, -6, 36, 36))
            return
        pens = _pens()
        painter.setPen(pens["selected"] if selected else pens["border"])
        painter.setBrush(theme.NODE_BODY)
        painter.drawRoundedRect(body, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        painter.drawPath(_header_path())
        if lk.severity == ERROR:
            painter.setPen(pens["error"])
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(-1, -1, 1, 1), 6, 6)
        text = lod >= theme.LOD_TEXT
        if text:
            self._paint_text(painter, body)
        self._paint_ports(painter, text)
        if lk.severity:
            self._paint_badge(painter, body)

    def _paint_text(self, painter: QPainter, body: QRectF) -> None:
        lk = self.look
        title_font, small = theme.ui_font(9.0, bold=True), theme.ui_font(8.0)
        painter.setPen(theme.TEXT)
        painter.setFont(title_font)
        fm = QFontMetricsF(title_font)
        title_rect = QRectF(8, 0, body.width() - 16, theme.HEADER_HEIGHT)
        painter.setFont(small)
        op_w = QFontMetricsF(small).horizontalAdvance(lk.op) + 4
        painter.setPen(QColor(255, 255, 255, 170))
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         lk.op if lk.op != lk.label else "")
        painter.setFont(title_font)
        painter.setPen(theme.TEXT)
        room = title_rect.width() - (op_w if lk.op != lk.label else 0)
        painter.drawText(QRectF(8, 0, room, theme.HEADER_HEIGHT),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(lk.label, Qt.TextElideMode.ElideRight, room))
        painter.setFont(small)
        fm_s = QFontMetricsF(small)
        for name, is_output, _ in self.ports():
            p = self.port_pos(name, is_output)
            r = QRectF(10, p.y() - 8, body.width() - 20, 16)
            align = Qt.AlignmentFlag.AlignRight if is_output else Qt.AlignmentFlag.AlignLeft
            painter.setPen(theme.TEXT_DIM if (name, is_output) in self.dimmed else theme.TEXT)
            painter.drawText(r, align | Qt.AlignmentFlag.AlignVCenter, name)
        if lk.summary:
            painter.setPen(theme.TEXT_DIM)
            r = QRectF(8, body.height() - 18, body.width() - 16, 16)
            painter.drawText(r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             fm_s.elidedText(lk.summary, Qt.TextElideMode.ElideRight, r.width()))

    def _paint_ports(self, painter: QPainter, full: bool) -> None:
        for name, is_output, kind in self.ports():
            p = self.port_pos(name, is_output)
            colour = theme.port_colour(kind)
            radius = theme.PORT_RADIUS
            accepts = False
            if (name, is_output) in self.dimmed:
                colour = QColor(colour)
                colour.setAlpha(50)
            elif self.wiring:
                accepts = True
                radius += 2 if self.hot_port == (name, is_output) else 1
            painter.setPen(QPen(theme.NODE_BORDER, 1.0))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(p, radius, radius)
            if accepts:  # a port that would take the wire being dragged
                painter.setPen(QPen(theme.NODE_SELECTED, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(p, radius + 3, radius + 3)

    def _paint_badge(self, painter: QPainter, body: QRectF) -> None:
        colour = theme.ERROR if self.look.severity == ERROR else theme.WARNING
        c = QPointF(body.right() - 2, 0.0)
        painter.setPen(QPen(theme.NODE_BORDER, 1.0))
        painter.setBrush(colour)
        painter.drawEllipse(c, 8.5, 8.5)
        painter.setPen(QPen(QColor("white"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(c.x(), c.y() - 4.5), QPointF(c.x(), c.y() + 1.0))
        painter.drawPoint(QPointF(c.x(), c.y() + 4.2))

    # ----- dimming while a wire is dragged ----------------------------------------------------
    def set_dimmed(self, ports: set[tuple[str, bool]], wiring: bool = True) -> None:
        """While a wire is dragged: ``ports`` cannot take it; the others get a ring."""
        if ports != self.dimmed or wiring != self.wiring:
            self.dimmed, self.wiring = ports, wiring
            self.update()

    def set_hot_port(self, port: tuple[str, bool] | None) -> None:
        if port != self.hot_port:
            self.hot_port = port
            self.update()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "node_item_moved"):
                scene.node_item_moved(self)
        return super().itemChange(change, value)
