"""LiveController: the live panel of one editor window, joined.

It wires the parts: :class:`~graphlab.ui.live.docks.LiveDocks` (docks and menus),
:class:`~graphlab.ui.live.worker_link.WorkerLink` (the worker process),
:class:`~graphlab.ui.live.run_control.RunControl` (a run's lifecycle),
:class:`~graphlab.ui.live.run_view.RunView` (what a run shows) and
:class:`~graphlab.ui.live.step_control.StepControl` (step-through). What it does
itself is the document's side: a new document resets everything tied to the old
one, a lesson sets its text, edits to the settings go through the undo stack.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from graphlab.lessons import LESSONS
from graphlab.train.run_state import RunState
from graphlab.ui.i18n import translate
from graphlab.ui.live.animator import SweepAnimator
from graphlab.ui.live.docks import LiveDocks
from graphlab.ui.live.legend import Legend
from graphlab.ui.live.live_settings import send_live
from graphlab.ui.live.multi_gpu import MultiGpuRun
from graphlab.ui.live.overlay import LiveOverlay
from graphlab.ui.live.run_control import RunControl
from graphlab.ui.live.run_view import RunView
from graphlab.ui.live.settings_command import SetTrainingCommand, changed
from graphlab.ui.live.step_control import StepControl
from graphlab.ui.live.train_panel import PROBE_EVERY
from graphlab.ui.live.worker_link import WorkerLink

# probes take at most this share of a run started here: the panel shows a few frames a
# second, so probing every k-th step of a small model mostly costs (train/cadence.py)
PROBE_BUDGET = 0.02
EDITS = {"node_added", "node_removed", "edge_added", "edge_removed", "attr_changed"}
STARTING_NOTE = "{text}…"


class LiveController(QObject):
    state_changed = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.edited_during_run = False
        self.current_lesson: str | None = None
        self.overlay = LiveOverlay(window.canvas)
        self.animator = SweepAnimator(self.overlay, self)
        self.docks = LiveDocks(window, self.overlay)
        self.docks.build_menus(self)
        self.link = WorkerLink(self)
        self.runs = RunControl(self.link, self)
        self.view = RunView(self)
        self.steps = StepControl(self)
        self.multi_gpu = MultiGpuRun(self)  # "Run on N GPUs" when the worker sees several
        self.legend = Legend(window.view.viewport())
        self.legend.hide()
        self._unsubscribe = None
        self._connect()
        self._graph_replaced(window.graph)

    def _connect(self) -> None:
        w, d, r = self.window, self.docks, self.runs
        p = d.train_panel
        p.settings_changed.connect(self._settings_edited)
        p.run_requested.connect(self.run)
        p.pause_requested.connect(self.pause)
        p.step_requested.connect(self.step_batch)
        p.stop_requested.connect(self.stop)
        p.live_changed.connect(self.change_live)
        d.health.node_clicked.connect(w.select_node)
        d.step_panel.stepped.connect(lambda _s: self.legend.place())
        r.started.connect(lambda run: self.set_state(run.state))
        r.refused.connect(self._refused)
        r.progress.connect(self.view.progress)
        r.plane.connect(d.data_view.show_run)
        r.status.connect(self._starting)
        w.canvas.node_dragged.connect(self.overlay.follow)
        r.ended.connect(self.view.ended)
        r.ended.connect(self._keep_weights)
        w.editor.graph_replaced.connect(self._graph_replaced)
        w.files.changed.connect(self._file_changed)
        w.canvas.selectionChanged.connect(self._selection_changed)
        if hasattr(w, "closing"):
            w.closing.connect(self.close)

    # the parts, under the names the editor, the tests and the benches use
    train_panel = property(lambda self: self.docks.train_panel)
    curves = property(lambda self: self.docks.curves)
    step_panel = property(lambda self: self.docks.step_panel)
    histograms = property(lambda self: self.docks.histograms)
    health = property(lambda self: self.docks.health)
    flow = property(lambda self: self.docks.flow)
    lesson_dock = property(lambda self: self.docks.lesson_dock)
    lesson_text = property(lambda self: self.docks.lesson_text)
    lessons_menu = property(lambda self: self.docks.lessons_menu)
    curves_dock = property(lambda self: self.docks.curves_dock)
    session = property(lambda self: self.runs.run)  # the current run (a RemoteRun)
    deliveries = property(lambda self: self.view.deliveries)
    scrubbing = property(lambda self: self.view.scrubbing)
    cues = property(lambda self: self.view.cues)

    def raise_docks(self) -> None:
        self.docks.raise_docks()

    # ----- the document ------------------------------------------------------------------
    def _graph_replaced(self, graph) -> None:
        self.runs.forget()  # late messages of the old run are dropped
        self.multi_gpu.abandon()
        self.steps.forget()
        self.animator.stop()
        self.step_panel.stop()
        self.overlay.sync()
        self.overlay.clear()
        self.animator.frame = self.animator.last_shown = None
        self.view.reset()
        self.legend.hide()
        # the last run's message and a refusal's toast belong to the old document
        self.window.statusBar().clearMessage()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = graph.subscribe(self._graph_event)
        self.train_panel.load(graph.training, graph.folder)
        # not the document's setting: a lesson's cadence (exploding probes every step)
        # must not carry over to the next document
        self.train_panel.probe_every.setValue(PROBE_EVERY)
        self.train_panel.set_progress(0, 0)
        self.set_state(RunState.IDLE)
        # open_lesson sets these again once its graph is shown; any other document is
        # no lesson (its text would stay on screen, and its runs would skip the budget)
        self.current_lesson = None
        self.lesson_dock.hide()
        self.docks.raise_bottom()

    def close(self) -> None:
        """The window is closing: stop the run and hand the worker back."""
        self.runs.stop(wait=5.0)
        self.multi_gpu.abandon()
        self.steps.forget()
        self.link.release()

    def _file_changed(self) -> None:
        """Saved elsewhere: relative data paths are now read from the new folder."""
        g = self.window.graph
        if self.train_panel.dataset.folder != g.folder:
            self.train_panel.load(g.training, g.folder)

    def _graph_event(self, ev, on_canvas: bool | None = None) -> None:
        if on_canvas is None:  # the document's event: on the canvas unless inside a block
            on_canvas = self.window.editor.nav.depth == 0
        if self.overlay.halos and on_canvas:  # the overlay follows edits at once
            if ev.kind == "edge_removed":  # no stub left; the values came through it
                self.overlay.drop(edge=ev.edge)
                self.overlay.forget_node(ev.edge.dst)
            elif ev.kind == "node_removed":
                self.overlay.drop(node_id=ev.node)
            elif ev.kind in ("node_moved", "attr_changed"):  # moved, or resized
                self.overlay.follow(ev.node)
            # added nodes and wires get their items at the next sweep (overlay.ensure)
        if ev.kind == "meta_changed":
            self.train_panel.load(self.window.graph.training, self.window.graph.folder)
        elif ev.kind in EDITS and self.runs.live and not self.edited_during_run:
            # the run goes on with the graph it compiled at Run; say so, or the canvas
            # would seem to be training what is drawn now
            self.edited_during_run = True
            self.view.refresh_panels()

    def _settings_edited(self, _=None) -> None:
        g = self.window.graph
        new = self.train_panel.training(g.training)
        if changed(g, new):
            self.window.editor.stack.push(SetTrainingCommand(g, new))

    def open_lesson(self, name: str) -> None:
        lesson = LESSONS[name]
        if not self.window.maybe_save():
            return
        self.window.files.show_graph(lesson.build(), None, translate(
            "LiveDocks", "{name} (lesson)").format(name=lesson.name))
        self.train_panel.probe_every.setValue(lesson.probe_every)
        self.lesson_text.setHtml(lesson.text)
        self.lesson_dock.show()
        self.lesson_dock.raise_()
        self.current_lesson = name

    # ----- training control --------------------------------------------------------------
    @property
    def state(self) -> RunState:
        return self.runs.state

    def _new_run(self, paused: bool) -> None:
        self._settings_edited()
        # a lesson is a small network watched probe by probe: every k-th step exactly
        budget = None if self.current_lesson else PROBE_BUDGET
        overrides = {"probe_every": self.train_panel.probe_every.value(),
                     "probe_budget": budget}
        if weights := self.window.weights.named():  # continue from the document's weights
            overrides["initial_weights"] = weights
        self.view.reset()
        self.edited_during_run = False
        self.steps.forget()
        self.step_panel.stop()
        self.overlay.sync()
        self.legend.show()
        self.legend.place()
        self.set_state(RunState.STARTING)
        self.runs.start(self.window.graph, overrides, paused)  # says what it starts

    def run(self) -> None:
        """Start a run, or resume a paused one."""
        if self.runs.live:
            if self.step_panel.stepper is not None:
                self.step_panel.stop()
            self.runs.resume()
            self.set_state(self.runs.state)
            return
        self._new_run(paused=False)

    def pause(self) -> None:
        if self.runs.live:
            self.runs.pause()
            self.set_state(self.runs.state)

    def step_batch(self) -> None:
        """Run exactly one batch (starting a paused run if there is none)."""
        if not self.runs.live:
            self._new_run(paused=True)
        self.runs.step()
        self.set_state(self.runs.state)

    def change_live(self, changes: dict) -> None:
        """Learning rate / momentum for the run's next step (ui/live/live_settings.py)."""
        why = send_live(self, changes)
        if why:
            self.report(why)

    def stop(self, wait: bool = False) -> None:
        self.runs.stop(wait=10.0 if wait else None)

    def _starting(self, text: str) -> None:
        """The worker says what it is doing before the first batch; the bar is busy."""
        if self.runs.live:
            self.train_panel.set_state(self.runs.state, STARTING_NOTE.format(text=text))
            self.train_panel.set_busy(True)

    def _keep_weights(self, run) -> None:
        """The document keeps what the run trained (no undo step; the title marks it)."""
        if run is self.runs.run:
            self.window.weights.take_run(run)

    def _refused(self, run) -> None:
        """Nothing ran: the panel is idle again and says what to change."""
        self.set_state(RunState.IDLE, run.message)
        self.window.statusBar().showMessage(run.message.splitlines()[0], 10000)

    def start_step_through(self) -> bool:
        return self.steps.start()

    def set_state(self, state, message: str = "") -> None:
        self.train_panel.set_state(state, message)
        self.state_changed.emit(str(state))

    def report(self, message: str) -> None:
        self.train_panel.set_state(self.train_panel.state, message)
        self.window.statusBar().showMessage(message.splitlines()[0], 10000)

    def _selection_changed(self) -> None:
        if not shiboken6.isValid(self.window.canvas):
            return  # the scene clears its selection while it is being destroyed
        ids = self.window.canvas.selected_node_ids()
        if len(ids) == 1:
            self.step_panel.select(ids[0])
        self.view.show_histograms()
