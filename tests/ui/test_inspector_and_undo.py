"""Inspector edits, undo/redo of everything, copy/paste, and a randomised undo test."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt

from graphlab.graph.graph import Edge
from tests.ui.conftest import normalised


def _set_spin(qtbot, spin, value):
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def test_inspector_edit_updates_wire_shapes(window, qtbot, drive):
    g = window.graph
    drive.select("fc1")
    insp = window.inspector
    assert insp.node_id == g.find("fc1")
    assert "[32, 10]" in insp.shapes.text() and "Parameters</b> 110" in insp.costs.text()
    assert "Fully connected" in insp.doc.text()
    _set_spin(qtbot, insp.attr_widget("out_features"), 20)
    assert g.node(g.find("fc1")).attrs["out_features"] == 20
    fc1, relu1, fc2 = g.find("fc1"), g.find("relu1"), g.find("fc2")
    assert window.canvas.wire_item(Edge(fc1, "y", relu1, "x")).text == "[32, 20]"
    # fc2 still says in_features=10: its input wire turns red and the node gets a badge
    wire = window.canvas.wire_item(Edge(relu1, "y", fc2, "x"))
    assert wire.state == "bad" and wire.text == "[32, 20]"
    assert "expected last dim 10, got 20" in window.canvas.node_item(fc2).toolTip()
    assert "[32, 20]" in insp.shapes.text() and "Parameters</b> 220" in insp.costs.text()
    # one undo puts every label back
    drive.shortcut("Ctrl+Z")
    assert window.canvas.wire_item(Edge(fc1, "y", relu1, "x")).text == "[32, 10]"
    assert window.canvas.wire_item(Edge(relu1, "y", fc2, "x")).state == "ok"
    assert insp.attr_widget("out_features").value() == 10


def test_inspector_refuses_invalid_values_with_reason(window, qtbot, drive):
    g = window.graph
    x = g.find("x")
    drive.select("x")
    shape = window.inspector.attr_widget("shape")
    shape.setFocus()
    shape.selectAll()
    qtbot.keyClicks(shape, "-1, 0")
    qtbot.keyClick(shape, Qt.Key.Key_Return)
    assert g.node(x).attrs["shape"] == [-1, 10]
    assert "sizes must be positive" in window.inspector.error.text()
    assert shape.text() == "-1, 10"
    shape.selectAll()
    qtbot.keyClicks(shape, "ten")
    qtbot.keyClick(shape, Qt.Key.Key_Return)
    assert "list of whole numbers" in window.inspector.error.text()
    shape.selectAll()
    qtbot.keyClicks(shape, "-1, 12")
    qtbot.keyClick(shape, Qt.Key.Key_Return)
    assert g.node(x).attrs["shape"] == [-1, 12]
    assert window.inspector.error.text() == ""
    assert window.canvas.node_item(g.find("fc1")).look.severity == "error"
    # optional attribute: empty means "inferred"
    drive.select("fc1")
    inf = window.inspector.attr_widget("in_features")
    inf.setFocus()
    inf.selectAll()
    qtbot.keyClick(inf, Qt.Key.Key_Delete)
    qtbot.keyClick(inf, Qt.Key.Key_Return)
    assert g.node(g.find("fc1")).attrs["in_features"] is None
    assert window.canvas.node_item(g.find("fc1")).look.severity is None
    # choice and bool widgets
    drive.select("loss")
    combo = window.inspector.attr_widget("reduction")
    combo.activated.emit(combo.findData("sum"))
    assert g.node(g.find("loss")).attrs["reduction"] == "sum"


def test_undo_and_redo_everything(window, qtbot, drive):
    g = window.graph
    start = normalised(g)
    drive.select("sigmoid")
    drive.key(Qt.Key.Key_Delete)
    drive.select("fc3")
    _set_spin(qtbot, window.inspector.attr_widget("out_features"), 3)
    spot = drive.empty_spot()
    drive.drag(drive.port("fc3", "y", True), spot)
    qtbot.keyClicks(window.view.search.edit, "Softmax")
    qtbot.keyClick(window.view.search.edit, Qt.Key.Key_Return)
    drive.select("relu1", "fc2")
    drive.shortcut("Ctrl+D")
    a = drive.header("fc1")
    drive.drag(a, a + QPoint(0, 80))
    end = normalised(g)
    assert end != start
    steps = window.editor.stack.count()
    assert steps == 5
    for _ in range(steps):
        drive.shortcut("Ctrl+Z")
    assert normalised(g) == start
    assert len(window.canvas.node_items()) == len(g)
    assert len(window.canvas.wire_items()) == len(g.edges())
    for i in range(steps):
        drive.shortcut("Ctrl+Shift+Z" if i % 2 else "Ctrl+Y")
    assert normalised(g) == end
    assert window.history.model().rowCount() == steps + 1


def test_copy_paste_and_duplicate_keep_inner_wires(window, drive):
    g = window.graph
    n, e = len(g), len(g.edges())
    drive.select("fc2", "relu2")
    drive.shortcut("Ctrl+C")
    drive.shortcut("Ctrl+V")
    assert len(g) == n + 2 and len(g.edges()) == e + 1
    pasted = window.canvas.selected_node_ids()
    assert sorted(g.node(p).op for p in pasted) == ["Linear", "ReLU"]
    assert any(x.src in pasted and x.dst in pasted for x in g.edges())
    drive.shortcut("Ctrl+V")
    assert len(g) == n + 4
    drive.shortcut("Ctrl+D")
    assert len(g) == n + 6
    labels = [v.label for v in g.nodes()]
    assert len(labels) == len(set(labels))
    for _ in range(3):
        drive.shortcut("Ctrl+Z")
    assert len(g) == n and len(g.edges()) == e


def test_dirty_title_and_auto_layout(window, drive):
    assert not window.isWindowModified()
    drive.shortcut("Ctrl+L")
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    drive.shortcut("Ctrl+Z")
    assert not window.isWindowModified()


OPS = ["ReLU", "Linear", "Add", "Tanh", "Flatten", "Concat", "Dropout"]

command = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(OPS), st.integers(-300, 300)),
    st.tuples(st.just("connect"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("attr"), st.integers(0, 10_000), st.integers(1, 64)),
    st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(-200, 200)),
    st.tuples(st.just("rename"), st.integers(0, 10_000), st.integers(0, 3)),
    st.tuples(st.just("paste"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("layout"), st.just(0), st.just(0)),
)


def _apply(window, c) -> None:
    ed, g = window.editor, window.graph
    ids = sorted(g.node_ids())
    kind, a, b = c
    pick = ids[a % len(ids)] if ids and isinstance(a, int) else None
    if kind == "add":
        ed.add_node(a, (b, b / 2))
    elif kind == "connect" and ids:
        src = g.node(pick)
        dst = g.node(ids[b % len(ids)])
        outs = src.spec.outputs
        ins = dst.spec.input_ports(dst.attrs)
        if outs and ins:
            ed.connect(Edge(src.id, outs[0].name, dst.id, ins[b % len(ins)].name))
    elif kind == "delete" and ids:
        ed.delete([pick])
    elif kind == "attr" and ids:
        v = g.node(pick)
        for attr in v.spec.attrs:
            if attr.kind == "int":
                ed.set_attr(pick, attr.name, b)
                break
            if attr.kind == "float":
                ed.set_attr(pick, attr.name, b / 100)
                break
    elif kind == "move" and ids:
        ed.move({pick: (b, -b)}, ed.new_drag())
    elif kind == "rename" and ids:
        ed.rename(pick, f"r{b}")
    elif kind == "paste" and ids:
        ed.paste(ed.copy_data(ids[: 1 + a % 3]))
    elif kind == "layout":
        ed.auto_layout()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(command, min_size=1, max_size=12))
def test_random_edits_then_undo_all_restore_the_graph(window, commands):
    stack = window.editor.stack
    stack.setIndex(0)
    stack.clear()
    start = normalised(window.graph)
    for c in commands:
        _apply(window, c)
    while stack.canUndo():
        stack.undo()
    assert normalised(window.graph) == start
    assert len(window.canvas.node_items()) == len(window.graph)
    assert len(window.canvas.wire_items()) == len(window.graph.edges())


def test_concat_inputs_follow_n_and_a_wired_port_cannot_go(make_window, qtbot):
    from tests.ui.driver import Driver

    w = make_window(None)
    drive = Driver(qtbot, w)
    ed, g = w.editor, w.graph
    a = ed.add_node("Input", (0, 0), {"name": "a", "shape": [-1, 3]}, label="a")
    cat = ed.add_node("Concat", (300, 0), {"axis": -1}, label="cat")
    w.view.frame_all()
    w.canvas.select_nodes([cat])
    _set_spin(qtbot, w.inspector.attr_widget("n"), 3)
    assert [p for p, _ in w.canvas.node_item(cat).look.inputs] == ["x0", "x1", "x2"]
    w.view.frame_all()
    drive.wire(("a", "y"), ("cat", "x2"))
    assert Edge(a, "y", cat, "x2") in g.edges()
    _set_spin(qtbot, w.inspector.attr_widget("n"), 2)
    assert g.node(cat).attrs["n"] == 3
    assert "x2 still has a wire" in w.inspector.error.text()
    assert w.inspector.attr_widget("n").value() == 3


def test_a_tiny_float_attribute_is_shown_and_kept_exactly(window, qtbot):
    """LayerNorm's eps of 1e-12 shows as 1e-12 (a 6-decimal field showed 0.000000), and
    typing a value commits exactly that value."""
    g = window.graph
    ln = window.editor.add_node("LayerNorm", (0, 300), label="ln")
    window.editor.set_attr(ln, "eps", 1e-12)
    window.canvas.select_nodes([ln])
    field = window.inspector.attr_widget("eps")
    assert field.text() == "1e-12"
    field.lineEdit().setText("3e-07")
    field.interpretText()
    field.editingFinished.emit()
    qtbot.wait(10)
    assert g.node(ln).attrs["eps"] == 3e-07
