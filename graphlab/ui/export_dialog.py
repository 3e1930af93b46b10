"""File > Export Model: one small dialog for every export, with the document's weights.

PyTorch and TensorFlow source (either with its training loop), ONNX, a TF SavedModel
and the weights alone (``.npz``). Every kind is written by the worker process (ONNX and
SavedModel need a framework; the weights are completed there with the seed's for nodes
that start fresh), so the editor stays responsive and shows progress meanwhile; a
failure is a message in the dialog, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from graphlab.graph.file_weights import file_name
from graphlab.graph.fileformat import graph_to_dict
from graphlab.ui import theme
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.worker import protocol as P
from graphlab.worker.exporting import beside


@dataclass(frozen=True)
class Kind:
    key: str  # graphlab/worker/exporting.py KINDS
    label: str
    suffix: str
    file_filter: str
    trains: bool = False  # can carry a training loop


KINDS = (
    Kind("torch", QT_TRANSLATE_NOOP("ExportDialog", "PyTorch source (.py)"), "_torch.py", "Python (*.py)", True),
    Kind("tf", QT_TRANSLATE_NOOP("ExportDialog", "TensorFlow source (.py)"), "_tf.py", "Python (*.py)", True),
    Kind("onnx", QT_TRANSLATE_NOOP("ExportDialog", "ONNX model (.onnx)"), ".onnx", "ONNX (*.onnx)"),
    Kind("savedmodel", QT_TRANSLATE_NOOP("ExportDialog", "TensorFlow SavedModel (folder)"), "_savedmodel", "Folder (*)"),
    Kind("npz", QT_TRANSLATE_NOOP("ExportDialog", "Weights only (.npz)"), ".weights.npz", "NumPy weights (*.npz)"),
)
BY_KEY = {k.key: k for k in KINDS}


class ExportDialog(QDialog):
    def __init__(self, window, link) -> None:
        super().__init__(window)
        self.window = window
        self.link = link
        self.busy = False
        self.written: list[str] = []  # what the last export wrote
        self.setWindowTitle(translate("ExportDialog", "Export Model"))
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(translate("ExportDialog", k.label), k.key)
        self.with_training = QCheckBox(translate("ExportDialog", "with the training loop (data, optimizer, epochs)"))
        self.path_edit = QLineEdit()
        self.browse = QPushButton(translate("ExportDialog", "Browse…"))
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.path_edit, 1)
        h.addWidget(self.browse)
        self.weights_note = QLabel(wordWrap=True)
        self.weights_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(translate("ExportDialog", "Format"), self.kind)
        form.addRow("", self.with_training)
        form.addRow(translate("ExportDialog", "Save to"), row)
        form.addRow(translate("ExportDialog", "Weights"), self.weights_note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the worker says nothing until it is done
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(translate("ExportDialog", "Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)
        self.export_button.clicked.connect(self.export)
        self.browse.clicked.connect(self._browse)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(self.progress)
        v.addWidget(self.status)
        v.addWidget(self.buttons)
        link.lost.connect(self._lost)
        self.setMinimumWidth(520)
        self.refresh()

    # ----- what is shown ---------------------------------------------------------------
    @property
    def current(self) -> Kind:
        return BY_KEY[self.kind.currentData()]

    def choose(self, key: str) -> None:
        self.kind.setCurrentIndex([k.key for k in KINDS].index(key))

    def refresh(self) -> None:
        """Suggest a path and describe the weights, for the document as it is now."""
        self._kind_changed()
        self.weights_note.setText(self.weights_text())

    def weights_text(self) -> str:
        w = self.window.weights
        named = w.named()
        fresh = w.fresh_nodes()
        if not named:
            return translate("ExportDialog", "the seed's (this document has not been trained)")
        g = self.window.graph
        text = translate("ExportDialog", "the trained weights ({n} arrays)").format(n=len(named))
        if fresh:
            names = ", ".join(g.node(n).label or n for n in fresh[:4])
            text += translate("ExportDialog", "; {names} start from the seed").format(
                names=names + (" …" if len(fresh) > 4 else ""))
        return text

    def _kind_changed(self, _=None) -> None:
        k = self.current
        self.with_training.setEnabled(k.trains)
        if not k.trains:
            self.with_training.setChecked(False)
        folder = self.window.files.path.parent if self.window.files.path else Path.cwd()
        old = self.path_edit.text()
        if not old or any(old.endswith(x.suffix) for x in KINDS):
            self.path_edit.setText(str(folder / f"{self.window.graph.name}{k.suffix}"))

    def _browse(self) -> None:
        path = self.window.ask_save_path(self.path_edit.text(), self.current.file_filter)
        if path:
            self.path_edit.setText(path)

    # ----- exporting -------------------------------------------------------------------
    def export(self) -> bool:
        """Send the export to the worker; False (with a message) when it cannot start."""
        if self.busy:
            return False
        path = self.path_edit.text().strip()
        if not path:
            return self._say(translate("ExportDialog", "choose where to save the export"), error=True)
        own = self.window.files.path
        if own is not None and Path(path).resolve() == Path(own).resolve():
            return self._say(translate("ExportDialog", "{path} is the graph file itself; choose another path").format(
                path=path), error=True)
        if own is not None and self._writes(path) & {(own.parent / file_name(own)).resolve()}:
            return self._say(translate("ExportDialog", "that would replace {name}, the weights the graph file names "
                               "(File > Save writes it); choose another path").format(
                name=file_name(own)), error=True)
        g = self.window.graph
        if g.analysis.errors():
            return self._say(translate("ExportDialog", "the graph has errors; fix them first (see Problems)"),
                             error=True)
        msg = P.ExportRequest(P.new_id(), graph_to_dict(g),
                              str(g.folder) if g.folder else None, self.current.key, path,
                              self.window.weights.named(), self.with_training.isChecked())
        self._set_busy(True)
        self._say(translate("ExportDialog", "exporting {what} (the worker imports the framework the first time; this "
                    "takes a few seconds)…").format(what=translate("ExportDialog", self.current.label)))
        if not self.link.request(msg, self._done):
            self._set_busy(False)
            return False  # _lost has said why
        return True

    def _writes(self, path: str) -> set[Path]:
        """The weights files an export to ``path`` writes."""
        k = self.current.key
        if k == "npz":
            return {Path(path).resolve()}
        if k in ("torch", "tf") and self.window.weights.named():
            return {beside(path).resolve()}
        return set()

    def _done(self, reply) -> None:
        self._set_busy(False)
        if reply.error:
            self._say(translate_message(reply.error), error=True)
            return
        self.written = list(reply.value)
        text = translate("ExportDialog", "Wrote {files}").format(files=translate("ExportDialog", " and ").join(self.written))
        self._say(text)
        self.window.statusBar().showMessage(text, 8000)

    def _lost(self, why: str) -> None:
        if self.busy:
            self._set_busy(False)
            self._say(translate("ExportDialog", "{why}, so the export was not written; try again (a new worker "
                        "starts)").format(why=why[0].upper() + why[1:]), error=True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.export_button.setEnabled(not busy)

    def _say(self, text: str, error: bool = False) -> bool:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet(f"color: {theme.ERROR.name()};" if error else "")
        return False
