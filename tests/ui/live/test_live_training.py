"""Training from the train dock: frames reach the canvas; pause, step, stop; timeline."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from graphlab.ui.live import encode

WAIT = 60_000  # ms: torch is imported by the worker on first use


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pens(live):
    return {e: w.style for e, w in live.overlay.wires.items()}


def badges(live):
    return {n: b.lines for n, b in live.overlay.badges.items()}


def set_epochs(qtbot, panel, n):
    panel.epochs.setValue(n)
    panel.epochs.editingFinished.emit()


def test_training_xor_restyles_wires_and_badges(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    before_pens, before_badges = pens(live), badges(live)
    assert all(s is None for s in before_pens.values())
    assert all(not lines for lines in before_badges.values())
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: live.animator.shown >= 1, timeout=WAIT)
    first_pens, first_badges = pens(live), badges(live)
    assert first_pens != before_pens
    styled = [s for s in first_pens.values() if s is not None]
    assert len(styled) == len(first_pens)  # every wire carries a value or gradient
    hidden = w.graph.find("hidden")
    assert first_badges[hidden][0].startswith("μ ") and "‖∂L‖" in first_badges[hidden][1]
    assert "samples:" in w.canvas.node_item(hidden).toolTip()
    shown_step = live.animator.last_shown.step
    qtbot.waitUntil(lambda: live.animator.last_shown.step > shown_step and not (
        live.animator.busy), timeout=WAIT)
    live.pause()
    qtbot.waitUntil(lambda: not live.animator.busy, timeout=WAIT)
    assert badges(live)[hidden] != first_badges[hidden]  # the numbers move as it learns
    frame = live.animator.last_shown
    assert badges(live)[hidden][0] == encode.value_line(frame.value_stats(hidden))
    assert live.deliveries >= 1 and live.curves.train_loss.getData()[0] is not None


def test_step_one_batch_pause_resume_and_stop(qtbot, live_window):
    w = live_window("xor")
    live, panel = w.live, w.live.train_panel
    set_epochs(qtbot, panel, 100000)
    assert w.graph.training["epochs"] == 100000  # written back through an undo command
    click(qtbot, panel.step_button)  # from idle: start paused and run exactly one batch
    qtbot.waitUntil(lambda: live.session is not None and live.session.losses.latest is not None,
                    timeout=WAIT)
    assert live.session.losses.latest[0] == 1 and live.session.state == "paused"
    assert panel.run_button.text() == "Resume"
    click(qtbot, panel.step_button)
    qtbot.waitUntil(lambda: live.session.losses.latest[0] == 2, timeout=WAIT)
    click(qtbot, panel.step_button)
    qtbot.waitUntil(lambda: live.session.losses.latest[0] == 3, timeout=WAIT)
    assert live.session.state == "paused" and len(live.session.losses) == 3
    click(qtbot, panel.run_button)  # resume
    qtbot.waitUntil(lambda: live.session.losses.latest[0] >= 20, timeout=WAIT)
    assert panel.state == "running" and not panel.run_button.isEnabled()
    click(qtbot, panel.pause_button)
    qtbot.waitUntil(lambda: live.session.state == "paused", timeout=WAIT)
    assert panel.step_button.isEnabled() and not panel.pause_button.isEnabled()
    click(qtbot, panel.stop_button)
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    qtbot.waitUntil(lambda: panel.state == "stopped", timeout=WAIT)
    assert live.session.result.status == "stopped" and live.session.result.steps >= 20
    assert panel.run_button.isEnabled() and not panel.stop_button.isEnabled()
    w.editor.stack.undo()
    assert w.graph.training["epochs"] == 300 and panel.epochs.value() == 300


def test_timeline_redraws_an_earlier_step(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    set_epochs(qtbot, live.train_panel, 100000)  # xor's 300 steps can end before the pause
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: len(live.curves.probes) >= 4, timeout=WAIT)
    live.pause()
    qtbot.waitUntil(lambda: live.session.state == "paused", timeout=WAIT)
    hidden = w.graph.find("hidden")
    first = live.curves.probes[0]
    live.curves.choose(0)
    assert live.scrubbing and live.curves.chosen is first
    assert live.curves.marker.value() == first.step  # the line on the loss curve
    assert badges(live)[hidden][0] == encode.value_line(first.value_stats(hidden))
    wire = next(wi for e, wi in live.overlay.wires.items() if e.dst == hidden)
    assert wire.style[0] == round(encode.grad_pen(first.grad_stats(wire.edge.src))[0], 2)
    click(qtbot, live.curves.replay_button)
    assert live.animator.busy and live.animator.frame is first
    qtbot.waitUntil(lambda: not live.animator.busy, timeout=WAIT)
    assert badges(live)[hidden][0] == encode.value_line(first.value_stats(hidden))
    click(qtbot, live.curves.live_button)
    assert not live.scrubbing
    w.canvas.select_nodes([hidden])  # histograms over time of the selected node
    n = len([f for f in live.session.history.items() if f.has_stats])
    assert live.histograms.node_id == hidden
    assert live.histograms.images["values"].shape[0] == n
    assert live.histograms.images["grads"].sum() > 0


def test_frames_are_skipped_not_queued(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    set_epochs(qtbot, live.train_panel, 100000)
    click(qtbot, live.train_panel.run_button)

    def probe_frames():
        return [f for f in live.session.history.items() if f.has_stats]

    qtbot.waitUntil(lambda: len(probe_frames()) >= 4, timeout=WAIT)
    live.stop(wait=True)
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    probes = probe_frames()
    # the editor probes on a time budget, at most every 5th step (steps 1, 6, 11, ...)
    assert all(f.step % 5 == 1 for f in probes)
    # however fast this machine trained, nothing was queued
    a = live.animator
    qtbot.waitUntil(lambda: not a.busy, timeout=WAIT)
    assert a.pending is None
    # frames that arrive during a sweep replace one another: only the newest is drawn next
    shown, skipped = a.shown, a.skipped
    for frame in probes[:4]:
        a.show(frame)
    assert a.busy and a.frame is probes[0] and a.pending is probes[3]
    assert a.skipped == skipped + 2
    qtbot.waitUntil(lambda: a.shown == shown + 2 and not a.busy, timeout=WAIT)
    assert a.last_shown is probes[3] and a.pending is None


def test_each_stepped_batch_is_drawn_on_the_canvas(qtbot, live_window):
    w = live_window("xor")
    live, panel = w.live, w.live.train_panel
    set_epochs(qtbot, panel, 100000)
    click(qtbot, panel.step_button)
    qtbot.waitUntil(lambda: live.animator.last_shown is not None, timeout=WAIT)
    assert live.animator.last_shown.step == 1
    for n in (2, 3):
        click(qtbot, panel.step_button)
        qtbot.waitUntil(lambda n=n: live.animator.last_shown.step == n, timeout=WAIT)
    assert [f.step for f in live.session.history.items() if f.has_stats] == [1, 2, 3]


def test_epoch_curves_stay_bounded_over_a_very_long_run(qtbot):
    """A 20-minute run of a small model passes tens of thousands of epochs: the curves
    keep the whole run at a coarser resolution instead of growing without bound."""
    from graphlab.train import frames as F
    from graphlab.ui.live.curves import EPOCH_POINTS, Curves

    c = Curves()
    qtbot.addWidget(c)
    for start in range(0, 10_000, 500):
        c.add_epochs([F.Frame(F.EPOCH, 25 * e, e, 1.0 / e, {"train_loss": 1.0 / e,
                                                             "val_loss": 2.0 / e,
                                                             "train_accuracy": None})
                      for e in range(start + 1, start + 501)])
    assert EPOCH_POINTS <= len(c.epochs) <= 2 * EPOCH_POINTS
    xs, ys = c.val_loss.getData()
    assert xs[0] == 25 and xs[-1] >= 25 * 9_000 and np.all(np.diff(xs) > 0)
    assert ys[0] == 2.0
    assert len(c.train_acc.getData()[0] if c.train_acc.getData()[0] is not None else []) == 0


def test_a_thick_live_wire_leaves_its_shape_label_readable(qtbot, live_window):
    """A flow wire lies on top of the editor's wire: it must not paint over the wire's
    shape label (a thick pen used to hide "[32, 10]" while training)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    w = live_window("xor")
    overlay = w.live.overlay
    overlay.ensure()
    edge, flow = next(iter(overlay.wires.items()))
    magenta = QColor(255, 0, 255)
    flow.set_style(14.0, magenta)

    def magenta_pixels(region):
        img = QImage(int(region.width()), int(region.height()), QImage.Format.Format_RGB32)
        img.fill(0)
        painter = QPainter(img)
        w.canvas.render(painter, img.rect().toRectF(), region)
        painter.end()
        return sum(img.pixelColor(x, y) == magenta for x in range(img.width())
                   for y in range(img.height()))

    label = w.canvas.wire_item(edge).label_rect()
    assert not label.isEmpty()
    assert magenta_pixels(label.adjusted(1, 1, -1, -1)) == 0
    assert magenta_pixels(flow.path().boundingRect().adjusted(-8, -8, 8, 8)) > 200


