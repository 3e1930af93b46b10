"""The canvas scene: one item per node and per wire, kept in step with the model.

The scene subscribes to the graph's events and updates only the items an event
names (``shapes_changed`` lists the re-inferred nodes). It never edits the graph
itself: finished node drags and wire drops go to the :class:`Editor`, which pushes
undo commands; the model's events then bring the items up to date.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from graphlab.graph.events import GraphEvent
from graphlab.graph.graph import Edge, Graph
from graphlab.ui import theme
from graphlab.ui.canvas.node_item import NodeItem
from graphlab.ui.canvas.notes import Notes
from graphlab.ui.canvas.overview import OverviewCache
from graphlab.ui.canvas.wire_item import DragWire, WireItem, edge_state
from graphlab.ui.editor import Editor

SCENE_HALF = 100_000.0
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class GraphScene(QGraphicsScene):
    # scene position, (node id, port, is_output) of the port the wire was dragged from
    wire_dropped = Signal(object, object)
    node_dragged = Signal(str)  # a node item moved on screen (the live overlay follows)
    node_hovered = Signal(str)  # the node under the pointer, "" off every node (hover views)

    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setSceneRect(-SCENE_HALF, -SCENE_HALF, 2 * SCENE_HALF, 2 * SCENE_HALF)
        self._nodes: dict[str, NodeItem] = {}
        self._wires: dict[Edge, WireItem] = {}
        self._wires_of: dict[str, set[Edge]] = {}
        self._graph: Graph | None = None
        self._unsubscribe = None
        self._drag: tuple[str, str, bool] | None = None
        self._drag_wire: DragWire | None = None
        self._detached: Edge | None = None  # the wire pulled off an input, while dragged
        self._press_positions: dict[str, QPointF] = {}
        self._hot: str | None = None
        self._extra: dict[str, list] = {}
        self.overview_mode = False
        self._overview: OverviewCache | None = None
        self.notes = Notes(self)  # reroute points, comment frames, label places
        self.changed.connect(self._drop_overview)
        self.selectionChanged.connect(self._drop_overview)
        editor.current_changed.connect(self.set_graph)  # a new document, or into a block
        editor.selection_requested.connect(self.select_nodes)
        self.set_graph(editor.current)

    # ----- lookup (also the API other panels build on) ------------------------------------
    @property
    def graph(self) -> Graph:
        return self._graph

    def node_item(self, node_id: str) -> NodeItem:
        return self._nodes[node_id]

    def wire_item(self, edge: Edge) -> WireItem:
        return self._wires[Edge(*edge)]

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def node_count(self) -> int:
        return len(self._nodes)

    def wire_items(self) -> list[WireItem]:
        return list(self._wires.values())

    def selected_node_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, WireItem)]

    def select_nodes(self, node_ids) -> None:
        self.clearSelection()
        for n in node_ids:
            if n in self._nodes:
                self._nodes[n].setSelected(True)

    def content_rect(self) -> QRectF:
        """Every node, wire (long wires arc beyond the nodes) and comment frame."""
        rect = self.nodes_rect()
        for f in self.notes.frame_items():
            rect = rect.united(f.sceneBoundingRect()) if not rect.isEmpty() \
                else f.sceneBoundingRect()
        for w in self._wires.values():
            b = w.boundingRect()  # wires sit at the scene origin
            if not rect.contains(b):
                rect = rect.united(b)
        return rect

    def nodes_rect(self, node_ids=None) -> QRectF:
        items = self._nodes.values() if node_ids is None else [
            self._nodes[n] for n in node_ids if n in self._nodes]
        x0 = y0 = float("inf")
        x1 = y1 = float("-inf")
        for it in items:  # plain numbers: a Qt call per node cost 0.3 s at 100,000
            x, y = it.xy
            b = it.box
            x0, y0 = min(x0, x + b[0]), min(y0, y + b[1])
            x1, y1 = max(x1, x + b[2]), max(y1, y + b[3])
        return QRectF() if x0 > x1 else QRectF(x0, y0, x1 - x0, y1 - y0)

    # ----- overview drawing (see overview.py) ---------------------------------------------
    def set_overview(self, on: bool) -> None:
        """Items paint nothing while on; the view draws :meth:`overview` instead."""
        if on == self.overview_mode:
            return
        self.overview_mode = on
        for it in list(self._nodes.values()) + list(self._wires.values()):
            it.setFlag(NO_CONTENTS, on)
        self._overview = None

    def overview(self) -> OverviewCache:
        if self._overview is None:
            self._overview = OverviewCache(self)
        return self._overview

    def _drop_overview(self, *_) -> None:
        self._overview = None

    # ----- following the model ------------------------------------------------------------
    def set_graph(self, graph: Graph) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.notes.clear()
        for it in list(self._nodes.values()) + list(self._wires.values()):
            self.removeItem(it)
        self._nodes.clear()
        self._blocks = 0  # how many block instances are shown
        self._wires.clear()
        self._wires_of.clear()
        self._graph = graph
        self._unsubscribe = graph.subscribe(self._on_event)
        self.sync()
        self.set_extra_problems(getattr(self, "_doc_extra", {}))  # back at the top: again

    def sync(self) -> None:
        """Bring every item in line with the model (after a bulk edit or a new graph)."""
        g = self._graph
        ids = g.node_ids()
        present = set(ids)
        for n in [n for n in self._nodes if n not in present]:
            self._remove_node_item(n)
        for n in ids:
            item = self._nodes.get(n)
            if item is None:
                self._add_node_item(n)
            else:
                item.refresh(g)
                item.setPos(*g.raw(n)["pos"])
        edges = set(g.edges())
        for e in [e for e in self._wires if e not in edges]:
            self._remove_wire(e)
        for e in edges:
            if e not in self._wires:
                self._add_wire(e)
            else:
                self._update_wire(e)
        self.notes.sync()
        self._cover(self.nodes_rect())

    def _cover(self, rect: QRectF) -> None:
        """Grow the scene (never shrink it) so a very big graph can be scrolled to."""
        wanted = self.sceneRect().united(rect.adjusted(-SCENE_HALF / 10, -SCENE_HALF / 10,
                                                       SCENE_HALF / 10, SCENE_HALF / 10))
        if wanted != self.sceneRect():
            self.setSceneRect(wanted)

    def _on_event(self, ev: GraphEvent) -> None:
        g = self._graph
        kind = ev.kind
        if kind == "node_added":
            self._add_node_item(ev.node)
        elif kind == "node_removed":
            self._remove_node_item(ev.node)
        elif kind == "edge_added":
            self._add_wire(ev.edge)
        elif kind == "edge_removed":
            self._remove_wire(ev.edge)
        elif kind == "node_moved":
            item = self._nodes.get(ev.node)
            if item is not None and (item.pos().x(), item.pos().y()) != ev.new:
                item.setPos(*ev.new)
                self.node_item_moved(item)
        elif kind in ("attr_changed", "node_renamed", "op_changed"):
            self._refresh_node(ev.node)
        elif kind == "shapes_changed":
            touched = set(ev.nodes) | {d.node for d in g.analysis.graph_diagnostics}
            if self._blocks:  # a block's ports follow its inside, shapes changed or not
                touched |= {n for n, it in self._nodes.items() if it.look.block}
            for n in touched:
                self._refresh_node(n)
        elif kind == "graph_reset":
            self.sync()
        elif kind == "via_changed":
            self._update_wire(ev.edge)
        elif kind == "frames_changed":
            self.notes.rebuild_frames()
            return
        self.notes.schedule_labels()  # the layout changed: labels find free spots again

    def set_extra_problems(self, problems: dict) -> None:
        """Badge nodes with problems shape inference does not know of (node id -> list)."""
        self._doc_extra = problems
        if self._graph is not self.editor.graph:  # inside a block: they name top nodes
            problems = {}
        old, self._extra = self._extra, {n: list(p) for n, p in problems.items()}
        for nid in set(old) | set(self._extra):
            item = self._nodes.get(nid)
            new = self._extra.get(nid, [])
            if item is not None and new != item.extra:
                item.extra = new
                self._refresh_node(nid)

    def _refresh_node(self, node_id: str) -> None:
        item = self._nodes.get(node_id)
        if item is None or node_id not in self._graph:
            return
        item.refresh(self._graph)
        for e in self._wires_of.get(node_id, ()):
            self._update_wire(e)

    def _add_node_item(self, node_id: str) -> None:
        item = NodeItem(self._graph, node_id)
        if self.overview_mode:
            item.setFlag(NO_CONTENTS)
        self._nodes[node_id] = item
        self._blocks += item.look.block
        self.addItem(item)

    def _remove_node_item(self, node_id: str) -> None:
        for e in list(self._wires_of.get(node_id, ())):
            self._remove_wire(e)
        self._wires_of.pop(node_id, None)
        item = self._nodes.pop(node_id, None)
        if item is not None:
            self._blocks -= item.look.block
            self.removeItem(item)

    def _add_wire(self, edge: Edge) -> None:
        if edge.src not in self._nodes or edge.dst not in self._nodes:
            return
        item = WireItem(edge)
        if self.overview_mode:
            item.setFlag(NO_CONTENTS)
        self._wires[edge] = item
        self._wires_of.setdefault(edge.src, set()).add(edge)
        self._wires_of.setdefault(edge.dst, set()).add(edge)
        self._update_wire(edge)
        self.addItem(item)

    def _remove_wire(self, edge: Edge) -> None:
        item = self._wires.pop(edge, None)
        self.notes.drop_points(edge)
        for n in (edge.src, edge.dst):
            self._wires_of.get(n, set()).discard(edge)
        if item is not None:
            self.removeItem(item)

    def _update_wire(self, edge: Edge) -> None:
        item = self._wires.get(edge)
        if item is None:
            return
        via = self._graph.via(edge)
        item.place(*self.wire_ends(edge), *edge_state(self._graph, edge), via=via)
        self.notes.wire_updated(edge, via)

    def wire_ends(self, edge: Edge) -> tuple[tuple[float, float], tuple[float, float]]:
        return (self._port_pos(edge.src, edge.src_port, True),
                self._port_pos(edge.dst, edge.dst_port, False))

    def _port_pos(self, node_id: str, port: str, is_output: bool) -> tuple[float, float]:
        item = self._nodes[node_id]
        x, y = item.port_offset(port, is_output)
        px, py = item.xy  # node items are neither rotated nor scaled
        return px + x, py + y

    def node_item_moved(self, item: NodeItem) -> None:
        """Wires follow a node that moved (a drag, undo, layout)."""
        for e in self._wires_of.get(item.node_id, ()):
            self._wires[e].set_ends(self._port_pos(e.src, e.src_port, True),
                                    self._port_pos(e.dst, e.dst_port, False))
        self.node_dragged.emit(item.node_id)

    # ----- ports under the mouse ------------------------------------------------------------
    def port_at(self, pos: QPointF) -> tuple[str, str, bool] | None:
        r = theme.PORT_HIT_RADIUS
        for it in self.items(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r)):
            if isinstance(it, NodeItem):
                hit = it.port_at(it.mapFromScene(pos))
                if hit is not None:
                    return (it.node_id, hit[0], hit[1])
        return None

    def wire_at(self, pos: QPointF) -> Edge | None:
        """The wire under ``pos`` (within its 8 px hit band), if any."""
        for it in self.items(pos):
            if isinstance(it, WireItem) and it.isVisible():
                return it.edge
        return None

    def node_at(self, pos: QPointF) -> NodeItem | None:
        for it in self.items(pos):
            if isinstance(it, NodeItem):
                return it
        return None

    # ----- mouse: wire drags and node drags -------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self.port_at(event.scenePos())
            wired = self._graph.input_edge(hit[0], hit[1]) if hit and not hit[2] else None
            if wired is not None:  # grab the wire off a connected input to move it
                self._detached = wired
                self._wires[wired].setVisible(False)
                self.notes.show_points(wired, False)
                self._start_wire((wired.src, wired.src_port, True))
                event.accept()
                return
            if hit is not None:
                self._start_wire(hit)
                event.accept()
                return
        super().mousePressEvent(event)
        self._press_positions = {i.node_id: i.pos() for i in self.selectedItems()
                                 if isinstance(i, NodeItem)}
        self.notes.start_drag()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._drag is not None:
            self._drag_wire.follow(event.scenePos())
            self._mark_hot(self._target_at(event.scenePos(), self._drag))
            event.accept()
            return
        super().mouseMoveEvent(event)
        under = next((i.node_id for i in self.items(event.scenePos())
                      if isinstance(i, NodeItem)), "")
        if under != getattr(self, "_hovered", ""):
            self._hovered = under
            self.node_hovered.emit(under)
        for n, before in self._press_positions.items():  # nodes Qt is dragging
            item = self._nodes.get(n)
            if item is not None and item.pos() != before:
                self.node_item_moved(item)

    def helpEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Tooltips are made on demand (see NodeItem.ensure_tooltip)."""
        for it in self.items(event.scenePos()):
            ensure = getattr(it, "ensure_tooltip", None)
            if ensure is not None:
                ensure()
        super().helpEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._drag is not None:
            self._finish_wire(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        moved = {}
        for n, before in self._press_positions.items():
            item = self._nodes.get(n)
            if item is not None and item.pos() != before:
                moved[n] = (item.pos().x(), item.pos().y())
        self._press_positions = {}
        if self.notes.finish_drag(moved):  # frames or reroute points took part
            return
        if moved:
            self.editor.move(moved, self.editor.new_drag())
            edge = self._wire_for_drop(moved, event.scenePos())
            if edge is not None:  # a lone unwired node dropped on a wire goes into it
                self.editor.insert_on_wire(next(iter(moved)), edge)

    def _wire_for_drop(self, moved: dict, pos: QPointF) -> Edge | None:
        if len(moved) != 1:
            return None
        (node,) = moved
        g = self._graph
        if node not in g or g.in_edges(node) or g.out_edges(node):
            return None
        return self.wire_at(pos)

    def _start_wire(self, end: tuple[str, str, bool]) -> None:
        node, port, is_output = end
        self._drag = end
        start = self._nodes[node].port_scene_pos(port, is_output)
        self._drag_wire = DragWire(start, is_output)
        self.addItem(self._drag_wire)
        self._dim_ports(end)

    def _dim_ports(self, end: tuple[str, str, bool]) -> None:
        """Dim every visible port the model would refuse for this wire."""
        node, port, is_output = end
        g = self._graph
        visible = QRectF()
        for view in self.views():
            visible = visible.united(view.mapToScene(view.viewport().rect()).boundingRect())
        for it in self.items(visible) if not visible.isEmpty() else self._nodes.values():
            if not isinstance(it, NodeItem):
                continue
            dim = set()
            for name, out, _ in it.ports():
                if out == is_output:
                    dim.add((name, out))
                    continue
                edge = (node, port, it.node_id, name) if is_output else (it.node_id, name, node, port)
                if g.can_connect(*edge) is not None:
                    dim.add((name, out))
            it.set_dimmed(dim)

    def _target_at(self, pos: QPointF, end) -> tuple[str, str, bool] | None:
        """The port under ``pos`` a wire dragged from ``end`` would end on, if any."""
        hit = self.port_at(pos)
        if hit is None or hit[2] == end[2]:
            return None
        return hit

    def _mark_hot(self, hit) -> None:
        old = self._hot
        if old is not None and old in self._nodes and (hit is None or hit[0] != old):
            self._nodes[old].set_hot_port(None)
        self._hot = hit[0] if hit else None
        if hit:
            self._nodes[hit[0]].set_hot_port((hit[1], hit[2]))

    def cancel_wire(self) -> bool:
        """Escape while dragging a wire: nothing changes (a wire pulled off an input goes
        back); False when no wire was being dragged."""
        if self._drag is None:
            return False
        self._drag = None
        self._end_drag_look()
        detached, self._detached = self._detached, None
        item = self._wires.get(detached) if detached is not None else None
        if item is not None:
            item.setVisible(True)
            self.notes.show_points(item.edge, True)
        return True

    def _end_drag_look(self) -> None:
        self.removeItem(self._drag_wire)
        self._drag_wire = None
        self._mark_hot(None)
        for it in self._nodes.values():
            if it.wiring:
                it.set_dimmed(set(), wiring=False)

    def _finish_detached(self, old: Edge, pos: QPointF) -> None:
        """A wire pulled off an input: onto another input it moves there, onto empty
        canvas it goes; back onto its own port nothing changes."""
        self._end_drag_look()
        target = self._target_at(pos, (old.src, old.src_port, True))
        new = Edge(old.src, old.src_port, target[0], target[1]) if target else None
        if new is None and self.node_at(pos) is not None:
            new = old  # let go over a node but off its ports: keep the wire
        self.editor.rewire(old, new)
        item = self._wires.get(old)
        if item is not None:
            item.setVisible(True)
            self.notes.show_points(item.edge, True)

    def _finish_wire(self, pos: QPointF) -> None:
        end = self._drag
        self._drag = None
        detached, self._detached = self._detached, None
        if detached is not None:
            self._finish_detached(detached, pos)
            return
        self._end_drag_look()
        target = self._target_at(pos, end)
        if target is not None:
            node, port, is_output = end
            edge = (Edge(node, port, target[0], target[1]) if is_output
                    else Edge(target[0], target[1], node, port))
            self.editor.connect(edge)
        elif self.node_at(pos) is None:
            self.wire_dropped.emit(pos, end)
