"""The step-through runs the model in evaluation mode, and the panel's words say so
when that changes the numbers (Dropout, BatchNorm)."""

from __future__ import annotations

import pytest

from graphlab import examples
from graphlab.graph.builders import chain, classifier_tail
from graphlab.graph.graph import Graph
from graphlab.worker.stepping import record_step_through


def with_dropout() -> Graph:
    g = Graph("drop", seed=0, training={"dataset": "digits", "batch_size": 4})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 64]}, "x")
    logits = chain(g, x, ("Linear", {"in_features": 64, "out_features": 16}, "fc1"),
                   ("Dropout", {"p": 0.5}, "drop"),
                   ("Linear", {"in_features": 16, "out_features": 10}, "fc2"))
    classifier_tail(g, logits)
    return g


def test_a_graph_with_dropout_is_stepped_in_evaluation_mode_and_says_so():
    pytest.importorskip("torch")
    _, record = record_step_through(with_dropout(), None, None)
    assert record.source == ("the first training batch, in evaluation mode (Dropout as at "
                             "inference)")


def test_a_graph_without_such_ops_says_nothing_of_modes():
    pytest.importorskip("torch")
    _, record = record_step_through(examples.example("xor"), None, None)
    assert record.source == "the first training batch"
