"""TrainingSession: train a graph in a worker thread and report frames.

The caller is never blocked: :meth:`start` checks the settings, the graph and the
dataset (raising a :class:`TrainingError` before any work starts if they do not fit),
then compiling, importing the framework and training all happen in a worker thread.
The worker publishes :class:`~graphlab.train.frames.Frame` objects: a mailbox holds
the newest (what a UI repaints from), callbacks get each one, a ring buffer keeps a
bounded history. pause / resume / stop / step control the worker between batches.
Failures (non-finite values, out of memory, errors in generated code) end the run
with a message naming the node, never an exception in the caller.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphlab.train import frames as F
from graphlab.train.batching import epoch_batches
from graphlab.train.cadence import ProbeCadence
from graphlab.train.checkpoints import load_checkpoint, save_checkpoint, weights_misfit
from graphlab.train.config import ConfigError, DeviceError, TrainConfig
from graphlab.train.datasets import DatasetError, prepare
from graphlab.train.faults import locate_nonfinite
from graphlab.train.memory import MemoryGuard, is_out_of_memory, oom_report, refusal
from graphlab.train.model_info import ModelInfo, TrainabilityError
from graphlab.train.ring import RingBuffer
from graphlab.train.run_state import RunState

log = logging.getLogger(__name__)

IDLE, RUNNING, PAUSED = RunState.IDLE, RunState.RUNNING, RunState.PAUSED
FINISHED, STOPPED, FAILED = RunState.FINISHED, RunState.STOPPED, RunState.FAILED


# Sessions whose worker may still run. A worker still inside torch or TensorFlow when
# Python finalises aborts the process ("terminate called without an active exception"),
# so a script that exits without waiting gets its runs stopped and joined first.
_RUNNING: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _stop_running_sessions() -> None:
    for session in list(_RUNNING):
        if not session.done:
            session.stop()
            session.wait(30.0)


class TrainingError(ValueError):
    """The run cannot start; the message says what to change."""


@dataclass
class RunResult:
    status: RunState
    message: str = ""
    fault_node: str | None = None
    steps: int = 0
    epochs: int = 0
    metrics: dict[str, float | None] = field(default_factory=dict)
    seconds: float = 0.0
    device: str = ""
    notes: list[str] = field(default_factory=list)  # things the user should know
    weights: dict[str, np.ndarray] | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "fault_node": self.fault_node,
                "steps": self.steps, "epochs": self.epochs, "seconds": round(self.seconds, 3),
                "device": self.device, "notes": list(self.notes), **self.metrics}


class _Stop(Exception):
    pass


class TrainingSession:
    def __init__(self, graph, config: TrainConfig | None = None, **overrides: Any):
        self.graph = graph.copy()  # the run trains what was drawn at start, not later edits
        try:
            self.config = config if config is not None else TrainConfig.from_graph(
                graph, **overrides)
            self.config.check()
        except ConfigError as err:
            raise TrainingError(str(err)) from None
        self.history: RingBuffer[F.Frame] = RingBuffer(self.config.history)
        self.losses: RingBuffer[tuple[int, float]] = RingBuffer(max(self.config.history, 4096))
        self.state: RunState = IDLE
        self.result: RunResult | None = None
        self.data = None
        self._latest: F.Frame | None = None
        self._callbacks: list = []
        self._cv = threading.Condition()
        self._paused = False
        self._stop = False
        self._budget = 0
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._runner = None  # kept for current_weights()
        self._parked = False  # the worker is waiting between batches
        # (step, training-set indices) of the newest batch trained: what the live panel's
        # step-through shows for a paused run
        self.last_batch: tuple[int, np.ndarray] | None = None
        self._hyper: dict[str, float] = {}  # live changes the next step takes
        self._plane = False  # watch_plane() was called: a PlaneWatch once the model is built
        self.plane = None  # the data view's PlaneWatch (train/plane.py); its .latest frame
        self.hyper = {"lr": self.config.lr, **{k: v for k, v in self.config.optimizer_params
                                              .items() if k == "momentum"}}

    # ----- checks that fail before anything starts -------------------------------------
    def prepare(self) -> None:
        """Check the graph, fit the dataset to it and check the run fits in memory;
        raise :class:`TrainingError`."""
        if len(self.graph) == 0:
            raise TrainingError("the graph is empty: draw an Input, the ops and an Output "
                                "(Tab adds a node), or open an example")
        errors = self.graph.analysis.errors()
        if errors:
            raise TrainingError("the graph has errors; fix them first:\n  " +
                                "\n  ".join(str(e) for e in errors))
        c = self.config
        from graphlab.frameworks import FrameworkMissing, require

        try:
            require(c.backend)
        except FrameworkMissing as err:
            raise TrainingError(str(err)) from None
        try:
            self.data = prepare(self.graph, c.dataset, c.val_fraction, c.standardize, c.seed,
                                **c.dataset_opts)
        except DatasetError as err:
            raise TrainingError(str(err)) from None
        batch = min(c.batch_size, self.data.n_train) if self.data.n_train else c.batch_size
        why = refusal(self.graph, batch, c.memory_limit_mb, c.device)
        if why:  # before compiling: a model that cannot fit must not start allocating
            self.data = None
            raise TrainingError(why)

    # ----- control ----------------------------------------------------------------------
    def subscribe(self, fn) -> None:
        """``fn(frame)`` is called from the worker thread for every frame."""
        self._callbacks.append(fn)

    def latest(self) -> F.Frame | None:
        """The newest frame (the UI repaints from this and drops the rest)."""
        return self._latest

    def start(self, paused: bool = False) -> TrainingSession:
        if self._thread is not None:
            raise TrainingError("this session has already been started")
        if self.data is None:
            self.prepare()
        self._paused = paused
        self.state = PAUSED if paused else RUNNING
        self._thread = threading.Thread(target=self._work, name="graphlab-training",
                                        daemon=True)
        _RUNNING.add(self)
        self._thread.start()
        return self

    def pause(self) -> None:
        with self._cv:
            self._paused = True
            self.state = PAUSED if self.state == RUNNING else self.state

    def resume(self) -> None:
        with self._cv:
            self._paused = False
            self._budget = 0
            if self.state == PAUSED:
                self.state = RUNNING
            self._cv.notify_all()

    def step(self) -> None:
        """Run exactly one batch, then stay paused."""
        with self._cv:
            self._paused = True
            self._budget += 1
            self._cv.notify_all()

    def stop(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify_all()

    def set_hyperparameters(self, lr: float | None = None,
                            momentum: float | None = None) -> dict[str, float]:
        """Change the learning rate and/or momentum of this run from its next step on,
        on either backend; the change is recorded as a ``hyper`` frame at that step.
        Returns the checked changes; raises :class:`TrainingError` saying what is wrong."""
        from graphlab.train.optimizers import OptimizerError, live_changes

        if self.done:
            raise TrainingError("the run has ended; change the settings and start a new one")
        try:
            changes = live_changes(self.config.optimizer, self.config.optimizer_params,
                                   lr, momentum)
        except OptimizerError as err:
            raise TrainingError(str(err)) from None
        with self._cv:
            self._hyper.update(changes)
        return changes

    def watch_plane(self) -> None:
        """Compute the data and decision view (train/plane.py) after probe steps, within
        its own time budget; ``self.plane.latest`` is the newest frame (the view does not
        apply to every graph: then ``self.plane`` stays None)."""
        self._plane = True

    def current_weights(self, timeout: float = 5.0) -> dict[str, np.ndarray] | None:
        """The weights as they are now (canonical layout); None before the model is built.

        Meant for a paused (or finished) run, e.g. the live panel's step-through.
        """
        with self._cv:  # a paused run may still be finishing its batch: wait for it
            self._cv.wait_for(lambda: self._parked or not self._paused or self.done,
                              timeout=timeout)
        runner = self._runner
        if runner is None:
            return self.result.weights if self.result is not None else None
        return runner.get_weights()

    def wait(self, timeout: float | None = None) -> RunResult | None:
        """The result once the worker has ended (None if ``timeout`` passes first).

        Waits on an event, not on ``Thread.join`` alone: a join interrupted by Ctrl-C
        can leave the thread looking ended while it still runs (CPython 3.11).
        """
        if self._thread is None or not self._done.wait(timeout):
            return None
        self._thread.join(timeout)  # the worker has set the result; it ends right after
        return self.result

    def run(self) -> RunResult:
        """Start and wait: for scripts and the CLI."""
        self.start()
        return self.wait()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    # ----- worker -------------------------------------------------------------------------
    def _gate(self) -> None:
        if not self._paused and not self._stop and self.state == RUNNING:
            return  # the common case, read without the lock (plain attribute reads)
        with self._cv:
            while self._paused and self._budget == 0 and not self._stop:
                self.state = PAUSED
                self._parked = True
                self._cv.notify_all()  # current_weights() may be waiting for this
                self._cv.wait()
            self._parked = False
            if self._stop:
                raise _Stop
            if self._paused:
                self._budget -= 1
            else:
                self.state = RUNNING

    def _emit(self, frame: F.Frame, keep: bool = True) -> None:
        self._latest = frame
        if keep:
            self.history.append(frame)
        for fn in list(self._callbacks):
            try:
                fn(frame)
            except Exception:  # a listener's bug must not end the run, nor go unseen
                log.exception("a frame listener failed on the %s frame of step %d",
                              frame.kind, frame.step)

    def _work(self) -> None:
        t0 = time.perf_counter()
        c = self.config
        res = RunResult(FAILED)
        runner = compiled = None
        step = epoch = 0
        metrics: dict[str, float | None] = {}
        try:
            compiled = _compile(self.graph, c)
            steps_graph = compiled.plan.step_graph  # a graph with blocks: its flat graph
            info = ModelInfo.from_compiled(compiled, steps_graph)
            self.info = info
            runner = _make_runner(compiled, info, c, MemoryGuard(self.graph, c.memory_limit_mb))
            self._runner = runner
            res.device = runner.device_name
            res.notes.extend(self.data.binding.notes)
            if c.mixed_precision and not getattr(runner, "amp", False):
                res.notes.append(f"mixed precision needs a CUDA device; trained in float32 on "
                                 f"{res.device}")
            if c.init_weights:
                try:
                    weights = load_checkpoint(c.init_weights)[0]
                except ValueError as err:
                    raise TrainingError(str(err)) from None
                misfit = weights_misfit(runner.get_weights(), weights)
                if misfit:
                    raise TrainingError(f"the weights in {c.init_weights} do not fit this "
                                        f"graph: {misfit}")
                runner.set_weights(weights)
            if c.initial_weights:
                have = runner.get_weights()
                misfit = weights_misfit({k: have[k] for k in c.initial_weights if k in have},
                                        c.initial_weights)
                if misfit:
                    raise TrainingError(f"the document's weights do not fit this graph: "
                                        f"{misfit}; Train > Reset weights starts from the seed")
                runner.set_weights(c.initial_weights)
            d = self.data
            runner.set_data(d.x_train, d.y_train, d.x_val, d.y_val)
            titles = _param_titles(compiled.plan)
            if self._plane:
                from graphlab.train.plane import watch

                self.plane = watch(steps_graph, d, info)
            cadence = ProbeCadence(c.probe_every, c.probe_budget)
            n = d.n_train
            bs = c.batch_size
            for epoch in range(1, c.epochs + 1):
                if n:
                    batches = epoch_batches(n, bs, c.seed, epoch, c.shuffle)
                else:
                    batches = [np.zeros(0, dtype=np.int64)]
                tot_loss = tot_correct = 0.0
                count = 0
                for i, idx in enumerate(batches):
                    if c.max_steps is not None and step >= c.max_steps:
                        break
                    self._gate()
                    if self._hyper:
                        self._apply_hyper(runner, step + 1, epoch)
                    last = step + 1 == c.max_steps or (epoch == c.epochs
                                                       and i == len(batches) - 1)
                    # a batch run by step() while paused is always probed (when probing is on),
                    # so the person stepping sees that batch's values and gradients
                    probe = cadence.due(step, self._paused, last)
                    if probe:
                        started = cadence.clock()
                        r = runner.probe_step(idx)
                        cadence.probed(started, cadence.clock())
                    else:
                        r = runner.train_step(idx)
                    step += 1
                    self.last_batch = (step, idx)
                    if not r.applied:
                        pr = r if probe else runner.probe_step(idx, apply=False)
                        node, msg = locate_nonfinite(pr, info, titles, steps_graph)
                        msg = f"step {step} (epoch {epoch}): {msg}"
                        self._emit(F.Frame(F.FAULT, step, epoch, r.loss, dict(metrics),
                                           info.node_ids, pr.values, pr.grads,
                                           info.param_names, pr.param_grads, msg))
                        res.status, res.message, res.fault_node = FAILED, msg, node
                        raise _Stop
                    self.losses.append((step, r.loss))
                    tot_loss += r.loss * max(r.count, 1)
                    tot_correct += r.correct
                    count += max(r.count, 1)
                    if probe:
                        if self.plane is not None and self.plane.due(time.perf_counter()):
                            self.plane.compute(runner, step)
                        self._emit(F.Frame(F.PROBE, step, epoch, r.loss, {}, info.node_ids,
                                           r.values, r.grads, info.param_names, r.param_grads))
                    else:
                        self._emit(F.Frame(F.STEP, step, epoch, r.loss), keep=False)
                if count == 0:
                    break
                metrics = {"train_loss": tot_loss / count,
                           "train_accuracy": tot_correct / count if info.metric else None}
                if d.n_val:
                    metrics["val_loss"], metrics["val_accuracy"] = runner.evaluate(val=True)
                res.epochs = epoch
                self._emit(F.Frame(F.EPOCH, step, epoch, metrics["train_loss"], dict(metrics)))
                if c.checkpoint_path and epoch % c.checkpoint_every == 0:
                    save_checkpoint(c.checkpoint_path, runner.get_weights(), step=step,
                                    epoch=epoch, backend=c.backend)
                if c.max_steps is not None and step >= c.max_steps:
                    break
            if self.plane is not None and step:  # the view ends on the trained model
                self.plane.compute(runner, step)
            res.status = FINISHED
        except _Stop:
            if res.status != FAILED or not res.message:
                res.status = STOPPED
                res.message = f"stopped at step {step}"
        except Exception as exc:  # the worker reports every failure; it never raises
            res.status = FAILED
            res.message, res.fault_node = _describe(exc, self.graph, c, compiled, res.device)
        finally:
            res.steps = step
            res.metrics = metrics
            res.seconds = time.perf_counter() - t0
            if runner is not None:
                try:
                    res.weights = runner.get_weights()
                except Exception:  # e.g. the device was lost; the run's result still counts
                    log.exception("could not read the weights back after the run")
                    res.weights = None
            self.result = res
            self.state = {FINISHED: FINISHED, STOPPED: STOPPED}.get(res.status, FAILED)
            if res.status != FAILED:
                self._emit(F.Frame(F.END, step, res.epochs, metrics.get("train_loss",
                                                                        float("nan")),
                                   dict(metrics), message=res.message or None))
            elif not (self._latest and self._latest.kind == F.FAULT):
                self._emit(F.Frame(F.FAULT, step, res.epochs, float("nan"), dict(metrics),
                                   message=res.message))
            self._done.set()


    def _apply_hyper(self, runner, step: int, epoch: int) -> None:
        """The live changes, before step ``step``; a ``hyper`` frame records them."""
        with self._cv:
            changes, self._hyper = self._hyper, {}
        runner.set_hyper(changes)
        self.hyper.update(changes)
        last = self.losses.latest[1] if len(self.losses) else float("nan")
        self._emit(F.Frame(F.HYPER, step, epoch, last, dict(changes)))


def _compile(graph, config):
    from graphlab.compile import compile_graph

    return compile_graph(graph, config.backend, seed=config.seed)


def _make_runner(compiled, info, config, guard):
    if config.backend == "torch":
        from graphlab.train.runner_torch import TorchRunner

        return TorchRunner(compiled, info, config, guard)
    from graphlab.train.runner_tf import TFRunner

    return TFRunner(compiled, info, config, guard)


def _param_titles(plan) -> dict[str, str]:
    return {s.weight_key(p.name): s.title for s in plan.param_steps for p in s.params}


def _describe(exc, graph, config, compiled, device) -> tuple[str, str | None]:
    if is_out_of_memory(exc):
        return oom_report(graph, config.batch_size, exc, device), None
    if isinstance(exc, DeviceError):
        return str(exc), None
    if isinstance(exc, (TrainabilityError, ConfigError, RuntimeError)) and compiled is None:
        return str(exc), None
    if compiled is not None:
        err = compiled.explain(exc)
        if err is not None:
            return f"{err}", err.node_id
    if isinstance(exc, (TrainabilityError, TrainingError)):
        return str(exc), None
    return f"training failed: {type(exc).__name__}: {exc}", None
