"""Shared by the loss-scaling tests of both backends (no framework imported here)."""

from __future__ import annotations

import numpy as np

from graphlab.graph import Graph
from graphlab.train.stats_layout import COL


def regression_graph() -> Graph:
    """x[4] -> Linear -> MSE against t: gradients grow with the targets."""
    g = Graph("reg", training={"optimizer": "sgd", "optimizer_params": {}, "lr": 1e-3})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x")
    fc = g.add_node("Linear", {"in_features": 4, "out_features": 1}, "fc")
    out = g.add_node("Output", {"name": "y"}, "y")
    t = g.add_node("Input", {"name": "t", "shape": [-1, 1], "role": "target"}, "t")
    loss = g.add_node("MSELoss", {}, "loss")
    g.connect(x, "y", fc, "x")
    g.connect(fc, "y", out, "x")
    g.connect(fc, "y", loss, "pred")
    g.connect(t, "y", loss, "target")
    return g


BATCH = np.arange(16)


def assert_same_gradient_stats(a, b) -> None:
    """Two probe results show the same gradients (node and parameter statistics)."""
    stats = [COL[k] for k in ("mean", "std", "min", "max")]
    for x, y in ((a.grads, b.grads), (a.param_grads, b.param_grads)):
        present = ~np.isnan(x[:, COL["mean"]])
        assert present.any()
        np.testing.assert_allclose(y[present][:, stats], x[present][:, stats], rtol=1e-6)
