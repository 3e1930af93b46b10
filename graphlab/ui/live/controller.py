"""LiveController: the training session, the canvas animation and the live panels, joined.

It owns one :class:`TrainingSession` at a time. The worker's frames reach the GUI
thread through a :class:`FrameBridge` (newest only, at most ~30 deliveries a second);
each delivery updates the progress, the curves and the timeline, and hands the newest
probe frame to the :class:`SweepAnimator` (which skips frames it cannot show in time).
Step-through and the timeline take the canvas over from the live sweeps while they run.
"""

from __future__ import annotations

import gc
import math

import numpy as np
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QTabWidget, QTextBrowser

from graphlab.lessons import LESSONS
from graphlab.train import frames as F
from graphlab.train.teach.health import cues as health_cues
from graphlab.ui.live.animator import SweepAnimator
from graphlab.ui.live.bridge import FrameBridge
from graphlab.ui.live.curves import Curves
from graphlab.ui.live.gc_on_gui_thread import GuiThreadGC
from graphlab.ui.live.insights import GradientFlow, HealthList, HistogramsOverTime
from graphlab.ui.live.legend import Legend
from graphlab.ui.live.overlay import LiveOverlay
from graphlab.ui.live.settings_command import SetTrainingCommand, changed
from graphlab.ui.live.step_panel import StepPanel
from graphlab.ui.live.train_panel import TrainPanel

RECENT = 8  # probe frames the health cues look back over
PANEL_MS = 400  # plots and insight panels redraw at most 2.5 times a second
# probes take at most this share of a run started here: the panel shows a few frames a
# second, so probing every k-th step of a small model mostly costs (train/cadence.py)
PROBE_BUDGET = 0.02
EDITS = {"node_added", "node_removed", "edge_added", "edge_removed", "attr_changed"}
EDITED_NOTE = ("\nThe graph was edited after Run: this run trains the graph as it was then. "
               "Stop and Run again to train the edited graph.")
Area = Qt.DockWidgetArea


