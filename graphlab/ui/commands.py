"""Undo commands: the only code in the editor that changes the graph model.

Each user action is one QUndoCommand (or one macro of them). Commands hold plain
data (ids, attribute values, snapshots), never Qt items, so undo and redo work no
matter what the canvas currently shows. Edits that the model may refuse are tried by
:class:`graphlab.ui.editor.Editor` first; commands then replay them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from graphlab.graph.graph import Edge, Graph, NodeSnapshot
from graphlab.graph.graph_frames import Frame
from graphlab.graph.layout import apply_layout
from graphlab.ui.i18n import translate
from graphlab.ui.short_text import shorten


def edge_text(graph: Graph, edge: Edge) -> str:
    """A wire as people read it: "fc1.y -> relu1.x" (labels, not node ids)."""
    def label(n: str) -> str:
        return graph.node(n).label if n in graph else n

    return shorten(f"{label(edge.src)}.{edge.src_port} -> {label(edge.dst)}.{edge.dst_port}")


def _nodes_text(graph: Graph, node_ids) -> str:
    ids = list(node_ids)
    if len(ids) == 1 and ids[0] in graph:
        return shorten(graph.node(ids[0]).label)
    return translate("Commands", "{n} nodes").format(n=len(ids))


class GraphCommand(QUndoCommand):
    """A command on one graph of the document: the top graph, or a block's inside.

    An inside is found again by its definition's name on every undo and redo (a
    document restored from a snapshot may have replaced it), so an edit made inside a
    block undoes wherever the canvas is.
    """

    def __init__(self, graph: Graph, text: str) -> None:
        definition = getattr(graph, "definition", None)
        super().__init__(f"{definition}: {text}" if definition else text)
        self._top = graph.parent if definition else graph
        self._definition = definition
        self._graph = graph

    @property
    def graph(self) -> Graph:
        if self._definition is None:
            return self._graph
        defn = self._top.blocks.get(self._definition)
        return defn.graph if defn is not None else self._graph

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(f"{self._definition}: {text}" if self._definition else text)


class SnapshotCommand(QUndoCommand):
    """A change to the whole document (group, ungroup, make unique), already made when
    pushed: undo and redo put the document back as it was ``before`` and ``after``
    (``Graph.snapshot``/``restore``, every definition included)."""

    def __init__(self, top: Graph, text: str, before: dict, after: dict) -> None:
        super().__init__(shorten(text))
        self.top, self.before, self.after = top, before, after
        self._done = True  # the first redo (QUndoStack.push) finds it made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.top.restore(self.after)

    def undo(self) -> None:
        self.top.restore(self.before)


class AddNodeCommand(GraphCommand):
    """Add one node; redo after undo brings back the same id and label."""

    def __init__(self, graph: Graph, op: str, attrs: dict[str, Any] | None = None,
                 label: str | None = None, pos=(0.0, 0.0), node_id: str | None = None) -> None:
        super().__init__(graph, translate("Commands", "Add {op}").format(op=op))
        self.op, self.attrs, self.label, self.pos = op, dict(attrs or {}), label, pos
        self.node_id = node_id
        self.snapshot: NodeSnapshot | None = None

    def redo(self) -> None:
        if self.snapshot is not None:
            self.graph.restore_node(self.snapshot)
        else:
            self.node_id = self.graph.add_node(self.op, self.attrs, self.label, self.pos,
                                               node_id=self.node_id)
            self.setText(shorten(translate("Commands", "Add {op} {label}").format(
                op=self.op, label=self.graph.node(self.node_id).label)))

    def undo(self) -> None:
        self.snapshot = self.graph.remove_node(self.node_id)


class RemoveNodesCommand(GraphCommand):
    """Remove nodes with their wires; undo restores them in reverse order, wires too."""

    def __init__(self, graph: Graph, node_ids: list[str]) -> None:
        super().__init__(graph, translate("Commands", "Delete {what}").format(
            what=_nodes_text(graph, node_ids)))
        self.node_ids = list(node_ids)
        self.snapshots: list[NodeSnapshot] = []

    def redo(self) -> None:
        self.snapshots = [self.graph.remove_node(n) for n in self.node_ids]

    def undo(self) -> None:
        for snap in reversed(self.snapshots):
            self.graph.restore_node(snap)


class ConnectCommand(GraphCommand):
    def __init__(self, graph: Graph, edge: Edge) -> None:
        super().__init__(graph, translate("Commands", "Connect {wire}").format(
            wire=edge_text(graph, edge)))
        self.edge = edge

    def redo(self) -> None:
        self.graph.connect(*self.edge)

    def undo(self) -> None:
        self.graph.disconnect(self.edge)


class DisconnectCommand(GraphCommand):
    """Remove a wire; undo puts it back with its reroute points."""

    def __init__(self, graph: Graph, edge: Edge) -> None:
        super().__init__(graph, translate("Commands", "Disconnect {wire}").format(
            wire=edge_text(graph, edge)))
        self.edge = edge
        self.via: tuple = ()

    def redo(self) -> None:
        self.via = self.graph.via(self.edge)
        self.graph.disconnect(self.edge)

    def undo(self) -> None:
        self.graph.connect(*self.edge)
        if self.via:
            self.graph.set_via(self.edge, self.via)


class SetViaCommand(GraphCommand):
    """Add, move or remove a wire's reroute points (``text`` says which)."""

    def __init__(self, graph: Graph, edge: Edge, old, new, text: str) -> None:
        super().__init__(graph, f"{text} on {edge_text(graph, edge)}")
        self.edge, self.old, self.new = edge, tuple(old), tuple(new)

    def redo(self) -> None:
        self.graph.set_via(self.edge, self.new)

    def undo(self) -> None:
        self.graph.set_via(self.edge, self.old)


