"""Start a step-through, run gradient checks and write weight gradients out as sums:
requests to the worker, which holds the model; the answers fill the step-through panel.

While a request is out the busy cursor shows and Start is disabled; the editor stays
responsive (the worker may be importing the framework). A document replaced meanwhile
drops the answer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from graphlab.graph.fileformat import graph_to_dict
from graphlab.train.teach.record import Replay
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.live.dataset_choice import attach_thumbnails
from graphlab.ui.live.feature_maps import FeatureMapControl
from graphlab.worker import protocol as P


class StepControl(QObject):
    def __init__(self, live) -> None:
        super().__init__(live)
        self.live = live
        self.pending: int | None = None  # the step-through request waiting for its answer
        self._cursor = False
        self.record = None  # the StepRecord shown
        panel = live.docks.step_panel
        panel.start_requested.connect(self.start)
        panel.check_requested.connect(self.check)
        panel.param_sum_requested.connect(self.param_sum)
        live.link.lost.connect(self._lost)
        self.maps = FeatureMapControl(live, self.through)  # hover a Conv2d: its maps
        tp = live.train_panel  # image datasets: thumbnails under the dataset's preview
        self.thumbnails = attach_thumbnails(tp.dataset, tp.preview)
        # a training point clicked in the data view (its row in the training split) is
        # the next step-through's example, where that view offers the signal
        clicked = getattr(getattr(live.docks, "data_view", None), "row_clicked", None)
        if clicked is not None:
            clicked.connect(panel.pick_row)

    @property
    def waiting(self) -> bool:
        return self.pending is not None

    def start(self) -> bool:
        """Pause training and ask for a step-through of one batch (or sample) with the
        current weights; False if it could not be asked."""
        live = self.live
        if live.runs.live:
            live.pause()
        live.animator.stop()
        g = live.window.graph
        req = self.through()
        self.pending = req.request
        panel = live.docks.step_panel
        panel.start_button.setEnabled(False)
        name = {"tf": "TensorFlow"}.get(g.training["backend"], g.training["backend"])
        panel.where.setText(
            translate("StepPanel", "preparing the step-through…") if live.link.started
            else translate("StepPanel", "preparing the step-through (the worker starts and "
                           "imports {name}: a few seconds)…").format(name=name))
        self._busy(True)
        if not live.link.request(req, self._answered):
            self._done()
            panel.where.setText(
                translate("StepPanel", "press Start to step through backpropagation"))
            return False
        return True

    def through(self) -> P.StepThroughRequest:
        """The request for a step-through of the data the panel has chosen."""
        live = self.live
        g = live.window.graph
        run = live.runs.run
        panel = live.docks.step_panel
        return P.StepThroughRequest(P.new_id(), graph_to_dict(g),
                                    str(g.folder) if g.folder else None, panel.sample_index,
                                    run.run if run is not None else None,
                                    live.window.weights.named(), panel.row_index,
                                    panel.typed.text())

    def _lost(self, why: str) -> None:
        """The worker went away: an answer on its way will not come."""
        panel = self.live.docks.step_panel
        if self.pending is not None:
            self._done()
            panel.where.setText(
                translate("StepPanel", "press Start to step through backpropagation"))
            self.live.report(translate(
                "StepPanel", "cannot step through: {why}; press Start again").format(
                why=translate_message(why)))
        if panel.checking:
            panel.show_check(None, translate("StepPanel", "gradient check failed: {why}").format(
                why=translate_message(why)))

    def forget(self) -> None:
        """The document changed: an answer on its way is for the old one."""
        self.pending = None
        self.record = None
        self._busy(False)
        self.live.docks.step_panel.start_button.setEnabled(True)

    def _answered(self, reply) -> None:
        if reply.request != self.pending:
            return
        self._done()
        live = self.live
        panel = live.docks.step_panel
        if reply.error:
            panel.where.setText(
                translate("StepPanel", "press Start to step through backpropagation"))
            live.report(reply.error)
            return
        self.record = reply.value
        live.overlay.sync()
        panel.begin(Replay(reply.value), reply.value.source)
        live.docks.step_dock.show()
        live.docks.step_dock.raise_()
        live.legend.show()
        live.legend.place()

    def check(self, node_id: str, index: int) -> None:
        panel = self.live.docks.step_panel
        req = P.GradCheckRequest(P.new_id(), node_id, index)
        record = self.record

        def answered(reply) -> None:
            if self.record is not record:
                return  # another step-through has started since
            panel.show_check(reply.value, reply.error or "")

        if not self.live.link.request(req, answered):
            panel.show_check(None, translate(
                "StepPanel", "the worker is not running; start the step-through again"))

    def param_sum(self, node_id: str, key: str, index: int) -> None:
        panel = self.live.docks.step_panel
        record = self.record

        def answered(reply) -> None:
            if self.record is record:
                panel.show_param_sum(node_id, key, index, reply.value, reply.error or "")

        req = P.ParamSumRequest(P.new_id(), node_id, key, index)
        if not self.live.link.request(req, answered):
            panel.show_param_sum(node_id, key, index, None,
                                 translate("StepPanel", "the worker is not running; "
                                           "start the step-through again"))

    def _done(self) -> None:
        self.pending = None
        self._busy(False)
        self.live.docks.step_panel.start_button.setEnabled(True)

    def _busy(self, on: bool) -> None:
        if on and not self._cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif not on and self._cursor:
            QApplication.restoreOverrideCursor()
        self._cursor = on
