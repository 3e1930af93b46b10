"""Items drawn over the editor's canvas while training or stepping: glows, wires, badges.

The overlay owns one halo and one badge per node and one flow path per wire, created
when the graph's structure changes and otherwise only restyled: pens, brushes and
text are changed on existing items, nothing is rebuilt per frame. The editor's own
node and wire items are left alone, except that a node's tooltip is replaced by the
live histograms while values are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from graphlab.graph.graph import Edge
from graphlab.ui import theme
from graphlab.ui.short_text import shorten

BADGE_PAD = 4.0
class NodeBadge(QGraphicsItem):
    """A compact box under a node: value mean ± std, gradient norm, a health cue."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: tuple[str, ...] = ()
        self.cue: str = ""
        self.cue_colour = QColor(theme.WARNING)
        self.highlight = False
        self._rect = QRectF()
        self.setZValue(2.0)
        self.setAcceptHoverEvents(False)

    def set_text(self, lines, cue: str = "", cue_colour: QColor | None = None,
                 highlight: bool = False) -> bool:
        """Change what the badge says; returns whether anything changed."""
        lines = tuple(s for s in lines if s)
        if (lines, cue, highlight) == (self.lines, self.cue, self.highlight) and (
                cue_colour is None or cue_colour == self.cue_colour):
            return False
        self.lines, self.cue, self.highlight = lines, cue, highlight
        if cue_colour is not None:
            self.cue_colour = QColor(cue_colour)
        fm = QFontMetricsF(theme.mono_font(7.5))
        rows = list(self.lines) + ([self.cue] if self.cue else [])
        w = max((fm.horizontalAdvance(s) for s in rows), default=0.0) + 2 * BADGE_PAD
        h = len(rows) * fm.height() + 2 * BADGE_PAD - 2 if rows else 0.0
        self.prepareGeometryChange()
        self._rect = QRectF(0, 0, max(w, 40.0), h) if rows else QRectF()
        self.setVisible(bool(rows))
        self.update()
        return True

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.lines and not self.cue:
            return
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        border = theme.NODE_SELECTED if self.highlight else (
            self.cue_colour if self.cue else theme.PANEL_EDGE)
        painter.setPen(QPen(border, 1.5 if self.highlight or self.cue else 1.0))
        painter.setBrush(theme.BADGE_FILL)
        painter.drawRoundedRect(self._rect, 4, 4)
        if lod < theme.LOD_TEXT:
            return
        painter.setFont(theme.mono_font(7.5))
        fm = QFontMetricsF(theme.mono_font(7.5))
        y = BADGE_PAD
        painter.setPen(theme.TEXT)
        for s in self.lines:
            painter.drawText(QRectF(BADGE_PAD, y, self._rect.width(), fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, s)
            y += fm.height()
        if self.cue:
            painter.setPen(self.cue_colour)
            painter.drawText(QRectF(BADGE_PAD, y, self._rect.width(), fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.cue)


class NodeHalo(QGraphicsPathItem):
    """The glow behind a node that lights up when a sweep reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-0.5)
        self.setPen(Qt.PenStyle.NoPen)
        self.level = 0.0
        self.colour = QColor(theme.NO_GLOW)
        self.setBrush(QBrush(self.colour))

    def set_glow(self, colour: QColor, level: float) -> None:
        level = max(0.0, min(1.0, level))
        if level == self.level and colour.rgb() == self.colour.rgb():
            return
        self.level = level
        self.colour = QColor(colour)
        c = QColor(colour)
        c.setAlpha(int(230 * level))
        self.setBrush(QBrush(c))


class FlowWire(QGraphicsPathItem):
    """A wire's twin on top of it, restyled with the value or gradient it carries. It
    leaves out the wire's shape label, which a thick pen would otherwise paint over."""

    def __init__(self, edge: Edge) -> None:
        super().__init__()
        self.edge = edge
        self.placed: tuple[float, ...] | None = None  # ends and label it was laid out for
        self.style: tuple[float, int] | None = None
        self._clip: QRegion | None = None  # everything but the label (rects: fast to clip)
        self.setZValue(-0.9)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setPen(QPen(Qt.PenStyle.NoPen))

    def set_ends(self, wire) -> None:
        """Lie on the canvas wire ``wire`` (through its reroute points), less its label."""
        placed = wire.layout_key()
        if placed != self.placed:
            self.placed = placed
            self.setPath(wire.path())
            label = wire.label_rect() if wire.label_shown else QRectF()
            area = self.boundingRect().united(label).toAlignedRect()
            self._clip = (QRegion(area) - QRegion(label.toAlignedRect())
                          if not label.isEmpty() else None)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._clip is None:
            super().paint(painter, option, widget)
            return
        painter.save()  # the scene does not restore a clip for the next item
        painter.setClipRegion(self._clip, Qt.ClipOperation.IntersectClip)
        super().paint(painter, option, widget)
        painter.restore()

    def set_style(self, width: float, colour: QColor | None) -> bool:
        style = None if colour is None else (round(width, 2), colour.rgba())
        if style == self.style:
            return False
        self.style = style
        if colour is None:
            self.setPen(QPen(Qt.PenStyle.NoPen))
        else:
            self.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        return True


class LiveOverlay:
    """The halos, badges and flow wires of one scene, kept in step with its items."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.halos: dict[str, NodeHalo] = {}
        self.badges: dict[str, NodeBadge] = {}
        self.wires: dict[Edge, FlowWire] = {}
        self._tooltips: set[str] = set()
        self.visible = True
        self._cached = False

    # ----- structure (only when the graph changed) --------------------------------------
    def sync(self) -> None:
        nodes = {it.node_id: it for it in self.scene.node_items()}
        edges = {w.edge for w in self.scene.wire_items()}
        for n in [n for n in self.halos if n not in nodes]:
            self.scene.removeItem(self.halos.pop(n))
            self.scene.removeItem(self.badges.pop(n))
        for e in [e for e in self.wires if e not in edges]:
            self.scene.removeItem(self.wires.pop(e))
        for n in nodes:
            if n not in self.halos:
                self.halos[n] = NodeHalo()
                self.badges[n] = NodeBadge()
                self.scene.addItem(self.halos[n])
                self.scene.addItem(self.badges[n])
        for e in edges:
            if e not in self.wires:
                self.wires[e] = FlowWire(e)
                self.scene.addItem(self.wires[e])
        self.place()

    def follow(self, node_id: str) -> None:
        """A node moved (dragged, undone, laid out): its glow, badge and wires follow at
        once instead of at the next sweep."""
        halo = self.halos.get(node_id)
        item = self.scene.node_item(node_id) if halo is not None else None
        if item is None:
            return
        halo.setPos(item.pos())
        self.badges[node_id].setPos(item.pos() + QPointF(0.0, item.body_rect().height() + 5.0))
        for e, w in self.wires.items():
            if node_id in (e.src, e.dst):
                w.set_ends(self.scene.wire_item(e))

    def drop(self, node_id: str | None = None, edge: Edge | None = None) -> None:
        """A node or wire was deleted: its glow, badge and flow go at once (one item, not
        a pass over the whole scene: edits after a run stay cheap on a large graph)."""
        for e in [e for e in self.wires if e == edge or node_id in (e.src, e.dst)]:
            self.scene.removeItem(self.wires.pop(e))
        if node_id in self.halos:
            self.scene.removeItem(self.halos.pop(node_id))
            self.scene.removeItem(self.badges.pop(node_id))
        self._tooltips.discard(node_id)

    def forget_node(self, node_id: str) -> None:
        """What a node showed came from inputs that have changed: plain look again."""
        if node_id in self.halos:
            self.halos[node_id].set_glow(theme.NO_GLOW, 0.0)
            self.badges[node_id].set_text(())
            for w in self.wires_out(node_id):
                w.set_style(0.0, None)

    def in_step(self) -> bool:
        return (len(self.halos) == len(self.scene.node_items())
                and len(self.wires) == len(self.scene.wire_items()))

    def place(self) -> None:
        """Follow node positions (cheap: items only move when their node moved)."""
        for n, halo in self.halos.items():
            item = self.scene.node_item(n)
            body = item.body_rect()
            path = QPainterPath()
            path.addRoundedRect(body.adjusted(-7, -7, 7, 7), 10, 10)
            if halo.pos() != item.pos() or halo.path().boundingRect() != path.boundingRect():
                halo.setPath(path)
                halo.setPos(item.pos())
            badge_pos = item.pos() + QPointF(0.0, body.height() + 5.0)
            if self.badges[n].pos() != badge_pos:
                self.badges[n].setPos(badge_pos)
        for e, w in self.wires.items():
            w.set_ends(self.scene.wire_item(e))

    def ensure(self) -> None:
        if not self.in_step():
            self.sync()
        else:
            self.place()
        self._cache_nodes(True)

    def _cache_nodes(self, on: bool) -> None:
        """While sweeps run, nodes and badges are drawn from pixmaps Qt keeps: a halo
        lighting up under a node would otherwise call the node's Python ``paint`` (text
        layout and all) at every sweep tick, competing with training for the GIL. Off
        again in the plain editor, where zooming would re-render every cache."""
        if not on and not self._cached:
            return
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if on else \
            QGraphicsItem.CacheMode.NoCache
        for item in list(self.scene.node_items()) + list(self.badges.values()):
            if item.cacheMode() != mode:
                item.setCacheMode(mode)
        self._cached = on

    # ----- styling ----------------------------------------------------------------------
    def set_node_tooltip(self, node_id: str, text: str) -> None:
        text = shorten(text, 4000)  # a node name may be a million characters
        item = self.scene.node_item(node_id)
        if item.toolTip() != text:
            item.setToolTip(text)
            self.badges[node_id].setToolTip(text)
        self._tooltips.add(node_id)

    def wires_out(self, node_id: str) -> list[FlowWire]:
        return [w for e, w in self.wires.items() if e.src == node_id]

    def wires_in(self, node_id: str) -> list[FlowWire]:
        return [w for e, w in self.wires.items() if e.dst == node_id]

    def clear(self) -> None:
        """Back to the plain editor look (tooltips restored from the model)."""
        for h in self.halos.values():
            h.set_glow(theme.NO_GLOW, 0.0)
        for b in self.badges.values():
            b.set_text(())
        for w in self.wires.values():
            w.set_style(0.0, None)
        self._cache_nodes(False)
        graph = self.scene.graph
        for n in self._tooltips:
            if n in graph and n in self.halos:
                self.scene.node_item(n).refresh(graph)
        self._tooltips.clear()

    def remove(self) -> None:
        self._cache_nodes(False)
        for it in list(self.halos.values()) + list(self.badges.values()) + list(
                self.wires.values()):
            self.scene.removeItem(it)
        self.halos.clear()
        self.badges.clear()
        self.wires.clear()
