"""An idle editor reads its worker's pipe rarely; a command makes it read often again."""

from __future__ import annotations

from graphlab.ui.live.worker_link import IDLE_POLL_MS, POLL_MS

WAIT = 120_000


def test_the_pipe_is_read_often_only_while_the_worker_is_busy(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    live.train_panel.epochs.setValue(2)
    live.train_panel.epochs.editingFinished.emit()
    live.run()
    assert live.link.poll_interval_ms == POLL_MS
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    qtbot.waitUntil(lambda: live.link.poll_interval_ms == IDLE_POLL_MS, timeout=10_000)
    live.run()  # the next command: back to reading every 15 ms
    assert live.link.poll_interval_ms == POLL_MS
    qtbot.waitUntil(lambda: live.session.done, timeout=WAIT)
    assert live.session.result.status == "finished"