def test_an_edit_during_a_run_is_pointed_out(qtbot, live_window):
    """A run trains the graph compiled at Run; after an edit the panel says so instead of
    letting the canvas seem to train what is drawn now."""
    w = live_window("xor")
    live = w.live
    set_epochs(qtbot, live.train_panel, 100000)
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: live.animator.shown >= 1, timeout=WAIT)
    assert "edited" not in live.train_panel.status.text()
    w.editor.delete([w.graph.find("hidden")])
    qtbot.waitUntil(lambda: "edited after Run" in live.train_panel.status.text(),
                    timeout=WAIT)
    assert live.state == "running"  # the run goes on, with the graph as it was
    live.stop(wait=True)
    qtbot.waitUntil(lambda: live.train_panel.run_button.isEnabled(), timeout=WAIT)
    w.editor.stack.undo()
    click(qtbot, live.train_panel.run_button)  # a new run: the note is gone
    qtbot.waitUntil(lambda: live.train_panel.status.text().startswith("running: step"),
                    timeout=WAIT)
    assert "edited" not in live.train_panel.status.text()
    live.stop(wait=True)


def test_a_worker_that_dies_mid_run_is_reported_and_replaced(qtbot, live_window):
    """A crash in native code (here: the worker killed) ends the run with a message, not
    the editor; nothing of the document is lost and the next Run starts a new worker."""
    import os
    import signal

    w = live_window("xor")
    live = w.live
    set_epochs(qtbot, live.train_panel, 100000)
    w.editor.stack.setClean()
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: live.deliveries >= 1, timeout=WAIT)
    first = live.link.pid
    os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    status = live.train_panel.status.text()
    assert live.train_panel.state == "failed" and "killed by signal 9" in status
    assert "press Run" in status and live.train_panel.run_button.isEnabled()
    assert w.editor.stack.isClean() and w.graph.training["epochs"] == 100000
    click(qtbot, live.train_panel.run_button)
    qtbot.waitUntil(lambda: live.session.losses.latest is not None, timeout=WAIT)
    assert live.link.pid != first and live.state == "running"
    live.stop(wait=True)


