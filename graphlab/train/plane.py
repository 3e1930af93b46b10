"""The data and decision view's numbers: the model's output over a fixed grid of inputs.

For a classifier of 2-D points (xor, moons, circles, spirals, blobs) the view shows the
training and validation points coloured by class over a heatmap of the model's class
probabilities on a ``GRID`` x ``GRID`` grid spanning the data's bounding box plus a
margin; each small hidden layer (at most ``MAX_UNITS`` units) also gets what each of its
units computes over the plane, on every second grid point. For a regression on one input
(``sine``) it is the fitted curve over ``CURVE`` points. The session computes it in the
training thread after a probe step, at most every ``MIN_INTERVAL`` seconds and within
``BUDGET`` of the run's time (the same rule as the probe cadence, train/cadence.py), and
the frame is small: uint8 probabilities and unit maps, float16 curve values.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np

GRID = 48  # grid points per side of the plane
UNIT_STEP = 2  # the unit maps use every second grid point (24 x 24)
CURVE = 200  # points of a regression curve
MARGIN = 0.15  # of the data's span, on each side
MAX_UNITS = 16  # a hidden node with at most this many units per sample gets unit maps
MAX_MAPS = 96  # unit maps in one frame (~55 kB), the first nodes' in topological order
MIN_INTERVAL = 0.1  # seconds: the view redraws at most 10 times a second
BUDGET = 0.01  # share of the run's time the view may take
CLASSES, CURVE_MODE = "classes", "curve"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlaneSetup:
    """What does not change during a run: the plane, the points and their labels."""

    mode: str  # CLASSES | CURVE_MODE
    bounds: tuple[float, ...]  # (x0, x1, y0, y1); a curve: (x0, x1, y0, y1) of the data
    x_train: np.ndarray  # [n, 2] (classes) or [n] (curve), standardised as trained on
    y_train: np.ndarray  # class indices or target values
    x_val: np.ndarray
    y_val: np.ndarray
    n_classes: int = 0
    titles: dict = field(default_factory=dict)  # hidden node id -> its label


@dataclass(frozen=True)
class PlaneFrame:
    """The model over the plane at ``step``."""

    step: int
    probs: np.ndarray | None = None  # uint8 [C, GRID, GRID]: P(class c) * 255, row = y
    curve: np.ndarray | None = None  # float16 [CURVE]: the prediction along x
    # hidden node id -> (uint8 [k, g, g] scaled to each unit's range, float32 [k, 2] lo/hi)
    units: dict = field(default_factory=dict)


def grid_axes(setup: PlaneSetup) -> tuple[np.ndarray, np.ndarray]:
    """The grid's x and y coordinates (a curve: its x coordinates and an empty y)."""
    x0, x1, y0, y1 = setup.bounds
    if setup.mode == CURVE_MODE:
        return np.linspace(x0, x1, CURVE, dtype=np.float32), np.zeros(0, np.float32)
    return (np.linspace(x0, x1, GRID, dtype=np.float32),
            np.linspace(y0, y1, GRID, dtype=np.float32))


def _bounds(a: np.ndarray) -> tuple[float, float]:
    lo, hi = float(a.min()), float(a.max())
    pad = max(MARGIN * (hi - lo), 0.25)
    return lo - pad, hi + pad


class PlaneWatch:
    """Computes :class:`PlaneFrame` s for one run; None from :func:`watch` when the view
    does not apply (features that are not one or two numbers, no prediction to show)."""

    def __init__(self, setup: PlaneSetup, pred: str, rule: str, hidden: dict[str, str],
                 y_dummy: np.ndarray | None) -> None:
        self.setup = setup
        self.pred, self.rule = pred, rule  # trace name of the prediction; metric rule
        self.hidden = hidden  # trace name -> node id of the nodes that may get unit maps
        xs, ys = grid_axes(setup)
        if setup.mode == CURVE_MODE:
            self.inputs = xs[:, None]
        else:
            gx, gy = np.meshgrid(xs, ys)  # row = y, column = x
            self.inputs = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
        self.targets = (None if y_dummy is None else
                        np.repeat(y_dummy[:1], len(self.inputs), axis=0))
        self.latest: PlaneFrame | None = None
        self.failed: str | None = None  # why the model cannot run on the grid: no view
        # spent computing frames after the first (bench/training.py reports their share);
        # the first also traces or warms up the framework, once a run: ``warmup``
        self.seconds = self.warmup = 0.0
        self.count = 0
        self._next = -np.inf

    def due(self, now: float) -> bool:
        return self.failed is None and now >= self._next

    def compute(self, runner, step: int, clock=time.perf_counter) -> PlaneFrame | None:
        """The frame for the runner's current weights; spaces the next one by its cost.
        A model that cannot run on the grid (e.g. a Reshape to a fixed batch) turns the
        view off for the run, never the run: None."""
        if self.failed is not None:
            return None
        started = clock()
        try:
            values = runner.values_at(self.inputs, self.targets, (self.pred, *self.hidden))
            frame = self._frame(step, values)
        except Exception as err:  # noqa: BLE001 - the view is optional; training goes on
            self.failed = f"{type(err).__name__}: {err}"
            log.warning("the data view is off for this run: %s", self.failed)
            return None
        ended = clock()
        cost = ended - started
        self.count += 1
        if self.count == 1:
            self.warmup = cost
        else:
            self.seconds += cost
        # the first call also warms the framework up (allocations, tracing): not its cost
        spacing = cost * (1 / BUDGET - 1) if self.count > 1 else 0.0
        self._next = ended + max(MIN_INTERVAL, spacing)
        self.latest = frame
        return frame

    def _frame(self, step: int, values: dict) -> PlaneFrame:
        out = np.asarray(values[self.pred], dtype=np.float32).reshape(len(self.inputs), -1)
        if self.setup.mode == CURVE_MODE:
            return PlaneFrame(step, curve=out[:, 0].astype(np.float16))
        probs = _probabilities(out, self.rule)
        grid = (np.clip(probs, 0, 1) * 255 + 0.5).astype(np.uint8)
        grid = grid.T.reshape(-1, GRID, GRID)
        units = {}
        room = MAX_MAPS
        for name, node in self.hidden.items():
            v = np.asarray(values[name], dtype=np.float32)
            if v.ndim != 2 or not 1 <= v.shape[1] <= min(MAX_UNITS, room):
                continue
            room -= v.shape[1]
            maps = v.T.reshape(-1, GRID, GRID)[:, ::UNIT_STEP, ::UNIT_STEP]
            lo = np.nan_to_num(maps.min(axis=(1, 2)))
            hi = np.nan_to_num(maps.max(axis=(1, 2)))
            span = np.where(hi > lo, hi - lo, 1.0)[:, None, None]
            scaled = np.nan_to_num((maps - lo[:, None, None]) / span)
            units[node] = ((np.clip(scaled, 0, 1) * 255 + 0.5).astype(np.uint8),
                           np.stack([lo, hi], axis=1).astype(np.float32))
        return PlaneFrame(step, probs=grid, units=units)


