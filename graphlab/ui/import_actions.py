"""File > Import Model…: an ONNX file, a .keras file or a PyTorch module as a new document.

The import runs ``graphlab import`` in a separate process (the editor never imports
torch or TensorFlow, and a big model does not freeze the window): a progress dialog
can cancel it, a refusal shows its whole list, and the result opens as an unsaved
document holding the model's weights. Importing a PyTorch module runs its Python file;
the dialog says so and asks first.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from graphlab.graph.fileformat import SUFFIX, LoadError, load
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate

FILTER = "Models (*.onnx *.keras *.py);;ONNX (*.onnx);;Keras (*.keras);;PyTorch module (*.py)"
PY_WARNING = QT_TRANSLATE_NOOP("ImportActions", "Importing a PyTorch module runs its Python file, "
                               "as importing any Python code does. Only import "
                               "files you trust.")


class ImportActions(QObject):
    finished = Signal(bool)  # True when a model was opened

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.process: QProcess | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._progress: QProgressDialog | None = None

    def import_model(self) -> bool:
        """Ask for a model file (and, for a .py, the class and input shape), then import."""
        if not self.window.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, translate("ImportActions", "Import model"), "",
                                              FILTER)
        if not path:
            return False
        extra: list[str] = []
        spec = path
        if path.endswith(".py"):
            asked = self._ask_module(path)
            if asked is None:
                return False
            spec, extra = asked
        self.start(spec, extra)
        return True

    def _ask_module(self, path: str):
        sure = QMessageBox.question(self.window,
                                    translate("ImportActions", "Import a PyTorch module"),
                                    translate("ImportActions", PY_WARNING) + "\n\n"
                                    + translate("ImportActions", "Run {name}?").format(
                                        name=Path(path).name))
        if sure != QMessageBox.StandardButton.Yes:
            return None
        cls, ok = QInputDialog.getText(self.window, translate("ImportActions", "PyTorch module"),
                                       translate("ImportActions", "Class name (built with no arguments):"),
                                       text="Net")
        if not ok or not cls.strip():
            return None
        shape, ok = QInputDialog.getText(self.window, translate("ImportActions", "PyTorch module"),
                                         translate("ImportActions", "Example input shape, batch first:"),
                                         text="1,3,32,32")
        if not ok or not shape.strip():
            return None
        return f"{path}:{cls.strip()}", ["--input", shape.strip()]

    def start(self, spec: str, extra: list[str] | None = None) -> None:
        """Run ``graphlab import spec`` into a temporary folder; open what it writes."""
        self._tmp = tempfile.TemporaryDirectory(prefix="graphlab-import-")
        file = spec.rsplit(":", 1)[0] if ".py:" in spec else spec
        name = Path(file).name.split(".")[0] or "imported"
        self._out = Path(self._tmp.name) / f"{name}{SUFFIX}"
        self._name = name
        p = QProcess(self)
        p.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        p.finished.connect(self._done)
        self.process = p
        self._progress = QProgressDialog(
            translate("ImportActions", "Importing {name}…").format(name=Path(spec).name),
            translate("ImportActions", "Cancel"), 0, 0, self.window)
        self._progress.setWindowTitle(translate("ImportActions", "Import model"))
        self._progress.canceled.connect(self.cancel)
        self._progress.show()
        p.start(sys.executable, ["-m", "graphlab", "import", spec, "-o", str(self._out),
                                 *(extra or [])])

    def cancel(self) -> None:
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()

    def _done(self, code: int, status) -> None:
        p, self.process = self.process, None
        if self._progress is not None:
            self._progress.reset()
            self._progress = None
        err = bytes(p.readAllStandardError()).decode("utf-8", "replace").strip()
        if status != QProcess.ExitStatus.NormalExit:
            self.window.statusBar().showMessage(translate("ImportActions", "Import cancelled"), 8000)
            return self._finish(False)
        if code != 0:
            self.window.show_error(translate("ImportActions", "Cannot import model"), err or translate("ImportActions",
                "graphlab import exited {code}").format(code=code))
            return self._finish(False)
        try:
            graph = load(self._out)
        except LoadError as why:
            self.window.show_error(translate("ImportActions", "Cannot import model"), str(why))
            return self._finish(False)
        graph.folder = None  # the document has no file yet: Save asks where
        self.window.files.show_graph(graph, None, f"{self._name} (imported)")
        weights = self.window.weights
        weights.unsaved = bool(getattr(graph, "saved_weights", None))  # in no file yet
        weights.changed.emit()
        self.window.statusBar().showMessage(
            translate("ImportActions", "Imported {name}: {n} nodes; save it to keep it").format(
                name=self._name, n=len(graph)), 15000)
        self._finish(True)

    def _finish(self, ok: bool) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        self.finished.emit(ok)
