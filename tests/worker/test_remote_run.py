"""The editor's copy of a run follows what the user pressed, not a message in flight."""

from __future__ import annotations

from graphlab.train.run_state import RunState
from graphlab.worker import protocol as P
from graphlab.worker.remote_run import RemoteRun


def progress(run: int, state: str, controls: int) -> P.RunProgress:
    return P.RunProgress(run, state, None, [], [(7, 0.5)], 1, 7, controls)


def test_progress_sent_before_a_pause_does_not_resume_the_run():
    run = RemoteRun(1, graph=None)
    run.apply(P.RunStarted(1, 100, 10))
    assert run.state == RunState.RUNNING
    run.controls, run.state = 1, RunState.PAUSED  # the user pressed Pause
    run.apply(progress(1, "running", controls=0))  # written before the worker paused
    assert run.state == RunState.PAUSED
    assert run.losses.latest == (7, 0.5)  # its losses still count
    run.apply(progress(1, "paused", controls=1))
    run.controls += 1  # Resume
    run.state = RunState.RUNNING
    run.apply(progress(1, "paused", controls=1))
    assert run.state == RunState.RUNNING
    run.apply(progress(1, "running", controls=2))
    assert run.state == RunState.RUNNING


def test_the_worker_still_reports_a_state_change_of_its_own():
    """A STEP ends paused in the worker; progress after it is taken."""
    run = RemoteRun(1, graph=None)
    run.apply(P.RunStarted(1, 100, 10))
    run.apply(progress(1, "paused", controls=0))
    assert run.state == RunState.PAUSED
