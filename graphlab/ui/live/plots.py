"""pyqtgraph set-up shared by the live panels (dark theme, antialiasing off for speed)."""

from __future__ import annotations

from graphlab.ui import theme

_READY = False


def pg():
    """pyqtgraph, configured once (imported on first use: it costs ~0.6 s)."""
    global _READY
    import pyqtgraph

    if not _READY:
        pyqtgraph.setConfigOptions(antialias=False, background=theme.PLOT_BACKGROUND,
                                   foreground=theme.PLOT_FOREGROUND,
                                   imageAxisOrder="row-major")
        _READY = True
    return pyqtgraph


def cache_axes(plot_item) -> None:
    """Draw a plot's axes from a pixmap kept by Qt instead of calling pyqtgraph's Python
    ``AxisItem.paint`` (a QPicture replay) on every repaint of the plot: redrawn only when
    the range or size changes. Live curves repaint a few times a second while the
    training thread competes for the GIL."""
    from PySide6.QtWidgets import QGraphicsItem

    for name in ("left", "bottom", "right", "top"):
        axis = plot_item.getAxis(name)
        if axis is not None:
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def plot_widget():
    """A PlotWidget for a live panel: cached axes, and only changed regions repainted."""
    from PySide6.QtWidgets import QGraphicsView

    w = pg().PlotWidget()
    w.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
    cache_axes(w.getPlotItem())
    return w


TRAIN = theme.PLOT_TRAIN
VAL = theme.PLOT_VAL
