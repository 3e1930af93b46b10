"""Trained weights are the document's: kept after a run, saved beside the graph, restored
on open, exported through the worker, kept across edits that keep a node's shapes."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from tests.ui.conftest import normalised

WAIT = 90_000  # ms: the worker imports torch on first use


def _set(panel, name, value):
    field = panel.fields[name].widget
    field.setValue(value)
    field.editingFinished.emit()


def _train(qtbot, w, epochs=20):
    live = w.live
    _set(live.train_panel, "epochs", epochs)
    qtbot.mouseClick(live.train_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.session is not None and live.session.done, timeout=WAIT)
    result = live.session.result
    assert result.status == "finished", result.message
    return result


def test_train_save_reopen_and_export_keep_the_trained_weights(qtbot, live_window, tmp_path):
    w = live_window("xor")
    path = tmp_path / "xor.graphlab.json"
    _set(w.live.train_panel, "epochs", 20)
    assert w.files.save_to(path) and not w.isWindowModified()
    before, undo_steps = normalised(w.graph), w.editor.stack.count()
    result = _train(qtbot, w)
    # the run marks the weights unsaved, without an undo step or a change to the graph
    assert w.isWindowModified() and w.editor.stack.isClean()
    assert w.editor.stack.count() == undo_steps and normalised(w.graph) == before
    asked = []
    w.ask_choice = lambda title, text, choices: asked.append(text) or "cancel"
    assert not w.maybe_save()
    assert asked and "Save trained weights?" in asked[0]
    assert w.files.save() and not w.isWindowModified()
    assert (tmp_path / "xor.weights.npz").is_file()

    w2 = live_window(None)
    assert w2.files.open_path(path) and not w2.isWindowModified()
    reopened = w2.weights.named()
    assert reopened.keys() == result.weights.keys()
    for k, v in result.weights.items():
        np.testing.assert_array_equal(reopened[k], v)

    # the step-through of the reopened document (no run yet) uses its weights
    qtbot.mouseClick(w2.live.step_panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w2.live.steps.waiting, timeout=WAIT)
    stepped = w2.live.step_panel.stepper.record.weights
    np.testing.assert_array_equal(stepped["hidden.weight"], result.weights["hidden.weight"])
    w2.live.step_panel.stop()

    dialog = w2.exports.export_model("torch")
    assert "trained weights" in dialog.weights_note.text()
    out = tmp_path / "model.py"
    dialog.path_edit.setText(str(out))
    assert dialog.export() and dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.written == [str(out), str(tmp_path / "model.weights.npz")], \
        dialog.status.text()
    with np.load(tmp_path / "model.weights.npz", allow_pickle=False) as f:
        for k, v in result.weights.items():
            np.testing.assert_array_equal(f[k], v)
    # ONNX from the dialog holds them too (onnxruntime predicts what the trained model does)
    import onnxruntime as ort
    import torch

    import graphlab

    dialog.choose("onnx")
    dialog.path_edit.setText(str(tmp_path / "model.onnx"))
    assert dialog.export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.written == [str(tmp_path / "model.onnx")], dialog.status.text()
    model = graphlab.build(w2.graph, "torch").model.eval()
    model.set_weights(result.weights)
    x = np.random.default_rng(0).standard_normal((4, 2)).astype(np.float32)
    sess = ort.InferenceSession(str(tmp_path / "model.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    np.testing.assert_allclose(got, model(torch.from_numpy(x)).detach().numpy(), rtol=1e-4,
                               atol=1e-6)
    # an export never replaces the weights file the graph names
    dialog.choose("npz")
    dialog.path_edit.setText(str(tmp_path / "xor.weights.npz"))
    assert not dialog.export() and "the weights the graph file names" in dialog.status.text()
    # a failure is a message in the dialog, not a traceback
    dialog.choose("onnx")
    dialog.path_edit.setText(str(tmp_path / "no_such_folder" / "x" / "m.onnx"))
    (tmp_path / "no_such_folder").write_text("a file, not a folder")
    assert dialog.export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.status.property("error") and "Traceback" not in dialog.status.text()
    assert dialog.status.text()


def test_adding_a_layer_keeps_the_other_layers_weights(qtbot, live_window):
    w = live_window("xor")
    result = _train(qtbot, w)
    g, ed = w.graph, w.editor
    hidden, logit = g.find("hidden"), g.find("logit")
    # a rename keeps the node's weights under its new name
    assert ed.rename(hidden, "first")
    assert "first.weight" in w.weights.named()
    np.testing.assert_array_equal(w.weights.named()["first.weight"], result.weights["hidden.weight"])
    # a layer added between tanh and logit: the others keep their trained weights
    edge = next(e for e in g.edges() if e.dst == logit)
    new = ed.add_node("Linear", (0.0, 0.0), {"in_features": 4, "out_features": 4})
    assert new is not None and ed.insert_on_wire(new, edge)
    assert not g.analysis.errors()
    assert w.weights.fresh_nodes() == [new]
    w.inspector.show_node(new)  # the Inspector says which nodes start fresh
    assert "<b>Weights</b> start fresh: added after training" in w.inspector.costs.text()
    w.inspector.show_node(logit)
    assert "<b>Weights</b> trained" in w.inspector.costs.text()
    kept = w.weights.named()
    np.testing.assert_array_equal(kept["logit.weight"], result.weights["logit.weight"])
    np.testing.assert_array_equal(kept["first.bias"], result.weights["hidden.bias"])
    # deleting a node and undoing the delete brings its weights back
    ed.delete([logit])
    assert "logit.weight" not in w.weights.named()
    ed.stack.undo()
    np.testing.assert_array_equal(w.weights.named()["logit.weight"],
                                  result.weights["logit.weight"])
    # the next run starts from them: one step at a tiny rate leaves them as they were
    _set(w.live.train_panel, "lr", 1e-9)
    again = _train(qtbot, w, epochs=1)
    np.testing.assert_allclose(again.weights["logit.weight"], result.weights["logit.weight"],
                               atol=1e-6)
    # a wider layer starts fresh, and so does the one it feeds; undo brings theirs back
    assert ed.set_attr(new, "out_features", 6) and ed.set_attr(logit, "in_features", 6)
    w.inspector.show_node(logit)
    assert "start fresh: its shapes changed since training" in w.inspector.costs.text()
    ed.stack.undo()
    ed.stack.undo()
    assert "<b>Weights</b> trained" in w.inspector.costs.text()
    # a graph with errors saves without its weights, and says so: they stay unsaved
    assert ed.set_attr(logit, "in_features", 3) and g.analysis.errors()
    assert w.files.save_to(w.save_path)
    assert w.weights.unsaved and "without its trained weights" in w.statusBar().currentMessage()
    ed.stack.undo()
    assert w.files.save_to(w.save_path) and not w.isWindowModified()
    # Reset Weights returns to the seed
    w.live.docks.reset_weights.trigger()
    assert w.weights.named() == {} and w.isWindowModified()


def test_a_lesson_never_asks_to_save_its_weights(qtbot, live_window):
    from graphlab.lessons import LESSONS

    w = live_window(None)
    assert "xor" in LESSONS  # a lesson that trains on data (the first ones step by hand)
    w.live.open_lesson("xor")
    live = w.live
    qtbot.mouseClick(live.train_panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.session is not None and len(live.session.losses) >= 3,
                    timeout=WAIT)
    live.stop(wait=True)
    qtbot.waitUntil(lambda: bool(w.weights.store), timeout=WAIT)
    asked = []
    w.ask_choice = lambda title, text, choices: asked.append(text) or "cancel"
    assert not w.weights.unsaved and not w.isWindowModified()
    assert w.maybe_save() and asked == []


def test_a_file_whose_weights_are_missing_opens_from_the_seed_and_says_why(live_window,
                                                                           tmp_path):
    import json

    from graphlab import example
    from graphlab.graph.fileformat import save

    path = save(example("xor"), tmp_path / "lost.graphlab.json")
    d = json.loads(path.read_text())
    d["training"]["weights"] = "lost.weights.npz"
    path.write_text(json.dumps(d))
    w = live_window(None)
    assert w.files.open_path(path) and w.errors == []
    assert w.weights.named() == {} and not w.isWindowModified()
    message = w.statusBar().currentMessage()
    assert "lost.weights.npz" in message and "is missing" in message and "seed" in message
