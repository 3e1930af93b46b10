"""The editor's single entry point for changing the graph: one method per user action.

Views (canvas, inspector, palette, menus) call these methods; each one checks the
edit with the model, then pushes an undo command onto the one QUndoStack. A refused
edit changes nothing and emits ``refused`` with the model's reason, which the window
shows in the status bar and as a transient message on the canvas.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from graphlab.graph.graph import Edge, Graph
from graphlab.graph.ops import REGISTRY, unknown_op_message
from graphlab.graph.ops.attr_check import check_attr
from graphlab.ui import commands as cmd
from graphlab.ui.clipboard import ClipboardData


class Editor(QObject):
    refused = Signal(str)
    graph_replaced = Signal(object)  # the new Graph
    selection_requested = Signal(object)  # list of node ids the view should select

    def __init__(self, graph: Graph | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.graph = graph or Graph()
        self.stack = QUndoStack(self)
        self._drag_ids = itertools.count(1)

    # ----- whole graph ------------------------------------------------------------------
    def set_graph(self, graph: Graph) -> None:
        """Replace the graph (open, new, recover): the undo history starts again."""
        self.stack.clear()
        self.graph = graph
        self.graph_replaced.emit(graph)
        self.stack.setClean()

    # ----- node edits -------------------------------------------------------------------
    def add_node(self, op: str, pos=(0.0, 0.0), attrs: dict[str, Any] | None = None,
                 label: str | None = None) -> str | None:
        reason = _add_problem(op, attrs)
        if reason:
            self.refused.emit(reason)
            return None
        command = cmd.AddNodeCommand(self.graph, op, attrs, label, pos)
        self.stack.push(command)
        return command.node_id

    def add_node_connected(self, op: str, pos, end: tuple[str, str, bool]) -> str | None:
        """Add ``op`` at ``pos`` and wire it to the port a wire was dragged from.

        ``end`` is (node id, port, is_output) of the port the drag started at.
        """
        from graphlab.ui.op_match import connectable_port, new_node_settings

        node, port, is_output = end
        attrs, label = new_node_settings(self.graph, op, end)
        self.stack.beginMacro(f"Add {op} and connect")
        try:
            new_id = self.add_node(op, pos, attrs, label)
            if new_id is None:
                return None
            other = connectable_port(self.graph, new_id, node, port, is_output)
            if other is not None:
                edge = (Edge(node, port, new_id, other) if is_output
                        else Edge(new_id, other, node, port))
                self.connect(edge)
            return new_id
        finally:
            self.stack.endMacro()

    def connect(self, edge: Edge) -> bool:
        reason = self.graph.can_connect(*edge)
        if reason:
            self.refused.emit(reason)
            return False
        self.stack.push(cmd.ConnectCommand(self.graph, edge))
        return True

    def disconnect(self, edge: Edge) -> None:
        self.stack.push(cmd.DisconnectCommand(self.graph, edge))

    def delete(self, node_ids: list[str], edges: list[Edge] = ()) -> None:
        node_ids = [n for n in node_ids if n in self.graph]
        edges = [e for e in edges if e.src not in node_ids and e.dst not in node_ids]
        if not node_ids and not edges:
            return
        self.stack.beginMacro("Delete")
        for e in edges:
            self.disconnect(e)
        if node_ids:
            self.stack.push(cmd.RemoveNodesCommand(self.graph, node_ids))
        self.stack.endMacro()

    def set_attr(self, node_id: str, name: str, value: Any) -> bool:
        """Validate with the model's own rules; refuse with its reason or push the edit."""
        view = self.graph.node(node_id)
        old = view.attrs.get(name)
        try:
            value, reason = check_attr(view.spec.attr(name), value)
        except KeyError as err:
            reason = str(err)
        if reason:
            self.refused.emit(f'{view.op} "{view.label}": {reason}')
            return False
        if value == old:
            return True
        new_attrs = dict(view.attrs, **{name: value})
        ports = {p.name for p in view.spec.input_ports(new_attrs)}
        for e in self.graph.in_edges(node_id):
            if e.dst_port not in ports:
                self.refused.emit(f'{view.op} "{view.label}": input {e.dst_port} still has a '
                                  "wire; disconnect it first")
                return False
        self.stack.push(cmd.SetAttrCommand(self.graph, node_id, name, old, value))
        return True

    def rename(self, node_id: str, label: str) -> bool:
        old = self.graph.node(node_id).label
        label = label.strip()
        if label == old:
            return True
        reason = None
        if not label:
            reason = "a node's name cannot be empty"
        elif self.graph.has_label(label) and self.graph.find(label) != node_id:
            reason = f"another node is already named {label!r}"
        if reason:
            self.refused.emit(reason)
            return False
        self.stack.push(cmd.RenameCommand(self.graph, node_id, old, label))
        return True

    def new_drag(self) -> int:
        """An id shared by every move of one mouse drag, so they merge into one undo step."""
        return next(self._drag_ids)

    def move(self, positions: dict[str, tuple[float, float]], drag_id: int | None = None) -> None:
        moves = {}
        for n, new in positions.items():
            old = self.graph.node(n).pos
            new = (float(new[0]), float(new[1]))
            if old != new:
                moves[n] = (old, new)
        if moves:
            self.stack.push(cmd.MoveNodesCommand(self.graph, moves, drag_id))

    def auto_layout(self) -> None:
        if len(self.graph):
            self.stack.push(cmd.LayoutCommand(self.graph))

    # ----- clipboard --------------------------------------------------------------------
    def copy_data(self, node_ids: list[str]) -> ClipboardData:
        return ClipboardData.from_graph(self.graph, node_ids)

    def paste(self, data: ClipboardData, offset=(40.0, 40.0)) -> list[str]:
        """Add copies of the clipboard's nodes and the wires between them; one undo step."""
        if not data.nodes:
            return []
        new_ids: dict[str, str] = {}
        self.stack.beginMacro(f"Paste {len(data.nodes)} node(s)")
        try:
            for n in data.nodes:
                if _add_problem(n["op"], n["attrs"]):
                    continue
                pos = (n["pos"][0] + offset[0], n["pos"][1] + offset[1])
                command = cmd.AddNodeCommand(self.graph, n["op"], n["attrs"], n["label"], pos)
                self.stack.push(command)
                new_ids[n["id"]] = command.node_id
            for e in data.edges:
                if e[0] not in new_ids or e[2] not in new_ids:
                    continue
                edge = Edge(new_ids[e[0]], e[1], new_ids[e[2]], e[3])
                if not self.graph.can_connect(*edge):
                    self.stack.push(cmd.ConnectCommand(self.graph, edge))
        finally:
            self.stack.endMacro()
        ids = list(new_ids.values())
        self.selection_requested.emit(ids)
        return ids


def _add_problem(op: str, attrs: dict[str, Any] | None) -> str | None:
    """Why ``add_node(op, attrs)`` would be refused, or None."""
    if op not in REGISTRY:
        return unknown_op_message(op)
    spec = REGISTRY[op]
    for k, v in (attrs or {}).items():
        try:
            _, reason = check_attr(spec.attr(k), v)
        except KeyError:
            return f"{op} has no attribute {k!r}"
        if reason:
            return f"{op}: {reason}"
    return None
