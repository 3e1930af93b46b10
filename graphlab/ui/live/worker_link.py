"""The editor's connection to its worker process, on the GUI thread's event loop.

A timer reads whatever the worker has sent (a non-blocking poll of the pipe) and hands
each message on, every 15 ms while the worker is busy (a run sends progress, a request
awaits its reply) and every 200 ms once it has been quiet for a second, so an idle
editor does not wake 60 times a second; replies to the callback of the request they answer,
everything else to :attr:`WorkerLink.received`. The worker is started at the first
command and kept while the window lives; closing the window hands it back to the pool
(:func:`graphlab.worker.client.release`) after stopping its run.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from graphlab.ui.i18n import translate
from graphlab.worker import client
from graphlab.worker import protocol as P

log = logging.getLogger(__name__)
POLL_MS = 15
IDLE_POLL_MS = 200  # nothing heard for QUIET_S: a paused or finished run, no request
QUIET_S = 1.0


class WorkerLink(QObject):
    received = Signal(object)  # a message that is not a reply
    lost = Signal(str)  # the worker process ended unexpectedly: why, in words

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._worker: client.WorkerProcess | None = None
        self._replies: dict[int, object] = {}
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._heard = 0.0  # when the worker last sent or was sent something

    @property
    def started(self) -> bool:
        return self._worker is not None

    @property
    def pid(self) -> int | None:
        """The worker's process id (None before the first command)."""
        return self._worker.process.pid if self._worker is not None else None

    def send(self, msg) -> bool:
        """Send a command, starting the worker if needed; False if it could not be sent
        (``lost`` has been emitted)."""
        if self._worker is None:
            try:
                self._worker = client.acquire()
            except Exception as err:  # e.g. no memory or process slots left for it
                self.lost.emit(translate(
                    "RunView", "the training worker could not start ({err})").format(
                    err=err))
                return False
            self._timer.start()
        self._busy()
        try:
            self._worker.send(msg)
        except client.WorkerGone as err:
            self._gone(str(err))
            return False
        return True

    def request(self, msg, on_reply) -> bool:
        """Send a request; ``on_reply(reply)`` is called with its :class:`Reply`."""
        self._replies[msg.request] = on_reply
        if not self.send(msg):
            self._replies.pop(msg.request, None)
            return False
        return True

    def poll(self) -> None:
        w = self._worker
        if w is None:
            return
        try:
            messages = w.receive()
        except client.WorkerGone as err:
            self._gone(str(err))
            return
        if messages:
            self._busy()
        elif not self._replies and time.monotonic() - self._heard > QUIET_S:
            self._timer.setInterval(IDLE_POLL_MS)
        for m in messages:
            if isinstance(m, P.Reply):
                callback = self._replies.pop(m.request, None)
                if callback is not None:
                    callback(m)
            else:
                self.received.emit(m)

    def _busy(self) -> None:
        self._heard = time.monotonic()
        if self._timer.interval() != POLL_MS:
            self._timer.setInterval(POLL_MS)

    @property
    def poll_interval_ms(self) -> int:
        return self._timer.interval()

    def wait_until(self, predicate, timeout: float) -> bool:
        """Read and hand on messages until ``predicate()`` holds (for a window that closes
        or a test that waits); False if ``timeout`` seconds pass first."""
        end = time.monotonic() + timeout
        while not predicate():
            if self._worker is None or time.monotonic() > end:
                return predicate()
            try:
                self._worker.conn.poll(0.05)
            except OSError:
                pass
            self.poll()
        return True

    def release(self) -> None:
        """Hand the worker back for reuse (its run must have been told to stop)."""
        self._timer.stop()
        self._replies.clear()
        if self._worker is not None:
            client.release(self._worker)
            self._worker = None

    def _gone(self, why: str) -> None:
        log.warning("%s", why)
        self._timer.stop()
        self._replies.clear()
        if self._worker is not None:
            self._worker.shutdown()
            self._worker = None
        self.lost.emit(why)
