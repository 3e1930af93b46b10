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

from graphlab.graph.blocks import ParamRef
from graphlab.graph.file_limits import text_problem
from graphlab.graph.graph import Edge, Graph, GraphError
from graphlab.graph.ops import REGISTRY, unknown_op_message
from graphlab.graph.ops.attr_check import check_attr
from graphlab.ui import commands as cmd
from graphlab.ui.blocks.navigation import Navigation
from graphlab.ui.clipboard import ClipboardData
from graphlab.ui.i18n import translate


class Editor(QObject):
    refused = Signal(str)
    graph_replaced = Signal(object)  # the new Graph
    # the graph the canvas shows: the document, or the inside of a block (ui/blocks)
    current_changed = Signal(object)
    selection_requested = Signal(object)  # list of node ids the view should select

    def __init__(self, graph: Graph | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.graph = graph or Graph()  # the document (its top graph)
        self.stack = QUndoStack(self)
        self._drag_ids = itertools.count(1)
        self.nav = Navigation(self.graph, self.current_changed.emit)

    @property
    def current(self) -> Graph:
        """The graph the canvas shows and the edit methods change: the document's top
        graph, or the inside of the block the person entered (graphlab.ui.blocks)."""
        return self.nav.current

    # ----- whole graph ------------------------------------------------------------------
    def set_graph(self, graph: Graph) -> None:
        """Replace the graph (open, new, recover): the undo history starts again."""
        self.stack.clear()
        self.graph = graph
        self.nav.reset(graph)
        self.current_changed.emit(graph)  # first: the canvas shows it before the panels
        self.graph_replaced.emit(graph)
        self.stack.setClean()

    # ----- node edits -------------------------------------------------------------------
    def add_node(self, op: str, pos=(0.0, 0.0), attrs: dict[str, Any] | None = None,
                 label: str | None = None) -> str | None:
        reason = _add_problem(self.current, op, attrs)
        if reason:
            self.refused.emit(reason)
            return None
        command = cmd.AddNodeCommand(self.current, op, attrs, label, pos)
        self.stack.push(command)
        return command.node_id

    def add_node_connected(self, op: str, pos, end: tuple[str, str, bool]) -> str | None:
        """Add ``op`` at ``pos`` and wire it to the port a wire was dragged from.

        ``end`` is (node id, port, is_output) of the port the drag started at.
        """
        from graphlab.ui.op_match import connectable_port, new_node_settings

        node, port, is_output = end
        attrs, label = new_node_settings(self.current, op, end)
        where = f"{self.current.node(node).label}.{port}" if node in self.current else port
        self.stack.beginMacro(translate("Editor", "Add {op} and connect to {where}").format(
            op=op, where=where))
        try:
            new_id = self.add_node(op, pos, attrs, label)
            if new_id is None:
                return None
            other = connectable_port(self.current, new_id, node, port, is_output)
            if other is not None:
                edge = (Edge(node, port, new_id, other) if is_output
                        else Edge(new_id, other, node, port))
                self.connect(edge)
            return new_id
        finally:
            self.stack.endMacro()

    def connect(self, edge: Edge) -> bool:
        reason = self.current.can_connect(*edge)
        if reason:
            self.refused.emit(reason)
            return False
        self.stack.push(cmd.ConnectCommand(self.current, edge))
        return True

    def disconnect(self, edge: Edge) -> None:
        self.stack.push(cmd.DisconnectCommand(self.current, edge))

    def delete(self, node_ids: list[str], edges: list[Edge] = ()) -> None:
        node_ids = [n for n in node_ids if n in self.current]
        edges = [e for e in edges if e.src not in node_ids and e.dst not in node_ids]
        if not node_ids and not edges:
            return
        if node_ids:
            what = _names(self.current, node_ids)
        else:
            what = (_edge_text(self.current, edges[0]) if len(edges) == 1
                    else translate("Editor", "{n} wires").format(n=len(edges)))
        self.stack.beginMacro(translate("Editor", "Delete {what}").format(what=what))
        for e in edges:
            self.disconnect(e)
        if node_ids:
            self.stack.push(cmd.RemoveNodesCommand(self.current, node_ids))
        self.stack.endMacro()

    def delete_reconnect(self, node_ids: list[str]) -> None:
        """Delete nodes and wire what fed each one's first input straight into what its
        outputs fed (Blender's dissolve), as one undo step; a wire the model refuses is
        left out and said why."""
        g = self.current
        gone = [n for n in node_ids if n in g]
        if not gone:
            return
        first: dict[str, Edge | None] = {}
        for n in gone:
            v = g.node(n)
            first[n] = next((g.input_edge(n, p.name) for p in v.spec.input_ports(v.attrs)
                             if g.input_edge(n, p.name) is not None), None)
        bridges = []
        for n in gone:
            for e in g.out_edges(n):
                if e.dst in first:
                    continue
                src = first[n]
                while src is not None and src.src in first:  # a chain of deleted nodes
                    src = first[src.src]
                if src is not None:
                    bridges.append(Edge(src.src, src.src_port, e.dst, e.dst_port))
        self.stack.beginMacro(translate("Editor", "Delete {what} and reconnect").format(
            what=_names(g, gone)))
        try:
            self.stack.push(cmd.RemoveNodesCommand(g, gone))
            for b in bridges:
                self.connect(b)
        finally:
            self.stack.endMacro()

    def insert_on_wire(self, node_id: str, edge: Edge) -> bool:
        """Put an unwired node into ``edge``: source -> node's first input that takes it,
        node's first output -> the wire's old end. One undo step; refused as a whole."""
        g = self.current
        v = g.node(node_id)
        if g.in_edges(node_id) or g.out_edges(node_id) or not v.spec.outputs:
            return False
        port = next((p.name for p in v.spec.input_ports(v.attrs)
                     if g.can_connect(edge.src, edge.src_port, node_id, p.name) is None), None)
        if port is None:
            self.refused.emit(translate(
                "Editor", '{op} "{label}" has no input that takes this wire').format(
                op=v.op, label=v.label))
            return False
        from graphlab.ui.op_match import kinds_fit

        out = v.spec.outputs[0].name
        # the node is unwired, so no cycle; the wire's end port is freed by the insert:
        # only the kinds can refuse the second wire
        if not kinds_fit(g, node_id, out, edge.dst, edge.dst_port):
            d = g.node(edge.dst)
            self.refused.emit(translate(
                "Editor", '{op} "{label}" gives values that input {port} of {dst_op} "{dst}" '
                "does not take").format(
                op=v.op, label=v.label, port=edge.dst_port, dst_op=d.op, dst=d.label))
            return False
        self.stack.beginMacro(translate("Editor", "Insert {what} into {wire}").format(
            what=v.label, wire=_edge_text(g, edge)))
        try:
            self.stack.push(cmd.DisconnectCommand(g, edge))
            self.stack.push(cmd.ConnectCommand(g, Edge(edge.src, edge.src_port, node_id, port)))
            self.stack.push(cmd.ConnectCommand(g, Edge(node_id, out, edge.dst, edge.dst_port)))
        finally:
            self.stack.endMacro()
        return True

    def add_node_on_wire(self, op: str, pos, edge: Edge) -> str | None:
        """Add ``op`` at ``pos`` inside the wire ``edge`` (one undo step)."""
        self.stack.beginMacro(translate("Editor", "Insert {what} into {wire}").format(
            what=op, wire=_edge_text(self.current, edge)))
        try:
            new_id = self.add_node(op, pos)
            ok = new_id is not None and self.insert_on_wire(new_id, edge)
        finally:
            self.stack.endMacro()
        if new_id is not None and not ok:  # the macro holds only the add: take it back
            self.stack.undo()
            return None
        return new_id

    def rewire(self, old: Edge, new: Edge | None) -> bool:
        """Move the wire ``old`` to ``new`` (None: drop it), one undo step: a wire dragged
        off a connected input."""
        if new == old:
            return True
        g = self.current
        reason = g.can_connect(*new) if new is not None else None
        if reason is not None:
            self.refused.emit(reason)
            return False
        self.stack.beginMacro(translate("Editor", "Disconnect {wire}").format(
                                  wire=_edge_text(g, old))
                              if new is None else translate("Editor", "Move wire to {wire}").format(
                                  wire=_edge_text(g, new)))
        try:
            self.stack.push(cmd.DisconnectCommand(g, old))
            if new is not None:
                self.stack.push(cmd.ConnectCommand(g, new))
        finally:
            self.stack.endMacro()
        return True

    def set_graph_name(self, name: str) -> bool:
        name = name.strip()
        problem = (translate("Editor", "cannot be empty") if not name
                   else text_problem(name, "names"))
        if problem:
            self.refused.emit(translate("Editor", "the graph's name {problem}").format(
                problem=problem))
            return False
        if name != self.graph.name:
            self.stack.push(cmd.GraphNameCommand(self.graph, self.graph.name, name))
        return True

    def set_attr(self, node_id: str, name: str, value: Any) -> bool:
        """Validate with the model's own rules; refuse with its reason or push the edit."""
        view = self.current.node(node_id)
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
        for e in self.current.in_edges(node_id):
            if e.dst_port not in ports:
                self.refused.emit(translate(
                    "Editor", '{op} "{label}": input {port} still has a wire; disconnect it '
                    "first").format(
                    op=view.op, label=view.label, port=e.dst_port))
                return False
        self.stack.push(cmd.SetAttrCommand(self.current, node_id, name, old, value))
        return True

    def rename(self, node_id: str, label: str) -> bool:
        old = self.current.node(node_id).label
        label = label.strip()
        if label == old:
            return True
        reason = None
        if not label:
            reason = "a node's name cannot be empty"
        elif self.current.has_label(label) and self.current.find(label) != node_id:
            reason = f"another node is already named {label!r}"
        if reason:
            self.refused.emit(reason)
            return False
        self.stack.push(cmd.RenameCommand(self.current, node_id, old, label))
        return True

    def new_drag(self) -> int:
        """An id shared by every move of one mouse drag, so they merge into one undo step."""
        return next(self._drag_ids)

    def move(self, positions: dict[str, tuple[float, float]], drag_id: int | None = None) -> None:
        moves = {}
        for n, new in positions.items():
            old = self.current.node(n).pos
            new = (float(new[0]), float(new[1]))
            if old != new:
                moves[n] = (old, new)
        if moves:
            self.stack.push(cmd.MoveNodesCommand(self.current, moves, drag_id))

    def auto_layout(self) -> None:
        if len(self.current):
            self.stack.push(cmd.LayoutCommand(self.current))

    # ----- clipboard --------------------------------------------------------------------
    def copy_data(self, node_ids: list[str]) -> ClipboardData:
        return ClipboardData.from_graph(self.current, node_ids)

    def paste(self, data: ClipboardData, offset=(40.0, 40.0)) -> list[str]:
        """Add copies of the clipboard's nodes and the wires between them; one undo step."""
        if not data.nodes:
            return []
        new_ids: dict[str, str] = {}
        self.stack.beginMacro(translate("Editor", "Paste {n} node(s)").format(n=len(data.nodes)))
        try:
            for n in data.nodes:
                attrs = _with_params(self.current, n)
                if _add_problem(self.current, n["op"], attrs):
                    continue
                pos = (n["pos"][0] + offset[0], n["pos"][1] + offset[1])
                command = cmd.AddNodeCommand(self.current, n["op"], attrs, n["label"], pos)
                self.stack.push(command)
                new_ids[n["id"]] = command.node_id
            for e in data.edges:
                if e[0] not in new_ids or e[2] not in new_ids:
                    continue
                edge = Edge(new_ids[e[0]], e[1], new_ids[e[2]], e[3])
                if not self.current.can_connect(*edge):
                    self.stack.push(cmd.ConnectCommand(self.current, edge))
                    self._paste_via(edge, e[4] if len(e) > 4 else None, offset)
        finally:
            self.stack.endMacro()
        ids = list(new_ids.values())
        self.selection_requested.emit(ids)
        return ids


    def _paste_via(self, edge: Edge, points, offset) -> None:
        """A pasted wire's reroute points, moved with its nodes (clipboard text is
        untrusted: points the model refuses are left out)."""
        from graphlab.graph.graph_frames import via_problem

        if not points or via_problem(points):
            return
        via = [(p[0] + offset[0], p[1] + offset[1]) for p in points]
        if not via_problem(via):
            self.stack.push(cmd.SetViaCommand(self.current, edge, (), via, "Paste points"))


def _names(graph: Graph, ids: list[str]) -> str:
    return graph.node(ids[0]).label if len(ids) == 1 else translate(
        "Commands", "{n} nodes").format(n=len(ids))


def _edge_text(graph: Graph, edge: Edge) -> str:
    return cmd.edge_text(graph, edge)


def _add_problem(graph: Graph, op: str, attrs: dict[str, Any] | None) -> str | None:
    """Why ``add_node(op, attrs)`` would be refused, or None (an op or, where the graph
    has blocks, one of its file's definitions)."""
    spec_of = getattr(graph, "spec_of", None)
    try:
        spec = spec_of(op) if spec_of is not None else REGISTRY[op]
    except (KeyError, ValueError):
        spec = None
    if spec is None:
        return unknown_op_message(op)
    if getattr(graph, "definition", None) is not None and op in graph.blocks:
        try:
            graph.check_nesting(op)  # the model's rule: no block inside itself
        except GraphError as err:
            return str(err)
    for k, v in (attrs or {}).items():
        try:
            _, reason = (graph.checked_attr(spec.attr(k), v) if isinstance(v, ParamRef)
                         else check_attr(spec.attr(k), v))
        except KeyError:
            return f"{op} has no attribute {k!r}"
        if reason:
            return f"{op}: {reason}"
    return None


def _with_params(graph: Graph, node: dict) -> dict:
    """A copied node's attributes; pasted into a block that has the parameters it
    referred to, those attributes refer to them again."""
    attrs = dict(node["attrs"])
    refs = node.get("params")
    defn = graph.blocks.get(graph.definition) if graph.definition else None
    if isinstance(refs, dict) and defn is not None:
        for k, p in refs.items():
            if isinstance(p, str) and k in attrs and defn.param(p) is not None:
                attrs[k] = ParamRef(p)
    return attrs
