"""The editor when its worker process is gone: a message, never a hang or a stuck
busy cursor, and the next attempt starts a new worker."""

from __future__ import annotations

import os
import signal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

WAIT = 120_000


def test_a_step_through_asked_of_a_dead_worker_is_reported_and_retried(qtbot, live_window):
    w = live_window("scalar_expr")
    live = w.live
    panel = live.step_panel
    live.start_step_through()  # starts (or reuses) a worker and steps once
    qtbot.waitUntil(lambda: not live.steps.waiting, timeout=WAIT)
    assert panel.stepper is not None
    pid = live.link.pid
    os.kill(pid, signal.SIGKILL)
    live.link._worker.process.join(10)  # dead before the next request is sent
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not live.steps.waiting, timeout=WAIT)
    assert "cannot step through" in live.train_panel.status.text()
    assert "press Start again" in live.train_panel.status.text()
    assert QApplication.overrideCursor() is None and panel.start_button.isEnabled()
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)  # a new worker
    qtbot.waitUntil(lambda: not live.steps.waiting, timeout=WAIT)
    assert panel.stepper is not None and live.link.pid != pid
