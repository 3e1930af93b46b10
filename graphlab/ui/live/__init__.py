"""The live training panel and teaching mode, added to the editor window.

``install(window)`` adds the Train, Curves, Insights, Step-through and Lesson docks,
the Train and Lessons menus and the canvas overlay, and returns the
:class:`~graphlab.ui.live.controller.LiveController` that joins them.
"""

from __future__ import annotations


def install(window):
    from graphlab.ui.live.controller import LiveController

    window.live = LiveController(window)
    return window.live
