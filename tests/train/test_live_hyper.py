"""Live learning rate and momentum (issue 19, item 2): a change takes effect at the next
step on both backends (on TF through tf.Variables the traced step reads) and is recorded
as a ``hyper`` frame at that step."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.train.session import TrainingError, TrainingSession


def _sgd(backend, **training):
    g = example("xor")
    return TrainingSession(g, backend=backend, optimizer="sgd", lr=0.1, max_steps=4,
                           epochs=4, probe_every=0, **training)


def _deltas(session, change_after: int | None = None, **change):
    """Weights before and after each step; ``change`` is set between step
    ``change_after`` and the next (from the frame listener, in the training thread)."""
    weights = {}

    def on_frame(f):
        if f.kind == "step":
            weights[f.step] = session.current_weights()
            if f.step == change_after:
                session.set_hyperparameters(**change)
    session.prepare()
    session.subscribe(on_frame)
    r = session.run()
    assert r.status == "finished", r.message
    return {k: weights[3][k] - weights[2][k] for k in weights[3]}, session


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_a_learning_rate_change_scales_the_next_update(backend):
    plain, _ = _deltas(_sgd(backend))
    changed, s = _deltas(_sgd(backend), change_after=2, lr=0.3)
    for key, want in plain.items():
        assert np.abs(want).max() > 0
        # the same weights and batch before step 3: only the step size differs
        np.testing.assert_allclose(changed[key], 3.0 * want, rtol=1e-4, atol=1e-7,
                                   err_msg=f"{backend} {key}")
    hyper = [f for f in s.history if f.kind == "hyper"]
    assert [(f.step, f.metrics) for f in hyper] == [(3, {"lr": 0.3})]
    assert s.hyper["lr"] == 0.3


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_a_momentum_change_takes_effect_at_the_next_step(backend):
    params = {"optimizer_params": {"momentum": 0.5}}
    plain, _ = _deltas(_sgd(backend, **params))
    changed, s = _deltas(_sgd(backend, **params), change_after=2, momentum=0.9)
    assert not all(np.allclose(changed[k], plain[k]) for k in plain)
    zero, _ = _deltas(_sgd(backend, **params), change_after=2, momentum=0.5)
    for k in plain:  # setting the same value changes nothing
        np.testing.assert_allclose(zero[k], plain[k], rtol=1e-5, atol=1e-8)


def test_bad_live_changes_are_refused_in_words():
    s = _sgd("torch")
    with pytest.raises(TrainingError, match="learning rate must be a number above 0"):
        s.set_hyperparameters(lr=0.0)
    with pytest.raises(TrainingError, match="started without momentum"):
        s.set_hyperparameters(momentum=0.9)
    adam = TrainingSession(example("xor"), optimizer="adam", max_steps=1)
    with pytest.raises(TrainingError, match="adam has no momentum"):
        adam.set_hyperparameters(momentum=0.9)
    adam.run()
    with pytest.raises(TrainingError, match="the run has ended"):
        adam.set_hyperparameters(lr=0.01)
