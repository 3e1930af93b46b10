"""Learning rate and momentum changed in the Train dock while a run trains.

The change is checked here against the run's optimizer (the same rule the session
applies, :func:`graphlab.train.optimizers.live_changes`), sent to the worker as a
:class:`~graphlab.worker.protocol.SetHyper` and taken at the run's next step; the
worker's ``hyper`` frame puts it on the timeline at that step.
"""

from __future__ import annotations

from graphlab.train.optimizers import OptimizerError, live_changes, resolve


def send_live(live, changes: dict) -> str | None:
    """Send ``changes`` to ``live``'s current run; the reason when they are refused."""
    run = live.runs.run
    if run is None or run.done:
        return None
    t = run.graph.training
    try:
        checked = live_changes(t["optimizer"], resolve(t["optimizer"],
                                                       t.get("optimizer_params")), **changes)
    except OptimizerError as err:
        return str(err)
    live.runs.set_hyper(checked)
    return None
