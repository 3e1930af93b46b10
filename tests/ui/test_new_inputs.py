"""An Input made from a loss's target port is a target with the loss's shape and its own
name; the Inspector tells the node's label from its name in code (issue 20, item 6)."""

from PySide6.QtCore import Qt

from graphlab.graph.graph import Edge


def _input_from_target_port(window, qtbot, drive, loss="loss"):
    g = window.graph
    before = {v.id for v in g.nodes()}
    drive.drag(drive.port(loss, "target", False), drive.empty_spot())
    search = window.view.search
    assert search.isVisible() and "Input" in search.shown_ops()
    qtbot.keyClicks(search.edit, "input")
    qtbot.keyClick(search.edit, Qt.Key.Key_Return)
    (new,) = [v for v in g.nodes() if v.id not in before]
    return new


def test_input_from_a_bce_target_port_is_a_uniquely_named_target(window, qtbot, drive):
    g = window.graph
    loss, old = g.find("loss"), g.find("target")
    window.editor.disconnect(Edge(old, "y", loss, "target"))
    new = _input_from_target_port(window, qtbot, drive)
    assert new.op == "Input"
    assert new.attrs["role"] == "target"
    assert new.attrs["shape"] == [-1, 1]  # the prediction's shape, batch first
    assert new.attrs["name"] not in ("x", "target")  # both are taken
    assert g.input_edge(loss, "target").src == new.id
    stack = window.editor.stack
    assert stack.text(stack.index() - 1) == "Add Input and connect to loss.target"
    assert g.analysis.ok, [str(d) for d in g.analysis.diagnostics()]


def test_input_from_a_cross_entropy_target_takes_class_indices(make_window, qtbot):
    from tests.ui.driver import Driver

    w = make_window("digits_mlp")
    drive = Driver(qtbot, w)
    g = w.graph
    loss = next(v for v in g.nodes() if v.spec.is_loss)
    old = g.input_edge(loss.id, "target").src
    drive.select(g.node(old).label)
    drive.key(Qt.Key.Key_Delete)
    new = _input_from_target_port(w, qtbot, drive, loss.label)
    assert (new.attrs["role"], new.attrs["dtype"], new.attrs["shape"]) == (
        "target", "int64", [-1])
    assert g.analysis.ok, [str(d) for d in g.analysis.diagnostics()]


def test_inspector_names_the_label_and_the_name_in_code_differently(window, drive):
    drive.select("x")
    insp = window.inspector
    labels = [insp.label_text(w) for w in (insp.name_edit, insp.attr_widget("name"))]
    assert labels[0].lower() != labels[1].lower()
    assert "code" in labels[1]