class LiveController(QObject):
    state_changed = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = None
        self.scrubbing = False
        self.edited_during_run = False
        self.deliveries = 0
        self.current_lesson: str | None = None
        self.overlay = LiveOverlay(window.canvas)
        self.animator = SweepAnimator(self.overlay, self)
        self.bridge = FrameBridge(self)
        self.gc = GuiThreadGC(self)
        self.bridge.ready.connect(self._arrived)
        self.cues = []
        self._marks: list = []  # epoch frames not yet drawn
        self._probe = None  # newest probe frame not yet shown in the panels
        self._last = None  # newest frame of any kind
        self._panel_timer = QTimer(self, singleShot=True, interval=PANEL_MS)
        self._panel_timer.timeout.connect(self._refresh_panels)
        self._build_panels()
        self._build_menus()
        self.legend = Legend(window.view.viewport())
        self.legend.hide()
        self._unsubscribe = None
        window.editor.graph_replaced.connect(self._graph_replaced)
        window.files.changed.connect(self._file_changed)
        app = QApplication.instance()
        if app is not None:  # a run must end before the interpreter does (see _quitting)
            app.aboutToQuit.connect(self._quitting)
        window.canvas.selectionChanged.connect(self._selection_changed)
        self._graph_replaced(window.graph)

    # ----- building ----------------------------------------------------------------------------
    def _build_panels(self) -> None:
        w = self.window
        self.train_panel = TrainPanel()
        self.train_dock = w.add_dock("Train", self.train_panel, Area.RightDockWidgetArea,
                                     tabify_with=getattr(w, "inspector_dock", None))
        self.curves = Curves()
        self.curves_dock = w.add_dock("Curves", self.curves, Area.BottomDockWidgetArea,
                                      tabify_with=getattr(w, "diagnostics_dock", None))
        self.flow = GradientFlow()
        self.histograms = HistogramsOverTime()
        self.health = HealthList()
        self.insights = QTabWidget()
        self.insights.addTab(self.flow, "Gradient flow")
        self.insights.addTab(self.histograms, "Histograms")
        self.insights.addTab(self.health, "Health")
        self.insights_dock = w.add_dock("Insights", self.insights, Area.BottomDockWidgetArea)
        self.step_panel = StepPanel(self.overlay)
        self.step_dock = w.add_dock("Step-through", self.step_panel, Area.RightDockWidgetArea,
                                    tabify_with=self.train_dock)
        self.lesson_text = QTextBrowser()
        self.lesson_dock = w.add_dock("Lesson", self.lesson_text, Area.RightDockWidgetArea,
                                      tabify_with=self.train_dock)
        self.lesson_dock.hide()
        self.raise_docks()
        QTimer.singleShot(0, self.raise_docks)  # again once a shown window has laid out
        w.resizeDocks([self.curves_dock, self.insights_dock], [330, 330], Qt.Orientation.Vertical)
        w.resizeDocks([self.curves_dock, self.insights_dock], [760, 420],
                      Qt.Orientation.Horizontal)
        p = self.train_panel
        p.settings_changed.connect(self._settings_edited)
        p.run_requested.connect(self.run)
        p.pause_requested.connect(self.pause)
        p.step_requested.connect(self.step_batch)
        p.stop_requested.connect(self.stop)
        self.curves.frame_chosen.connect(self._timeline_chose)
        self.curves.replay_requested.connect(self.replay)
        self.curves.live_requested.connect(self._go_live)
        self.health.node_clicked.connect(w.select_node)
        self.step_panel.start_requested.connect(self.start_step_through)
        self.step_panel.stepped.connect(lambda _s: self.legend.place())

    def raise_docks(self) -> None:
        self.train_dock.raise_()
        self.curves_dock.raise_()

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        m = self.train_menu = bar.addMenu("&Train")
        for text, slot, key in (("Run / Resume", self.run, "F5"), ("Pause", self.pause, None),
                                ("Step One Batch", self.step_batch, "F10"),
                                ("Stop", self.stop, "Shift+F5"),
                                ("Start Step-through", self.start_step_through, None)):
            act = m.addAction(text)
            if key:
                act.setShortcut(key)
            act.triggered.connect(lambda _=False, s=slot: s())
        m = self.lessons_menu = bar.addMenu("&Lessons")
        for lesson in LESSONS.values():
            act = m.addAction(lesson.title)
            act.triggered.connect(lambda _=False, n=lesson.name: self.open_lesson(n))

    # ----- graph -------------------------------------------------------------------------------
    def _graph_replaced(self, graph) -> None:
        self.stop(wait=True)
        self.gc.release()
        self.session = None  # late frames of the old run are dropped
        self.animator.stop()
        self.step_panel.stop()
        self.overlay.sync()
        self.overlay.clear()
        self.curves.reset()
        self.legend.hide()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = graph.subscribe(self._graph_event)
        self.train_panel.load(graph.training, graph.folder)
        # open_lesson sets these again once its graph is shown; any other document is
        # no lesson (its text would stay on screen, and its runs would skip the budget)
        self.current_lesson = None
        self.lesson_dock.hide()

    def _quitting(self) -> None:
        """The app is closing: stop a live run and wait for its worker. A training thread
        still inside torch or TF when Python finalises aborts the process ("terminate
        called without an active exception")."""
        s = self.session
        if s is not None and not s.done:
            s.stop()
            s.wait(30.0)

    def _file_changed(self) -> None:
        """Saved elsewhere: relative data paths are now read from the new folder."""
        g = self.window.graph
        if self.train_panel.dataset.folder != g.folder:
            self.train_panel.load(g.training, g.folder)

    def _graph_event(self, ev) -> None:
        if ev.kind == "meta_changed":
            self.train_panel.load(self.window.graph.training, self.window.graph.folder)
        elif ev.kind in EDITS and self.session is not None and not self.session.done \
                and not self.edited_during_run:
            # the run goes on with the graph it compiled at Run; say so, or the canvas
            # would seem to be training what is drawn now
            self.edited_during_run = True
            self._refresh_panels()

    def _settings_edited(self, _=None) -> None:
        g = self.window.graph
        new = self.train_panel.training(g.training)
        if changed(g, new):
            self.window.editor.stack.push(SetTrainingCommand(g, new))

    def open_lesson(self, name: str) -> None:
        lesson = LESSONS[name]
        if not self.window.maybe_save():
            return
        self.window.files.show_graph(lesson.build(), None, f"{lesson.name} (lesson)")
        self.train_panel.probe_every.setValue(lesson.probe_every)
        self.lesson_text.setHtml(lesson.text)
        self.lesson_dock.show()
        self.lesson_dock.raise_()
        self.current_lesson = name

    # ----- training control ----------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.session.state if self.session is not None else "idle"

    def _new_session(self, paused: bool) -> bool:
        from graphlab.train.session import TrainingError, TrainingSession

        self._settings_edited()
        g = self.window.graph
        try:
            # a lesson is a small network watched probe by probe: every k-th step exactly
            budget = None if self.current_lesson else PROBE_BUDGET
            session = TrainingSession(g, probe_every=self.train_panel.probe_every.value(),
                                      probe_budget=budget)
            session.prepare()
        except TrainingError as err:
            self._report(str(err))
            return False
        self.session = session
        self.batches_per_epoch = max(1, math.ceil(session.data.n_train
                                                  / session.config.batch_size))
        self.total_steps = self.batches_per_epoch * session.config.epochs
        self.curves.reset()
        self._marks, self._probe = [], None
        self.scrubbing = False
        self.edited_during_run = False
        self.step_panel.stop()
        self.overlay.sync()
        self.legend.show()
        self.legend.place()
        session.subscribe(self.bridge.post)
        self.gc.hold(session)
        session.start(paused=paused)
        self._set_state("running" if not paused else "paused")
        return True

    def run(self) -> None:
        """Start a run, or resume a paused one."""
        s = self.session
        if s is not None and not s.done:
            if self.step_panel.stepper is not None:
                self.step_panel.stop()
            s.resume()
            self._set_state("running")
            return
        self._new_session(paused=False)

    def pause(self) -> None:
        if self.session is not None and not self.session.done:
            self.session.pause()
            self._set_state("paused")

    def step_batch(self) -> None:
        """Run exactly one batch (starting a paused run if there is none)."""
        s = self.session
        if s is None or s.done:
            if not self._new_session(paused=True):
                return
            s = self.session
        s.step()
        self._set_state("paused")

    def stop(self, wait: bool = False) -> None:
        s = self.session
        if s is not None and not s.done:
            s.stop()
            if wait:
                s.wait(10.0)

    def _set_state(self, state: str, message: str = "") -> None:
        self.train_panel.set_state(state, message)
        self.state_changed.emit(state)

    def _report(self, message: str) -> None:
        self.train_panel.set_state(self.train_panel.state, message)
        self.window.statusBar().showMessage(message.splitlines()[0], 10000)

    # ----- frames ------------------------------------------------------------------------------
    def _arrived(self, box) -> None:
        """Every delivery (<= ~30 Hz): progress, status, and the newest probe to the canvas.
        Plots and insight panels are redrawn at most every ``PANEL_MS`` (pyqtgraph axes
        are the costliest thing the GUI thread draws)."""
        s = self.session
        if s is None or box.latest is None:
            return
        self.deliveries += 1
        if self.deliveries == 1:
            # The framework is imported by now: move the ~400k long-lived objects out of the
            # cyclic collector's reach, or a full collection stalls both threads (measured
            # 650 ms under load) and the canvas stutters.
            gc.freeze()
        self.legend.place()  # follows the canvas size (a no-op when it has not changed)
        self._last = box.latest
        self._marks += [m for m in box.marks if m.kind == F.EPOCH]
        if box.probe is not None:
            self._probe = box.probe
            if not self.scrubbing and self.step_panel.stepper is None:
                self.animator.show(box.probe)
        end = next((m for m in box.marks if m.kind in (F.END, F.FAULT)), None)
        if end is not None:
            self.gc.release()
            self._refresh_panels()
            res = s.wait(5.0)
            msg = end.message or ""
            if res is not None and res.status == "finished":
                msg = _metrics_text(res.metrics)
            self._set_state(s.state, msg)
            if end.kind == F.FAULT and res is not None and res.fault_node:
                self.window.select_node(res.fault_node)
            return
        if not self._panel_timer.isActive():
            self._panel_timer.start()

    def _refresh_panels(self) -> None:
        s = self.session
        if s is None:
            return
        last = self._last
        if last is not None:
            self.train_panel.set_progress(last.step, self.total_steps)
            if not s.done:
                self._set_state(s.state, f"step {last.step}, epoch {last.epoch}, loss "
                                f"{last.loss:.4g}" + (EDITED_NOTE if self.edited_during_run
                                                       else ""))
        self.curves.set_losses(s.losses.items())
        self.curves.add_epochs(self._marks)
        self._marks = []
        probes = [f for f in s.history.items() if f.has_stats]
        self.curves.set_probes(probes)
        if self._probe is not None:
            self._new_probe(self._probe, probes)
            self._probe = None

    def _new_probe(self, frame, probes) -> None:
        g = self.window.graph
        titles = {n: g.node(n).label for n in frame.node_ids if n in g}
        ops = {n: g.node(n).op for n in frame.node_ids if n in g}
        final = frozenset(n for n in frame.node_ids if n in g and g.out_edges(n) and all(
            g.node(e.dst).op == "Output" or g.node(e.dst).spec.is_loss for e in g.out_edges(n)))
        cues = health_cues(probes[-RECENT:] or [frame], list(frame.node_ids), ops, final)
        self.cues = cues
        self.animator.set_cues(cues)
        self.health.show_cues(cues, titles)
        self.flow.show_frame(frame, titles)
        self._show_histograms(probes)

    def _show_histograms(self, probes=None) -> None:
        ids = self.window.canvas.selected_node_ids()
        node = ids[0] if len(ids) == 1 else None
        if probes is None:
            probes = ([f for f in self.session.history.items() if f.has_stats]
                      if self.session is not None else [])
        title = self.window.graph.node(node).label if node in self.window.graph else ""
        self.histograms.show_history(node, title, probes)

    def _selection_changed(self) -> None:
        if not shiboken6.isValid(self.window.canvas):
            return  # the scene clears its selection while it is being destroyed
        ids = self.window.canvas.selected_node_ids()
        if len(ids) == 1:
            self.step_panel.select(ids[0])
        self._show_histograms()

    # ----- timeline -------------------------------------------------------------------------------
    def _timeline_chose(self, frame) -> None:
        """Redraw the canvas as it was at that probe step (at once, no sweep)."""
        self.scrubbing = True
        self.animator.stop()
        self.animator.animate = False
        self.animator.show(frame, replay=True)
        self.animator.animate = True

    def replay(self, frame=None) -> None:
        frame = frame or self.curves.chosen or self.animator.frame
        if frame is not None:
            self.scrubbing = True
            self.animator.show(frame, replay=True)

    def _go_live(self) -> None:
        self.scrubbing = False
        if self.session is not None:
            probes = [f for f in self.session.history.items() if f.has_stats]
            if probes:
                self.animator.show(probes[-1], replay=True)

    # ----- step-through ----------------------------------------------------------------------------
    def start_step_through(self) -> bool:
        """Pause training and step through one batch (or sample) with the current weights."""
        from graphlab.compile import CompileError, compile_graph
        from graphlab.train.datasets import DatasetError
        from graphlab.train.teach import StepThrough

        if self.session is not None and not self.session.done:
            self.pause()
        self.animator.stop()
        g = self.window.graph
        t = g.training
        backend = t["backend"]
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            compiled = compile_graph(g, backend)
            weights = self._current_weights()
            if weights:
                compiled.model.set_weights(weights)
            feats, targs, source = [], [], ""
            if compiled.plan.feature_ids or compiled.plan.target_ids:
                data, idx, source = self._step_batch(g)
                if data.x_train is not None:
                    feats = [data.x_train[idx]] if compiled.plan.feature_ids else []
                    targs = [data.y_train[idx]] if compiled.plan.target_ids else []
            sample = self.step_panel.sample_index
            if sample is not None and feats and sample >= len(feats[0]):
                raise ValueError(f"sample {sample} is outside the batch of {len(feats[0])}")
            stepper = StepThrough(compiled, feats, targs, sample=sample)
        except (CompileError, DatasetError, ValueError) as err:
            self._report(f"cannot step through: {err}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.overlay.sync()
        self.step_panel.begin(stepper, source)
        self.step_dock.show()
        self.step_dock.raise_()
        self.legend.show()
        self.legend.place()
        return True

    def _step_batch(self, graph):
        """(dataset, batch indices, words for the panel) to step through: the batch the
        paused (or finished) run trained last, on the data it trained on; the first batch
        of the training split when there is no run of this graph."""
        from graphlab.train.datasets import prepare, split_spec

        s = self.session
        t = graph.training
        keys = ("dataset", "val_fraction", "standardize")
        if s is not None and s.data is not None and s.last_batch is not None and \
                s.graph.seed == graph.seed and all(
                    s.graph.training.get(k) == t.get(k) for k in keys):
            step, idx = s.last_batch
            return s.data, idx, f"the batch of step {step}"
        name, opts = split_spec(t["dataset"], graph.folder)
        data = prepare(graph, name, t["val_fraction"], t["standardize"],
                       graph.seed, **opts)
        return data, np.arange(min(int(t["batch_size"]), data.n_train)), \
            "the first training batch"

    def _current_weights(self):
        s = self.session
        if s is None:
            return None
        getter = getattr(s, "current_weights", None)
        if getter is not None:
            try:
                return getter()
            except Exception:
                return None
        return s.result.weights if s.result is not None else None


def _metrics_text(metrics: dict) -> str:
    parts = [f"{k.replace('_', ' ')} {v:.4g}" for k, v in metrics.items() if v is not None]
    return ", ".join(parts)
