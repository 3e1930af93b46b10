"""Frames from the training worker thread to the GUI thread, keeping only the newest.

The worker calls :meth:`FrameBridge.post` for every frame. Under a lock the bridge
keeps the newest frame of each kind that matters (latest anything, latest probe) and
every epoch/end/fault frame (a handful per run); it wakes the GUI thread (a queued
``Signal(object)``) only when nothing is waiting already, so a fast run cannot flood
the event queue, and delivers ``ready`` at most every ``MIN_INTERVAL_MS``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from graphlab.train import frames as F

MIN_INTERVAL_MS = 33  # the GUI hears about frames at most ~30 times a second


@dataclass
class Arrivals:
    latest: object = None  # newest frame of any kind
    probe: object = None  # newest probe frame
    marks: list = field(default_factory=list)  # epoch / end / fault frames, in order
    count: int = 0  # frames posted since the last take


class FrameBridge(QObject):
    ready = Signal(object)
    _wake = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._box = Arrivals()
        self._waiting = False
        self.posted = 0
        self._last = 0.0
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, frame) -> None:
        """Called from the worker thread."""
        with self._lock:
            box = self._box
            box.latest = frame
            box.count += 1
            self.posted += 1
            if frame.kind in (F.PROBE, F.FAULT) and frame.has_stats:
                box.probe = frame
            if frame.kind in (F.EPOCH, F.END, F.FAULT):
                box.marks.append(frame)
            if self._waiting:
                return
            self._waiting = True
        self._wake.emit(None)

    def take(self) -> Arrivals:
        with self._lock:
            box, self._box = self._box, Arrivals()
            self._waiting = False
        return box

    def _deliver(self, _=None) -> None:
        wait = MIN_INTERVAL_MS - (time.perf_counter() - self._last) * 1000.0
        if wait > 1:
            QTimer.singleShot(int(wait), self._deliver_now)
        else:
            self._deliver_now()

    def _deliver_now(self) -> None:
        self._last = time.perf_counter()
        self.ready.emit(self.take())
