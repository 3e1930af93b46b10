"""Problems point at the cause and offer the fix; what blocks compiling or training is a
problem before Run (graphlab issue 20, item 4)."""

import json

from PySide6.QtCore import Qt

from graphlab.examples import __file__ as examples_init
from tests.ui.test_inspector_and_undo import _set_spin


def _refresh(window, qtbot):
    qtbot.waitUntil(lambda: not window._refresh_timer.isActive())


def _click_row(qtbot, lst, item):
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())


def test_a_loss_mismatch_names_the_linear_and_its_fix_is_one_click(window, qtbot, drive):
    g = window.graph
    drive.select("fc3")
    _set_spin(qtbot, window.inspector.attr_widget("out_features"), 10)
    _refresh(window, qtbot)
    text = "\n".join(window.diagnostics.messages())
    assert 'BCELoss "loss"' in text and "[32, 10]" in text
    assert 'Linear "fc3"\'s out_features=10' in text
    assert 'set Linear "fc3"\'s out_features to 1' in text
    row = window.diagnostics.fix_row()
    assert row is not None
    _click_row(qtbot, window.diagnostics, row)
    assert g.node(g.find("fc3")).attrs["out_features"] == 1
    assert g.analysis.ok
    drive.shortcut("Ctrl+Z")  # the fix is one undo step
    assert g.node(g.find("fc3")).attrs["out_features"] == 10


def test_no_output_node_is_a_problem_not_no_problems(window, qtbot, drive):
    drive.select("y")
    drive.key(Qt.Key.Key_Delete)
    assert not any(v.spec.is_output for v in window.graph.nodes())
    _refresh(window, qtbot)
    text = "\n".join(window.diagnostics.messages())
    assert "No problems" not in text
    assert "no Output node" in text


def test_a_dataset_that_does_not_fit_the_input_is_a_problem_with_a_badge_and_fix(
        make_window, qtbot, tmp_path):
    from pathlib import Path

    data = json.loads((Path(examples_init).parent / "seed_mlp.graphlab.json").read_text())
    for n in data["nodes"]:
        if n["label"] == "x":
            n["attrs"]["shape"] = [-1, 5]
        if n["label"] == "fc1":
            n["attrs"]["in_features"] = 5
    path = tmp_path / "five.graphlab.json"
    path.write_text(json.dumps(data))
    w = make_window(None)
    assert w.files.open_path(path)
    _refresh(w, qtbot)
    # the dataset is loaded once the window has drawn, then checked
    qtbot.waitUntil(lambda: any('Input "x"' in m for m in w.diagnostics.messages()))
    text = "\n".join(w.diagnostics.messages())
    assert 'Input "x"' in text and "[10]" in text, text
    x = w.graph.find("x")
    item = w.canvas.node_item(x)
    assert item.look.severity == "error" and 'Input "x"' in item.toolTip()
    row = w.diagnostics.fix_row()
    assert row is not None and "[-1, 10]" in row.text()
    _click_row(qtbot, w.diagnostics, row)
    assert w.graph.node(x).attrs["shape"] == [-1, 10]
    # now fc1 reads 10 values where it says 5: its own fix is offered too
    _refresh(w, qtbot)
    row = w.diagnostics.fix_row()
    assert row is not None and 'Linear "fc1"\'s in_features to 10' in row.text()
    _click_row(qtbot, w.diagnostics, row)
    _refresh(w, qtbot)
    assert w.diagnostics.messages()[0].startswith("No problems")
    assert w.canvas.node_item(x).look.severity is None


def test_an_empty_graph_is_not_called_ready(make_window, qtbot):
    w = make_window(None)
    _refresh(w, qtbot)
    (row,) = w.diagnostics.messages()
    assert row.startswith("The graph is empty") and "Tab" in row


def test_too_few_logits_for_the_classes_names_the_layer_and_fixes_it(make_window, qtbot,
                                                                      tmp_path):
    from graphlab.graph.fileformat import save
    from graphlab.graph.graph import Graph

    rows = "\n".join(f"{i % 7 / 7:.3f},{i % 5 / 5:.3f},{i % 3}" for i in range(60))
    (tmp_path / "three.csv").write_text("a,b,label\n" + rows + "\n")
    g = Graph("three")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    fc = g.add_node("Linear", {"in_features": 2, "out_features": 2}, "fc")
    out = g.add_node("Output", {"name": "logits"}, "logits")
    y = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                             "role": "target"}, "label")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    for e in ((x, "y", fc, "x"), (fc, "y", out, "x"), (fc, "y", loss, "logits"),
              (y, "y", loss, "target")):
        g.connect(*e)
    g.set_meta(training=dict(g.training, dataset="three.csv"))
    path = save(g, tmp_path / "three.graphlab.json")
    w = make_window(None)
    assert w.files.open_path(path)
    qtbot.waitUntil(lambda: any("3 classes" in m for m in w.diagnostics.messages()))
    text = "\n".join(w.diagnostics.messages())
    assert 'CrossEntropyLoss "loss"' in text and 'Linear "fc"\'s out_features=2' in text
    row = w.diagnostics.fix_row()
    assert row is not None and "out_features to 3" in row.text()
    _click_row(qtbot, w.diagnostics, row)
    assert w.graph.node(fc).attrs["out_features"] == 3
    qtbot.waitUntil(lambda: w.diagnostics.messages()[0].startswith("No problems"))


def test_a_model_too_big_for_this_machine_is_a_problem_before_run(window, qtbot, drive):
    fc1 = window.graph.find("fc1")
    drive.select("fc1")
    # a million by ten thousand weights in fc2 as well: terabytes with Adam's state
    window.editor.set_attr(fc1, "out_features", 1_000_000)
    window.editor.set_attr(window.graph.find("fc2"), "in_features", 1_000_000)
    window.editor.set_attr(window.graph.find("fc2"), "out_features", 1_000_000)
    window.editor.set_attr(window.graph.find("fc3"), "in_features", 1_000_000)
    assert window.graph.analysis.ok
    _refresh(window, qtbot)
    text = "\n".join(window.diagnostics.messages())
    assert "training: the model needs about" in text and "free" in text
    assert 'Linear "fc2"' in text
