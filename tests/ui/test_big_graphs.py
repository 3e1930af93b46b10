"""Big graphs and huge names in the editor: a million-character label is elided where it
is drawn and shortened where it is listed (the inspector holds it whole), a graph taller
than the canvas can be scrolled to its end, and wires follow a dragged node."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from graphlab import examples
from graphlab.graph.fileformat import save
from graphlab.graph.graph import Edge

MB = 1_000_000
Ev = QMouseEvent.Type
LEFT = Qt.MouseButton.LeftButton


def test_a_million_character_label_is_elided_on_the_node_and_whole_in_the_inspector(
        make_window, tmp_path):
    from graphlab.ui.picture import export_svg

    g = examples.example("seed_mlp")
    node = next(v.id for v in g.nodes() if v.op == "Linear")
    label = "L" * (MB - 1) + "Z"
    g.rename(node, label)
    g.disconnect(g.input_edge(node, "x"))  # so the name is in an error message too
    path = save(g, tmp_path / "huge_label.graphlab.json")
    w = make_window(None)
    assert w.files.open_path(path)
    item = w.canvas.node_item(node)
    # drawn elided: the picture holds the cut title, not a megabyte of text
    title = item.title_text()
    assert title.startswith("LLLL") and title.endswith("…") and len(title) < 60
    svg = export_svg(w.canvas, tmp_path / "canvas.svg").read_text()
    assert title in svg and len(svg) < 200_000
    # listed shortened, with the length, and still saying what is wrong
    tip = item.toolTip()
    assert len(tip) < 1000 and "1,000,000 characters" in tip and "is not connected" in tip
    rows = w.diagnostics.messages()
    assert rows and all(len(r) < 1000 for r in rows)
    assert any("1,000,000 characters" in r and "is not connected" in r for r in rows)
    w.code_view.refresh_now()
    assert max(len(line) for line in w.code_view.text.toPlainText().split("\n")) < 2100
    # the inspector has the whole name (a QLineEdit keeps 32,767 characters by default)
    w.select_node(node)
    assert w.inspector.name_edit.text() == label
    assert len(w.inspector.problems.text()) < 1000
    # renaming it is one undoable edit that gives the whole name back
    w.inspector.name_edit.setText("short")
    w.inspector.name_edit.setModified(True)
    w.inspector.name_edit.editingFinished.emit()
    assert w.graph.node(node).label == "short" and item.title_text() == "short"
    assert len(w.history.model().index(1, 0).data()) < 1000  # "Rename LLLL… to short"
    w.editor.stack.undo()
    assert w.graph.node(node).label == label and w.inspector.name_edit.text() == label


def test_a_graph_taller_than_the_canvas_scrolls_to_its_last_node(make_window, tmp_path):
    from graphlab.graph import Graph

    g = Graph("tall")
    with g.bulk_edit():
        prev = g.add_node("Input", {"shape": [-1, 4]}, "x", (0.0, 0.0))
        for i in range(1, 900):  # 900 rows of 130 units: past the canvas's 100,000
            n = g.add_node("ReLU", {}, None, (0.0, i * 130.0))
            g.connect(prev, "y", n, "x")
            prev = n
    path = save(g, tmp_path / "tall.graphlab.json")
    w = make_window(None)
    assert w.files.open_path(path)
    assert len(w.canvas.node_items()) == 900 and len(w.canvas.wire_items()) == 899
    w.view.set_zoom(1.0)
    w.select_node(prev)
    shown = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    assert shown.contains(w.canvas.node_item(prev).sceneBoundingRect())
    wire = w.canvas.wire_item(g.in_edges(prev)[0])
    assert "[32, 4]" in wire.toolTip()  # tooltips are made when asked for


def test_wires_follow_a_dragged_node_and_its_undo(window, drive):
    g = window.graph
    fc2, relu1 = g.find("fc2"), g.find("relu1")
    wire = window.canvas.wire_item(Edge(relu1, "y", fc2, "x"))
    item = window.canvas.node_item(fc2)

    def wire_end() -> QPointF:
        return wire.path().pointAtPercent(1.0)

    before = g.node(fc2).pos
    a = drive.header("fc2")
    drive._send(Ev.MouseButtonPress, a, LEFT)
    for i in range(1, 5):
        drive._send(Ev.MouseMove, a + QPoint(0, 30 * i), LEFT)
        assert wire_end() == item.port_scene_pos("x", False)  # during the drag
    drive._send(Ev.MouseButtonRelease, a + QPoint(0, 120), Qt.MouseButton.NoButton)
    moved = item.port_scene_pos("x", False)
    assert wire_end() == moved and g.node(fc2).pos[1] > before[1] + 50
    window.editor.stack.undo()
    assert wire_end() == item.port_scene_pos("x", False) != moved


def test_the_code_of_a_large_graph_is_made_when_asked_not_after_every_edit(make_window,
                                                                          tmp_path):
    from graphlab.graph import Graph
    from graphlab.graph.builders import residual_blocks
    from graphlab.ui.docks.code_view import AUTO_NODES

    g = Graph("large", training={"batch_size": 8})
    with g.bulk_edit():
        last = residual_blocks(g, g.add_node("Input", {"shape": [-1, 4]}, "x"),
                               AUTO_NODES, 4)
        g.connect(last, "y", g.add_node("Output", {"name": "y"}, "y"), "x")
    w = make_window(None)
    assert w.files.open_path(save(g, tmp_path / "large.graphlab.json"))
    code = w.code_view
    code.schedule()
    assert not code.timer.isActive() and code.generate_button.isVisibleTo(code)
    assert "press Generate" in code.text.toPlainText()
    code.generate_button.click()
    assert "class " in code.text.toPlainText() and not code.generate_button.isVisibleTo(code)
    w.editor.set_attr(g.find("x"), "shape", [-1, 5])  # an edit: the code is stale again
    assert "press Generate" in code.text.toPlainText()
