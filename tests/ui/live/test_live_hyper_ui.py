"""The learning rate changed in the Train dock while xor trains (real worker): the run
takes it at its next step and the timeline marks that step with the new value."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphlab.ui.live.curves import change_text

WAIT = 60_000


def test_a_live_learning_rate_change_reaches_the_run_and_the_timeline(qtbot, live_window):
    w = live_window("xor")
    live, panel = w.live, w.live.train_panel
    panel.epochs.setValue(100000)
    panel.epochs.editingFinished.emit()
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.session is not None and len(live.session.losses) >= 5,
                    timeout=WAIT)
    assert panel.lr.isEnabled() and not panel.batch.isEnabled()  # only what may change
    old = w.graph.training["lr"]
    panel.lr.setValue(old / 4)
    panel.lr.editingFinished.emit()
    qtbot.waitUntil(lambda: bool(live.session.changes), timeout=WAIT)
    (change,) = live.session.changes
    assert change.metrics == {"lr": old / 4} and change.step > 5
    assert w.graph.training["lr"] == old / 4  # the document keeps what the run uses now
    qtbot.waitUntil(lambda: bool(live.curves.changes), timeout=WAIT)
    (line,) = live.curves._change_lines
    assert line.value() == change.step and line.label.toPlainText() == change_text(change)
    assert change_text(change) == f"lr {old / 4:.3g}"
    assert not live.session.done


def test_the_dock_offers_momentum_live_only_where_the_run_has_it(qtbot):
    from graphlab import example
    from graphlab.train.run_state import RunState
    from graphlab.ui.live.train_panel import TrainPanel

    panel = TrainPanel()
    qtbot.addWidget(panel)
    sent = []
    panel.live_changed.connect(sent.append)
    for hp, live in (({"momentum": 0.9}, True), ({"momentum": 0.0}, False)):
        training = dict(example("xor").training, optimizer="sgd", optimizer_params=hp)
        panel.set_state(RunState.IDLE)
        panel.load(training)
        panel.set_state(RunState.RUNNING)
        assert panel.lr.isEnabled() and not panel.epochs.isEnabled()
        assert panel.momentum.isEnabled() == live
    panel.set_state(RunState.IDLE)
    panel.load(dict(example("xor").training, optimizer="sgd",
                    optimizer_params={"momentum": 0.5}))
    panel.set_state(RunState.RUNNING)
    panel.momentum.setValue(0.8)
    panel.momentum.editingFinished.emit()
    panel.lr.setValue(0.2)
    panel.lr.editingFinished.emit()
    assert sent == [{"momentum": 0.8}, {"lr": 0.2}]
    panel.set_state(RunState.FINISHED)  # after the run an edit is a plain setting again
    panel.lr.setValue(0.3)
    panel.lr.editingFinished.emit()
    assert len(sent) == 2
