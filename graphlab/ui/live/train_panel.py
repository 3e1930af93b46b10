"""The train dock: settings (saved in the graph's training section), controls, curves.

Settings are read from ``graph.training`` and written back with one undo command per
change. The panel itself does not train: it emits ``run_requested`` and friends and
the :class:`~graphlab.ui.live.controller.LiveController` drives the session. A
backend whose framework is not installed is shown greyed out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from graphlab.graph.training_settings import DEVICES
from graphlab.train.datasets import REGISTRY as DATASETS
from graphlab.train.datasets.registry import is_file_spec
from graphlab.train.optimizers import DEFAULTS as OPTIMIZERS
from graphlab.train.run_state import RunState
from graphlab.ui import theme
from graphlab.ui.live.dataset_choice import DatasetChoice
from graphlab.ui.live.optimizer_extras import OptimizerExtras
from graphlab.ui.number_fields import FineSpinBox, SciSpinBox, tidy


class TrainPanel(QWidget):
    settings_changed = Signal(object)  # dict: the new training section
    run_requested = Signal()
    pause_requested = Signal()
    step_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._loading = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.dataset = DatasetChoice()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setFont(theme.mono_font(8.0))
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backend = QComboBox()
        for b in BACKENDS:
            self.backend.addItem(b)
            if not available(b):
                item = self.backend.model().item(self.backend.count() - 1)
                item.setEnabled(False)
                item.setToolTip(missing_message(b))
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.optimizer = QComboBox()
        self.optimizer.addItems(list(OPTIMIZERS))
        self.lr = SciSpinBox(1e-10, 100.0)
        self.momentum = FineSpinBox(0.0, 0.999999, step=0.1)
        self.weight_decay = SciSpinBox(0.0, 10.0)
        # as large as a file may say: a smaller maximum would clamp it on the next edit
        self.batch = QSpinBox(minimum=1, maximum=2**31 - 1)
        self.epochs = QSpinBox(minimum=1, maximum=2**31 - 1)
        self.probe_every = QSpinBox(minimum=1, maximum=10000)
        self.probe_every.setToolTip("record node statistics every k-th step (probe frames)")
        self.probe_every.setValue(5)
        form.addRow("Dataset", self.dataset)
        form.addRow("", self.preview)
        form.addRow("Backend", self.backend)
        form.addRow("Device", self.device)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate", self.lr)
        form.addRow("Momentum", self.momentum)
        form.addRow("Weight decay", self.weight_decay)
        self.more = QToolButton(text="More optimizer settings", checkable=True,
                                autoRaise=True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.setArrowType(Qt.ArrowType.RightArrow)
        self.extras = OptimizerExtras()
        self.extras.setVisible(False)
        self.more.toggled.connect(self._show_more)
        form.addRow("", self.more)
        form.addRow("", self.extras)
        form.addRow("Batch size", self.batch)
        form.addRow("Epochs", self.epochs)
        form.addRow("Probe every", self.probe_every)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.run_button = QPushButton("Run")
        self.pause_button = QPushButton("Pause")
        self.step_button = QPushButton("Step one batch")
        self.stop_button = QPushButton("Stop")
        for b, sig in ((self.run_button, self.run_requested),
                       (self.pause_button, self.pause_requested),
                       (self.step_button, self.step_requested),
                       (self.stop_button, self.stop_requested)):
            b.clicked.connect(sig)
            row.addWidget(b)
        lay.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%  step %v")
        lay.addWidget(self.progress)
        self.status = QLabel("idle")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.curves_host = QVBoxLayout()
        lay.addLayout(self.curves_host, 1)
        for w in (self.backend, self.device):
            w.currentIndexChanged.connect(self._edited)
        self.dataset.changed.connect(self._edited)
        self.optimizer.currentIndexChanged.connect(self._optimizer_chosen)
        self.extras.edited.connect(self._edited)
        for w in (self.lr, self.momentum, self.weight_decay, self.batch, self.epochs):
            w.editingFinished.connect(self._edited)
        self.dataset.changed.connect(self._show_preview)
        self.optimizer.currentIndexChanged.connect(self._optimizer_fields)
        self.set_state("idle")

    # ----- graph <-> form -----------------------------------------------------------------
    def load(self, training: dict, folder=None) -> None:
        """Show a graph's training section (no command is pushed); ``folder`` is the graph
        file's, where relative data paths are read from."""
        self._loading = True
        self.dataset.folder = folder
        try:
            self.dataset.set_spec(training["dataset"])
            self._set_combo(self.backend, str(training["backend"]))
            self._set_combo(self.device, str(training["device"]))
            self._set_combo(self.optimizer, str(training["optimizer"]))
            hp = training["optimizer_params"]
            self.lr.setValue(float(training["lr"]))
            self.momentum.setValue(float(hp.get("momentum", 0.0)))
            self.weight_decay.setValue(float(hp.get("weight_decay", 0.0)))
            self.batch.setValue(int(training["batch_size"]))
            self.epochs.setValue(int(training["epochs"]))
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
        if "momentum" in OPTIMIZERS[opt]:
            hp["momentum"] = tidy(self.momentum.value())
        hp["weight_decay"] = tidy(self.weight_decay.value())
        if self.extras.name == opt:  # a default the file does not spell out stays unwritten
            hp.update({k: v for k, v in self.extras.values().items()
                       if k in hp or v != OPTIMIZERS[opt][k]})
        out.update(dataset=self.dataset.spec(), backend=self.backend.currentText(),
                   device=self.device.currentText(), optimizer=opt, optimizer_params=hp,
                   lr=tidy(self.lr.value()), batch_size=self.batch.value(),
                   epochs=self.epochs.value())
        return out

    def _set_combo(self, combo: QComboBox, text: str) -> None:
        i = combo.findText(text)
        if i < 0:
            combo.addItem(text)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

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
            self.preview.setText(spec.description)
            return
        if spec is None and not is_file_spec(name):
            self.preview.setText(name)
            return
        try:
            from graphlab.train.datasets import preview

            text = str(preview(name, n=3, **opts))
        except Exception as err:  # a preview must never break the dock
            text = f"{spec.description if spec else name}\n(preview unavailable: {err})"
        self.preview.setText(text)

    # ----- run state ------------------------------------------------------------------------
    def set_state(self, state: RunState, message: str = "") -> None:
        state = RunState(state)
        running = state.live
        self.run_button.setText("Resume" if state == RunState.PAUSED else "Run")
        self.run_button.setEnabled(state not in (RunState.RUNNING, RunState.STARTING))
        self.pause_button.setEnabled(state in (RunState.RUNNING, RunState.STARTING))
        self.step_button.setEnabled(state != RunState.RUNNING and state != RunState.STARTING)
        self.stop_button.setEnabled(running)
        for w in (self.dataset, self.backend, self.device, self.optimizer, self.lr,
                  self.momentum, self.weight_decay, self.extras, self.batch, self.epochs,
                  self.probe_every):
            w.setEnabled(not running)
        if not running:
            self._optimizer_fields()
        self.state = state
        text = state + (f": {message}" if message else "")
        if self.status.text() != text:
            self.status.setText(text)

    def set_progress(self, step: int, total: int) -> None:
        total = max(total, 1)
        if self.progress.maximum() != total:
            self.progress.setMaximum(total)
        if self.progress.value() != min(step, total):
            self.progress.setValue(min(step, total))
