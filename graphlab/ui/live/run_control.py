"""Run, pause, step, stop: the editor's side of a run that trains in the worker.

It keeps the :class:`~graphlab.worker.remote_run.RemoteRun` of the current run, sends
the commands and applies the worker's messages to it. Messages of an older run (a run
replaced by a new document or a new Run) are dropped by their run id.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from graphlab.graph.fileformat import graph_to_dict
from graphlab.train.run_state import RunState
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.worker import protocol as P
from graphlab.worker.remote_run import RemoteRun

LOST = QT_TRANSLATE_NOOP("RunView", "{why}, so the run ended. The graph and its settings are "
                                    "unchanged; press Run to train again in a new worker.")


class RunControl(QObject):
    started = Signal(object)  # the RemoteRun, once the worker has checked and started it
    refused = Signal(object)  # the RemoteRun; its message says what to change
    progress = Signal(object)  # a RunProgress of the current run
    ended = Signal(object)  # the RemoteRun, with its result (or the reason it was lost)
    status = Signal(str)  # what the worker is doing before the first batch
    plane = Signal(object)  # the RemoteRun, with a new data view frame (train/plane.py)

    def __init__(self, link, parent=None) -> None:
        super().__init__(parent)
        self.link = link
        self.run: RemoteRun | None = None
        link.received.connect(self._received)
        link.lost.connect(self._lost)

    @property
    def state(self) -> RunState:
        return self.run.state if self.run is not None else RunState.IDLE

    @property
    def live(self) -> bool:
        return self.run is not None and not self.run.done

    def start(self, graph, overrides: dict, paused: bool) -> RemoteRun:
        run = RemoteRun(P.new_id(), graph.copy())
        run.start_paused = paused
        self.run = run
        self.status.emit(translate(
            "RunView", "sending the graph to the worker") if self.link.started
                         else translate("RunView", "starting the worker process"))
        folder = str(graph.folder) if graph.folder else None
        self.link.send(P.StartRun(run.run, graph_to_dict(graph), folder, overrides, paused))
        return run

    def pause(self) -> None:
        self._control(P.PAUSE, RunState.PAUSED)

    def resume(self) -> None:
        self._control(P.RESUME, RunState.RUNNING)

    def step(self) -> None:
        self._control(P.STEP, RunState.PAUSED)

    def set_hyper(self, changes: dict) -> None:
        """Live learning rate / momentum (checked by ui/live/live_settings.py)."""
        run = self.run
        if run is not None and not run.done:
            self.link.send(P.SetHyper(run.run, changes.get("lr"), changes.get("momentum")))

    def stop(self, wait: float | None = None) -> None:
        """Stop the current run; with ``wait``, read the worker's messages until it has
        ended (at most ``wait`` seconds)."""
        run = self.run
        if run is None or run.done:
            return
        run.controls += 1
        self.link.send(P.Control(run.run, P.STOP, run.controls))
        if wait:
            self.link.wait_until(lambda: run.done, wait)

    def forget(self) -> None:
        """Stop the current run and drop it: late messages of it are ignored."""
        self.stop()
        self.run = None

    def _control(self, action: str, state: RunState) -> None:
        run = self.run
        if run is None or run.done:
            return
        run.controls += 1
        self.link.send(P.Control(run.run, action, run.controls))
        if run.state == RunState.STARTING:
            run.start_paused = state == RunState.PAUSED
        else:
            run.state = state  # the worker's session changes state at once too

    def _received(self, msg) -> None:
        run = self.run
        if run is None or getattr(msg, "run", None) != run.run or run.done:
            return
        if isinstance(msg, P.RunStatus):
            if run.latest is None:  # once batches are trained the progress says more
                self.status.emit(msg.text)
            return
        run.apply(msg)
        if isinstance(msg, P.RunStarted):
            self.started.emit(run)
        elif isinstance(msg, P.RunRefused):
            self.refused.emit(run)
        elif isinstance(msg, P.RunProgress):
            self.progress.emit(msg)
        elif isinstance(msg, P.RunPlane):
            self.plane.emit(run)
        elif isinstance(msg, P.RunEnded):
            self.ended.emit(run)

    def _lost(self, why: str) -> None:
        run = self.run
        if run is not None and not run.done:
            run.fail(translate("RunView", LOST).format(why=why[0].upper() + why[1:]))
            self.ended.emit(run)
