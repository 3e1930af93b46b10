"""Insight panels: gradient flow along the network, histograms over time, health cues.

Gradient flow is a bar per node (topological order) of its mean |gradient| on a log
scale, redrawn from the newest probe frame. The histogram panel stacks the selected
node's value and gradient histograms of the recorded probe frames into two images
(time down, value across), re-binned onto a common range so rows compare. The health
list names each cue; clicking one selects its node.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from graphlab.train.stats_layout import BINS, COL, HIST0, SAMPLE0
from graphlab.train.teach.health import mean_abs
from graphlab.ui import theme
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.live.plots import cache_axes, pg, plot_widget

FLOW_WAITING = QT_TRANSLATE_NOOP("Insights", "each node's mean gradient appears here once a run records probes")
WAITING = QT_TRANSLATE_NOOP("Insights", "health cues appear here once a run has recorded probes")
ROWS = 120  # histogram rows kept for the picture (newest at the bottom)


class GradientFlow(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        p = pg()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.plot = plot_widget()
        self.plot.setLogMode(y=True)
        self.plot.setLabel("left", "mean |∂L/∂value|")
        self.plot.showGrid(y=True, alpha=0.2)
        self.plot.disableAutoRange()
        self.plot.setMenuEnabled(False)
        self._range = (0.0, 0.0, 0)  # y low, y high (log10), bar count
        self.bars = p.BarGraphItem(x=[], height=[], width=0.7, brush=theme.PLOT_BARS)
        self.plot.addItem(self.bars)
        lay.addWidget(self.plot)
        self.empty_label = QLabel(translate("Insights", FLOW_WAITING))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        lay.addWidget(self.empty_label, 1)
        self.plot.hide()
        self.values: dict[str, float] = {}
        self._ticks: tuple = ()

    def reset(self) -> None:
        """No run: no bars, and the previous run's node names gone from the axis."""
        self.values = {}
        self._ticks = ()
        self._range = (0.0, 0.0, 0)
        self.bars.setOpts(x=[], height=[], y0=[], width=0.7)
        self.plot.getAxis("bottom").setTicks([[]])
        self.plot.hide()
        self.empty_label.show()

    def show_frame(self, frame, titles: dict[str, str]) -> None:
        ids = [n for n in frame.node_ids if n in titles]
        vals = []
        for n in ids:
            row = frame.grads[frame.node_ids.index(n)]
            v = mean_abs(row) if np.isfinite(row[COL["count"]]) else float("nan")
            vals.append(v)
        self.values = dict(zip(ids, vals, strict=True))
        keep = [(i, n, v) for i, (n, v) in enumerate(zip(ids, vals, strict=True))
                if np.isfinite(v) and v > 0]
        x = np.arange(len(keep), dtype=float)
        # BarGraphItem in log mode: heights are drawn in log10 space
        h = np.array([math.log10(v) for _, _, v in keep]) if keep else np.zeros(0)
        base = float(np.floor(h.min())) - 0.5 if len(h) else 0.0
        self.bars.setOpts(x=x, height=h - base, y0=np.full(len(h), base), width=0.7)
        self.plot.setVisible(bool(len(h)))  # no made-up axes before there are bars
        self.empty_label.setVisible(not len(h))
        if len(h):  # move the axes only when the bars leave them (axes are costly to redraw)
            lo, hi, count = self._range
            if base < lo or h.max() > hi or len(h) != count or hi - lo > (h.max() - base) + 6:
                lo, hi = base - 0.5, float(np.ceil(h.max())) + 0.5
                self.plot.setYRange(lo, hi, padding=0)
                self.plot.setXRange(-0.6, len(h) - 0.4, padding=0)
                self._range = (lo, hi, len(h))
        room = max(1, self.plot.width() // 48)  # about one label per 48 pixels
        every = max(1, math.ceil(len(keep) / room))
        ticks = tuple((float(i), titles[n]) for i, (_, n, _) in enumerate(keep) if i % every == 0)
        if ticks != self._ticks:
            self._ticks = ticks
            self.plot.getAxis("bottom").setTicks([list(ticks)])


class HistogramsOverTime(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        p = pg()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(translate("Insights", "select a node to see its histograms over time"))
        lay.addWidget(self.title)
        self.layout_widget = p.GraphicsLayoutWidget()
        lay.addWidget(self.layout_widget, 1)
        self.value_plot = self.layout_widget.addPlot(title=translate("Insights", "value"))
        self.layout_widget.nextRow()
        self.grad_plot = self.layout_widget.addPlot(title=translate("Insights", "gradient"))
        self.value_img = p.ImageItem()
        self.grad_img = p.ImageItem()
        cmap = p.colormap.get("inferno")
        for plot, img in ((self.value_plot, self.value_img), (self.grad_plot, self.grad_img)):
            cache_axes(plot)
            plot.addItem(img)
            img.setColorMap(cmap)
            plot.invertY(True)
            plot.setLabel("left", translate("Insights", "probe"))
        self.node_id: str | None = None
        self.images: dict[str, np.ndarray] = {}
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.layout_widget.hide()

    def reset(self) -> None:
        self.images = {}
        self.show_history(None, "", [])

    def show_history(self, node_id: str | None, title: str, frames: list) -> None:
        self.node_id = node_id
        frames = [f for f in frames if f.has_stats and node_id in f.node_ids][-ROWS:]
        self.layout_widget.setVisible(bool(node_id is not None and frames))  # no fake axes
        if node_id is None or not frames:
            self.title.setText(translate("Insights", "select a node to see its histograms over time")
                               if frames or node_id is None else translate("Insights",
                                   "its histograms appear once a run records probes"))
            for img in (self.value_img, self.grad_img):
                img.clear()
            return
        self.title.setText(translate("Insights", "{title}: {n} probes, steps {first}–{last}").format(
            title=title, n=len(frames), first=frames[0].step, last=frames[-1].step))
        i = frames[0].node_ids.index(node_id)
        for key, img in (("values", self.value_img), ("grads", self.grad_img)):
            rows = np.stack([getattr(f, key)[i] for f in frames])
            pic, lo, hi = rebin(rows)
            self.images[key] = pic
            if pic.size:
                img.setImage(np.log1p(pic), autoLevels=True)
                img.setRect(lo, 0, max(hi - lo, 1e-12), len(pic))
            else:
                img.clear()


def rebin(rows: np.ndarray, bins: int = 64) -> tuple[np.ndarray, float, float]:
    """Histogram rows (each over its own [min, max]) re-binned onto one common range."""
    lo = np.nanmin(rows[:, COL["min"]]) if np.isfinite(rows[:, COL["min"]]).any() else np.nan
    hi = np.nanmax(rows[:, COL["max"]]) if np.isfinite(rows[:, COL["max"]]).any() else np.nan
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return np.zeros((0, bins)), 0.0, 1.0
    span = hi - lo if hi > lo else 1.0
    out = np.zeros((len(rows), bins))
    for r, row in enumerate(rows):
        a, b = row[COL["min"]], row[COL["max"]]
        hist = np.nan_to_num(row[HIST0:SAMPLE0])
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        centres = a + (np.arange(BINS) + 0.5) * ((b - a) / BINS if b > a else 0.0)
        idx = np.clip(((centres - lo) / span * bins).astype(int), 0, bins - 1)
        np.add.at(out[r], idx, hist)
    return out, float(lo), float(lo + span)


class HealthList(QWidget):
    node_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        lay.addWidget(self.list)
        self.list.itemActivated.connect(self._clicked)
        self.list.itemClicked.connect(self._clicked)
        self._shown: tuple | None = None
        self.reset()

    def reset(self) -> None:
        """Before a run's first probe: say so (a run without cues used to leave it blank,
        as the empty list matched the 'nothing shown yet' state)."""
        self._shown = None
        self.list.clear()
        self.list.addItem(translate("Insights", WAITING))

    def show_cues(self, cues, titles: dict[str, str]) -> None:
        shown = tuple((c.kind, c.node_id, c.text) for c in cues)
        if shown == self._shown:
            return
        self._shown = shown
        self.list.clear()
        if not cues:
            self.list.addItem(translate("Insights", "no problems seen in the recent probes"))
            return
        for c in cues:
            item = QListWidgetItem(translate("Insights", "{node}: {cue}").format(
                node=titles.get(c.node_id, c.node_id), cue=translate_message(c.text)))
            item.setData(Qt.ItemDataRole.UserRole, c.node_id)
            self.list.addItem(item)

    def _clicked(self, item: QListWidgetItem) -> None:
        node = item.data(Qt.ItemDataRole.UserRole)
        if node:
            self.node_clicked.emit(node)
