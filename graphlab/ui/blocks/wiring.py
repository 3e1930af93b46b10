"""Puts the block parts into the main window: the breadcrumb above the canvas, the
Blocks menu and its keys, the palette's block section, double-click to enter.

Kept here so the window only calls :func:`install` once its docks and menus exist.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from graphlab.ui import theme
from graphlab.ui.blocks.breadcrumb import Breadcrumb
from graphlab.ui.blocks.edits import BlockEdits
from graphlab.ui.blocks.live_map import follow_navigation
from graphlab.ui.i18n import translate


def install(window) -> None:
    window.blocks = edits = BlockEdits(window)
    view = window.takeCentralWidget()  # the canvas, under the breadcrumb from now on
    area = QWidget(window)
    lay = QVBoxLayout(area)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    window.breadcrumb = bar = Breadcrumb(area)
    bar.setStyleSheet(f"#breadcrumb {{ background: {theme.css_colour(theme.PANEL_FILL)}; "
                      f"border-bottom: 1px solid {theme.css_colour(theme.PANEL_EDGE)}; }}")
    lay.addWidget(bar)
    lay.addWidget(view, 1)
    window.setCentralWidget(area)
    bar.go_to.connect(edits.go_to)
    window.view.enter_requested.connect(edits.enter)
    window.view.block_file_dropped.connect(
        lambda path, at: edits.add_from_file(path, (at.x(), at.y())))
    window.palette.user_dir = edits.user_dir
    window.palette.block_requested.connect(lambda b: _palette_block(window, b))
    window.editor.graph_replaced.connect(window.palette.set_document)
    window.palette.set_document(window.editor.graph)
    trail: list = []  # the path shown last, to pick the instance one comes back out of
    window.editor.current_changed.connect(lambda g: _shown(window, trail))
    inner = [None]  # the live panel follows edits of the inside shown
    depth = [0]

    def follow_live(graph) -> None:
        if inner[0] is not None:
            inner[0]()
            inner[0] = None
        live = getattr(window, "live", None)
        if live is not None and graph is not window.editor.graph:
            inner[0] = graph.subscribe(lambda ev: live._graph_event(ev, on_canvas=True))
        moved = depth[0] or window.editor.nav.depth  # not a new document (the panel resets)
        depth[0] = window.editor.nav.depth
        if moved:
            follow_navigation(window)

    window.editor.current_changed.connect(follow_live)
    # an edit inside a block (a move, say) may not reach the document's listeners: every
    # undo-stack step marks the document changed for the autosave
    window.editor.stack.indexChanged.connect(lambda _i: window.autosaver._graph_changed(None))
    _actions(window)
    window.inspector.field_hook = lambda f, g, n: _field_menu(window, f, g, n)
    window.palette.block_actions = lambda name, menu: _block_menu(window, name, menu)
    _shown(window, trail)


def _palette_block(window, block) -> None:
    kind, value = block
    view = window.view
    c = view.mapToScene(view.viewport().rect().center())
    if kind == "file":
        window.blocks.add_instance(value, (c.x(), c.y()))
    else:
        window.blocks.add_from_file(value, (c.x(), c.y()))


def _shown(window, trail: list) -> None:
    """The canvas shows another graph: the breadcrumb follows, the view frames it; going
    up selects the block one came out of."""
    nav = window.editor.nav
    graphs = nav.graphs()
    parts = [window.editor.graph.name]
    for lv, outer in zip(nav.path, graphs, strict=False):
        label = outer.node(lv.instance).label if lv.instance in outer else lv.instance
        parts.append(f"{label} ({lv.definition})")
    window.breadcrumb.set_parts(parts)
    came_from = trail[len(nav.path)].instance if len(trail) > len(nav.path) and \
        trail[:len(nav.path)] == nav.path else None
    trail[:] = nav.path
    if came_from is not None and came_from in nav.current:
        window.canvas.select_nodes([came_from])
        QTimer.singleShot(0, lambda: _centre(window, came_from))
    else:
        QTimer.singleShot(0, window.view.frame_readable)


def _centre(window, node_id: str) -> None:
    if node_id in window.canvas.graph:
        window.view.frame_readable()
        window.view.centerOn(window.canvas.node_item(node_id))


def _actions(window) -> None:
    menus = window.menus
    a = menus.actions
    e = window.blocks
    a["group"] = menus._action(translate("Blocks", "&Group into Block…"), e.group, "Ctrl+G",
                               on_view=True, tip=translate(
                                   "Blocks", "the selected nodes become one block; the wires "
                                   "that cross the selection become its ports"))
    a["ungroup"] = menus._action(translate("Blocks", "&Ungroup Block"), e.ungroup,
                                 "Ctrl+Shift+G", on_view=True, tip=translate(
                                     "Blocks", "put the selected block's nodes in its place"))
    a["enter_block"] = menus._action(translate("Blocks", "&Open Block"), e.enter, tip=translate(
        "Blocks", "show the selected block's inside (or double-click it)"))
    # Backspace goes up a level when nothing is selected, and deletes the selection as
    # before when something is (Delete always deletes)
    a["delete"].setShortcuts([QKeySequence("Delete")])
    a["up_level"] = menus._action(translate("Blocks", "Go &Up a Level"),
                                  lambda: _backspace(window), ["Alt+Up", "Backspace"],
                                  on_view=True, tip=translate(
                                      "Blocks", "back to the graph this block is used in "
                                      "(Backspace deletes the selection when there is one)"))
    a["make_unique"] = menus._action(translate("Blocks", "Make &Unique"), e.make_unique,
                                     tip=translate(
                                         "Blocks", "give this block instance its own copy of "
                                         "the definition: editing it changes only this node"))
    a["save_block"] = menus._action(translate("Blocks", "&Save Block to Library"),
                                    e.save_to_library, tip=translate(
                                        "Blocks", "keep the selected block in your library of "
                                        "blocks (the palette's My blocks) for other graphs"))
    for k in ("group", "ungroup", "enter_block", "up_level", "make_unique", "save_block"):
        window.addAction(a[k])
    bar = window.menuBar()
    menu = menus.blocks_menu = bar.addMenu(translate("Blocks", "&Blocks"))
    bar.insertMenu(menus.view_menu.menuAction(), menu)
    for k in ("group", "ungroup", None, "enter_block", "up_level", None, "make_unique",
              "save_block"):
        menu.addSeparator() if k is None else menu.addAction(a[k])
    menu.aboutToShow.connect(lambda: _enable(window))
    # greyed only while the menu is open: the keys work on what is selected when pressed
    menu.aboutToHide.connect(lambda: QTimer.singleShot(0, lambda: _enable(window, True)))


def _backspace(window) -> None:
    if window.canvas.selected_node_ids() or window.canvas.selected_edges():
        window.edits.delete()
    else:
        window.blocks.up()


def _enable(window, all_on: bool = False) -> None:
    """Entries that need a block selected (or the canvas inside one) are greyed without."""
    a = window.menus.actions
    if all_on:
        for k in ("group", "ungroup", "enter_block", "make_unique", "save_block", "up_level"):
            a[k].setEnabled(True)
        return
    g = window.editor.current
    sel = window.canvas.selected_node_ids()
    blocks = [n for n in sel if g.is_instance(n)]
    a["group"].setEnabled(bool(sel))
    a["ungroup"].setEnabled(bool(blocks))
    a["enter_block"].setEnabled(len(blocks) == 1)
    a["make_unique"].setEnabled(len(blocks) == 1)
    a["save_block"].setEnabled(len(blocks) == 1 or g.definition is not None)
    a["up_level"].setEnabled(window.editor.nav.depth > 0)


def _field_menu(window, field, graph, node_id) -> None:
    """Inside a block, a number or yes/no attribute's right-click menu offers to make
    it a block parameter (set by each instance)."""
    from graphlab.graph.blocks import PARAM_KINDS, ParamRef

    if graph.definition is None or field.attr.kind not in PARAM_KINDS:
        return
    if isinstance(graph.raw(node_id)["attrs"].get(field.attr.name), ParamRef):
        return
    w = field.widget
    act = QAction(translate("Blocks", "Make Block Parameter"), w)
    act.setToolTip(f"each {graph.definition} block then sets {field.attr.name} itself")
    act.triggered.connect(lambda: window.blocks.make_parameter(node_id, field.attr.name))
    w.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    w.addAction(act)


def _block_menu(window, name: str, parent) -> list:
    """The right-click menu of one of the file's blocks in the palette."""
    e = window.blocks
    lib = window.editor.graph.blocks
    rename = QAction(translate("Blocks", "Rename Block…"), parent)
    rename.triggered.connect(lambda: e.rename_block(name))
    save = QAction(translate("Blocks", "Save Block to Library"), parent)
    save.triggered.connect(lambda: e.save_to_library(name))
    users = len(lib.used_by(name)) if name in lib else 0
    remove = QAction(translate("Blocks", "Remove from File") if not users else translate(
        "Blocks", "Remove from File (used {n}x)").format(n=users), parent)
    remove.setEnabled(users == 0)
    remove.triggered.connect(lambda: e.remove_block(name))
    return [rename, save, remove]
