"""Probe cadence: every k-th step for scripts and traces; with a budget (the editor),
spaced by the probe's own cost so probes take a bounded share of the run."""

from __future__ import annotations

import pytest

from graphlab import example
from graphlab.train.cadence import MIN_INTERVAL, ProbeCadence
from graphlab.train.session import TrainingSession


class Clock:
    """A clock the test moves by hand, so the cadence is checked without timing."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_without_a_budget_every_kth_step_is_probed():
    c = ProbeCadence(5)
    assert [s for s in range(20) if c.due(s)] == [0, 5, 10, 15]
    assert not ProbeCadence(0).due(0) and not ProbeCadence(0).due(0, paused=True)
    assert not c.due(3, last=True)  # a trace keeps its every-k steps exactly


def test_a_budget_spaces_probes_by_their_cost():
    clock = Clock()
    c = ProbeCadence(1, budget=0.02, clock=clock)
    assert c.due(0)
    c.probed(0.0, 0.010)  # a 10 ms probe: the next one no sooner than 0.49 s later
    clock.now = 0.3
    assert not c.due(1)
    assert c.due(1, paused=True)  # a step the person asks for is always probed
    clock.now = 0.010 + 0.49
    assert c.due(2)
    c.probed(0.5, 0.5001)  # a cheap probe: still no more than ~30 a second
    clock.now = 0.5001 + MIN_INTERVAL / 2
    assert not c.due(3)
    clock.now = 0.5001 + MIN_INTERVAL
    assert c.due(4)


def test_probes_in_a_budgeted_session_are_a_bounded_share(tmp_path):
    """Budgeted, a run probes its first step and then only as often as its probes' cost
    allows: never more often than every k steps would."""
    every = TrainingSession(example("digits_mlp"), probe_every=1, max_steps=120)
    every.run()
    budget = TrainingSession(example("digits_mlp"), probe_every=1, max_steps=120,
                             probe_budget=0.02)
    budget.run()
    steps = [f.step for f in budget.history.items() if f.has_stats]
    assert len([f for f in every.history.items() if f.has_stats]) == 120
    assert steps[0] == 1 and len(steps) < 120
    assert steps[-1] == 120  # the last step is probed: the canvas ends on the trained net


def test_a_budget_outside_0_1_is_refused():
    from graphlab.train.session import TrainingError

    with pytest.raises(TrainingError, match="probe_budget"):
        TrainingSession(example("xor"), probe_every=5, probe_budget=1.5)
