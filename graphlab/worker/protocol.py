"""The messages between the editor and its worker process (pickled by multiprocessing).

Run and request ids come from one counter per editor process, so a worker reused by a
second window never hands it the first window's late messages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)


def new_id() -> int:
    return next(_ids)


# ----- editor -> worker -------------------------------------------------------------------
@dataclass(frozen=True)
class StartRun:
    run: int
    graph: dict  # graph_to_dict of the graph as drawn when Run was pressed
    folder: str | None  # where relative dataset paths are read from
    overrides: dict = field(default_factory=dict)  # TrainConfig fields (probe cadence)
    paused: bool = False


PAUSE, RESUME, STEP, STOP = "pause", "resume", "step", "stop"


@dataclass(frozen=True)
class Control:
    run: int
    action: str  # PAUSE | RESUME | STEP | STOP
    seq: int = 0  # how many controls the editor has sent this run, this one included


@dataclass(frozen=True)
class SetHyper:
    """A live change for the run's next step on (None: unchanged); recorded as a
    ``hyper`` frame at the step it takes effect."""

    run: int
    lr: float | None = None
    momentum: float | None = None


@dataclass(frozen=True)
class StepThroughRequest:
    request: int
    graph: dict
    folder: str | None
    sample: int | None = None
    run: int | None = None  # the editor's current run: its weights and last batch are used
    # without a run of this graph: the document's weights ("fc1.weight"), others the seed's
    weights: dict = field(default_factory=dict)
    row: int | None = None  # a training-set row instead of the batch (sample is then unused)
    typed: str = ""  # an input typed by the user: "0.5, -1.2" or "0.5, -1.2; 1" (with label)


@dataclass(frozen=True)
class ParamSumRequest:
    """One element of a layer's weight gradient written out as its sum (the reply's value
    is a :class:`~graphlab.train.teach.cards.ParamSum`), on the last step-through."""

    request: int
    node_id: str
    key: str  # the weight key, "fc1.weight"
    index: int = 0  # flat index into the weight


@dataclass(frozen=True)
class FeatureMapRequest:
    """A convolutional node's feature maps (and its filters) for the sample ``through``
    would step through; the reply's value is a
    :class:`~graphlab.train.teach.feature_maps.FeatureMaps`."""

    request: int
    node_id: str
    through: StepThroughRequest  # its request id is unused


@dataclass(frozen=True)
class GradCheckRequest:
    request: int
    node_id: str
    index: int = 0


@dataclass(frozen=True)
class ExportRequest:
    """File > Export of a kind that needs a framework (or the weights): the reply's value
    is the list of paths written."""

    request: int
    graph: dict
    folder: str | None
    kind: str  # torch | tf | onnx | savedmodel | npz (graphlab/worker/exporting.py)
    path: str
    weights: dict = field(default_factory=dict)  # "fc1.weight" -> array; others: the seed's
    with_training: bool = False


@dataclass(frozen=True)
class DevicesRequest:
    """How many GPUs ``backend`` sees here (the reply's value, an int): the Train dock
    offers a run on several GPUs when there are at least two."""

    request: int
    backend: str  # torch | tf


@dataclass(frozen=True)
class Shutdown:
    pass


# ----- worker -> editor -------------------------------------------------------------------
@dataclass(frozen=True)
class RunStarted:
    run: int
    total_steps: int
    batches_per_epoch: int


@dataclass(frozen=True)
class RunStatus:
    """What the worker is doing before the first batch (the framework's import alone
    takes seconds): the editor shows it instead of an empty bar."""

    run: int
    text: str  # e.g. "importing torch"


@dataclass(frozen=True)
class RunRefused:
    run: int
    message: str  # what to change (a TrainingError)


@dataclass(frozen=True)
class RunProgress:
    """Everything since the previous progress message of this run."""

    run: int
    state: str
    latest: Any  # the newest frame of any kind
    kept: list  # the frames a session keeps in its history (probes, epochs, end, fault)
    losses: list  # (step, loss) of every step trained
    posted: int  # frames the session produced since the last message
    last_step: int | None = None  # the step of the newest batch trained
    controls: int = 0  # the controls (Control.seq) the worker had applied at ``state``

    @property
    def probe(self):
        """The newest frame with statistics, or None."""
        return next((f for f in reversed(self.kept) if f.has_stats), None)

    @property
    def marks(self) -> list:
        return [f for f in self.kept if f.kind in ("epoch", "end", "fault")]


@dataclass(frozen=True)
class RunPlane:
    """The data view's newest frame (graphlab/train/plane.py PlaneFrame); its setup (the
    plane, the points) comes with the run's first."""

    run: int
    frame: Any
    setup: Any = None


@dataclass(frozen=True)
class RunEnded:
    run: int
    result: Any  # RunResult, weights included


@dataclass(frozen=True)
class Reply:
    request: int
    value: Any = None
    error: str | None = None  # set instead of value: what went wrong, for the user
