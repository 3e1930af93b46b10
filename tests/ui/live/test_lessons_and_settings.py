"""Lessons menu, health cues on the canvas, and the train dock's settings."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.frameworks import available
from graphlab.lessons import LESSONS
from graphlab.train.session import TrainingSession
from graphlab.train.teach.health import VANISHING

WAIT = 60_000


def menu_action(menu, text):
    return next(a for a in menu.actions() if a.text() == text)


def test_lessons_menu_opens_each_lesson_with_its_text(live_window):
    w = live_window("xor")
    live = w.live
    assert [a.text() for a in live.lessons_menu.actions()] == [
        lesson.title for lesson in LESSONS.values()]
    for name, lesson in LESSONS.items():
        menu_action(live.lessons_menu, lesson.title).trigger()
        assert w.graph.analysis.ok, name
        assert live.lesson_dock.isVisible()
        assert "Watch:" in live.lesson_text.toPlainText()
        assert name.split("_")[0] in w.graph.name or name in w.graph.name
    assert w.graph.training["lr"] == 0.5  # exploding: a step that is too large


def test_deep_sigmoid_lesson_marks_vanishing_gradients(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    menu_action(live.lessons_menu, LESSONS["deep_sigmoid"].title).trigger()
    live.run()
    qtbot.waitUntil(lambda: live.animator.shown >= 1, timeout=WAIT)
    live.pause()
    vanishing = {c.node_id for c in live.cues if c.kind == VANISHING}
    fc1 = w.graph.find("fc1")
    assert fc1 in vanishing
    assert "vanishing" in live.overlay.badges[fc1].cue
    assert "vanishing gradient" in w.canvas.node_item(fc1).toolTip()
    flow = live.flow.values
    assert flow[fc1] < flow[w.graph.find("fc10")] / 100  # gradient flow: orders smaller
    assert live.health.list.count() >= 1


def test_settings_are_saved_in_the_training_section_with_undo(live_window):
    w = live_window("seed_mlp")
    p = w.live.train_panel
    assert p.dataset.currentText() == "seed_task" and p.lr.value() == 0.01
    assert "seed_task" in p.preview.text()
    p.optimizer.setCurrentText("sgd")
    assert w.graph.training["optimizer"] == "sgd"
    assert w.graph.training["optimizer_params"]["momentum"] == 0.0
    assert p.momentum.isEnabled()
    p.lr.setValue(0.2)
    p.lr.editingFinished.emit()
    assert w.graph.training["lr"] == 0.2
    p.dataset.setCurrentText("moons")
    assert w.graph.training["dataset"] == "moons" and "moons" in p.preview.text()
    w.editor.stack.undo()
    w.editor.stack.undo()
    assert w.graph.training["lr"] == 0.01 and p.lr.value() == 0.01
    w.editor.stack.undo()
    assert w.graph.training["optimizer"] == "adam" and p.optimizer.currentText() == "adam"
    assert not p.momentum.isEnabled()


def test_choosing_another_optimizer_starts_from_its_defaults(live_window):
    w = live_window("seed_mlp")  # Adam, weight decay 0
    p = w.live.train_panel
    p.optimizer.setCurrentText("adamw")
    assert w.graph.training["optimizer_params"]["weight_decay"] == 0.01  # AdamW's own
    assert p.weight_decay.value() == 0.01
    p.weight_decay.setValue(0.05)
    p.weight_decay.editingFinished.emit()
    assert w.graph.training["optimizer_params"]["weight_decay"] == 0.05
    p.optimizer.setCurrentText("sgd")
    assert w.graph.training["optimizer_params"] == {"momentum": 0.0, "weight_decay": 0.0}
    w.editor.stack.undo()
    assert p.optimizer.currentText() == "adamw" and p.weight_decay.value() == 0.05


def test_backends_that_are_installed_are_enabled(live_window):
    w = live_window("xor")
    combo = w.live.train_panel.backend
    for i in range(combo.count()):
        item = combo.model().item(i)
        assert item.isEnabled() == available(combo.itemText(i))


def test_a_dataset_that_does_not_fit_is_reported_not_raised(qtbot, live_window):
    w = live_window("seed_mlp")
    p = w.live.train_panel
    p.dataset.setCurrentText("digits")
    w.live.run()
    qtbot.waitUntil(lambda: w.live.session.done, timeout=WAIT)
    assert w.live.session.result is None  # refused before anything ran
    assert p.state == "idle" and p.run_button.isEnabled()
    assert "x" in p.status.text() and "64" in p.status.text()


def test_exploding_lesson_names_the_node_where_nan_started(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    menu_action(live.lessons_menu, LESSONS["exploding"].title).trigger()
    live.run()
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    qtbot.waitUntil(lambda: live.train_panel.state == "failed", timeout=WAIT)
    node = live.session.result.fault_node
    label = w.graph.node(node).label
    assert f'"{label}"' in live.train_panel.status.text()
    assert w.canvas.selected_node_ids() == [node]  # the canvas shows where it started
    qtbot.waitUntil(lambda: not live.animator.busy and live.animator.last_shown is not None
                    and live.animator.last_shown.kind == "fault", timeout=WAIT)
    assert live.overlay.badges[node].cue == "⚠ NaN starts here"
    assert any(c.kind == "first_nan" and c.node_id == node for c in live.cues)


def test_dead_relu_lesson_marks_dead_units(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    menu_action(live.lessons_menu, LESSONS["dead_relu"].title).trigger()
    live.run()
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    qtbot.waitUntil(lambda: live.train_panel.state == "finished", timeout=WAIT)
    relu2 = w.graph.find("relu2")
    dead = {c.node_id: c for c in live.cues if c.kind == "dead_relu"}
    assert relu2 in dead and dead[relu2].severity >= 0.9
    qtbot.waitUntil(lambda: not live.animator.busy and live.animator.last_shown is not None,
                    timeout=WAIT)
    assert live.overlay.badges[relu2].cue.startswith("⚠ dead")
    assert live.session.result.metrics["val_accuracy"] < 0.7  # it stopped learning


def test_the_app_installs_the_live_panel_from_the_event_loop_in_stages(qtbot, make_window):
    """At startup the panel is built after the window is up, one stage per event-loop
    turn, so the window answers input between stages instead of freezing ~0.4 s."""
    from PySide6.QtCore import QTimer

    from graphlab.ui.live import install_in_stages

    w = make_window("xor")
    turns = []
    got = []
    install_in_stages(w, done=got.append)
    assert getattr(w, "live", None) is None  # nothing built before the loop runs

    def tick():  # an event-loop turn of its own, as a click would be
        turns.append(getattr(w, "live", None) is not None)
        if not got:
            QTimer.singleShot(0, tick)

    QTimer.singleShot(0, tick)
    qtbot.waitUntil(lambda: bool(got), timeout=30_000)
    assert got[0] is w.live and w.live.train_panel is not None
    assert turns.count(False) >= 2  # the loop ran between the stages
    w.editor.stack.setClean()


def test_every_optimizer_parameter_can_be_set_in_the_panel(live_window):
    """betas, eps, amsgrad (Adam), alpha, centered (RMSprop), dampening, nesterov (SGD):
    the dock's extra settings write them to the training section, one undo step each;
    a default the file does not spell out is not written by an unrelated edit."""
    w = live_window("seed_mlp")  # Adam; the file has no amsgrad
    p = w.live.train_panel
    p.lr.setValue(0.02)
    p.lr.editingFinished.emit()
    assert "amsgrad" not in w.graph.training["optimizer_params"]
    p.more.setChecked(True)
    assert not p.extras.isHidden() and set(p.extras.fields) == {"betas", "eps", "amsgrad"}
    p.extras.fields["amsgrad"].setChecked(True)
    assert w.graph.training["optimizer_params"]["amsgrad"] is True
    p.extras.fields["eps"].setText("1e-06")
    p.extras.fields["eps"].editingFinished.emit()
    assert w.graph.training["optimizer_params"]["eps"] == 1e-6
    p.optimizer.setCurrentText("rmsprop")
    assert set(p.extras.fields) == {"alpha", "eps", "centered"}
    p.extras.fields["centered"].setChecked(True)
    assert w.graph.training["optimizer"] == "rmsprop"
    assert w.graph.training["optimizer_params"]["centered"] is True
    w.editor.stack.undo()
    w.editor.stack.undo()
    assert w.graph.training["optimizer"] == "adam"
    assert p.extras.fields["eps"].text() == "1e-06" and p.extras.fields["amsgrad"].isChecked()


def test_a_csv_of_ones_own_is_chosen_with_its_target_column(qtbot, live_window, tmp_path):
    """"From file..." in the dataset field: the section keeps the path and the target
    column, the preview shows the file's data, a run and the step-through train on it,
    and undo goes back to the built-in set."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 2))
    path = tmp_path / "mine.csv"
    rows = ["label,a,b"] + [f"{int(a > b)},{a},{b}" for a, b in x]  # target first
    path.write_text("\n".join(rows) + "\n")
    w = live_window("xor")  # 2 features, a [N, 1] target
    p = w.live.train_panel
    p.dataset.choose_file(str(path), "label")
    assert w.graph.training["dataset"] == {"path": str(path.resolve()), "target": "label"}
    assert p.dataset.currentText() == "mine.csv  (target: label)"
    assert "60 samples of shape [2]" in p.preview.text()
    s = TrainingSession(w.graph, max_steps=3)
    assert s.run().status == "finished" and s.data.n_train == 60
    assert w.live.start_step_through()
    w.live.step_panel.stop()
    w.editor.stack.undo()
    assert w.graph.training["dataset"] == "xor" and p.dataset.currentText() == "xor"
    w.editor.stack.redo()
    assert p.dataset.currentText() == "mine.csv  (target: label)"


