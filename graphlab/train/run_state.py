"""The states of a training run, one enum for the session, the worker and the editor.

A ``StrEnum``, so a state prints and compares as its name ("running") in messages,
JSON results and the Train dock.
"""

from __future__ import annotations

from enum import StrEnum


class RunState(StrEnum):
    IDLE = "idle"  # nothing started
    STARTING = "starting"  # asked to start; checks, compiling and the framework import
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # every epoch ran
    STOPPED = "stopped"  # stopped by the user
    FAILED = "failed"  # refused, a non-finite value, out of memory, an error

    @property
    def done(self) -> bool:
        return self in (RunState.FINISHED, RunState.STOPPED, RunState.FAILED)

    @property
    def live(self) -> bool:
        """Started and not ended: Stop means something."""
        return self in (RunState.STARTING, RunState.RUNNING, RunState.PAUSED)
