"""Live loss and accuracy curves (train and validation), and the timeline scrubber.

The loss plot draws every step's loss from the session's bounded loss ring and the
epoch means; the accuracy plot draws epoch accuracies. The timeline is a slider over
the recorded probe frames with a matching vertical line on the loss plot, so a step
is chosen where the loss curve shows it; choosing one emits ``frame_chosen``. A live
learning-rate or momentum change is a dashed line at the step it took effect, labelled
with the new value.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from graphlab.ui import theme
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.live.plots import TRAIN, VAL, pg, plot_widget

EMPTY_TEXT = QT_TRANSLATE_NOOP("Curves", "press Run: the loss and accuracy of each step appear here")
SIDE_BY_SIDE = 2.2  # wider than this many times its height: the plots sit side by side
SYMBOLS_UP_TO = 40  # epoch points drawn with dots; more are drawn as lines only
EPOCH_POINTS = 2048  # epoch rows kept: between this and twice as many
EPOCH_KEYS = ("train_loss", "val_loss", "train_accuracy", "val_accuracy")


def change_text(frame) -> str:
    """What a live change set, as its timeline label says it: "lr 0.01, momentum 0.9"."""
    return ", ".join(f"{k} {v:.3g}" for k, v in frame.metrics.items())


def _finite(v) -> float:
    return float(v) if v is not None and np.isfinite(v) else float("nan")


class Curves(QWidget):
    frame_chosen = Signal(object)  # a probe frame picked on the timeline
    replay_requested = Signal(object)
    live_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        p = pg()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.loss_plot = plot_widget()
        self.loss_plot.setMinimumHeight(90)
        self.loss_plot.setLabel("left", translate("Curves", "loss"))
        self.loss_plot.getAxis("left").enableAutoSIPrefix(False)
        # one row along the top, small: in a projector's bottom dock a stacked legend
        # covered a third of the plot
        self.loss_plot.addLegend(offset=(-5, 2), colCount=3, labelTextSize="8pt",
                                 verSpacing=-6, horSpacing=8)
        self.train_loss = self.loss_plot.plot([], [], pen=p.mkPen(TRAIN, width=1),
                                              name=translate("Curves", "each step"))
        self.epoch_loss = self.loss_plot.plot([], [], pen=p.mkPen(theme.PLOT_EPOCH, width=2),
                                              name=translate("Curves", "epoch"))
        self.val_loss = self.loss_plot.plot([], [], pen=p.mkPen(VAL, width=2),
                                            symbol="o", symbolSize=4,
                                            name=translate("Curves", "validation"))
        self.marker = p.InfiniteLine(pos=0, angle=90, movable=True,
                                     pen=p.mkPen(theme.PLOT_MARK, width=1.5))
        self.marker.setVisible(False)
        self.loss_plot.addItem(self.marker)
        # a rug of small ticks along the bottom: where the recorded probe frames are (line
        # segments: a scatter of symbols cost ten times more to update at every refresh)
        self.probe_ticks = p.PlotDataItem([], [], connect="pairs",
                                          pen=p.mkPen(theme.PLOT_MARK, width=1))
        self.loss_plot.addItem(self.probe_ticks)
        self.changes: list = []  # the "hyper" frames drawn, oldest first
        self._change_lines: list = []
        self.acc_plot = plot_widget()
        self.acc_plot.setMinimumHeight(60)
        self.acc_plot.setLabel("left", translate("Curves", "accuracy"))
        self.acc_plot.setLabel("bottom", translate("Curves", "step"))
        self.acc_plot.setYRange(0, 1.02)
        self.acc_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.acc_plot):
            plot.disableAutoRange()
            plot.setMenuEnabled(False)
            # room right of the x range for half the slider's handle, so the timeline's
            # ends line up with the axis
            plot.getPlotItem().layout.setContentsMargins(2, 2, 12, 2)
        self._range = (0.0, 0.0, -1.0)  # x high, y low, y high of the loss plot
        self.train_acc = self.acc_plot.plot([], [], pen=p.mkPen(TRAIN, width=2), symbol="o",
                                            symbolSize=4)
        self.val_acc = self.acc_plot.plot([], [], pen=p.mkPen(VAL, width=2), symbol="o",
                                          symbolSize=4)
        # the slider sits right under the loss plot, its ends under the plot's x range
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.slider.setToolTip(
            translate("Curves", "the recorded probe steps: drag to redraw the canvas as it was"))
        loss_column = QVBoxLayout()
        loss_column.setSpacing(0)
        loss_column.addWidget(self.loss_plot, 1)
        self._slider_row = QHBoxLayout()
        self._slider_row.addWidget(self.slider)
        loss_column.addLayout(self._slider_row)
        self.plots = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.plots.addLayout(loss_column, 3)
        self.plots.addWidget(self.acc_plot, 2)
        lay.addLayout(self.plots, 1)
        self.empty_label = QLabel(translate("Curves", EMPTY_TEXT))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        lay.insertWidget(0, self.empty_label, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("Curves", "Timeline")))
        row.addStretch(1)
        self.step_label = QLabel("—")
        self.step_label.setMinimumWidth(80)
        row.addWidget(self.step_label)
        self.replay_button = QPushButton(translate("Curves", "Replay sweep"))
        self.live_button = QPushButton(translate("Curves", "Live"))
        self.live_button.setToolTip(translate("Curves", "follow the newest frames again"))
        row.addWidget(self.replay_button)
        row.addWidget(self.live_button)
        lay.addLayout(row)
        self.probes: list = []  # recorded probe frames, oldest first
        self.epochs: list[tuple[float, ...]] = []  # (step, *EPOCH_KEYS), see add_epochs
        self.chosen = None
        self.slider.valueChanged.connect(self._slider_moved)
        self.marker.sigPositionChangeFinished.connect(self._marker_moved)
        self.replay_button.clicked.connect(lambda: self.replay_requested.emit(self.chosen))
        self.live_button.clicked.connect(self.go_live)
        self.loss_plot.getViewBox().sigResized.connect(self._align_slider)
        for plot in (self.loss_plot, self.acc_plot):
            plot.scene().sigMouseClicked.connect(
                lambda ev, plot=plot: self._plot_clicked(plot, ev))
        self._show_empty(True)

    # ----- layout ------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        """Short and wide (a bottom dock on a projector): the plots side by side, each
        as tall as the dock, instead of a 20 px accuracy strip."""
        super().resizeEvent(event)
        wide = self.width() > SIDE_BY_SIDE * self.height()
        self.plots.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                else QBoxLayout.Direction.TopToBottom)

    def _align_slider(self, *_) -> None:
        """Line the slider's ends up with the loss plot's x range (its axis is the
        timeline): the handle's centre runs from one end of the range to the other."""
        vb = self.loss_plot.getViewBox()
        box = vb.mapRectToScene(vb.boundingRect())
        left = self.loss_plot.mapFromScene(box.topLeft()).x()
        right = self.loss_plot.width() - self.loss_plot.mapFromScene(box.topRight()).x()
        handle = self.slider.style().pixelMetric(self.slider.style().PixelMetric.PM_SliderLength,
                                                 None, self.slider)
        self._slider_row.setContentsMargins(max(0, left - handle // 2), 0,
                                            max(0, right - handle // 2), 0)

    def _show_empty(self, empty: bool) -> None:
        """No run yet: a sentence instead of made-up 0-1 axes."""
        for w in (self.loss_plot, self.acc_plot, self.slider):
            w.setVisible(not empty)
        self.empty_label.setVisible(empty)
        self._empty = empty

    def _plot_clicked(self, plot, ev) -> None:
        """A click on either plot picks the recorded probe step nearest the click."""
        if not self.probes or ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = plot.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        step = vb.mapSceneToView(ev.scenePos()).x()
        steps = np.asarray([f.step for f in self.probes])
        self.choose(int(np.argmin(np.abs(steps - step))))

    def _fit(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """Grow the axes' ranges in steps instead of auto-ranging on every update, so
        pyqtgraph redraws its axes (its costliest drawing) only when a range changes."""
        if not len(xs):
            return
        x_hi, y_lo, y_hi = self._range
        if xs.max() > x_hi:
            x_hi = float(max(10.0, xs.max() * 1.5))
            self.loss_plot.setXRange(0, x_hi, padding=0.02)
        lo, hi = float(np.min(ys)), float(np.max(ys))
        if hi > y_hi or lo < y_lo or (y_hi - y_lo) > 8 * max(hi - lo, 1e-12):
            # headroom for the one-row legend along the top
            y_lo, y_hi = min(0.0, lo), hi + 0.3 * max(hi - min(0.0, lo), 1e-6)
            self.loss_plot.setYRange(y_lo, y_hi, padding=0)
        self._range = (x_hi, y_lo, y_hi)

    def reset(self) -> None:
        self._range = (0.0, 0.0, -1.0)
        self.probes, self.epochs, self.chosen = [], [], None
        for c in (self.train_loss, self.epoch_loss, self.val_loss, self.train_acc,
                  self.val_acc):
            c.setData([], [])
        self.probe_ticks.setData([], [])
        self.set_changes([])
        self.marker.setVisible(False)
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self.step_label.setText("—")
        self.loss_plot.setXRange(0, 1, padding=0.02)
        self.loss_plot.setYRange(0, 1, padding=0)
        self._show_empty(True)

    # ----- data ------------------------------------------------------------------------------
    def set_losses(self, losses: list[tuple[int, float]]) -> None:
        if not losses:
            return
        a = np.asarray(losses, dtype=np.float64)
        a = a[np.isfinite(a[:, 1])]
        if not len(a):
            return
        ys = a[:, 1]
        if self.epochs:  # the epoch and validation losses over the same steps stay in view
            table = np.asarray(self.epochs, dtype=np.float64)
            near = table[table[:, 0] >= a[0, 0], 1:3].ravel()
            ys = np.concatenate([ys, near[np.isfinite(near)]])
        self._fit(a[:, 0], ys)
        self.train_loss.setData(a[:, 0], a[:, 1])
        if self._empty:
            self._show_empty(False)

    def add_epochs(self, frames: list) -> None:
        """Append epoch frames; the epoch curves are redrawn once for all of them.

        Only (step, metrics) rows are kept, at most ``2 * EPOCH_POINTS``: past that every
        second row is dropped, so a run of 100,000 short epochs still draws its whole
        history at half the resolution instead of growing memory and redraw time."""
        if not frames:
            return
        self.epochs.extend((f.step, *(_finite(f.metrics.get(k)) for k in EPOCH_KEYS))
                           for f in frames)
        if len(self.epochs) > 2 * EPOCH_POINTS:
            self.epochs = self.epochs[::2]
        table = np.asarray(self.epochs, dtype=np.float64)
        for col, item in enumerate((self.epoch_loss, self.val_loss, self.train_acc,
                                    self.val_acc), start=1):
            keep = np.isfinite(table[:, col])
            xs, ys = table[keep, 0], table[keep, col]
            if item is not self.epoch_loss:
                # dots mark a few epochs; past SYMBOLS_UP_TO they would merge into a line
                # anyway and pyqtgraph's scatter is the costliest part of an update
                item.setSymbol("o" if len(xs) <= SYMBOLS_UP_TO else None)
            item.setData(xs, ys)

    def set_changes(self, frames: list) -> None:
        """Live hyperparameter changes (``hyper`` frames): a labelled line at each one's
        step; only new ones are added."""
        if len(frames) < len(self.changes):
            for line in self._change_lines:
                self.loss_plot.removeItem(line)
            self.changes, self._change_lines = [], []
        p = pg()
        for f in frames[len(self.changes):]:
            line = p.InfiniteLine(pos=f.step, angle=90, movable=False,
                                  pen=p.mkPen(theme.PLOT_CHANGE, width=1.5,
                                              style=Qt.PenStyle.DashLine),
                                  label=change_text(f), labelOpts={
                                      "position": 0.85, "color": theme.PLOT_CHANGE,
                                      "anchors": [(0, 0.5), (0, 0.5)]})
            self.loss_plot.addItem(line)
            self._change_lines.append(line)
        self.changes = list(frames)

    def set_probes(self, probes: list) -> None:
        """The recorded probe frames (bounded history); the slider follows them."""
        self.probes = probes
        if not probes:
            return
        x = np.repeat(np.asarray([f.step for f in probes], dtype=np.float64), 2)
        _, lo, hi = self._range
        y = np.tile([lo, lo + 0.04 * (hi - lo)], len(probes))
        self.probe_ticks.setData(x, y)
        follow = self.chosen is None or self.slider.value() == self.slider.maximum()
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(probes) - 1)
        if follow:
            self.slider.setValue(len(probes) - 1)
        elif self.chosen in probes:
            self.slider.setValue(probes.index(self.chosen))
        self.slider.blockSignals(False)
        self.slider.setEnabled(True)

    # ----- timeline ------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        """Pick the ``index``-th recorded probe frame (as moving the slider does)."""
        if not self.probes:
            return
        index = max(0, min(index, len(self.probes) - 1))
        if self.slider.value() != index:
            self.slider.setValue(index)
        else:
            self._slider_moved(index)

    def _slider_moved(self, index: int) -> None:
        if not 0 <= index < len(self.probes):
            return
        f = self.probes[index]
        self.chosen = f
        self.marker.blockSignals(True)
        self.marker.setValue(f.step)
        self.marker.setVisible(True)
        self.marker.blockSignals(False)
        self.step_label.setText(translate("Curves", "step {step}").format(step=f.step))
        self.frame_chosen.emit(f)

    def _marker_moved(self, *_):
        if not self.probes:
            return
        steps = np.asarray([f.step for f in self.probes])
        self.choose(int(np.argmin(np.abs(steps - self.marker.value()))))

    def go_live(self) -> None:
        self.chosen = None
        self.marker.setVisible(False)
        self.step_label.setText(translate("Curves", "live"))
        self.live_requested.emit()
