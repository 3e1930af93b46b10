"""The train dock: settings (saved in the graph's training section), controls, curves.

Settings are read from ``graph.training`` and written back with one undo command per
change; their fields are made from the settings table
(:mod:`graphlab.ui.live.setting_fields`), in its order. The learning rate (and the
momentum, in a run that started with some) stay editable while a run goes on: an edit
then also emits ``live_changed``, which the run takes at its next step. The panel itself does not train: it emits ``run_requested`` and friends and
the :class:`~graphlab.ui.live.controller.LiveController` drives the session. A
backend whose framework is not installed is shown greyed out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from graphlab.frameworks import BACKENDS, available, missing_message
from graphlab.graph.training_settings import SETTINGS
from graphlab.train.datasets import REGISTRY as DATASETS
from graphlab.train.datasets.registry import is_file_spec
from graphlab.train.optimizers import DEFAULTS as OPTIMIZERS
from graphlab.train.run_state import RunState
from graphlab.ui import theme
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.docs import dataset_doc
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.i18n.words import state_text
from graphlab.ui.live.dataset_choice import DatasetChoice
from graphlab.ui.live.optimizer_extras import OptimizerExtras
from graphlab.ui.live.setting_fields import SettingField, field_for, label
from graphlab.ui.number_fields import FineSpinBox, SciSpinBox, tidy

PROBE_EVERY = 5  # the probe cadence a document starts with (a lesson may set its own)


class TrainPanel(QWidget):
    settings_changed = Signal(object)  # dict: the new training section
    run_requested = Signal()
    pause_requested = Signal()
    step_requested = Signal()
    stop_requested = Signal()
    live_changed = Signal(dict)  # {"lr": ...} / {"momentum": ...} during a run
    multi_gpu_requested = Signal()  # "Run on N GPUs" (ui/live/multi_gpu.py), or its stop

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loading = False
        self._live_momentum = False  # the current run has momentum buffers to change
        self.state = RunState.IDLE
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.dataset = DatasetChoice()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setFont(theme.mono_font(8.0))
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields: dict[str, SettingField] = {}
        for setting in SETTINGS:  # the table's order; it names what the dock shows
            if setting.kind == "dataset":
                form.addRow(translate("TrainPanel", "Dataset"), self.dataset)
                form.addRow(self.preview)  # under both columns: lines wrap less
                continue
            if setting.kind == "params":
                continue  # the optimizer's rows follow the learning rate
            f = field_for(setting)
            if f is None:
                continue  # a kind the dock does not edit: kept as the file says
            self.fields[setting.name] = f
            form.addRow(label(setting), f.widget)
            if setting.name == "lr":
                self._optimizer_rows(form)
        # the widgets under the names the controller, tests and benches use
        self.backend, self.device = self.fields["backend"].widget, self.fields["device"].widget
        self.optimizer, self.lr = self.fields["optimizer"].widget, self.fields["lr"].widget
        self.batch, self.epochs = self.fields["batch_size"].widget, self.fields["epochs"].widget
        self.val_fraction = self.fields["val_fraction"].widget
        self.standardize = self.fields["standardize"].widget
        for b in BACKENDS:
            if not available(b):
                item = self.backend.model().item(self.backend.findText(b))
                item.setEnabled(False)
                item.setToolTip(missing_message(b))
        self.probe_every = QSpinBox(minimum=1, maximum=10000)
        self.probe_every.setToolTip(
            translate("TrainPanel", "record node statistics every k-th step (probe frames)"))
        self.probe_every.setValue(PROBE_EVERY)
        form.addRow(translate("TrainPanel", "Probe every"), self.probe_every)
        row = QHBoxLayout()
        self.run_button = QPushButton(translate("TrainPanel", "Run"))
        self.pause_button = QPushButton(translate("TrainPanel", "Pause"))
        self.step_button = QPushButton(translate("TrainPanel", "Step"))
        self.step_button.setToolTip(translate("TrainPanel", "train exactly one batch (F10)"))
        self.stop_button = QPushButton(translate("TrainPanel", "Stop"))
        for b, sig in ((self.run_button, self.run_requested),
                       (self.pause_button, self.pause_requested),
                       (self.step_button, self.step_requested),
                       (self.stop_button, self.stop_requested)):
            b.clicked.connect(sig)
            b.setMinimumWidth(56)  # four in a row fit a 1280x720 dock (the style asks 80)
            row.addWidget(b)
        lay.addLayout(row)
        self.gpus_offered = 0  # GPUs the worker reported, when at least two
        self.multi_gpu_button = QPushButton()
        self.multi_gpu_button.setToolTip(translate(
            "TrainPanel", "train the saved file on every GPU (graphlab train FILE --nproc N); "
            "the document takes the weights it trained"))
        self.multi_gpu_button.clicked.connect(self.multi_gpu_requested)
        self.multi_gpu_button.hide()
        lay.addWidget(self.multi_gpu_button)
        self.progress = QProgressBar()
        self.progress.setFormat(translate("TrainPanel", "%p%  step %v"))
        lay.addWidget(self.progress)
        self.status = QLabel(state_text(RunState.IDLE))
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        lay.addLayout(form)
        self.curves_host = QVBoxLayout()
        lay.addLayout(self.curves_host, 1)
        for name, f in self.fields.items():
            f.edited.connect(self._optimizer_chosen if name == "optimizer" else self._edited)
        self.dataset.changed.connect(self._edited)
        self.extras.edited.connect(self._edited)
        for w in (self.momentum, self.weight_decay):
            w.editingFinished.connect(self._edited)
        self.fields["lr"].edited.connect(lambda: self._live("lr", self.fields["lr"].value()))
        self.momentum.editingFinished.connect(
            lambda: self._live("momentum", tidy(self.momentum.value())))
        self.dataset.changed.connect(self._show_preview)
        self.optimizer.currentIndexChanged.connect(self._optimizer_fields)
        self.set_state("idle")

    def _optimizer_rows(self, form) -> None:
        self.momentum = FineSpinBox(0.0, 0.999999, step=0.1)
        self.weight_decay = SciSpinBox(0.0, 10.0)
        form.addRow(translate("TrainPanel", "Momentum"), self.momentum)
        form.addRow(translate("TrainPanel", "Weight decay"), self.weight_decay)
        self.more = QToolButton(text=translate(
            "TrainPanel", "More optimizer settings"), checkable=True,
                                autoRaise=True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.extras = OptimizerExtras()
        self.extras.setVisible(False)
        self.more.toggled.connect(self._show_more)
        form.addRow(self.more)  # both columns: the dock fits 1280x720 without scrolling sideways
        form.addRow("", self.extras)

    # ----- graph <-> form -----------------------------------------------------------------
    def load(self, training: dict, folder=None) -> None:
        """Show a graph's training section (no command is pushed); ``folder`` is the graph
        file's, where relative data paths are read from."""
        self._loading = True
        self.dataset.folder = folder
        try:
            self.dataset.set_spec(training["dataset"])
            for name, f in self.fields.items():
                f.set_value(training[name])
            hp = training["optimizer_params"]
            self.momentum.setValue(float(hp.get("momentum", 0.0)))
            self.weight_decay.setValue(float(hp.get("weight_decay", 0.0)))
            self.extras.show_for(self.optimizer.currentText(), hp)
            self._optimizer_fields()
        finally:
            self._loading = False
        self._show_preview()

    def training(self, base: dict) -> dict:
        """``base`` (the graph's section) with the form's values."""
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
        opt = self.optimizer.currentText()
        hp = dict(base.get("optimizer_params") or {}) if opt == base.get("optimizer") else {}
        hp = {k: v for k, v in hp.items() if k in OPTIMIZERS[opt]}
        defaults = OPTIMIZERS[opt]
        for key, box in (("momentum", self.momentum), ("weight_decay", self.weight_decay)):
            value = tidy(box.value())
            # a default the file leaves out stays out: pressing Run on a lesson wrote
            # weight_decay 0.0 into it and marked it edited
            chosen = opt != base.get("optimizer")  # a new optimizer spells its values out
            if (key in defaults or key == "weight_decay") and (
                    chosen or key in hp or value != defaults.get(key, 0.0)):
                hp[key] = value
        if self.extras.name == opt:  # a default the file does not spell out stays unwritten
            hp.update({k: v for k, v in self.extras.values().items()
                       if k in hp or v != OPTIMIZERS[opt][k]})
        out.update({name: f.value() for name, f in self.fields.items()})
        out.update(dataset=self.dataset.spec(), optimizer_params=hp)
        return out

    def _live(self, name: str, value: float) -> None:
        if not self._loading and self.state.live:
            self.live_changed.emit({name: value})

    def _edited(self, *_) -> None:
        if not self._loading:
            self.settings_changed.emit(None)

    def _optimizer_chosen(self, *_) -> None:
        """Another optimizer starts from its own defaults (AdamW's weight decay is 0.01,
        Adam's 0): the previous optimizer's values would silently carry over."""
        if not self._loading:
            defaults = OPTIMIZERS.get(self.optimizer.currentText(), {})
            self.momentum.setValue(float(defaults.get("momentum", 0.0)))
            self.weight_decay.setValue(float(defaults.get("weight_decay", 0.0)))
            self.extras.show_for(self.optimizer.currentText(), {})
        self._edited()

    def _show_more(self, shown: bool) -> None:
        self.extras.setVisible(shown)
        self.more.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _optimizer_fields(self, *_) -> None:
        self.momentum.setEnabled("momentum" in OPTIMIZERS.get(self.optimizer.currentText(), {}))

    def _show_preview(self, *_) -> None:
        name, opts = self.dataset.loader_args()
        spec = DATASETS.get(name)
        if spec is not None and spec.kind == "none":
            self.preview.setText(dataset_doc(spec.description))
            return
        if spec is None and not is_file_spec(name):
            self.preview.setText(name)
            return
        try:
            from graphlab.train.datasets import preview

            head, *rest = str(preview(name, n=3, **opts)).split("\n")
            text = "\n".join([translate_message(head),
                              *(translate_message(r) if "classes: " in r else r for r in rest)])
        except Exception as err:  # a preview must never break the dock
            text = (dataset_doc(spec.description) if spec else name) + "\n" + translate(
                "TrainPanel", "(preview unavailable: {err})").format(err=err)
        self.preview.setText(text)

    # ----- run state ------------------------------------------------------------------------
    def set_state(self, state: RunState, message: str = "") -> None:
        state = RunState(state)
        running = state.live
        if running and not RunState(self.state).live:  # a run starts with these settings
            self._live_momentum = self.momentum.isEnabled() and self.momentum.value() > 0
        self.run_button.setText(translate("TrainPanel", "Resume") if state == RunState.PAUSED
                                else translate("TrainPanel", "Run"))
        self.run_button.setEnabled(state not in (RunState.RUNNING, RunState.STARTING))
        self.pause_button.setEnabled(state in (RunState.RUNNING, RunState.STARTING))
        self.step_button.setEnabled(state != RunState.RUNNING and state != RunState.STARTING)
        self.stop_button.setEnabled(running)
        for w in (self.dataset, self.momentum, self.weight_decay, self.extras,
                  self.probe_every, *(f.widget for f in self.fields.values())):
            w.setEnabled(not running)
        if running:  # what the run lets change while it trains (train/optimizers.py LIVE)
            self.lr.setEnabled(True)
            self.momentum.setEnabled(self._live_momentum)
        if not running:
            self._optimizer_fields()
            self.set_busy(False)
        self.state = state
        text = state_text(state, message)
        if self.status.text() != text:
            self.status.setText(text)

    def offer_gpus(self, count: int) -> None:
        """Offer a run on ``count`` GPUs when there are at least two."""
        self.gpus_offered = count if count > 1 else 0
        self.multi_gpu_button.setText(translate("TrainPanel", "Run on {n} GPUs").format(n=count))
        self.multi_gpu_button.setVisible(count > 1)

    def multi_gpu_running(self, running: bool) -> None:
        """While the processes train, the button stops them and one-device runs wait."""
        n = self.gpus_offered
        self.multi_gpu_button.setText(
            translate("TrainPanel", "Stop the {n}-GPU run").format(n=n) if running
            else translate("TrainPanel", "Run on {n} GPUs").format(n=n))
        for b in (self.run_button, self.step_button):
            b.setEnabled(not running)

    def set_busy(self, busy: bool) -> None:
        """A moving bar while the run starts (no step count yet)."""
        if busy:
            self.progress.setRange(0, 0)
        elif self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def set_progress(self, step: int, total: int) -> None:
        total = max(total, 1)
        if self.progress.maximum() != total:
            self.progress.setMaximum(total)
        if self.progress.value() != min(step, total):
            self.progress.setValue(min(step, total))
