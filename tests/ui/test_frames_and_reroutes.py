"""Reroute points and comment frames (graphlab issue 20, item 5), driven with the mouse
and keys: a double click on a wire adds a point, a drag moves it, Delete removes it;
Ctrl+J frames the selection, a double click on the title renames it, dragging the title
moves it with its nodes, the corner resizes it. Everything saves, reopens and undoes back
to the file it started from."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt

from graphlab.graph.fileformat import load, save
from graphlab.graph.graph import Edge
from tests.ui.conftest import normalised
from tests.ui.test_habits import _menu_texts, _pick, _right_click

LEFT = Qt.MouseButton.LeftButton


def _near(a, b, tol=1.0) -> bool:
    return abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol


def _wire_view_point(window, edge, s=0.5) -> QPoint:
    return window.view.mapFromScene(QPointF(*window.canvas.wire_item(edge).point_at(s)))


def _undo_all(window) -> None:
    while window.editor.stack.canUndo():
        window.editor.stack.undo()


def test_reroute_point_added_moved_saved_removed_and_undone(window, qtbot, drive, tmp_path):
    g = window.graph
    start = normalised(g)
    edge = Edge(g.find("fc1"), "y", g.find("relu1"), "x")
    view = window.view
    p = _wire_view_point(window, edge)
    qtbot.mouseDClick(view.viewport(), LEFT, pos=p)
    at = view.mapToScene(p)
    assert len(g.via(edge)) == 1 and _near(g.via(edge)[0], (at.x(), at.y()))
    (dot,) = window.canvas.notes.point_items()
    assert _near(dot.xy, g.via(edge)[0])
    # the wire goes through the point
    wire = window.canvas.wire_item(edge)
    assert wire.shape().contains(QPointF(*g.via(edge)[0]))

    # drag it 80 px down: the model's point follows, one undo step
    steps = window.editor.stack.count()
    drive.drag(p, p + QPoint(0, 80))
    moved = view.mapToScene(p + QPoint(0, 80))
    assert _near(g.via(edge)[0], (moved.x(), moved.y()))
    assert window.editor.stack.count() == steps + 1
    assert wire.shape().contains(QPointF(*g.via(edge)[0]))

    # Alt + click adds a second one, between the source and the first
    q = _wire_view_point(window, edge, 0.2)
    qtbot.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.AltModifier, q)
    assert len(g.via(edge)) == 2 and g.via(edge)[1] == ((moved.x(), moved.y()))

    path = save(g, tmp_path / "points.graphlab.json")
    assert load(path).via(edge) == g.via(edge)
    assert len(json.loads(path.read_text())["edges"][[
        e["dst"] for e in json.loads(path.read_text())["edges"]].index(
        [edge.dst, edge.dst_port])]["via"]) == 2

    # select the first point with a click and press Delete: it goes, the wire stays
    first = window.canvas.notes.point_items()[1]  # the one dragged down
    drive.click(view.mapFromScene(first.pos()))
    drive.key(Qt.Key.Key_Delete)
    assert edge in g.edges() and len(g.via(edge)) == 1
    # right click the other: Remove Reroute Point
    (other,) = window.canvas.notes.point_items()
    menu = _right_click(qtbot, window, view.mapFromScene(other.pos()))
    assert window.view.context_menus.kind == "point"
    _pick(qtbot, menu, "Remove Reroute Point")
    assert g.via(edge) == () and window.canvas.notes.point_items() == []

    _undo_all(window)
    assert normalised(g) == start and window.canvas.notes.point_items() == []


def test_points_go_with_a_deleted_wire_come_back_with_undo_and_are_pasted(window, drive):
    g = window.graph
    fc1, relu1 = g.find("fc1"), g.find("relu1")
    edge = Edge(fc1, "y", relu1, "x")
    window.canvas.notes.add_point(edge, QPointF(*window.canvas.wire_item(edge).point_at(0.5)))
    point = g.via(edge)[0]
    drive.select("fc1", "relu1")
    drive.shortcut("Ctrl+C")
    new = window.edits.paste(QPointF(point[0], point[1] + 400))
    (pasted,) = [e for e in g.edges() if e.src in new and e.dst in new]
    src_moved = g.node(pasted.src).pos[0] - g.node(fc1).pos[0]
    assert _near(g.via(pasted)[0], (point[0] + src_moved, g.via(pasted)[0][1]))
    assert g.via(pasted)[0][1] > point[1] + 300  # the points moved with the paste
    window.editor.stack.undo()  # the paste
    # deleting the wire drops its points; undo brings them back
    window.editor.delete([], [edge])
    assert edge not in g.edges() and window.canvas.notes.point_items() == []
    window.editor.stack.undo()
    assert g.via(edge) == (point,) and len(window.canvas.notes.point_items()) == 1
    # deleting a node that holds the wire, then undoing, too
    window.editor.delete([relu1])
    window.editor.stack.undo()
    assert g.via(edge) == (point,)


def test_comment_frame_create_rename_move_resize_delete_and_undo(window, qtbot, drive,
                                                                 tmp_path):
    g = window.graph
    start = normalised(g)
    view, notes = window.view, window.canvas.notes
    between = Edge(g.find("fc1"), "y", g.find("relu1"), "x")
    notes.add_point(between, QPointF(*window.canvas.wire_item(between).point_at(0.5)))
    (dot,) = g.via(between)
    drive.select("fc1", "relu1")
    drive.shortcut("Ctrl+J")
    (frame,) = g.frames()
    inside = {g.find("fc1"), g.find("relu1")}
    assert set(notes.nodes_in(frame.rect)) == inside
    (item,) = notes.frame_items()

    # double click the title: type a new one (plain text, markup and all), Enter
    title = view.mapFromScene(item.title_scene_pos())
    qtbot.mouseDClick(view.viewport(), LEFT, pos=title)
    edit = view.frame_title_edit
    assert edit.isVisible() and edit.text() == "Comment"
    edit.selectAll()
    nodes = len(g)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # edits the title, deletes no node
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "" and len(g) == nodes
    qtbot.keyClicks(edit, "Hidden <b>layer</b>")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert g.frames()[0].title == "Hidden <b>layer</b>" and not edit.isVisible()
    # shown as written: the tooltip escapes it (Qt would read the tags as rich text)
    assert notes.frame_items()[0].toolTip() == "<p>Hidden &lt;b&gt;layer&lt;/b&gt;</p>"

    # drag the title: the frame and the nodes and points in it move, the others stay, one
    # undo step
    before = {v.id: v.pos for v in g.nodes()}
    steps = window.editor.stack.count()
    item = notes.frame_items()[0]
    title = view.mapFromScene(item.title_scene_pos())
    drive.drag(title, title + QPoint(60, 90))
    dx = g.frames()[0].rect[0] - frame.rect[0]
    dy = g.frames()[0].rect[1] - frame.rect[1]
    assert dx > 20 and dy > 30
    for v in g.nodes():
        want = (before[v.id][0] + dx, before[v.id][1] + dy) if v.id in inside else before[v.id]
        assert _near(v.pos, want), v.label
    assert _near(g.via(between)[0], (dot[0] + dx, dot[1] + dy))
    assert window.editor.stack.count() == steps + 1
    window.editor.stack.undo()
    assert {v.id: v.pos for v in g.nodes()} == before and g.frames()[0].rect == frame.rect
    assert g.via(between) == (dot,)
    window.editor.stack.redo()

    # the corner handle resizes it
    item = notes.frame_items()[0]
    corner = view.mapFromScene(item.handle_scene_pos())
    w0, h0 = g.frames()[0].rect[2:]
    drive.drag(corner, corner + QPoint(80, 40))
    assert g.frames()[0].rect[2] > w0 + 30 and g.frames()[0].rect[3] > h0 + 15

    # right click: its own menu; recolour from it
    menu = _right_click(qtbot, window, view.mapFromScene(notes.frame_items()[0].title_scene_pos()))
    assert window.view.context_menus.kind == "frame"
    assert {"Rename Frame…", "Colour", "Delete Frame (Keep Nodes)"} <= set(_menu_texts(menu))
    menu.close()

    path = save(g, tmp_path / "framed.graphlab.json")
    assert load(path).frames() == g.frames()

    # select it by its title and press Delete: the frame goes, its nodes stay
    drive.click(view.mapFromScene(notes.frame_items()[0].title_scene_pos()))
    drive.key(Qt.Key.Key_Delete)
    assert g.frames() == [] and inside <= set(g.node_ids()) and notes.frame_items() == []

    _undo_all(window)
    assert normalised(g) == start and notes.frame_items() == []


def test_frame_title_refused_when_it_has_a_control_character(window, drive):
    drive.select("fc1")
    drive.shortcut("Ctrl+J")
    refused = []
    window.editor.refused.connect(refused.append)
    assert not window.canvas.notes.change_frame(0, title="a\x07b")
    assert refused and "control character" in refused[0]
    assert window.graph.frames()[0].title == "Comment"


def test_grouping_keeps_frames_and_the_points_of_wires_it_does_not_rebuild(window, drive):
    g = window.graph
    start = normalised(g)
    notes = window.canvas.notes
    fc1, relu1 = g.find("fc1"), g.find("relu1")
    outside = next(e for e in g.edges() if fc1 not in (e.src, e.dst)
                   and relu1 not in (e.src, e.dst))
    notes.add_point(outside, QPointF(*window.canvas.wire_item(outside).point_at(0.5)))
    drive.select("fc1", "relu1")
    drive.shortcut("Ctrl+J")
    kept = (g.frames(), g.via(outside))
    window.blocks.ask_name = lambda *a: "Hidden"
    drive.shortcut("Ctrl+G")
    assert "Hidden" in g.blocks and (g.frames(), g.via(outside)) == kept
    assert len(notes.frame_items()) == 1 and len(notes.point_items()) == 1
    window.editor.stack.undo()
    assert (g.frames(), g.via(outside)) == kept and fc1 in g
    _undo_all(window)
    assert normalised(g) == start and notes.frame_items() == [] == notes.point_items()


def test_the_live_flow_wire_follows_the_reroute_points(window):
    from graphlab.ui.live.overlay import FlowWire

    g = window.graph
    edge = Edge(g.find("fc1"), "y", g.find("relu1"), "x")
    wire = window.canvas.wire_item(edge)
    flow = FlowWire(edge)
    flow.set_ends(wire)
    straight = flow.path()
    bend = QPointF(*wire.point_at(0.5)) + QPointF(0, 150)
    window.canvas.notes.add_point(edge, bend)
    flow.set_ends(wire)  # what the overlay does on each frame
    path = flow.path()
    assert path == wire.path() and path != straight
    points = [(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    assert any(_near(p, (bend.x(), bend.y()), 0.01) for p in points)  # a piece ends there


def test_inside_a_block_frames_are_refused_and_points_are_kept_in_its_definition(
        make_window, drive, tmp_path):
    w = make_window("transformer_waveforms")
    refused = []
    w.editor.refused.connect(refused.append)
    assert w.blocks.enter(w.graph.find("layer1"))
    inside = w.editor.current
    edge = sorted(inside.edges())[0]
    w.canvas.notes.add_point(edge, QPointF(*w.canvas.wire_item(edge).point_at(0.5)))
    w.canvas.select_nodes(inside.node_ids()[:2])
    w.view.context_menus.frame_action.trigger()  # Ctrl+J, as the menus offer it
    assert inside.frames() == [] == w.graph.frames()
    assert refused and "top graph" in refused[-1]
    again = load(save(w.graph, tmp_path / "inside.graphlab.json"))
    assert again.blocks["EncoderLayer"].graph.via(edge) == inside.via(edge) != ()


def test_deleting_nodes_with_their_frame_is_one_undo_step(window, drive):
    g = window.graph
    drive.select("fc1", "relu1")
    drive.shortcut("Ctrl+J")
    (item,) = window.canvas.notes.frame_items()
    drive.click(window.view.mapFromScene(item.title_scene_pos()),
                Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.notes.has_selection() and len(window.canvas.selected_node_ids()) == 2
    steps = window.editor.stack.count()
    drive.key(Qt.Key.Key_Delete)
    assert g.frames() == [] and not g.has_label("fc1") and not g.has_label("relu1")
    assert window.editor.stack.count() == steps + 1
    window.editor.stack.undo()
    assert len(g.frames()) == 1 and g.has_label("fc1") and g.has_label("relu1")


def test_reroute_points_of_wires_inside_a_grouped_block_go_in_and_come_back_out(window,
                                                                                drive):
    g = window.graph
    fc1, relu1 = g.find("fc1"), g.find("relu1")
    edge = Edge(fc1, "y", relu1, "x")
    window.canvas.notes.add_point(edge, QPointF(*window.canvas.wire_item(edge).point_at(0.5)))
    point = g.via(edge)[0]
    drive.select("fc1", "relu1")
    window.blocks.ask_name = lambda *a: "Hidden"
    drive.shortcut("Ctrl+G")
    assert g.blocks["Hidden"].graph.via(edge) == (point,)
    (inst,) = g.instances("Hidden")
    window.canvas.select_nodes([inst])
    drive.shortcut("Ctrl+Shift+G")  # ungroup: the copies sit where the block was
    (back,) = [e for e in g.edges() if g.node(e.src).label == "fc1"
               and g.node(e.dst).label == "relu1"]
    dx = g.node(back.src).pos[0] - g.blocks["Hidden"].graph.node(fc1).pos[0]
    dy = g.node(back.src).pos[1] - g.blocks["Hidden"].graph.node(fc1).pos[1]
    assert _near(g.via(back)[0], (point[0] + dx, point[1] + dy), 0.01)


def test_a_wire_pulled_off_its_input_hides_its_points_until_it_is_let_go(window, qtbot, drive):
    from PySide6.QtGui import QMouseEvent

    g = window.graph
    edge = Edge(g.find("fc1"), "y", g.find("relu1"), "x")
    window.canvas.notes.add_point(edge, QPointF(*window.canvas.wire_item(edge).point_at(0.5)))
    (dot,) = window.canvas.notes.point_items()
    port = drive.port("relu1", "x", False)
    drive._send(QMouseEvent.Type.MouseButtonPress, port, LEFT)
    drive._send(QMouseEvent.Type.MouseMove, port + QPoint(30, 60), LEFT)
    assert not dot.isVisible()
    drive.key(Qt.Key.Key_Escape)  # nothing changes: the wire and its point come back
    drive._send(QMouseEvent.Type.MouseButtonRelease, port + QPoint(30, 60), Qt.MouseButton.NoButton)
    assert edge in g.edges() and dot.isVisible() and len(g.via(edge)) == 1


def test_the_edit_menu_offers_a_frame_around_the_selection(window, drive):
    """Found in the menu bar, not only by Ctrl+J or a right click."""
    drive.select("fc1", "relu1")
    action = next(a for a in window.menus.edit_menu.actions()
                  if a.shortcut().toString() == "Ctrl+J")
    action.trigger()
    (frame,) = window.graph.frames()
    assert window.canvas.notes.frame_items()


def test_the_minimap_shows_comment_frames(window, drive):
    drive.select("fc1", "relu1")
    drive.shortcut("Ctrl+J")
    (item,) = window.canvas.notes.frame_items()
    minimap = window.view.minimap
    minimap.resize(200, 120)
    minimap._content = None  # the extent now holds the frame
    picture = minimap.grab().toImage()
    x, y, w, h = item.rect()
    box = minimap.to_map(QRectF(x, y, w, h))
    cx = round(box.center().x())
    inside = QPoint(cx, round(box.top()) + 2)  # its title bar: no node there
    outside = QPoint(cx, round(box.top()) - 4)
    assert picture.pixelColor(inside) != picture.pixelColor(outside)  # tinted by the frame
