"""Right-click menus on the canvas, a node and a wire (what people bring from Blender,
Houdini and ComfyUI). They reuse the window's actions, so each entry shows its shortcut
and does exactly what the menu bar's does; the few entries of their own go through the
:class:`~graphlab.ui.editor.Editor` like every edit.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu


class ContextMenus:
    def __init__(self, window) -> None:
        self.window = window
        self.menu: QMenu | None = None  # the menu shown last (tests pick from it)
        self.kind = ""  # "canvas", "node" or "wire"

    def open(self, view_pos: QPoint) -> QMenu:
        """Build the menu for what is under ``view_pos`` and show it there (not modal)."""
        w = self.window
        view, scene = w.view, w.canvas
        at = view.mapToScene(view_pos)
        node = scene.node_at(at)
        edge = None if node is not None else scene.wire_at(at)
        menu = QMenu(view)
        a = w.menus.actions
        if node is not None:
            self.kind = "node"
            if not node.isSelected():
                scene.select_nodes([node.node_id])
            for k in ("rename", "copy", "duplicate", None, "delete", "delete_reconnect"):
                menu.addSeparator() if k is None else menu.addAction(a[k])
            ids = scene.selected_node_ids()
            menu.addAction("Disconnect All", lambda: self._disconnect_all(ids))
            menu.addSeparator()
            menu.addAction(a["group"])
            if w.editor.current.is_instance(node.node_id):  # a block: its own entries
                for k in ("enter_block", "ungroup", "make_unique", "save_block"):
                    menu.addAction(a[k])
            menu.addSeparator()
            menu.addAction(a["frame_sel"])
        elif edge is not None:
            self.kind = "wire"
            menu.addAction("Delete Wire", lambda: w.editor.disconnect(edge))
            menu.addAction("Insert Node…", lambda: view.open_search(view_pos, wire=edge))
        else:
            self.kind = "canvas"
            menu.addAction("Add Node…\tTab", lambda: view.open_search(view_pos))
            menu.addAction("Paste Here", lambda: w.edits.paste(at))
            menu.addSeparator()
            for k in ("select_all", "layout", "frame_all"):
                menu.addAction(a[k])
            if w.editor.nav.depth:  # inside a block
                menu.addSeparator()
                menu.addAction(a["up_level"])
                menu.addAction(a["save_block"])
        self.menu = menu
        menu.popup(view.viewport().mapToGlobal(view_pos))
        return menu

    def _disconnect_all(self, ids: list[str]) -> None:
        g = self.window.editor.current
        edges = {e for n in ids if n in g for e in g.in_edges(n) + g.out_edges(n)}
        if edges:
            self.window.editor.delete([], sorted(edges))
