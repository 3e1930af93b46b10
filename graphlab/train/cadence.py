"""When a training run probes: every k-th step, and, with a budget, only as often as
keeps the probes to that share of the run's time.

Scripts, traces and tests want "every k steps" exactly (deterministic). The editor
wants the newest values on screen, and its panel shows at most ~30 frames a second
(a sweep takes longer still), so probing a small model every k steps spends most of
the run on frames nobody sees. With a budget the spacing follows the probe's measured
cost: a probe that takes ``c`` seconds is followed by at least ``c * (1 / budget - 1)``
seconds without one, so probes take at most ``budget`` of the run however small or
large the model.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

MIN_INTERVAL = 1 / 30  # seconds: the panel cannot show frames faster than this


class ProbeCadence:
    def __init__(self, every: int, budget: float | None = None,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.every = every
        self.budget = budget
        self.clock = clock
        self._next = -math.inf  # the clock's time before which no budgeted probe is due

    def due(self, step: int, paused: bool = False, last: bool = False) -> bool:
        """Whether the step after ``step`` done steps is probed. A step taken while
        paused (the person stepping) is always probed when probing is on; with a budget
        so is the run's ``last`` step, so the canvas ends on the trained network."""
        if not self.every:
            return False
        if paused or (last and self.budget is not None):
            return True
        if step % self.every:
            return False
        return self.budget is None or self.clock() >= self._next

    def probed(self, started: float, ended: float) -> None:
        """A probe ran from ``started`` to ``ended`` (clock times): space the next one."""
        if self.budget is not None:
            cost = max(0.0, ended - started)
            self._next = ended + max(MIN_INTERVAL, cost * (1 / self.budget - 1))
