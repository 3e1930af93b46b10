"""Habits people bring from node editors (graphlab issue 20, item 5): right-click menus,
dropping a node on a wire, delete-and-reconnect, pulling a wire off an input, paste at
the cursor and History in labels."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from graphlab.graph.graph import Edge

RIGHT = Qt.MouseButton.RightButton


def _right_click(qtbot, window, pos: QPoint):
    """A right click as the platform delivers it: the press, then a context-menu event."""
    vp = window.view.viewport()
    qtbot.mousePress(vp, RIGHT, pos=pos)
    QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                 vp.mapToGlobal(pos)))
    qtbot.mouseRelease(vp, RIGHT, pos=pos)
    menu = window.view.context_menus.menu
    assert menu is not None and menu.isVisible()
    return menu


def _pick(qtbot, menu, text: str):
    (act,) = [a for a in menu.actions() if a.text().split("\t")[0].replace("&", "") == text]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(act).center())


def _menu_texts(menu):
    return [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]


def _wire_point(window, edge) -> QPoint:
    item = window.canvas.wire_item(edge)
    return window.view.mapFromScene(item.path().pointAtPercent(0.5))


def test_right_click_menus_on_canvas_node_and_wire(window, qtbot, drive):
    g = window.graph
    menu = _right_click(qtbot, window, drive.empty_spot())
    assert window.view.context_menus.kind == "canvas"
    assert {"Add Node…", "Paste Here", "Auto Layout"} <= set(_menu_texts(menu))
    menu.close()

    menu = _right_click(qtbot, window, drive.header("relu1"))
    assert window.view.context_menus.kind == "node"
    assert window.canvas.selected_node_ids() == [g.find("relu1")]
    assert {"Rename…", "Delete", "Delete and Reconnect"} <= set(_menu_texts(menu))
    _pick(qtbot, menu, "Delete")
    assert not g.has_label("relu1")
    drive.shortcut("Ctrl+Z")

    fc1, relu1 = g.find("fc1"), g.find("relu1")
    edge = Edge(fc1, "y", relu1, "x")
    menu = _right_click(qtbot, window, _wire_point(window, edge))
    assert window.view.context_menus.kind == "wire"
    _pick(qtbot, menu, "Insert Node…")
    qtbot.keyClicks(window.view.search.edit, "tanh")
    qtbot.keyClick(window.view.search.edit, Qt.Key.Key_Return)
    (tanh,) = [v.id for v in g.nodes() if v.op == "Tanh"]
    assert Edge(fc1, "y", tanh, "x") in g.edges() and Edge(tanh, "y", relu1, "x") in g.edges()
    drive.shortcut("Ctrl+Z")  # adding and inserting is one step
    assert edge in g.edges() and not [v for v in g.nodes() if v.op == "Tanh"]


def test_dropping_a_node_on_a_wire_inserts_it(window, qtbot, drive):
    g = window.graph
    window.editor.add_node("Tanh", (0.0, -600.0))
    (tanh,) = [v.id for v in g.nodes() if v.op == "Tanh"]
    fc2, relu2 = g.find("fc2"), g.find("relu2")
    edge = Edge(fc2, "y", relu2, "x")
    target = _wire_point(window, edge)
    grab = drive.header(g.node(tanh).label)
    drive.drag(grab, target, steps=6)
    assert Edge(fc2, "y", tanh, "x") in g.edges() and Edge(tanh, "y", relu2, "x") in g.edges()
    assert edge not in g.edges()
    drive.shortcut("Ctrl+Z")
    assert edge in g.edges()


def test_ctrl_delete_removes_a_node_and_reconnects_through_it(window, drive):
    g = window.graph
    fc1, fc2 = g.find("fc1"), g.find("fc2")
    drive.select("relu1")
    drive.shortcut("Ctrl+Delete")
    assert not g.has_label("relu1")
    assert Edge(fc1, "y", fc2, "x") in g.edges()
    assert window.history.model().data(window.history.model().index(
        window.editor.stack.index(), 0)) == "Delete relu1 and reconnect"
    drive.shortcut("Ctrl+Z")
    assert g.has_label("relu1") and Edge(fc1, "y", fc2, "x") not in g.edges()


def test_dragging_from_a_connected_input_moves_the_wire(window, qtbot, drive):
    g = window.graph
    relu1, fc2, relu2 = g.find("relu1"), g.find("fc2"), g.find("relu2")
    window.editor.disconnect(Edge(fc2, "y", relu2, "x"))
    old = Edge(relu1, "y", fc2, "x")
    # pull the wire off fc2.x and drop it on relu2.x: it moves there, one undo step
    drive.drag(drive.port("fc2", "x", False), drive.port("relu2", "x", False), steps=6)
    assert old not in g.edges() and Edge(relu1, "y", relu2, "x") in g.edges()
    drive.shortcut("Ctrl+Z")
    assert old in g.edges() and Edge(relu1, "y", relu2, "x") not in g.edges()
    # pulled off and let go on empty canvas, the wire goes
    drive.drag(drive.port("fc2", "x", False), drive.empty_spot(), steps=6)
    assert old not in g.edges()
    assert window.canvas.wire_items() and all(w.isVisible() for w in window.canvas.wire_items())


def test_paste_lands_at_the_cursor(window, drive):
    g = window.graph
    drive.select("relu1")
    drive.shortcut("Ctrl+C")
    spot = drive.empty_spot()
    drive.hover(spot)
    drive.shortcut("Ctrl+V")
    (new,) = window.canvas.selected_node_ids()
    where = window.view.mapToScene(spot)
    assert abs(g.node(new).pos[0] - where.x()) < 2 and abs(g.node(new).pos[1] - where.y()) < 2


def test_history_speaks_in_labels(window, drive):
    drive.wire(("fc1", "y"), ("fc1", "x"))  # refused: no entry
    drive.select("relu1")
    drive.key(Qt.Key.Key_Delete)
    stack = window.editor.stack
    assert stack.text(stack.index() - 1) == "Delete relu1"
    drive.shortcut("Ctrl+Z")
    g = window.graph
    window.editor.disconnect(Edge(g.find("fc1"), "y", g.find("relu1"), "x"))
    drive.wire(("fc1", "y"), ("relu1", "x"))
    texts = [stack.text(i) for i in range(stack.count())]
    assert "Connect fc1.y -> relu1.x" in texts and "Disconnect fc1.y -> relu1.x" in texts
    assert not any("n2" in t or "n3" in t for t in texts)
    # the History dock shows them
    model = window.history.model()
    shown = [model.data(model.index(i, 0)) for i in range(model.rowCount())]
    assert "Connect fc1.y -> relu1.x" in shown


def test_move_press_release_on_a_connected_input_changes_nothing(window, qtbot, drive):
    g = window.graph
    before = sorted(g.edges())
    p = drive.port("fc2", "x", False)
    drive._send(QMouseEvent.Type.MouseButtonPress, p, Qt.MouseButton.LeftButton)
    drive._send(QMouseEvent.Type.MouseButtonRelease, p, Qt.MouseButton.NoButton)
    assert sorted(g.edges()) == before
    assert window.editor.stack.count() == 0


def test_an_op_dropped_from_the_palette_on_a_wire_goes_into_it(window):
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from graphlab.ui.canvas.view import OP_MIME

    g = window.graph
    fc2, relu2 = g.find("fc2"), g.find("relu2")
    edge = Edge(fc2, "y", relu2, "x")
    spot = _wire_point(window, edge)
    mime = QMimeData()
    mime.setData(OP_MIME, b"Dropout")
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    vp = window.view.viewport()
    QApplication.sendEvent(vp, QDragEnterEvent(spot, *args))
    QApplication.sendEvent(vp, QDragMoveEvent(spot, *args))
    QApplication.sendEvent(vp, QDropEvent(QPointF(spot), *args))
    (drop,) = [v.id for v in g.nodes() if v.op == "Dropout"]
    assert Edge(fc2, "y", drop, "x") in g.edges() and Edge(drop, "y", relu2, "x") in g.edges()
    window.editor.stack.undo()  # one step takes the node and both wires back
    assert edge in g.edges() and not [v for v in g.nodes() if v.op == "Dropout"]


def test_escape_drops_the_wire_being_dragged(window, drive):
    g = window.graph
    before = sorted(g.edges())
    start = drive.port("fc2", "x", False)  # a connected input: its wire is pulled off
    drive._send(QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    target = drive.empty_spot()  # let go here, the wire would go
    drive._send(QMouseEvent.Type.MouseMove, target, Qt.MouseButton.LeftButton)
    drive.key(Qt.Key.Key_Escape)
    drive._send(QMouseEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)
    assert sorted(g.edges()) == before and window.editor.stack.count() == 0
    assert all(w.isVisible() for w in window.canvas.wire_items())
    drive.select("fc1")
    drive.key(Qt.Key.Key_Escape)  # and with no wire, Escape clears the selection
    assert window.canvas.selected_node_ids() == []


def test_double_click_on_empty_canvas_opens_the_search_there(window, qtbot, drive):
    spot = drive.empty_spot()
    qtbot.mouseDClick(drive.viewport, Qt.MouseButton.LeftButton, pos=spot)
    search = window.view.search
    assert search.isVisible()
    qtbot.keyClicks(search.edit, "tanh")
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    (tanh,) = [v for v in window.graph.nodes() if v.op == "Tanh"]
    where = window.view.mapToScene(spot)
    assert abs(tanh.pos[0] - where.x()) < 30 and abs(tanh.pos[1] - where.y()) < 30
