"""Health cues from probe frames: dead ReLUs, saturation, vanishing/exploding, first NaN."""

from __future__ import annotations

import numpy as np

from graphlab.train.frames import PROBE, Frame
from graphlab.train.stats_layout import BINS, COL, HIST0, ROW, SAMPLE0
from graphlab.train.teach.health import (
    DEAD,
    EXPLODING,
    NAN,
    SATURATED,
    VANISHING,
    cues,
    first_nonfinite,
    mean_abs,
)


def row_of(x: np.ndarray) -> np.ndarray:
    """A stats row computed the simple way, as the probes define it."""
    x = np.asarray(x, np.float64).reshape(-1)
    fin = x[np.isfinite(x)]
    r = np.zeros(ROW, np.float32)
    r[COL["mean"]], r[COL["std"]] = fin.mean(), fin.std()
    r[COL["min"]], r[COL["max"]] = fin.min(), fin.max()
    r[COL["zero_fraction"]] = np.mean(x == 0)
    r[COL["nonfinite_fraction"]] = 1 - len(fin) / len(x)
    r[COL["count"]] = len(x)
    span = fin.max() - fin.min() or 1.0
    b = np.clip(((fin - fin.min()) / span * BINS).astype(int), 0, BINS - 1)
    r[HIST0:SAMPLE0] = np.bincount(b, minlength=BINS)
    r[SAMPLE0:] = x[:8]
    return r


def frame(values: dict, grads: dict, step=1) -> Frame:
    ids = tuple(values)
    return Frame(PROBE, step, 0, 0.5, {}, ids, np.stack([row_of(values[n]) for n in ids]),
                 np.stack([row_of(grads[n]) for n in ids]))


rng = np.random.default_rng(0)
ORDER = ["x", "fc", "relu", "sig", "head", "loss"]
OPS = {"x": "Input", "fc": "Linear", "relu": "ReLU", "sig": "Sigmoid", "head": "Linear",
       "loss": "BCELoss"}


def healthy():
    v = {n: rng.normal(size=64) for n in ORDER}
    v["sig"] = rng.uniform(0.3, 0.7, 64)
    v["relu"] = np.maximum(rng.normal(size=64), 0)
    g = {n: rng.normal(size=64) * 0.1 for n in ORDER}
    return v, g


def test_healthy_network_has_no_cues():
    v, g = healthy()
    assert cues([frame(v, g)], ORDER, OPS) == []


def test_dead_relu_over_recent_frames():
    frames = []
    for step in range(3):
        v, g = healthy()
        v["relu"] = np.zeros(64)
        v["relu"][:2] = 1.0
        frames.append(frame(v, g, step))
    found = cues(frames, ORDER, OPS)
    dead = [c for c in found if c.kind == DEAD]
    assert [c.node_id for c in dead] == ["relu"] and "97%" in dead[0].text


def test_saturated_sigmoid():
    v, g = healthy()
    v["sig"] = np.concatenate([np.full(40, 0.999), np.full(24, 0.001)])
    assert [c.node_id for c in cues([frame(v, g)], ORDER, OPS) if c.kind == SATURATED] == ["sig"]
    # a confident output Sigmoid is saturated by design: no cue
    assert not [c for c in cues([frame(v, g)], ORDER, OPS, frozenset({"sig"}))
                if c.kind == SATURATED]


def test_vanishing_and_exploding_gradients():
    v, g = healthy()
    g["fc"] = g["fc"] * 1e-6
    assert [c.node_id for c in cues([frame(v, g)], ORDER, OPS) if c.kind == VANISHING] == ["fc"]
    v, g = healthy()
    g["fc"] = g["fc"] * 1e6
    assert [c.node_id for c in cues([frame(v, g)], ORDER, OPS) if c.kind == EXPLODING] == ["fc"]


def test_first_nan_is_the_earliest_node():
    v, g = healthy()
    v["sig"][3] = np.nan
    v["head"][5] = np.inf
    f = frame(v, g)
    assert first_nonfinite(f, ORDER) == ("sig", "value")
    nan = [c for c in cues([f], ORDER, OPS) if c.kind == NAN]
    assert nan[0].node_id == "sig"


def test_mean_abs_from_histogram():
    x = rng.normal(size=4000)
    assert abs(mean_abs(row_of(x)) - np.abs(x).mean()) < 0.05
