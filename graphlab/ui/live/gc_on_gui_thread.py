"""While a model trains, Python's cyclic garbage collector runs on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up.
If that is the training thread and the garbage holds Qt objects (a closed dialog, a
replaced panel caught in a reference cycle), their C++ destructors run off the GUI
thread; PySide then waits for a GIL state the GUI thread cannot give, and both threads
hang (seen in the test suite). So for the length of a run automatic collection is off
and a timer on the GUI thread collects the young generations once a second and all of
them every ``FULL_EVERY`` ticks (cheap after the live panel's ``gc.freeze()``: only
what was allocated since is scanned; without it, cycles promoted to the old generation
during a long run were never freed). As a side effect the training thread never pauses
for a collection.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000
FULL_EVERY = 20  # ticks between full collections
_holders: set[int] = set()  # ids of the guards holding automatic collection off


class GuiThreadGC(QObject):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._session = None
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        key = id(self)
        self.destroyed.connect(lambda *_: _release(key))  # a window closed mid-run

    @property
    def holding(self) -> bool:
        return id(self) in _holders

    def hold(self, session) -> None:
        """From just before ``session`` starts until it is done."""
        self._session = session
        if not _holders:
            gc.collect()  # garbage made so far dies here, on the GUI thread
            gc.disable()
        _holders.add(id(self))
        self._timer.start()

    def release(self) -> None:
        self._timer.stop()
        self._session = None
        _release(id(self))

    def _tick(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % FULL_EVERY == 0 else 1)
        if self._session is None or self._session.done:
            self.release()


def _release(key: int) -> None:
    if key in _holders:
        _holders.discard(key)
        if not _holders:
            gc.enable()
