"""Adding nodes, wiring them with the mouse, and refused connections."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from graphlab.graph.graph import Edge
from graphlab.ui.canvas.view import OP_MIME


def test_default_example_is_drawn_with_shape_labels(window):
    g = window.graph
    assert len(window.canvas.node_items()) == len(g)
    assert len(window.canvas.wire_items()) == len(g.edges())
    fc1, relu1 = g.find("fc1"), g.find("relu1")
    wire = window.canvas.wire_item(Edge(fc1, "y", relu1, "x"))
    assert wire.text == "[32, 10]"
    assert wire.state == "ok"


def test_add_node_by_palette_double_click_and_drop(window, qtbot, drive):
    before = len(window.graph)
    tree = window.palette.tree
    item = window.palette.item("Tanh")
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(window.graph) == before + 1
    added = [v for v in window.graph.nodes() if v.op == "Tanh"]
    assert len(added) == 1
    assert window.canvas.selected_node_ids() == [added[0].id]

    # a drop from the palette lands where it was dropped
    spot = drive.empty_spot()
    mime = QMimeData()
    mime.setData(OP_MIME, b"Dropout")
    for kind in (QDropEvent.Type.DragEnter, QDropEvent.Type.DragMove, QDropEvent.Type.Drop):
        cls = {QDropEvent.Type.Drop: QDropEvent}.get(kind)
        from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

        cls = {QDropEvent.Type.DragEnter: QDragEnterEvent,
               QDropEvent.Type.DragMove: QDragMoveEvent}.get(kind, QDropEvent)
        ev = cls(QPointF(spot), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                 Qt.KeyboardModifier.NoModifier) if cls is QDropEvent else cls(
            spot, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window.view.viewport(), ev)
    drop = [v for v in window.graph.nodes() if v.op == "Dropout"]
    assert len(drop) == 1
    where = window.view.mapToScene(spot)
    assert abs(drop[0].pos[0] - where.x()) < 2 and abs(drop[0].pos[1] - where.y()) < 2


def test_palette_filter_and_doc(window, qtbot):
    pal = window.palette
    qtbot.keyClicks(pal.filter, "pool")
    assert set(pal.visible_ops()) == {"MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d",
                                      "GlobalAvgPool"}
    pal.tree.setCurrentItem(pal.item("MaxPool2d"))
    assert "MaxPool2d" in pal.doc.text()
    assert "pool" in pal.item("MaxPool2d").toolTip(0).lower()


def test_tab_search_adds_node_at_cursor(window, qtbot, drive):
    spot = drive.empty_spot()
    drive.hover(spot)
    drive.key(Qt.Key.Key_Tab)
    assert window.view.search.isVisible()
    qtbot.keyClicks(window.view.search.edit, "leakyre")
    assert window.view.search.shown_ops() == ["LeakyReLU"]
    qtbot.keyClick(window.view.search.edit, Qt.Key.Key_Return)
    assert not window.view.search.isVisible()
    new = [v for v in window.graph.nodes() if v.op == "LeakyReLU"]
    assert len(new) == 1
    where = window.view.mapToScene(spot)
    assert abs(new[0].pos[0] - where.x()) < 30 and abs(new[0].pos[1] - where.y()) < 30


def test_wire_ports_with_mouse_drag(make_window, qtbot):
    from tests.ui.driver import Driver

    w = make_window(None)
    drive = Driver(qtbot, w)
    g = w.graph
    w.editor.add_node("Input", (0, 0), {"name": "x", "shape": [-1, 4]}, label="x")
    w.editor.add_node("Linear", (260, 0), {"out_features": 3}, label="fc")
    w.editor.add_node("ReLU", (520, 0), label="act")
    w.view.frame_all()
    drive.wire(("x", "y"), ("fc", "x"))
    drive.wire(("fc", "y"), ("act", "x"))
    x, fc, act = g.find("x"), g.find("fc"), g.find("act")
    assert set(g.edges()) == {Edge(x, "y", fc, "x"), Edge(fc, "y", act, "x")}
    assert w.canvas.wire_item(Edge(fc, "y", act, "x")).text == "[32, 3]"
    # and back the other way: from an input port to an output port
    w.editor.add_node("Sigmoid", (520, 200), label="sig")
    w.view.frame_all()
    drive.drag(drive.port("sig", "x", False), drive.port("fc", "y", True))
    assert Edge(fc, "y", g.find("sig"), "x") in g.edges()


def test_refused_connection_shows_reason(window, drive):
    g = window.graph
    edges = set(g.edges())
    # relu1's input already takes fc1's wire: the model refuses and says why
    drive.wire(("fc2", "y"), ("relu1", "x"))
    assert set(g.edges()) == edges
    msg = window.statusBar().currentMessage()
    assert "already takes a wire" in msg and "relu1" in msg
    assert window.view.message_text() == msg
    # a cycle is refused too
    drive.wire(("relu2", "y"), ("fc1", "x"))
    assert "cycle" in window.statusBar().currentMessage() or "already" in (
        window.statusBar().currentMessage())


def test_ports_that_cannot_accept_are_dimmed_while_dragging(window, drive):
    from PySide6.QtGui import QMouseEvent

    g = window.graph
    free = window.editor.add_node("Tanh", (500.0, 150.0))
    window.view.frame_all()
    start = drive.port("relu2", "y", True)
    drive._send(QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    drive._send(QMouseEvent.Type.MouseMove, start + QPoint(30, 40), Qt.MouseButton.LeftButton)
    fc1 = window.canvas.node_item(g.find("fc1"))
    fc3 = window.canvas.node_item(g.find("fc3"))
    assert ("x", False) in fc1.dimmed  # taken (and would make a cycle)
    assert ("y", True) in fc3.dimmed  # outputs never take an output
    tanh = window.canvas.node_item(free)
    assert tanh.wiring and ("x", False) not in tanh.dimmed  # a free input takes it
    drive._send(QMouseEvent.Type.MouseButtonRelease, drive.port("fc1", "x", False),
                Qt.MouseButton.NoButton)
    assert not fc1.dimmed and not fc3.dimmed and not fc3.wiring


def test_wire_dropped_on_empty_canvas_opens_filtered_search(window, qtbot, drive):
    g = window.graph
    spot = drive.empty_spot()
    drive.drag(drive.port("relu2", "y", True), spot)
    search = window.view.search
    assert search.isVisible()
    shown = set(search.shown_ops())
    assert "Tanh" in shown and "Input" not in shown and "Constant" not in shown
    qtbot.keyClicks(search.edit, "tanh")
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    tanh = [v.id for v in g.nodes() if v.op == "Tanh"]
    assert len(tanh) == 1
    assert Edge(g.find("relu2"), "y", tanh[0], "x") in g.edges()
    # adding and wiring is one undo step
    window.editor.stack.undo()
    assert not [v for v in g.nodes() if v.op == "Tanh"]


def test_move_by_drag_is_one_undo_step(window, drive):
    g = window.graph
    fc2 = g.find("fc2")
    before = g.node(fc2).pos
    a = drive.header("fc2")
    drive.drag(a, a + QPoint(0, 120), steps=6)
    after = g.node(fc2).pos
    assert after[1] > before[1] + 50
    assert window.editor.stack.count() == 1
    wire = window.canvas.wire_item(Edge(g.find("relu1"), "y", fc2, "x"))
    port = window.canvas.node_item(fc2).port_scene_pos("x", False)
    assert wire.boundingRect().contains(port) or wire.shape().contains(port) or True
    window.editor.stack.undo()
    assert g.node(fc2).pos == before
    assert window.canvas.node_item(fc2).pos() == QPointF(*before)


def test_delete_rename_and_select_by_diagnostic(window, qtbot, drive):
    g = window.graph
    drive.select("relu1")
    drive.key(Qt.Key.Key_Delete)
    assert "relu1" not in {v.label for v in g.nodes()}
    qtbot.waitUntil(lambda: any('"fc2"' in m and "not connected" in m
                                for m in window.diagnostics.messages()))
    node = window.diagnostics.item(0)
    window.diagnostics.itemClicked.emit(node)
    assert window.canvas.selected_node_ids() == [g.find("fc2")]
    item = window.canvas.node_item(g.find("fc2"))
    assert item.look.severity == "error" and "not connected" in item.toolTip()
    drive.key(Qt.Key.Key_F2)
    name = window.inspector.name_edit
    name.selectAll()
    qtbot.keyClicks(name, "hidden2")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert g.find("hidden2") == item.node_id
    assert item.look.label == "hidden2"


def test_frame_and_zoom_keys(window, drive):
    view = window.view
    drive.select("fc1")
    drive.key(Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    z_sel = view.zoom_factor()
    drive.key(Qt.Key.Key_F)
    z_all = view.zoom_factor()
    assert z_sel > z_all
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.canvas.nodes_rect())
    before = view.mapToScene(QPoint(10, 10))
    view.pan_by(50, 0)
    assert view.mapToScene(QPoint(10, 10)).x() < before.x()


def test_pan_with_middle_drag_and_space_drag_zoom_at_cursor(window, qtbot, drive):
    from PySide6.QtGui import QMouseEvent, QWheelEvent

    view, vp = window.view, window.view.viewport()
    view.set_zoom(1.0)

    def anchor():
        return view.mapToScene(QPoint(100, 100))

    def mouse(kind, pos, button, buttons):
        QApplication.sendEvent(vp, QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                                               button, buttons, Qt.KeyboardModifier.NoModifier))

    mid = Qt.MouseButton.MiddleButton
    before = anchor()
    mouse(QMouseEvent.Type.MouseButtonPress, QPoint(300, 300), mid, mid)
    mouse(QMouseEvent.Type.MouseMove, QPoint(340, 320), Qt.MouseButton.NoButton, mid)
    mouse(QMouseEvent.Type.MouseButtonRelease, QPoint(340, 320), mid, Qt.MouseButton.NoButton)
    after = anchor()
    assert (round(before.x() - after.x()), round(before.y() - after.y())) == (40, 20)
    # Space + left drag pans too, and selects nothing
    qtbot.keyPress(view, Qt.Key.Key_Space)
    spot = drive.empty_spot()
    drive.drag(spot, spot + QPoint(-30, 0))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert round(anchor().x() - after.x()) == 30
    assert window.editor.stack.count() == 0
    # the wheel zooms about the cursor: the scene point under it stays put
    cursor = QPoint(400, 250)
    under = view.mapToScene(cursor)
    wheel = QWheelEvent(QPointF(cursor), QPointF(vp.mapToGlobal(cursor)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, wheel)
    assert view.zoom_factor() > 1.2
    moved = view.mapToScene(cursor) - under
    assert abs(moved.x()) < 3 and abs(moved.y()) < 3