class AddFrameCommand(GraphCommand):
    def __init__(self, graph: Graph, frame: Frame) -> None:
        super().__init__(graph, shorten(translate("Commands", "Add frame {title}").format(
            title=frame.title)))
        self.frame, self.index = frame, None

    def redo(self) -> None:
        self.index = self.graph.add_frame(self.frame, self.index)

    def undo(self) -> None:
        self.graph.remove_frame(self.index)


class RemoveFrameCommand(GraphCommand):
    """Delete a comment frame (the nodes in it stay)."""

    def __init__(self, graph: Graph, index: int) -> None:
        self.frame = graph.frames()[index]
        super().__init__(graph, shorten(translate("Commands", "Delete frame {title}").format(
            title=self.frame.title)))
        self.index = index

    def redo(self) -> None:
        self.frame = self.graph.remove_frame(self.index)

    def undo(self) -> None:
        self.graph.add_frame(self.frame, self.index)


class SetFrameCommand(GraphCommand):
    """Rename, resize, recolour or move a comment frame."""

    def __init__(self, graph: Graph, index: int, old: Frame, new: Frame, text: str) -> None:
        super().__init__(graph, shorten(f"{text} {new.title or old.title}".rstrip()))
        self.index, self.old, self.new = index, old, new

    def redo(self) -> None:
        self.graph.set_frame(self.index, self.new)

    def undo(self) -> None:
        self.graph.set_frame(self.index, self.old)


class SetAttrCommand(GraphCommand):
    """Set one attribute. ``old`` is the value before; the model validated ``new``."""

    def __init__(self, graph: Graph, node_id: str, name: str, old: Any, new: Any) -> None:
        label = graph.node(node_id).label
        super().__init__(graph, shorten(translate("Commands", "Set {node}.{attr} = {value}").format(
            node=label, attr=name, value=repr(new))))
        self.node_id, self.name, self.old, self.new = node_id, name, old, new

    def redo(self) -> None:
        self.graph.set_attr(self.node_id, self.name, self.new)

    def undo(self) -> None:
        self.graph.set_attr(self.node_id, self.name, self.old)


class RenameCommand(GraphCommand):
    def __init__(self, graph: Graph, node_id: str, old: str, new: str) -> None:
        super().__init__(graph, shorten(translate("Commands", "Rename {old} to {new}").format(
            old=old, new=new)))
        self.node_id, self.old, self.new = node_id, old, new

    def redo(self) -> None:
        self.graph.rename(self.node_id, self.new)

    def undo(self) -> None:
        self.graph.rename(self.node_id, self.old)


class MoveNodesCommand(GraphCommand):
    """Move nodes; consecutive moves of the same drag merge into one undo step."""

    ID = 1001

    def __init__(self, graph: Graph, moves: dict[str, tuple[tuple, tuple]],
                 drag_id: int | None = None) -> None:
        super().__init__(graph, translate("Commands", "Move {what}").format(
            what=_nodes_text(graph, moves)))
        self.moves = dict(moves)  # id -> (old, new)
        self.drag_id = drag_id

    def id(self) -> int:
        return self.ID if self.drag_id is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNodesCommand) or other.drag_id != self.drag_id:
            return False
        for n, (_, new) in other.moves.items():
            old = self.moves[n][0] if n in self.moves else other.moves[n][0]
            self.moves[n] = (old, new)
        return True

    def redo(self) -> None:
        self._apply(1)

    def undo(self) -> None:
        self._apply(0)

    def _apply(self, which: int) -> None:
        for n, pair in self.moves.items():
            if n in self.graph:
                self.graph.move(n, pair[which])


class GraphNameCommand(GraphCommand):
    """Rename the graph itself (its name in the file, the title and the generated class)."""

    def __init__(self, graph: Graph, old: str, new: str) -> None:
        super().__init__(graph, shorten(translate("Commands", "Rename graph {old} to {new}").format(
            old=old, new=new)))
        self.old, self.new = old, new

    def redo(self) -> None:
        self.graph.set_meta(name=self.new)

    def undo(self) -> None:
        self.graph.set_meta(name=self.old)


class LayoutCommand(GraphCommand):
    """Auto-layout (layered, left to right) with every old position kept for undo."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph, translate("Commands", "Auto layout"))
        self.before = {v.id: v.pos for v in graph.nodes()}
        self.after: dict[str, tuple] | None = None

    def redo(self) -> None:
        if self.after is None:
            apply_layout(self.graph)
            self.after = {v.id: v.pos for v in self.graph.nodes()}
        else:
            self._set(self.after)

    def undo(self) -> None:
        self._set(self.before)

    def _set(self, positions) -> None:
        with self.graph.bulk_edit():
            for n, pos in positions.items():
                self.graph.move(n, pos)
