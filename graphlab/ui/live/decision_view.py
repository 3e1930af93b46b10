"""The Data dock: the training and validation points and what the model makes of the plane.

For a classifier of 2-D points the model's class probabilities over the plane are a
heatmap (each grid point the mix of the class colours, weighted by probability), the
0.5 contour of a two-class model is the decision boundary, and the points sit on top,
coloured by class: filled for training, rings for validation. For a regression on one
input the points are the data and the line is the fitted curve. The numbers come from
the worker (graphlab/train/plane.py), at most ten frames a second; nothing here
computes a model.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from graphlab.train.plane import CLASSES, CURVE_MODE, grid_axes
from graphlab.ui import theme
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.live.plots import pg, plot_widget

EMPTY_TEXT = QT_TRANSLATE_NOOP("DecisionView", "2-D datasets (xor, moons, circles, spirals, blobs) show their points "
                                             "and the model's decision regions here as it "
                                             "trains; sine shows the fitted curve")
REGION_MIX = 0.55  # how much of a class colour a region gets (the rest: the background)
MAX_POINTS = 2000  # points drawn per split (a larger dataset is drawn evenly thinned)


def class_colours(n: int) -> np.ndarray:
    """[n, 3] RGB of the first n class colours (cycling)."""
    cs = theme.CLASS_COLOURS
    return np.array([QColor(cs[i % len(cs)]).getRgb()[:3] for i in range(n)], np.float32)


def region_image(probs: np.ndarray) -> np.ndarray:
    """uint8 [G, G, 3] from uint8 probabilities [C, G, G]: each class colour weighted by
    its probability, mixed with the plot's background."""
    p = probs.astype(np.float32) / 255.0
    mix = np.tensordot(p, class_colours(len(p)), axes=(0, 0))  # [G, G, 3]
    bg = np.array(QColor(theme.PLOT_BACKGROUND).getRgb()[:3], np.float32)
    return np.clip(REGION_MIX * mix + (1 - REGION_MIX) * bg, 0, 255).astype(np.uint8)


def _rows(n: int) -> np.ndarray:
    """The rows drawn of ``n`` points: all, or MAX_POINTS spread evenly."""
    return np.arange(n) if n <= MAX_POINTS else np.linspace(0, n - 1, MAX_POINTS).astype(int)


def _thin(a: np.ndarray) -> np.ndarray:
    return a[_rows(len(a))]


class DecisionView(QWidget):
    """The plot; :meth:`show_run` takes a RemoteRun's newest data view frame."""

    started = Signal()  # a run's first frame: the view applies to it (its dock is raised)
    row_clicked = Signal(int)  # a training point clicked: its row of the training set

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        p = pg()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(translate("DecisionView", EMPTY_TEXT))
        self.caption.setWordWrap(True)
        lay.addWidget(self.caption)
        self.plot = plot_widget()
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)
        self.plot.setMinimumSize(160, 160)
        lay.addWidget(self.plot, 1)
        self.regions = p.ImageItem()
        self.boundary = p.IsocurveItem(level=127.5, pen=p.mkPen(theme.PLOT_FIT, width=2))
        self.boundary.setParentItem(self.regions)
        self.train_points = p.ScatterPlotItem(size=7, pen=p.mkPen(theme.PLOT_BACKGROUND))
        self.val_points = p.ScatterPlotItem(size=8, brush=None)
        self.fit = p.PlotDataItem([], [], pen=p.mkPen(theme.PLOT_FIT, width=2.5))
        for item in (self.regions, self.train_points, self.val_points, self.fit):
            self.plot.addItem(item)
        self.regions.setZValue(-10)
        self.train_points.sigClicked.connect(self._clicked)
        self.train_points.setToolTip(translate("DecisionView", "click a training point to step through that row"))
        self.setup = None
        self.frame = None  # the PlaneFrame shown
        self.frames_shown = 0

    def _clicked(self, _item, points, *_) -> None:
        if self.setup is not None and len(points):
            self.row_clicked.emit(int(_rows(len(self.setup.x_train))[points[0].index()]))

    def reset(self) -> None:
        self.setup = self.frame = None
        self.frames_shown = 0
        self.regions.clear()
        self.boundary.setData(None)
        for item in (self.train_points, self.val_points):
            item.clear()
        self.fit.setData([], [])
        self.caption.setText(translate("DecisionView", EMPTY_TEXT))

    def show_run(self, run) -> None:
        """The run's newest frame (its setup when this is the first of the run)."""
        if run.plane_setup is not None and run.plane_setup is not self.setup:
            self.set_setup(run.plane_setup)
            self.started.emit()
        if run.plane is not None and self.setup is not None:
            self.show_frame(run.plane)

    def set_setup(self, setup) -> None:
        self.reset()
        self.setup = setup
        x0, x1, y0, y1 = setup.bounds
        if setup.mode == CLASSES:
            cols = class_colours(setup.n_classes)
            for item, xs, ys, ring in ((self.train_points, setup.x_train, setup.y_train, False),
                                       (self.val_points, setup.x_val, setup.y_val, True)):
                xs, ys = _thin(xs), _thin(ys)
                if not len(xs):
                    continue
                colour = [QColor(*cols[int(c)].astype(int)) for c in ys]
                if ring:
                    item.setData(xs[:, 0], xs[:, 1], pen=[pg().mkPen(c, width=1.5)
                                                          for c in colour], brush=None)
                else:
                    item.setData(xs[:, 0], xs[:, 1], brush=colour)
            self.caption.setText(translate("DecisionView",
                "{train} training points (filled), {val} validation (rings); background: the "
                "model's class there; white: its boundary").format(
                train=len(setup.x_train), val=len(setup.x_val)))
        else:
            self.train_points.setData(_thin(setup.x_train), _thin(setup.y_train),
                                      brush=QColor(theme.PLOT_TRAIN))
            if len(setup.x_val):
                self.val_points.setData(_thin(setup.x_val), _thin(setup.y_val),
                                        pen=pg().mkPen(theme.PLOT_VAL, width=1.5))
            self.caption.setText(translate("DecisionView", "the data (training filled, validation rings) and the "
                                   "model's prediction along x (white)"))
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.plot.setAspectLocked(setup.mode == CLASSES)

    def show_frame(self, frame) -> None:
        s = self.setup
        self.frame = frame
        self.frames_shown += 1
        if s.mode == CURVE_MODE and frame.curve is not None:
            xs, _ = grid_axes(s)
            self.fit.setData(xs, frame.curve.astype(np.float32))
            return
        if frame.probs is None:
            return
        x0, x1, y0, y1 = s.bounds
        self.regions.setImage(region_image(frame.probs), autoLevels=False, levels=(0, 255))
        self.regions.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        if len(frame.probs) == 2:  # two classes: the boundary is P(class 1) = 0.5
            self.boundary.setData(frame.probs[1].astype(np.float32))
        else:
            self.boundary.setData(None)

    def boundary_share(self) -> float | None:
        """Share of the plane the model gives class 1 (0..1): what moves as it learns."""
        if self.frame is None or self.frame.probs is None:
            return None
        return float((self.frame.probs.argmax(axis=0) == 1).mean())


def unit_tint(values: np.ndarray) -> np.ndarray:
    """uint8 [g, g, 3] for a unit map scaled 0..255: the value colours of the canvas."""
    t = values.astype(np.float32)[..., None] / 255.0
    lo = np.array(theme.VALUE_LOW.getRgb()[:3], np.float32)
    hi = np.array(theme.VALUE_HIGH.getRgb()[:3], np.float32)
    return np.clip(lo + t * (hi - lo), 0, 255).astype(np.uint8)

