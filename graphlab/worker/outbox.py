"""What a run has produced since the worker last wrote to the editor.

The session's training thread posts every frame here (a lock and a few appends); the
worker's main thread takes the lot at most every ``INTERVAL_S`` and sends it as one
:class:`~graphlab.worker.protocol.RunProgress`, so the editor hears from a run at most
~30 times a second however fast it trains, yet misses no probe, epoch or loss.
"""

from __future__ import annotations

import threading
import time

from graphlab.train import frames as F
from graphlab.worker.protocol import RunProgress

INTERVAL_S = 1 / 30


class Outbox:
    def __init__(self, run: int) -> None:
        self.run = run
        self._lock = threading.Lock()
        self._latest = None
        self._kept: list = []
        self._losses: list = []
        self._posted = 0
        self._last_sent = 0.0
        self.ended = False  # an end or fault frame has been posted
        # the editor's controls (pause, resume...) applied so far: a progress message
        # says which state it reports, so one sent before a pause cannot undo it
        self.controls = 0

    def post(self, frame) -> None:
        """Called from the training thread for every frame."""
        with self._lock:
            self._latest = frame
            self._posted += 1
            if frame.kind in (F.STEP, F.PROBE):
                self._losses.append((frame.step, frame.loss))
            if frame.kind != F.STEP:  # what TrainingSession keeps in its history
                self._kept.append(frame)
            if frame.kind in (F.END, F.FAULT):
                self.ended = True

    def wait_time(self) -> float:
        """Seconds until the next message is due."""
        return max(0.0, self._last_sent + INTERVAL_S - time.perf_counter())

    def take(self, state: str, last_step: int | None) -> RunProgress | None:
        """The progress since the last take, or None when nothing new arrived."""
        with self._lock:
            if self._posted == 0:
                return None
            msg = RunProgress(self.run, str(state), self._latest, self._kept, self._losses,
                              self._posted, last_step, self.controls)
            self._kept, self._losses, self._posted = [], [], 0
        self._last_sent = time.perf_counter()
        return msg