def test_a_data_file_in_the_graph_files_folder_is_kept_relative(live_window, tmp_path):
    """Chosen from inside the project folder, the path is saved relative to it, so the
    folder can move; the preview still reads it."""
    w = live_window("xor")
    assert w.files.save_to(tmp_path / "mine.graphlab.json")  # now it lives in tmp_path
    data = tmp_path / "data" / "d.npz"
    data.parent.mkdir()
    np.savez(data, x=np.ones((8, 2), np.float32), y=np.arange(8) % 2)
    w.live.train_panel.dataset.choose_file(str(data))
    assert w.graph.training["dataset"] == "data/d.npz"
    assert "8 samples of shape [2]" in w.live.train_panel.preview.text()


def test_tiny_learning_rates_and_decays_survive_an_unrelated_edit(live_window):
    """A learning rate of 5e-6 or a weight decay of 1e-6 from the file is shown and kept
    as is (a 5-decimal field rounded them and the next edit wrote that back); the arrows
    walk the 1-2-5 ladder."""
    from graphlab.ui.number_fields import rung

    w = live_window("xor")
    g, p = w.graph, w.live.train_panel
    g.set_meta(training={**g.training, "lr": 5e-6, "optimizer": "adamw",
                         "optimizer_params": {"weight_decay": 1e-6}})
    assert p.lr.text() == "5e-06" and p.weight_decay.text() == "1e-06"
    p.epochs.setValue(7)
    p.epochs.editingFinished.emit()
    assert g.training["epochs"] == 7 and g.training["lr"] == 5e-6
    assert g.training["optimizer_params"]["weight_decay"] == 1e-6
    p.lr.setValue(0.001)
    p.lr.stepBy(1)
    p.lr.editingFinished.emit()
    assert g.training["lr"] == 0.002
    assert [rung(v, True) for v in (0.001, 0.002, 0.005, 0.0015, 0.0)] == \
        [0.002, 0.005, 0.01, 0.002, 1e-8]
    assert [rung(v, False) for v in (0.001, 0.002, 1e-8)] == [0.0005, 0.001, 0.0]
    g.set_meta(training={**g.training, "optimizer": "adam",
                         "optimizer_params": {"betas": [0.9, 0.99999]}})
    p.epochs.setValue(8)
    p.epochs.editingFinished.emit()
    assert g.training["optimizer_params"]["betas"] == [0.9, 0.99999]
    g.set_meta(training={**g.training, "optimizer": "sgd",
                         "optimizer_params": {"momentum": 0.9995}})
    p.epochs.setValue(9)
    p.epochs.editingFinished.emit()
    assert g.training["optimizer_params"]["momentum"] == 0.9995
    g.set_meta(training={**g.training, "batch_size": 100_000, "epochs": 1_000_000})
    p.lr.setValue(0.004)
    p.lr.editingFinished.emit()
    assert g.training["batch_size"] == 100_000 and g.training["epochs"] == 1_000_000