QUIT_WHILE_TRAINING = r"""
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphlab.ui.live import install
from graphlab.ui.main_window import MainWindow
w = MainWindow(settings=QSettings(os.environ["INI"], QSettings.Format.IniFormat),
               autosave=False, remember_layout=False)
w.files.open_example("digits_cnn")
w.show()
live = install(w)
live.train_panel.epochs.setValue(1000)
live.train_panel.epochs.editingFinished.emit()
w.editor.stack.setClean()
def close_when_stepping():
    if live.step_panel.stepper is not None:
        w.close()  # the last window: the app quits with the run still going (paused)
    else:
        QTimer.singleShot(50, close_when_stepping)
def step_through_when_training():
    if live.deliveries:
        live.start_step_through()  # computed in the worker too
        close_when_stepping()
    else:
        QTimer.singleShot(50, step_through_when_training)
live.run()
step_through_when_training()
app.exec()
import sys
print("state", live.state, "stepped", live.step_panel.stepper is not None)
print("frameworks in the editor", sorted({"torch", "tensorflow"} & set(sys.modules)))
"""


def test_closing_the_window_during_a_run_exits_cleanly(tmp_path):
    """Closing the window stops the run in the worker process and the app exits at once
    with status 0; the editor itself never imported torch (nor TF) for training or the
    step-through, so it cannot abort inside one ("terminate called ...")."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, INI=str(tmp_path / "s.ini"), QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-c", QUIT_WHILE_TRAINING], capture_output=True,
                         text=True, env=env, timeout=180)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "state stopped stepped True" in res.stdout, res.stdout + res.stderr[-2000:]
    assert "terminate called" not in res.stderr
    assert "frameworks in the editor []" in res.stdout
