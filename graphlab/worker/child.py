"""The worker process's main loop: one run and one step-through at a time.

The run trains in the session's own thread; this loop waits for commands and, while a
run is live, wakes every ~33 ms to send what the run produced (an
:class:`~graphlab.worker.outbox.Outbox`). When the editor goes away (its end of the
pipe closes) or says :class:`~graphlab.worker.protocol.Shutdown`, the run is stopped
at its next batch and the process ends normally.
"""

from __future__ import annotations

import importlib
import logging
import math
import signal
import sys
from pathlib import Path

from graphlab.worker import protocol as P
from graphlab.worker.outbox import Outbox

log = logging.getLogger(__name__)


def serve(conn) -> None:
    """The spawned process's entry point."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the editor's
    Worker(conn).loop()


class Worker:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.session = None
        self.run: int | None = None  # the id of the session's run
        self.outbox: Outbox | None = None
        self.stepper = None  # the last step-through, for gradient checks
        self._plane_sent = None

    def loop(self) -> None:
        try:
            while True:
                live = self.outbox is not None
                if self.conn.poll(self.outbox.wait_time() if live else None):
                    msg = self.conn.recv()
                    if isinstance(msg, P.Shutdown):
                        break
                    self.handle(msg)
                self.flush()
        except (EOFError, OSError):
            pass  # the editor has gone
        finally:
            self.stop_run()

    # ----- commands ------------------------------------------------------------------------
    def handle(self, msg) -> None:
        if isinstance(msg, P.StartRun):
            self.start_run(msg)
        elif isinstance(msg, P.Control):
            self.control(msg)
        elif isinstance(msg, P.SetHyper):
            self.set_hyper(msg)
        elif isinstance(msg, P.StepThroughRequest):
            self.step_through(msg)
        elif isinstance(msg, P.GradCheckRequest):
            self.grad_check(msg)
        elif isinstance(msg, P.ParamSumRequest):
            self.param_sum(msg)
        elif isinstance(msg, P.FeatureMapRequest):
            self.feature_maps(msg)
        elif isinstance(msg, P.ExportRequest):
            self.export(msg)
        elif isinstance(msg, P.DevicesRequest):
            from graphlab.frameworks import gpu_count

            self._answer(msg.request, lambda: gpu_count(msg.backend), ImportError, "count GPUs")

    def start_run(self, msg: P.StartRun) -> None:
        from graphlab.train.session import TrainingError, TrainingSession

        self.stop_run()
        backend = str((msg.graph.get("training") or {}).get("backend", "torch"))
        try:
            graph = _graph(msg.graph, msg.folder)
            if len(graph) and not graph.analysis.errors():  # a refusal need not wait for it
                _import_framework(backend, lambda text: self.send(P.RunStatus(msg.run, text)))
            self.send(P.RunStatus(msg.run, "reading the dataset and checking the graph"))
            session = TrainingSession(graph, **msg.overrides)
            session.prepare()
        except TrainingError as err:
            self.send(P.RunRefused(msg.run, str(err)))
            return
        except Exception as err:  # a bug must reach the user as a message, not end the worker
            log.exception("could not start the run")
            self.send(P.RunRefused(msg.run, f"cannot start: {type(err).__name__}: {err}"))
            return
        self.session, self.run, self.outbox = session, msg.run, Outbox(msg.run)
        session.subscribe(self.outbox.post)
        session.watch_plane()
        self._plane_sent = None  # the last data view frame sent (train/plane.py)
        per_epoch = max(1, math.ceil(session.data.n_train / session.config.batch_size))
        total = per_epoch * session.config.epochs
        if session.config.max_steps is not None:
            total = min(total, session.config.max_steps)
        self.send(P.RunStarted(msg.run, total, per_epoch))
        self.send(P.RunStatus(msg.run, f"compiling the model for {backend} and training "
                                       "the first batch"))
        session.start(paused=msg.paused)

    def control(self, msg: P.Control) -> None:
        s = self.session
        if s is None or self.outbox is None or self.outbox.run != msg.run or s.done:
            return
        {P.PAUSE: s.pause, P.RESUME: s.resume, P.STEP: s.step, P.STOP: s.stop}[msg.action]()
        self.outbox.controls = max(self.outbox.controls, msg.seq)

    def set_hyper(self, msg: P.SetHyper) -> None:
        s = self.session
        if s is None or self.outbox is None or self.outbox.run != msg.run or s.done:
            return
        try:
            s.set_hyperparameters(msg.lr, msg.momentum)
        except ValueError as err:  # the editor checks first: a late refusal is only logged
            log.warning("live change refused: %s", err)

    def step_through(self, msg: P.StepThroughRequest) -> None:
        from graphlab.worker.stepping import StepThroughError, record_step_through

        s = self.session if self.run == msg.run and msg.run is not None else None
        if s is not None and not s.done:
            s.pause()

        def record():
            self.stepper, rec = record_step_through(_graph(msg.graph, msg.folder), s,
                                                    msg.sample, msg.weights, msg.row,
                                                    msg.typed)
            return rec

        self._answer(msg.request, record, StepThroughError, "step through")

    def grad_check(self, msg: P.GradCheckRequest) -> None:
        if self.stepper is None:
            self.send(P.Reply(msg.request, error="start a step-through first"))
            return
        try:
            self.send(P.Reply(msg.request, self.stepper.grad_check(msg.node_id, msg.index)))
        except Exception as err:
            self.send(P.Reply(msg.request, error=f"gradient check failed: {err}"))

    def param_sum(self, msg: P.ParamSumRequest) -> None:
        if self.stepper is None:
            self.send(P.Reply(msg.request, error="start a step-through first"))
            return
        self._answer(msg.request, lambda: self.stepper.param_sum(msg.node_id, msg.key, msg.index),
                     ValueError, "write out the weight's gradient")

    def feature_maps(self, msg: P.FeatureMapRequest) -> None:
        from graphlab.worker.stepping import StepThroughError, record_feature_maps

        t = msg.through
        s = self.session if self.run == t.run and t.run is not None else None
        if s is not None and not s.done and s.state != "paused":
            s = None  # a run that is training: hovering does not pause it
        self._answer(msg.request, lambda: record_feature_maps(
            _graph(t.graph, t.folder), s, msg.node_id, t.sample, t.weights, t.row, t.typed),
            StepThroughError, "show feature maps")

    def export(self, msg: P.ExportRequest) -> None:
        from graphlab.worker.exporting import ExportFailed, export_file

        self._answer(msg.request, lambda: export_file(
            _graph(msg.graph, msg.folder), msg.kind, msg.path, msg.weights, msg.with_training),
            ExportFailed, "export")

    def _answer(self, request: int, work, expected, what: str) -> None:
        """Reply with ``work()``'s value, or with the failure as a message: an ``expected``
        one as it is, any other (a bug) with its type and logged; never ending the worker."""
        try:
            value = work()
        except expected as err:
            self.send(P.Reply(request, error=str(err)))
        except Exception as err:
            log.exception("%s failed", what)
            self.send(P.Reply(request, error=f"cannot {what}: {type(err).__name__}: {err}"))
        else:
            self.send(P.Reply(request, value))

    # ----- the run -------------------------------------------------------------------------
    def flush(self) -> None:
        box, s = self.outbox, self.session
        if box is None or s is None or box.wait_time() > 0:
            return
        ended = box.ended
        last = s.last_batch[0] if s.last_batch is not None else None
        msg = box.take(s.state, last)
        if msg is not None:
            self.send(msg)
        plane = s.plane
        if plane is not None and plane.latest is not None and plane.latest is not self._plane_sent:
            first = self._plane_sent is None
            self._plane_sent = plane.latest
            self.send(P.RunPlane(box.run, plane.latest, plane.setup if first else None))
        if ended:
            result = s.wait(30.0)
            self.send(P.RunEnded(box.run, result))
            self.outbox = None  # the session stays: a step-through may use its weights

    def stop_run(self) -> None:
        s = self.session
        if s is not None and not s.done:
            s.stop()
            s.wait(30.0)
        self.outbox = None

    def send(self, msg) -> None:
        self.conn.send(msg)


def _import_framework(backend: str, say) -> None:
    """Import the run's framework once, saying so first (torch takes seconds to import);
    a framework that is missing is left for the session to refuse in words."""
    from graphlab.frameworks import BACKENDS, available

    module = BACKENDS.get(backend, (None,))[0]
    if module is None or module in sys.modules or not available(backend):
        return
    say(f"importing {'TensorFlow' if backend == 'tf' else backend} (the first run of a "
        "session takes a few seconds)")
    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001 - the session's own import reports it in words
        log.exception("could not import %s", module)


def _graph(data: dict, folder: str | None):
    from graphlab.graph.fileformat import graph_from_dict

    g = graph_from_dict(data)
    g.folder = Path(folder) if folder else None
    return g