def test_window_size_and_docks_come_back_as_they_were_closed(make_window):
    """Closing keeps the window's size and the docks' places in the settings; the next
    window (with the live panel, whose docks arrive after it is up) gets them back."""
    from graphlab.ui.live import install

    first = make_window("xor")
    install(first)
    first.resize(640, 480)  # within the offscreen screen (800x600), which bounds a restore
    first.live.curves_dock.setFloating(True)
    first.close()
    second = make_window("xor")
    assert second.restore_geometry() and second.size().width() == 640
    install(second)
    assert not second.live.curves_dock.isFloating()
    assert second.restore_docks()
    assert second.live.curves_dock.isFloating()
    second.editor.stack.setClean()


def test_a_data_file_that_would_block_or_fail_is_named_before_it_is_read(tmp_path):
    """"From file..." checks the file before reading it on the GUI thread: a named pipe
    used to freeze the editor at its first line; broken files are named up front."""
    import os

    from graphlab.train.datasets import DatasetError
    from graphlab.ui.live.dataset_choice import file_columns

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    header_only = tmp_path / "empty.csv"
    header_only.write_text("a,b,label\n")
    text_npz = tmp_path / "notes.npz"
    text_npz.write_text("not an archive")
    for path, words in ((fifo, "named pipe"), (header_only, "no data rows"),
                        (text_npz, "not an .npz archive")):
        with pytest.raises(DatasetError, match=words):
            file_columns(str(path))
    good = tmp_path / "good.csv"
    good.write_text("a,b,label\n1,2,0\n")
    assert file_columns(str(good)) == ["a", "b", "label"]


def test_another_document_after_a_lesson_is_no_lesson(live_window):
    """Opening a graph after a lesson hides the lesson's text, and its runs probe on the
    editor's budget again (a lesson's runs probe every k-th step)."""
    from graphlab import example

    w = live_window("xor")
    live = w.live
    menu_action(live.lessons_menu, LESSONS["deep_sigmoid"].title).trigger()
    assert live.current_lesson == "deep_sigmoid" and not live.lesson_dock.isHidden()
    w.files.show_graph(example("digits_mlp"), None, "digits_mlp")
    assert live.current_lesson is None and live.lesson_dock.isHidden()
