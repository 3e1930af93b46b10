"""What a run shows: progress and status, curves, the canvas sweeps, insight panels and
the timeline.

Each :class:`~graphlab.worker.protocol.RunProgress` (at most ~30 a second) updates the
progress and hands the newest probe to the :class:`SweepAnimator`, which skips frames it
cannot show in time. Plots and insight panels are redrawn at most every ``PANEL_MS``
(pyqtgraph axes are the costliest thing the GUI thread draws). Choosing a point on the
timeline redraws the canvas as it was at that probe.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from graphlab.train import frames as F
from graphlab.train.teach.health import cues as health_cues
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

RECENT = 8  # probe frames the health cues look back over
PANEL_MS = 400  # plots and insight panels redraw at most 2.5 times a second
EDITED_NOTE = QT_TRANSLATE_NOOP(
    "RunView", "\nThe graph was edited after Run: this run trains the graph as it was then. "
    "Stop and Run again to train the edited graph.")


class RunView(QObject):
    def __init__(self, live) -> None:
        super().__init__(live)
        self.live = live
        self.scrubbing = False
        self.deliveries = 0
        self.cues = []
        self._marks: list = []  # epoch frames not yet drawn
        self._probe = None  # newest probe frame not yet shown in the panels
        self._last = None  # newest frame of any kind
        self._panel_timer = QTimer(self, singleShot=True, interval=PANEL_MS)
        self._panel_timer.timeout.connect(self.refresh_panels)
        d = live.docks
        d.curves.frame_chosen.connect(self.show_at)
        d.curves.replay_requested.connect(self.replay)
        d.curves.live_requested.connect(self.go_live)

    def reset(self) -> None:
        """A new run, or a new document: nothing of the previous run stays."""
        self._panel_timer.stop()
        self._marks, self._probe, self._last = [], None, None
        self.scrubbing = False
        self.cues = []
        d = self.live.docks
        d.curves.reset()
        for panel in (d.flow, d.histograms, d.health, d.data_view):
            panel.reset()

    @property
    def _run(self):
        return self.live.runs.run

    # ----- messages ----------------------------------------------------------------------
    def progress(self, msg) -> None:
        live = self.live
        self.deliveries += 1
        live.legend.place()  # follows the canvas size (a no-op when it has not changed)
        self._last = msg.latest
        marks = msg.marks
        self._marks += [m for m in marks if m.kind == F.EPOCH]
        probe = msg.probe
        if probe is not None:
            self._probe = probe
            if not self.scrubbing and live.docks.step_panel.stepper is None:
                live.animator.show(probe)
        if not self._panel_timer.isActive():
            self._panel_timer.start()

    def ended(self, run) -> None:
        self._panel_timer.stop()
        self.refresh_panels()
        res = run.result
        if res is None:
            msg = run.message
        elif res.status == "finished":
            msg = metrics_text(res.metrics)
        else:
            msg = res.message or ""
        self.live.set_state(run.state, msg)
        if res is not None and res.fault_node:
            self.live.window.select_node(res.fault_node)

    def refresh_panels(self) -> None:
        run = self._run
        if run is None:
            return
        d = self.live.docks
        last = self._last
        if last is not None:
            d.train_panel.set_progress(last.step, run.total_steps)
            if not run.done:
                self.live.set_state(run.state, translate("RunView", "step {step}, epoch {epoch}, loss {loss}").format(
                    step=last.step, epoch=last.epoch, loss=f"{last.loss:.4g}") + (
                    translate("RunView", EDITED_NOTE) if self.live.edited_during_run else ""))
        d.curves.set_losses(run.losses.items())
        d.curves.add_epochs(self._marks)
        d.curves.set_changes(run.changes)
        self._marks = []
        probes = self.probes()
        d.curves.set_probes(probes)
        if self._probe is not None:
            self._new_probe(self._probe, probes)
            self._probe = None

    def probes(self) -> list:
        run = self._run
        return [f for f in run.history.items() if f.has_stats] if run is not None else []

    def _new_probe(self, frame, probes) -> None:
        g = self.live.window.graph
        d = self.live.docks
        titles = {n: g.node(n).label for n in frame.node_ids if n in g}
        ops = {n: g.node(n).op for n in frame.node_ids if n in g}
        final = frozenset(n for n in frame.node_ids if n in g and g.out_edges(n) and all(
            g.node(e.dst).spec.category in ("output", "loss") for e in g.out_edges(n)))
        cues = health_cues(probes[-RECENT:] or [frame], list(frame.node_ids), ops, final)
        self.cues = cues
        self.live.animator.set_cues(cues)
        d.health.show_cues(cues, titles)
        d.flow.show_frame(frame, titles)
        self.show_histograms(probes)

    def show_histograms(self, probes=None) -> None:
        w = self.live.window
        ids = w.canvas.selected_node_ids()
        node = ids[0] if len(ids) == 1 else None
        if probes is None:
            probes = self.probes()
        title = w.graph.node(node).label if node in w.graph else ""
        self.live.docks.histograms.show_history(node, title, probes)

    # ----- timeline ----------------------------------------------------------------------
    def show_at(self, frame) -> None:
        """Redraw the canvas as it was at that probe step (at once, no sweep)."""
        a = self.live.animator
        self.scrubbing = True
        a.stop()
        a.animate = False
        a.show(frame, replay=True)
        a.animate = True

    def replay(self, frame=None) -> None:
        frame = frame or self.live.docks.curves.chosen or self.live.animator.frame
        if frame is not None:
            self.scrubbing = True
            self.live.animator.show(frame, replay=True)

    def go_live(self) -> None:
        self.scrubbing = False
        probes = self.probes()
        if probes:
            self.live.animator.show(probes[-1], replay=True)


def metrics_text(metrics: dict) -> str:
    parts = [f"{k.replace('_', ' ')} {v:.4g}" for k, v in metrics.items() if v is not None]
    return ", ".join(parts)