def _probabilities(out: np.ndarray, rule: str) -> np.ndarray:
    """[N, C] class probabilities from the prediction as its loss reads it."""
    with np.errstate(over="ignore", invalid="ignore"):
        if rule == "argmax":
            z = out - np.nanmax(out, axis=1, keepdims=True)
            e = np.exp(z)
            return np.nan_to_num(e / e.sum(axis=1, keepdims=True))
        p = out[:, :1] if rule == "prob" else 1 / (1 + np.exp(-out[:, :1]))
        p = np.nan_to_num(p, nan=0.5)
        return np.concatenate([1 - p, p], axis=1)


def watch(graph, data, info) -> PlaneWatch | None:
    """The view of a run of ``graph`` on prepared ``data`` (ModelInfo ``info``), or None
    (also when setting it up fails: the view is optional, the run is not)."""
    try:
        return _watch(graph, data, info)
    except Exception:  # noqa: BLE001
        log.exception("the data view could not be set up for this run")
        return None


def _watch(graph, data, info) -> PlaneWatch | None:
    if data.x_train is None or len(info.feature_names) != 1 or not data.n_train:
        return None
    x = np.asarray(data.x_train)
    xv = np.asarray(data.x_val) if data.x_val is not None else x[:0]
    if x.ndim != 2 or x.shape[1] not in (1, 2):
        return None
    names = dict(zip(info.node_ids, info.names, strict=True))
    y = np.asarray(data.y_train)
    yv = np.asarray(data.y_val) if data.y_val is not None else y[:0]
    y_dummy = y if info.target_names else None
    both = np.concatenate([x, xv]) if len(xv) else x
    if x.shape[1] == 2 and info.metric is not None:
        labels = (y.reshape(-1) > 0.5).astype(np.int64) if info.metric.rule != "argmax" \
            else y.reshape(-1).astype(np.int64)
        vlabels = (yv.reshape(-1) > 0.5).astype(np.int64) if info.metric.rule != "argmax" \
            else yv.reshape(-1).astype(np.int64)
        n_classes = int(max(labels.max(initial=0), vlabels.max(initial=0)) + 1)
        setup = PlaneSetup(CLASSES, (*_bounds(both[:, 0]), *_bounds(both[:, 1])), x, labels,
                           xv, vlabels, max(n_classes, 2), _hidden_titles(graph, info))
        hidden = {names[n]: n for n in setup.titles}
        return PlaneWatch(setup, info.metric.pred_name, info.metric.rule, hidden, y_dummy)
    if x.shape[1] == 1 and info.metric is None:
        pred = _prediction(graph, info)
        if pred is None:
            return None
        ys = np.concatenate([y.reshape(len(y), -1)[:, 0], yv.reshape(len(yv), -1)[:, 0]])
        setup = PlaneSetup(CURVE_MODE, (*_bounds(both[:, 0]), *_bounds(ys)), x[:, 0],
                           y.reshape(len(y), -1)[:, 0], xv[:, 0],
                           yv.reshape(len(yv), -1)[:, 0])
        return PlaneWatch(setup, names[pred], "", {}, y_dummy)
    return None


def _prediction(graph, info) -> str | None:
    """The node whose value the first loss compares with the target."""
    for n in info.node_ids:
        spec = graph.node(n).spec
        if spec.is_loss and spec.prediction_port is not None:
            e = graph.input_edge(n, spec.prediction_port.name)
            if e is not None and e.src in info.node_ids:
                return e.src
    return None


def _hidden_titles(graph, info) -> dict[str, str]:
    """Nodes between the inputs and the losses (label by id): candidates for unit maps."""
    out = {}
    for n in info.node_ids:
        spec = graph.node(n).spec
        if not spec.is_source and not spec.is_loss:
            out[n] = graph.node(n).label
    return out
