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


def test_the_card_before_a_loss_states_its_derivative_and_the_numbers_follow_it():
    """deep_sigmoid's head feeds BCEWithLogitsLoss: dL/dz = (σ(z) − y) / n."""
    pytest.importorskip("torch")
    import numpy as np

    g = examples.example("deep_sigmoid")
    stepper, _ = record_step_through(g, None, None)
    stepper.run_all()
    head = g.find("head")
    card = stepper.card(head, 0)
    assert "local derivative of" in "\n".join(card.lines())
    assert "dL/dz = (σ(z) − y) / n" in "\n".join(card.lines())
    z = np.asarray(stepper.value(head), np.float64).reshape(-1)
    y = np.asarray(stepper.value(g.find("target")), np.float64).reshape(-1)
    want = (1 / (1 + np.exp(-z[0])) - y[0]) / z.size
    assert card.grad == pytest.approx(want, rel=1e-5)
