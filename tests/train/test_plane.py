"""The data and decision view's frames (train/plane.py) from real sessions on both
backends: class regions for 2-D points, the fitted curve for one input, none otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.graph.builders import chain, target_tail
from graphlab.graph.graph import Graph
from graphlab.train.plane import CLASSES, CURVE, CURVE_MODE, GRID, grid_axes
from graphlab.train.session import TrainingSession


def sine_graph() -> Graph:
    g = Graph("sine_fit", seed=0, training={"dataset": "sine", "optimizer": "adam",
                                            "lr": 0.02, "batch_size": 64, "epochs": 60,
                                            "val_fraction": 0.2, "standardize": False})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1]}, "x")
    y = chain(g, x, ("Linear", {"in_features": 1, "out_features": 16}, "fc1"),
              ("Tanh", {}, "act"), ("Linear", {"in_features": 16, "out_features": 1}, "out"))
    target_tail(g, y, "MSELoss")
    return g


def watched(graph, backend, **kw):
    s = TrainingSession(graph, backend=backend, probe_every=5, **kw)
    s.watch_plane()
    r = s.run()
    assert r.status == "finished", r.message
    return s


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_xor_regions_end_with_each_corner_in_its_class(backend):
    s = watched(example("xor"), backend)
    p = s.plane
    assert p.setup.mode == CLASSES and p.setup.n_classes == 2 and p.count >= 1
    f = p.latest
    assert f.step == s.result.steps and f.probs.dtype == np.uint8
    assert f.probs.shape == (2, GRID, GRID)
    assert np.all(np.abs(f.probs.astype(int).sum(0) - 255) <= 1)  # probabilities add up
    xs, ys = grid_axes(p.setup)
    for (cx, cy), label in zip(p.setup.x_train, p.setup.y_train, strict=True):
        ix, iy = np.abs(xs - cx).argmin(), np.abs(ys - cy).argmin()
        assert f.probs[:, iy, ix].argmax() == label
    hidden = s.graph.find("hidden")
    maps, ranges = f.units[hidden]
    assert maps.dtype == np.uint8 and maps.shape[1:] == (GRID // 2, GRID // 2)
    assert np.all(ranges[:, 0] <= ranges[:, 1])


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_sine_gets_the_fitted_curve(backend):
    s = watched(sine_graph(), backend)
    p = s.plane
    assert p.setup.mode == CURVE_MODE and len(p.setup.x_val) > 0
    xs, _ = grid_axes(p.setup)
    curve = p.latest.curve.astype(np.float32)
    assert curve.shape == (CURVE,)
    inside = np.abs(xs) < 2.5  # away from the ends, the fit follows sin(x)
    assert np.abs(curve[inside] - np.sin(xs[inside])).max() < 0.25


def test_no_view_where_it_does_not_apply():
    s = watched(example("digits_mlp"), "torch", max_steps=3)
    assert s.plane is None


def test_a_model_that_cannot_run_on_the_grid_turns_the_view_off_not_the_run():
    """A Reshape to the batch size (the whole shape given) cannot take the grid's 2304
    rows: the run trains on, without the view."""
    g = Graph("fixed_batch", seed=0, training={"dataset": "xor", "optimizer": "adam",
                                               "lr": 0.05, "batch_size": 4, "epochs": 20,
                                               "val_fraction": 0.0, "standardize": False})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    y = chain(g, x, ("Reshape", {"shape": [4, 2], "keep_batch": False}, "fixed"),
              ("Linear", {"in_features": 2, "out_features": 1}, "out"))
    target_tail(g, y, "BCEWithLogitsLoss")
    s = watched(g, "torch")
    assert s.result.steps == 20 and s.plane is not None
    assert s.plane.latest is None and "RuntimeError" in s.plane.failed
