"""Run on N GPUs: the Train dock's way to the distributed export, when there are GPUs.

The editor trains on one device in its worker. With more than one GPU the dock offers
"Run on N GPUs", which runs ``graphlab train FILE --nproc N`` (the graph's distributed
export on N local processes, graphlab/cli_commands/train_nproc.py) in a QProcess: the
saved file is what trains, so unsaved edits are saved first. Its epoch lines show in the
dock as they come; when it ends, the document takes the weights it trained (marked
unsaved, as after a run in the worker), so nothing the processes learned is lost.

How many GPUs there are is the worker's answer (a DevicesRequest): the GUI process never
imports a framework. It is asked once the worker is up (after a run), not at startup.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from graphlab.ui.i18n import translate
from graphlab.worker import protocol as P

STOP_GRACE_MS = 5000  # after Ctrl-C, how long the launcher may take to stop its processes


class MultiGpuRun(QObject):
    finished = Signal(bool)  # True when the processes trained and their weights were taken

    def __init__(self, live) -> None:
        super().__init__(live)
        self.live = live
        self.gpus: dict[str, int] = {}  # backend -> GPUs the worker sees
        self.process: QProcess | None = None
        self.lines: list[str] = []  # what the run printed (its epoch lines, its summary)
        self._folder: tempfile.TemporaryDirectory | None = None
        self._graph = None  # the graph as it was saved for the run: the weights' names
        panel = live.train_panel
        panel.multi_gpu_requested.connect(self.start_or_stop)
        panel.backend.currentTextChanged.connect(lambda _: self.ask())
        live.runs.ended.connect(lambda _run: self.ask())

    @property
    def running(self) -> bool:
        return self.process is not None

    # ----- how many GPUs ---------------------------------------------------------------------
    def ask(self) -> None:
        """Ask the worker (only if it is already up) how many GPUs the backend sees."""
        live = self.live
        backend = live.window.graph.training["backend"]
        if backend in self.gpus:
            live.train_panel.offer_gpus(self.gpus[backend])
            return
        if live.link.started:
            live.link.request(P.DevicesRequest(P.new_id(), backend),
                              lambda reply: self._answered(backend, reply))

    def _answered(self, backend: str, reply) -> None:
        count = 0 if reply.error else int(reply.value)
        self.gpus[backend] = count
        if self.live.window.graph.training["backend"] == backend:
            self.live.train_panel.offer_gpus(count)

    # ----- the run ---------------------------------------------------------------------------
    def start_or_stop(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start(self.live.train_panel.gpus_offered)

    def start(self, nproc: int) -> bool:
        """Save if needed, then train the saved file on ``nproc`` processes."""
        live, window = self.live, self.live.window
        panel = live.train_panel
        if self.running or nproc < 1:
            return False
        if live.runs.live:
            live.report(translate(
                "MultiGpu", "stop the run first: a run on several GPUs trains on its own"))
            return False
        if window.files.path is None or not window.editor.stack.isClean() \
                or window.weights.unsaved:
            if not window.files.save():  # a run on N GPUs trains the saved file
                live.report(translate(
                    "MultiGpu", "not started: the run on several GPUs trains the saved file"))
                return False
        self._graph = window.graph.copy()
        self._folder = tempfile.TemporaryDirectory(prefix="graphlab-gpus-")
        weights = Path(self._folder.name) / "weights.npz"
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        proc.setWorkingDirectory(str(window.files.path.parent))
        proc.readyReadStandardOutput.connect(self._read)
        proc.finished.connect(self._ended)
        proc.errorOccurred.connect(self._failed)
        self.process, self.lines = proc, []
        panel.multi_gpu_running(True)
        panel.status.setText(translate(
            "MultiGpu", "starting {n} processes (graphlab train --nproc {n})…").format(
            n=nproc))
        proc.start(sys.executable, ["-m", "graphlab", "train", str(window.files.path),
                                    "--nproc", str(nproc), "--save-weights", str(weights)])
        return True

    def stop(self) -> None:
        """Ctrl-C to the launcher (it stops its processes), then kill if it lingers."""
        proc = self.process
        if proc is None:
            return
        if _interrupt(proc):
            QTimer.singleShot(STOP_GRACE_MS, lambda: self._kill(proc))
        else:
            proc.kill()

    def abandon(self) -> None:
        """The document it trains for is closing or replaced: end the processes now and
        take nothing (the launcher's own Ctrl-C handling stops its children)."""
        proc = self.process
        if proc is None:
            return
        self.process = None
        proc.finished.disconnect(self._ended)
        _interrupt(proc)
        if not proc.waitForFinished(STOP_GRACE_MS):
            proc.kill()
            proc.waitForFinished(1000)
        self._done(False, translate(
            "MultiGpu", "the run on several GPUs was stopped: the document closed"))

    def _kill(self, proc: QProcess) -> None:
        if self.process is proc and proc.state() != QProcess.ProcessState.NotRunning:
            proc.kill()

    def _read(self) -> None:
        proc = self.process
        if proc is None:
            return
        text = bytes(proc.readAllStandardOutput()).decode("utf-8", "replace")
        new = [ln for ln in text.splitlines() if ln.strip()]
        self.lines += new
        if new:
            self.live.train_panel.status.setText(new[-1])

    def _failed(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._done(False, translate("MultiGpu", "cannot start graphlab train: {why}").format(
                why=self.process.errorString()))

    def _ended(self, code: int, _status) -> None:
        if self.process is None:
            return
        self._read()
        if code != 0:
            last = self.lines[-1] if self.lines else translate(
                "MultiGpu", "exit code {code}").format(code=code)
            self._done(False, translate(
                "MultiGpu", "the run on several GPUs ended early: {last}").format(last=last))
            return
        path = Path(self._folder.name) / "weights.npz"
        from graphlab.train.checkpoints import load_checkpoint

        try:
            weights, _meta = load_checkpoint(path)
        except ValueError as err:
            self._done(False, str(err))
            return
        self.live.window.weights.take_named(self._graph, weights)
        self._done(True, self.lines[-1] if self.lines else translate("MultiGpu", "finished"))

    def _done(self, ok: bool, message: str) -> None:
        self.process = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        panel = self.live.train_panel
        panel.multi_gpu_running(False)
        panel.status.setText(message)
        if not ok:
            self.live.window.statusBar().showMessage(message, 10000)
        self.finished.emit(ok)


def _interrupt(proc: QProcess) -> bool:
    """Ctrl-C to ``proc`` where there is such a thing (POSIX); False where there is not."""
    pid = proc.processId()
    if not pid or os.name != "posix":
        return False
    os.kill(pid, signal.SIGINT)
    return True
