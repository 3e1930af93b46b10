"""The editor's copy of a run that trains in the worker, built from its messages.

It answers what the live panel asks of a run (state, losses, the probe history, the
result) with the same names as :class:`~graphlab.train.session.TrainingSession`, so
the panels read a run the same way whichever process trains it.
"""

from __future__ import annotations

from graphlab.train.config import TrainConfig
from graphlab.train.ring import RingBuffer
from graphlab.train.run_state import RunState
from graphlab.worker import protocol as P


class RemoteRun:
    def __init__(self, run: int, graph, history: int | None = None) -> None:
        self.run = run
        self.graph = graph  # a copy of what was drawn at Run
        size = history or TrainConfig.history
        self.history: RingBuffer = RingBuffer(size)  # probe, epoch, end and fault frames
        self.losses: RingBuffer = RingBuffer(max(size, 4096))
        self.state = RunState.STARTING
        self.result = None
        self.message = ""  # why it was refused
        self.total_steps = 0
        self.batches_per_epoch = 1
        self.last_step: int | None = None
        self.latest = None
        self.start_paused = False  # paused (or stepping) before the worker had started it
        self.controls = 0  # controls sent (Control.seq); progress older than them is stale
        self.changes: list = []  # "hyper" frames: live learning rate / momentum changes
        self.plane_setup = None  # the data view's plane and points (train/plane.py)
        self.plane = None  # its newest PlaneFrame

    @property
    def done(self) -> bool:
        return self.state.done

    def apply(self, msg) -> None:
        """Take one message of this run into account."""
        if isinstance(msg, P.RunStarted):
            self.total_steps, self.batches_per_epoch = msg.total_steps, msg.batches_per_epoch
            if self.state == RunState.STARTING:
                self.state = RunState.PAUSED if self.start_paused else RunState.RUNNING
        elif isinstance(msg, P.RunProgress):
            for step, loss in msg.losses:
                self.losses.append((step, loss))
            for f in msg.kept:
                self.history.append(f)
            self.changes += [f for f in msg.kept if f.kind == "hyper"]
            self.latest = msg.latest
            self.last_step = msg.last_step
            state = RunState(msg.state)
            # the end comes with RunEnded and its result; a state from before the
            # worker saw our last pause/resume would undo what the user just pressed
            if not self.done and not state.done and msg.controls >= self.controls:
                self.state = state
        elif isinstance(msg, P.RunPlane):
            if msg.setup is not None:
                self.plane_setup = msg.setup
            self.plane = msg.frame
        elif isinstance(msg, P.RunEnded):
            self.result = msg.result
            self.state = RunState(msg.result.status) if msg.result is not None \
                else RunState.FAILED
        elif isinstance(msg, P.RunRefused):
            self.message = msg.message
            self.state = RunState.FAILED

    def fail(self, message: str) -> None:
        """The worker went away mid-run."""
        self.message = message
        self.state = RunState.FAILED
