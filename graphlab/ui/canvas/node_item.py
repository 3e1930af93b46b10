"""A node on the canvas: coloured title header, named ports, a problem badge.

The item is drawn from a :class:`NodeLook` computed from the model; ``refresh``
recomputes it after an event about this node, so nothing is rebuilt on redraw.
Ports are painted by the node (not child items) to keep large graphs cheap; the
scene asks :meth:`NodeItem.port_at` for hit testing. The header's elided label and the
tooltip are made when first needed, not for each of a big graph's nodes as it loads. Below ``theme.LOD_TEXT`` on
screen, text is dropped; below ``theme.LOD_PORTS`` ports are too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from graphlab.graph.blocks import BLOCK_CATEGORY, ParamRef
from graphlab.graph.diagnostics import ERROR
from graphlab.graph.graph import Graph
from graphlab.graph.inference import BAD, UNKNOWN
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.short_text import shorten

_PENS: dict | None = None
_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
          | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
TITLE_CHARS = 200  # more than ever fit in a header
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
    block: bool = False  # an instance of a block: drawn as a stack, double-click enters


SUMMARY_LINE = 14.0  # height of one line of a node's attribute summary
BLOCK_PARAM_LINES = 4  # a block instance lists this many of its parameters
STACK_OFFSET = 4.0  # the card drawn behind a block instance (it holds a graph)


def attr_summary(attrs: dict, limit: int = 2) -> str:
    """The first ``limit`` set attributes, one per line: side by side they were cut off
    at a node's width ("in_features=10 out_f...")."""
    parts = []
    for k, v in attrs.items():
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, ParamRef):  # inside a block: the instance's parameter decides
            v = f"${v.param}"
        elif isinstance(v, list):
            v = "[" + ",".join(str(x) for x in v) + "]"
        parts.append(f"{k}={v}")
        if len(parts) == limit:
            break
    return "\n".join(parts)


def node_look(graph: Graph, node_id: str, extra=()) -> NodeLook:
    """What to draw; ``extra``: problems found beyond shape inference (plan, dataset)."""
    v = graph.raw(node_id)
    op, attrs = v["op"], v["attrs"]
    spec = graph.spec_of(op)
    block = spec.category == BLOCK_CATEGORY
    info = graph.analysis.node_info(node_id)
    inputs = [(p.name, p.kind) for p in spec.input_ports(attrs)]
    outputs = _outputs(spec)
    if spec.is_input or spec.is_output:  # the name it has in the generated code
        summary = str(attrs.get("name", ""))
        if spec.is_input:
            summary += " " + "[" + ", ".join(str(d) for d in attrs["shape"]) + "]"
    elif block:  # its block parameters, the attributes an instance has
        summary = attr_summary(attrs, limit=BLOCK_PARAM_LINES)
    else:
        summary = attr_summary(attrs)
        if "=$" in summary:  # inside a block: a long "name=$param" goes on two lines
            summary = "\n".join(_param_lines(summary.split("\n")))
    diags = list(info.diagnostics)
    if graph.analysis.graph_diagnostics:
        diags += [d for d in graph.analysis.graph_diagnostics if d.node == node_id]
    diags += [d for d in extra if d not in diags]
    severity = None
    if diags:
        severity = ERROR if any(d.severity == ERROR for d in diags) else "warning"
    rows = max(len(inputs), len(outputs), 1)
    lines = summary.count("\n") + 1 if summary else 0
    height = theme.HEADER_HEIGHT + rows * theme.PORT_ROW + 4.0 + SUMMARY_LINE * lines + (
        0.0 if lines else 2.0)
    return NodeLook(v["label"], op, spec.category, inputs, outputs, summary, info.status,
                    [d.message for d in diags], severity, height, block)


def _param_lines(lines: list[str]) -> list[str]:
    room = theme.NODE_WIDTH - 16
    out = []
    for line in lines:
        name, sep, param = line.partition("=$")
        if sep and _metrics(8.0).horizontalAdvance(line) > room:
            out += [f"{name} =", f"    ${param}"]
        else:
            out.append(line)
    return out


