"""Right-click menus on the canvas, a node and a wire (what people bring from Blender,
Houdini and ComfyUI). They reuse the window's actions, so each entry shows its shortcut
and does exactly what the menu bar's does; the few entries of their own go through the
:class:`~graphlab.ui.editor.Editor` (or the canvas's notes layer, for reroute points and
comment frames) like every edit. The comment frame action (Ctrl+J, Blender's "join in
new frame") is made here, since only the canvas has it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from graphlab.graph.graph_frames import FRAME_COLORS
from graphlab.ui.canvas.frame_item import FrameItem
from graphlab.ui.canvas.reroute_item import RerouteItem
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

FRAME_KEYS = "Ctrl+J"
COLOUR_NAMES = (QT_TRANSLATE_NOOP("ContextMenus", "Blue"),
                QT_TRANSLATE_NOOP("ContextMenus", "Green"),
                QT_TRANSLATE_NOOP("ContextMenus", "Brown"),
                QT_TRANSLATE_NOOP("ContextMenus", "Purple"),
                QT_TRANSLATE_NOOP("ContextMenus", "Teal"),
                QT_TRANSLATE_NOOP("ContextMenus", "Red"))


class ContextMenus:
    def __init__(self, window) -> None:
        self.window = window
        self.menu: QMenu | None = None  # the menu shown last (tests pick from it)
        self.kind = ""  # "canvas", "node", "wire", "point" or "frame"
        # made while the window's Menus are built, so listed in help.py's gestures
        act = self.frame_action = QAction(
            translate("ContextMenus", "Comment &Frame Around Selection"), window)
        act.setShortcut(QKeySequence(FRAME_KEYS))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(lambda _=False: window.canvas.notes.frame_selection())
        window.view.addAction(act)

    def open(self, view_pos: QPoint) -> QMenu:
        """Build the menu for what is under ``view_pos`` and show it there (not modal)."""
        w = self.window
        view, scene = w.view, w.canvas
        at = view.mapToScene(view_pos)
        notes = scene.notes
        point = notes.item_at(at, RerouteItem)
        node = scene.node_at(at) if point is None else None
        frame = notes.item_at(at, FrameItem) if point is None and node is None else None
        edge = None if node is not None or point is not None else scene.wire_at(at)
        menu = QMenu(view)
        a = w.menus.actions
        if point is not None:
            self.kind = "point"
            menu.addAction(translate("ContextMenus", "Remove Reroute Point"),
                           lambda: notes.remove_points([point]))
        elif node is not None:
            self.kind = "node"
            if not node.isSelected():
                scene.select_nodes([node.node_id])
            for k in ("rename", "copy", "duplicate", None, "delete", "delete_reconnect"):
                menu.addSeparator() if k is None else menu.addAction(a[k])
            ids = scene.selected_node_ids()
            menu.addAction(translate("ContextMenus", "Disconnect All"),
                           lambda: self._disconnect_all(ids))
            menu.addSeparator()
            menu.addAction(a["group"])
            if w.editor.current.is_instance(node.node_id):  # a block: its own entries
                for k in ("enter_block", "ungroup", "make_unique", "save_block"):
                    menu.addAction(a[k])
            menu.addSeparator()
            menu.addAction(a["frame_sel"])
            menu.addAction(self.frame_action)
        elif edge is not None:
            self.kind = "wire"
            menu.addAction(translate("ContextMenus", "Delete Wire"),
                           lambda: w.editor.disconnect(edge))
            menu.addAction(translate("ContextMenus", "Insert Node…"),
                           lambda: view.open_search(view_pos, wire=edge))
            menu.addAction(translate("ContextMenus", "Add Reroute Point\tDouble Click"),
                           lambda: notes.add_point(edge, at))
        elif frame is not None:
            self.kind = "frame"
            i = frame.index
            menu.addAction(translate("ContextMenus", "Rename Frame…\tDouble Click"),
                           lambda: view.rename_frame(i))
            colours = menu.addMenu(translate("ContextMenus", "Colour"))
            for name, colour in zip(COLOUR_NAMES, FRAME_COLORS, strict=True):
                colours.addAction(translate("ContextMenus", name),
                                  lambda c=colour: notes.change_frame(i, color=c))
            menu.addAction(translate("ContextMenus", "Delete Frame (Keep Nodes)"),
                           lambda: notes.delete_frame(i))
        else:
            self.kind = "canvas"
            menu.addAction(translate("ContextMenus", "Add Node…\tTab"),
                           lambda: view.open_search(view_pos))
            menu.addAction(translate("ContextMenus", "Paste Here"), lambda: w.edits.paste(at))
            menu.addSeparator()
            for k in ("select_all", "layout", "frame_all"):
                menu.addAction(a[k])
            if scene.selected_node_ids():
                menu.addAction(self.frame_action)
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
