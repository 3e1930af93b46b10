"""pyqtgraph set-up shared by the live panels (dark theme, antialiasing off for speed)."""

from __future__ import annotations

_READY = False


def pg():
    """pyqtgraph, configured once (imported on first use: it costs ~0.6 s)."""
    global _READY
    import pyqtgraph

    if not _READY:
        pyqtgraph.setConfigOptions(antialias=False, background="#232427", foreground="#c8c8c8",
                                   imageAxisOrder="row-major")
        _READY = True
    return pyqtgraph


TRAIN = "#f0c35a"
VAL = "#7fb2f0"