_OUTPUTS: dict[str, list[tuple[str, str]]] = {}


def _outputs(spec) -> list[tuple[str, str]]:
    """An op's output ports never depend on attributes: one list per op, shared (a
    block's ports change with its inside: never cached)."""
    if spec.category == BLOCK_CATEGORY:
        return [(p.name, p.kind) for p in spec.outputs]
    out = _OUTPUTS.get(spec.name)
    if out is None:
        out = _OUTPUTS[spec.name] = [(p.name, p.kind) for p in spec.outputs]
    return out


@functools.cache
def _fill(category: str, dark: bool) -> QColor:
    colour = theme.category_colour(category)
    return colour.darker(135) if dark else colour


@functools.cache
def _rects(height: float) -> tuple[QRectF, QRectF, tuple[float, float, float, float]]:
    """(bounding rect, body rect, bounding box as numbers) of a node this tall: shared
    by every node of that height (Qt copies what boundingRect returns)."""
    r = theme.PORT_RADIUS + 2
    bounds = QRectF(-r, -10.0, theme.NODE_WIDTH + 2 * r + 4, height + 10 + r)
    box = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom())
    return bounds, QRectF(0.0, 0.0, theme.NODE_WIDTH, height), box


@functools.cache
def _metrics(size: float, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(theme.ui_font(size, bold))


class NodeItem(QGraphicsItem):
    """One graph node. ``node_id`` ties it to the model; its look comes from the model."""

    def __init__(self, graph: Graph, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.look: NodeLook | None = None
        self.dimmed: set[tuple[str, bool]] = set()
        self.wiring = False
        self.hot_port: tuple[str, bool] | None = None
        self.extra: list = []  # problems beyond shape inference, badged too
        # no ItemSendsGeometryChanges and no itemChange override: Qt called into Python
        # about 14 times per item while a graph was built; the scene moves the wires
        self.setFlags(_FLAGS)
        self._new = True  # not in a scene yet: no geometry notice or update needed
        self.refresh(graph)
        self._new = False
        self.setPos(*graph.raw(node_id)["pos"])

    # ----- model -> look ----------------------------------------------------------------
    def refresh(self, graph: Graph) -> None:
        look = node_look(graph, self.node_id, self.extra)
        if self.look is None or look.height != self.look.height:
            if not self._new:
                self.prepareGeometryChange()
            self._bounds, self._body, self.box = _rects(look.height)
        self.look = look
        self._port_xy: dict[tuple[str, bool], tuple[float, float]] = {}
        self._colour = _fill(look.category, look.status in (UNKNOWN, BAD))
        self._title: str | None = None  # the label elided to the header, made when painted
        self._tip_stale = True  # the tooltip is made when first asked for
        if not self._new:
            self.update()

    def _tooltip(self) -> str:
        lk = self.look
        lines = [f'{lk.op} "{lk.label}"']
        if lk.block:
            lines.append(translate("NodeItem", "block: double-click to open it"))
        if lk.problems:
            lines += [translate_message(p) for p in lk.problems]
        elif lk.status == UNKNOWN:
            lines.append(translate(
                "NodeItem", "shape unknown: an input is missing or has a problem upstream"))
        return shorten("\n".join(lines))

    def ensure_tooltip(self) -> None:
        if self._tip_stale:
            self._tip_stale = False
            super().setToolTip(self._tooltip())

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def setToolTip(self, text: str) -> None:  # noqa: N802 (another panel's own text)
        self._tip_stale = False
        super().setToolTip(text)

    # ----- geometry ---------------------------------------------------------------------
    @property
    def width(self) -> float:
        return theme.NODE_WIDTH

    def body_rect(self) -> QRectF:
        return QRectF(self._body)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def port_offset(self, name: str, is_output: bool) -> tuple[float, float]:
        """(x, y) of a port in the item's coordinates."""
        xy = self._port_xy.get((name, is_output))
        if xy is None:
            ports = self.look.outputs if is_output else self.look.inputs
            x = theme.NODE_WIDTH if is_output else 0.0
            xy = (x, theme.HEADER_HEIGHT / 2)
            for i, (n, _) in enumerate(ports):
                if n == name:
                    xy = (x, theme.HEADER_HEIGHT + (i + 0.5) * theme.PORT_ROW + 2)
            self._port_xy[(name, is_output)] = xy
        return xy

    @property
    def xy(self) -> tuple[float, float]:
        """The item's position as plain numbers (kept by setPos)."""
        return self._xy

    def setPos(self, *args) -> None:  # noqa: N802 (Qt's name)
        super().setPos(*args)
        if len(args) == 2:
            self._xy = (float(args[0]), float(args[1]))
        else:
            p = self.pos()
            self._xy = (p.x(), p.y())

    def mouseMoveEvent(self, event) -> None:  # Qt drags selected items with setPos in C++
        super().mouseMoveEvent(event)
        scene = self.scene()
        for it in scene.selectedItems() if scene is not None else ():
            if isinstance(it, NodeItem):
                p = it.pos()
                it._xy = (p.x(), p.y())

    def port_pos(self, name: str, is_output: bool) -> QPointF:
        return QPointF(*self.port_offset(name, is_output))

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
        if lk.block:  # a second card behind: this node holds a graph
            painter.setPen(pens["border"])
            painter.setBrush(self._colour.darker(160))
            painter.drawRoundedRect(body.translated(STACK_OFFSET, STACK_OFFSET), 5, 5)
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

    def title_text(self) -> str:
        """The label as drawn in the header: elided to the room left by the op name (a
        label of a million characters is cut before Qt measures it)."""
        if self._title is None:
            lk = self.look
            room = self._title_room()
            label = lk.label if len(lk.label) <= TITLE_CHARS else lk.label[:TITLE_CHARS]
            self._title = _metrics(9.0, True).elidedText(label, Qt.TextElideMode.ElideRight,
                                                         room)
        return self._title

    def _title_room(self) -> float:
        lk = self.look
        op_w = _metrics(8.0).horizontalAdvance(lk.op) + 4 if lk.op != lk.label else 0.0
        return theme.NODE_WIDTH - 16 - op_w

    def _paint_text(self, painter: QPainter, body: QRectF) -> None:
        lk = self.look
        title_font, small = theme.ui_font(9.0, bold=True), theme.ui_font(8.0)
        title_rect = QRectF(8, 0, body.width() - 16, theme.HEADER_HEIGHT)
        painter.setFont(small)
        painter.setPen(theme.NODE_OP_TEXT)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         lk.op if lk.op != lk.label else "")
        painter.setFont(title_font)
        painter.setPen(theme.TEXT)
        painter.drawText(QRectF(8, 0, self._title_room(), theme.HEADER_HEIGHT),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.title_text())
        painter.setFont(small)
        fm_s = _metrics(8.0)
        for name, is_output, _ in self.ports():
            p = self.port_pos(name, is_output)
            r = QRectF(10, p.y() - 8, body.width() - 20, 16)
            align = Qt.AlignmentFlag.AlignRight if is_output else Qt.AlignmentFlag.AlignLeft
            painter.setPen(theme.TEXT_DIM if (name, is_output) in self.dimmed else theme.TEXT)
            painter.drawText(r, align | Qt.AlignmentFlag.AlignVCenter, name)
        if lk.summary:
            painter.setPen(theme.TEXT_DIM)
            lines = lk.summary.split("\n")
            top = body.height() - 2 - SUMMARY_LINE * len(lines)
            for i, line in enumerate(lines):
                r = QRectF(8, top + i * SUMMARY_LINE, body.width() - 16, SUMMARY_LINE)
                painter.drawText(r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 fm_s.elidedText(line, Qt.TextElideMode.ElideRight, r.width()))

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
        painter.setPen(QPen(theme.BADGE_MARK, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
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

