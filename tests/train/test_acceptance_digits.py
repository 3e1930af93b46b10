"""Acceptance: the digits examples learn to >= 0.95 validation accuracy with their own
training settings, on both backends (the slowest training tests; a few seconds each)."""

from __future__ import annotations

import pytest

from graphlab import example
from graphlab.train.session import TrainingSession


@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("graph", ["digits_mlp", "digits_cnn"])
def test_digits_reach_95_percent_validation_accuracy(graph, backend):
    g = example(graph)
    r = TrainingSession(g, backend=backend).run()
    assert r.status == "finished", r.message
    assert r.epochs == g.training["epochs"]
    assert r.metrics["val_accuracy"] >= 0.95
