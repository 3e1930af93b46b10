"""The scene's editor-only layer: reroute points, comment frames and where wire labels go.

Kept apart from scene.py (nodes and wires) because none of it means anything to the
model's graph: it follows ``Graph.via`` and ``Graph.frames`` (graph_frames.py), and
turns the person's gestures on it into undo commands on the editor's stack, like every
edit. Labels are placed (wire_labels.py) once, shortly after a change of layout.
"""

from __future__ import annotations

import math

import shiboken6
from PySide6.QtCore import QPointF, QTimer

from graphlab.graph.graph import Edge
from graphlab.graph.graph_frames import FRAME_COLORS, Frame, frame_problem, via_problem
from graphlab.ui import commands as cmd
from graphlab.ui.canvas.frame_item import TITLE_HEIGHT, FrameItem
from graphlab.ui.canvas.reroute_item import RerouteItem
from graphlab.ui.canvas.wire_item import on_cubic
from graphlab.ui.canvas.wire_labels import place_labels
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

FRAME_MARGIN = 24.0
TOP_ONLY = QT_TRANSLATE_NOOP("Notes", "comment frames belong to the top graph; go up a "
                             "level (Alt+Up) to frame these nodes")


def _t(text: str) -> str:
    return translate("Notes", text)


class Notes:
    def __init__(self, scene) -> None:
        self.scene = scene
        self._points: dict[Edge, list[RerouteItem]] = {}
        self._frames: list[FrameItem] = []
        self._drag: dict | None = None
        self.hidden_labels = 0  # labels with no free spot, after the last placement
        self._timer = QTimer(scene, singleShot=True, interval=0)  # dies with the scene
        self._timer.timeout.connect(self.place_labels)
        self._raised: set = set()  # wires whose hidden label shows because they are selected
        scene.selectionChanged.connect(self._selection_changed)

    @property
    def editor(self):
        return self.scene.editor

    # ----- labels ---------------------------------------------------------------------
    def schedule_labels(self) -> None:
        self._timer.start()

    def labels_pending(self) -> bool:
        return self._timer.isActive()

    def place_labels(self) -> None:
        self._timer.stop()
        self.hidden_labels = place_labels(self.scene.node_items(), self.scene.wire_items())

    def _selection_changed(self) -> None:
        from graphlab.ui.canvas.wire_item import WireItem

        if not shiboken6.isValid(self.scene):  # emitted while the scene is destroyed
            return
        now = {it for it in self.scene.selectedItems() if isinstance(it, WireItem)}
        for w in now | self._raised:
            if w.scene() is self.scene:
                w.follow_selection()
        self._raised = {w for w in now if not w.label_shown}

    # ----- following the model ----------------------------------------------------------
    def clear(self) -> None:
        for edge in list(self._points):
            self.drop_points(edge)
        self._set_frame_items([])

    def sync(self) -> None:
        self.rebuild_frames()
        self.schedule_labels()

    def wire_updated(self, edge: Edge, via: tuple) -> None:
        """Keep the wire's dots where its points are (called for every wire update)."""
        items = self._points.get(edge)
        if not via and items is None:
            return
        if items is not None and [it.xy for it in items] == list(via):
            return
        self.drop_points(edge)
        if via:
            made = [RerouteItem(edge, i, p, self._point_dragged) for i, p in enumerate(via)]
            for it in made:
                self.scene.addItem(it)
            self._points[edge] = made

    def show_points(self, edge: Edge, on: bool) -> None:
        """A wire pulled off its input hides its dots while it is dragged."""
        for it in self._points.get(edge, ()):
            it.setVisible(on)

    def drop_points(self, edge: Edge) -> None:
        for it in self._points.pop(edge, ()):
            self.scene.removeItem(it)

    def rebuild_frames(self) -> None:
        frames = self.scene.graph.frames()
        if [f.frame for f in self._frames] != frames:
            self._set_frame_items([FrameItem(i, f, self) for i, f in enumerate(frames)])

    def _set_frame_items(self, items: list[FrameItem]) -> None:
        for it in self._frames:
            self.scene.removeItem(it.body)
            self.scene.removeItem(it)
        self._frames = items
        for it in items:
            self.scene.addItem(it.body)
            self.scene.addItem(it)

    # ----- lookup -----------------------------------------------------------------------
    def point_items(self) -> list[RerouteItem]:
        return [it for items in self._points.values() for it in items]

    def frame_items(self) -> list[FrameItem]:
        return list(self._frames)

    def item_at(self, pos: QPointF, kind):
        return next((it for it in self.scene.items(pos) if isinstance(it, kind)), None)

    def frame_title_at(self, pos: QPointF) -> FrameItem | None:
        f = self.item_at(pos, FrameItem)
        return f if f is not None and f.title_rect().contains(f.mapFromScene(pos)) else None

    def nodes_in(self, rect) -> list[str]:
        x, y, w, h = rect
        out = []
        for it in self.scene.node_items():
            (px, py), b = it.xy, it.box
            cx, cy = px + (b[0] + b[2]) / 2, py + (b[1] + b[3]) / 2
            if x <= cx <= x + w and y <= cy <= y + h:
                out.append(it.node_id)
        return out

    # ----- drags: points and frames (a frame carries the nodes inside it) --------------
    def start_drag(self) -> None:
        """After the scene's press: remember where the selected frames and points are."""
        sel = self.scene.selectedItems()
        frames = [it for it in sel if isinstance(it, FrameItem)]
        points = [it for it in sel if isinstance(it, RerouteItem)]
        if not frames and not points:
            self._drag = None
            return
        chosen = set(self.scene.selected_node_ids())
        carried, dots = {}, {}
        for f in frames:
            for n in self.nodes_in(f.rect()):
                if n not in chosen and n not in carried:  # Qt moves the selected ones
                    carried[n] = (f, self.scene.node_item(n).pos())
            x, y, w, h = f.rect()
            for p in self.point_items():
                if p not in points and p not in dots and x <= p.x() <= x + w \
                        and y <= p.y() <= y + h:
                    dots[p] = (f, p.pos())
        self._drag = {"frames": {f: f.pos() for f in frames},
                      "points": {p: p.pos() for p in points}, "carried": carried,
                      "dots": dots}

    def frame_dragged(self, frame: FrameItem) -> None:
        d = self._drag
        if d is None or frame not in d["frames"]:
            return
        delta = frame.pos() - d["frames"][frame]
        for n, (f, start) in d["carried"].items():
            if f is frame:
                item = self.scene.node_item(n)
                item.setPos(start + delta)
                self.scene.node_item_moved(item)
        for p, (f, start) in d["dots"].items():  # reroute points inside it too
            if f is frame:
                p.setPos(start + delta)

    def _point_dragged(self, point: RerouteItem) -> None:
        if point.scene() is None:
            return
        wire = self.scene._wires.get(point.edge)
        if wire is not None and point.index < len(wire.via):
            via = list(wire.via)
            via[point.index] = point.xy
            a, b = self.scene.wire_ends(point.edge)
            wire.set_ends(a, b, via)

    def finish_drag(self, moved_nodes: dict) -> bool:
        """After the scene's release: one undo step for every node, frame and point the
        drag moved. False when no frame or point took part (the scene does the rest)."""
        d, self._drag = self._drag, None
        if d is None:
            return False
        g = self.scene.graph
        positions = dict(moved_nodes)
        for n, (_, start) in d["carried"].items():
            pos = self.scene.node_item(n).pos()
            if pos != start:
                positions[n] = (pos.x(), pos.y())
        frames = []
        for f, start in d["frames"].items():
            delta = f.pos() - start
            if delta != QPointF():
                frames.append((f.index, f.frame, f.frame.moved(delta.x(), delta.y())))
        vias: dict[Edge, list] = {}
        moved_points = list(d["points"].items()) + [(p, s) for p, (_, s) in d["dots"].items()]
        for p, start in moved_points:
            if p.pos() != start and p.index < len(g.via(p.edge)):
                vias.setdefault(p.edge, list(g.via(p.edge)))[p.index] = p.xy
        if not (positions or frames or vias):
            return True
        if frames:
            text = _t("Move frame {title}").format(title=frames[0][1].title)
        elif vias and not positions:
            text = _t("Move reroute point")
        else:
            text = _t("Move {n} node(s)").format(n=len(positions))
        stack = self.editor.stack
        stack.beginMacro(cmd.shorten(text))
        try:
            if positions:
                self.editor.move(positions, self.editor.new_drag())
            for i, old, new in frames:
                stack.push(cmd.SetFrameCommand(g, i, old, new, _t("Move frame")))
            for edge, via in vias.items():
                stack.push(cmd.SetViaCommand(g, edge, g.via(edge), via,
                                                  _t("Move reroute point")))
        finally:
            stack.endMacro()
        return True

    def frame_resized(self, frame: FrameItem) -> None:
        new = Frame(frame.frame.title, frame.rect(), frame.frame.color)
        if new != frame.frame:
            self.editor.stack.push(cmd.SetFrameCommand(self.scene.graph, frame.index,
                                                       frame.frame, new, _t("Resize frame")))

    # ----- edits --------------------------------------------------------------------------
    def add_point(self, edge: Edge, at: QPointF) -> bool:
        """A reroute point on ``edge`` at ``at``, between the two points it falls between."""
        g = self.scene.graph
        wire = self.scene._wires.get(edge)
        if wire is None:
            return False
        old = g.via(edge)
        via = list(old)
        via.insert(_nearest_piece(wire, at), (at.x(), at.y()))
        if why := via_problem(via):
            self.editor.refused.emit(why)
            return False
        self.editor.stack.push(cmd.SetViaCommand(g, edge, old, via, _t("Add reroute point")))
        return True

    def remove_points(self, items) -> bool:
        g = self.scene.graph
        gone: dict[Edge, set[int]] = {}
        for it in items:
            gone.setdefault(it.edge, set()).add(it.index)
        if not gone:
            return False
        stack = self.editor.stack
        stack.beginMacro(_t("Remove reroute points") if sum(map(len, gone.values())) > 1
                         else _t("Remove reroute point"))
        try:
            for edge, idx in gone.items():
                old = g.via(edge)
                new = [p for i, p in enumerate(old) if i not in idx]
                stack.push(cmd.SetViaCommand(g, edge, old, new, _t("Remove reroute point")))
        finally:
            stack.endMacro()
        return True

    def has_selection(self) -> bool:
        return any(isinstance(it, RerouteItem | FrameItem) for it in self.scene.selectedItems())

    def delete_selected(self) -> bool:
        """Delete the selected points and frames (the nodes in a frame stay); False when
        none is selected."""
        sel = self.scene.selectedItems()
        points = [it for it in sel if isinstance(it, RerouteItem)]
        frames = sorted((it.index for it in sel if isinstance(it, FrameItem)), reverse=True)
        if not points and not frames:
            return False
        stack = self.editor.stack
        stack.beginMacro(_t("Delete frames and points") if points and frames else
                         _t("Delete frame") if frames else _t("Remove reroute points"))
        try:
            self.remove_points(points)
            for i in frames:
                stack.push(cmd.RemoveFrameCommand(self.scene.graph, i))
        finally:
            stack.endMacro()
        return True

    def frame_selection(self, title: str | None = None) -> bool:
        """A frame around the selected nodes (Ctrl+J, the canvas menu)."""
        g, scene = self.scene.graph, self.scene
        if g is not self.editor.graph:
            self.editor.refused.emit(_t(TOP_ONLY))
            return False
        ids = scene.selected_node_ids()
        if not ids:
            self.editor.refused.emit(_t("select the nodes to frame first"))
            return False
        r = scene.nodes_rect(ids).adjusted(-FRAME_MARGIN, -FRAME_MARGIN - TITLE_HEIGHT,
                                           FRAME_MARGIN, FRAME_MARGIN)
        colour = FRAME_COLORS[len(g.frames()) % len(FRAME_COLORS)]
        title = _t("Comment") if title is None else title
        frame = Frame(title, (r.x(), r.y(), r.width(), r.height()), colour)
        self.editor.stack.push(cmd.AddFrameCommand(g, frame))
        return True

    def change_frame(self, index: int, title: str | None = None,
                     color: str | None = None) -> bool:
        g = self.scene.graph
        old = g.frames()[index]
        title = old.title if title is None else title.strip()
        new = Frame(title, old.rect, old.color if color is None else color)
        if why := frame_problem(new.title, new.rect, new.color):
            self.editor.refused.emit(f"a comment frame: {why}")
            return False
        if new != old:
            self.editor.stack.push(cmd.SetFrameCommand(
                g, index, old, new, _t("Rename frame") if title != old.title else _t("Recolour frame")))
        return True

    def delete_frame(self, index: int) -> None:
        self.editor.stack.push(cmd.RemoveFrameCommand(self.scene.graph, index))


def _nearest_piece(wire, at: QPointF) -> int:
    """Which stretch of the wire (0: before its first point) is nearest ``at``."""
    from graphlab.ui.canvas.wire_item import segments

    best, best_d = 0, math.inf
    for k, seg in enumerate(segments(wire._ends, wire.via)):
        for i in range(21):
            x, y = on_cubic(seg, i / 20)
            d = (x - at.x()) ** 2 + (y - at.y()) ** 2
            if d < best_d:
                best, best_d = k, d
    return best
