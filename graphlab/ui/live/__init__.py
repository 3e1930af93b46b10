"""The live training panel and teaching mode, added to the editor window.

``install(window)`` adds the Train, Curves, Insights, Step-through and Lesson docks,
the Train and Lessons menus and the canvas overlay, and returns the
:class:`~graphlab.ui.live.controller.LiveController` that joins them.
:func:`install_in_stages` does the same from the event loop, a piece per turn.
"""

from __future__ import annotations


def install(window):
    from graphlab.ui.live.controller import LiveController

    window.live = LiveController(window)
    from graphlab.ui.blocks.live_map import map_step_overlay

    map_step_overlay(window)  # its steps name flat nodes: a block's node shows them
    return window.live


def _import_numpy() -> None:
    import numpy  # noqa: F401


def _import_pyqtgraph() -> None:
    from graphlab.ui.live.plots import pg

    pg()


def install_in_stages(window, done=None) -> None:
    """Install the live panel after the window is up, one stage per event-loop turn:
    numpy (~0.1 s), pyqtgraph (~0.15 s), then the docks (~0.1 s). Done in one go the
    window froze for 0.4-0.5 s just after it appeared; now a click or key waits for one
    stage at most. ``done`` is called with the controller at the end."""
    from PySide6.QtCore import QTimer

    stages = [_import_numpy, _import_pyqtgraph, lambda: install(window)]

    def run_next() -> None:
        stages.pop(0)()
        if stages:
            QTimer.singleShot(0, run_next)
        elif done is not None:
            done(window.live)

    QTimer.singleShot(0, run_next)
