"""The lesson graphs that are not examples: built in code (no Qt), laid out, unsaved.

``dead_relu``: a ReLU network on the moons data trained with plain SGD at a learning
rate far too high; after a few large updates most ReLUs output zero for every input
and stop learning. ``exploding``: a deep plain Linear chain (no activations) on a
regression task with a large SGD step; gradients grow layer by layer until the loss
becomes NaN, and the first node where it appeared is named.
"""

from __future__ import annotations

from graphlab.graph.builders import chain, classifier_tail, target_tail
from graphlab.graph.graph import Graph
from graphlab.graph.layout import apply_layout


def dead_relu() -> Graph:
    g = Graph("lesson_dead_relu", seed=3, training={
        "dataset": "moons", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 4.0, "batch_size": 32, "epochs": 20, "val_fraction": 0.2,
        "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    h = chain(g, x, ("Linear", {"in_features": 2, "out_features": 32}, "fc1"),
              ("ReLU", {}, "relu1"),
              ("Linear", {"in_features": 32, "out_features": 32}, "fc2"),
              ("ReLU", {}, "relu2"),
              ("Linear", {"in_features": 32, "out_features": 2}, "head"))
    classifier_tail(g, h)
    apply_layout(g)
    return g


def exploding() -> Graph:
    g = Graph("lesson_exploding", seed=0, training={
        "dataset": "sine", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 0.5, "batch_size": 32, "epochs": 10, "val_fraction": 0.2,
        "standardize": True})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 1]}, "x")
    steps = [("Linear", {"in_features": 1, "out_features": 16}, "fc1")]
    for i in range(2, 7):
        steps.append(("Linear", {"in_features": 16, "out_features": 16}, f"fc{i}"))
    steps.append(("Linear", {"in_features": 16, "out_features": 1}, "head"))
    y = chain(g, x, *steps)
    target_tail(g, y, "MSELoss")
    apply_layout(g)
    return g

