"""The editor's side of a worker process: start it, send to it, read from it, end it.

Qt-free and non-blocking: :meth:`WorkerProcess.receive` returns what has arrived, and
the editor polls it from a timer (:mod:`graphlab.ui.live.worker_link`). Workers are
kept for reuse: a window that closes hands its idle worker back (:func:`release`), so
the next window (or the next test) does not pay for a new process and the framework's
import again.
"""

from __future__ import annotations

import logging
import multiprocessing

from graphlab.worker import protocol as P

log = logging.getLogger(__name__)
KEEP_IDLE = 1  # idle workers kept for the next window


class WorkerGone(RuntimeError):
    """The worker process ended (a crash in native code, or it was killed)."""


class WorkerProcess:
    def __init__(self) -> None:
        from graphlab.worker.child import serve

        ctx = multiprocessing.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        # daemon: if the editor itself dies, its worker does not outlive it
        self.process = ctx.Process(target=serve, args=(theirs,), name="graphlab-worker",
                                   daemon=True)
        self.process.start()
        theirs.close()
        self.closed = False

    @property
    def alive(self) -> bool:
        return not self.closed and self.process.is_alive()

    def send(self, msg) -> None:
        """Raises :class:`WorkerGone` when the worker cannot be reached."""
        if self.closed:
            raise WorkerGone("the worker was closed")
        try:
            self.conn.send(msg)
        except (OSError, EOFError, BrokenPipeError) as err:
            raise WorkerGone(self.exit_text()) from err

    def receive(self, limit: int = 64) -> list:
        """The messages that have arrived (at most ``limit``), without waiting."""
        out = []
        try:
            while len(out) < limit and not self.closed and self.conn.poll(0):
                out.append(self.conn.recv())
        except (OSError, EOFError) as err:
            if out:
                return out  # hand over what came before the end; the next call raises
            raise WorkerGone(self.exit_text()) from err
        return out

    def exit_text(self) -> str:
        self.process.join(0.5)
        code = self.process.exitcode
        how = "is still running" if code is None else (
            f"was killed by signal {-code}" if code < 0 else f"exited with code {code}")
        return f"the training worker process {how}"

    def shutdown(self) -> None:
        """Ask the worker to stop its run and end; does not wait for it."""
        if self.closed:
            return
        try:
            self.conn.send(P.Shutdown())
        except (OSError, EOFError):
            pass
        self.conn.close()
        self.closed = True


_idle: list[WorkerProcess] = []


def acquire() -> WorkerProcess:
    """An idle worker if one is kept, else a new one (it starts in the background)."""
    while _idle:
        w = _idle.pop()
        if w.alive:
            return w
    return WorkerProcess()


def release(worker: WorkerProcess) -> None:
    """Hand back a worker whose run has been stopped: kept for reuse, or ended."""
    if worker.alive and len(_idle) < KEEP_IDLE:
        _idle.append(worker)
    else:
        worker.shutdown()
