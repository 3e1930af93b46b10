"""Export the model (the export dialog, with the document's weights), the generated
code and pictures of the canvas.

Code export writes exactly the text ``graphlab.compile.generate_source`` returns.
When the compiler is not importable, the code export actions are disabled and their
tooltip says why.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.ui import picture
from graphlab.ui.i18n import translate


def compiler_problem() -> str | None:
    """None when ``graphlab.compile.generate_source`` can be used, else why not."""
    try:
        from graphlab.compile import generate_source  # noqa: F401
    except ImportError as err:
        return f"the code generator is not available ({err})"
    return None


class ExportActions:
    def __init__(self, window) -> None:
        self.window = window

    def export_code(self, backend: str) -> bool:
        problem = compiler_problem()
        if problem:
            self.window.show_error(translate("ExportActions", "Cannot export code"), problem)
            return False
        from graphlab.compile import generate_source

        graph = self.window.editor.graph
        suffix = "torch" if backend == "torch" else "tf"
        path = self.window.ask_save_path(f"{graph.name}_{suffix}.py", "Python (*.py)")
        if not path:
            return False
        try:
            text = generate_source(graph, backend)
        except Exception as err:  # CompileError names each bad node
            self.window.show_error(translate("ExportActions", "Cannot export code"), str(err))
            return False
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as err:
            self.window.show_error(translate("ExportActions", "Cannot export code"),
                                   translate("ExportActions", "cannot write {path}: {err}").format(path=path, err=err))
            return False
        self.window.statusBar().showMessage(translate("ExportActions", "Wrote {path}").format(path=path), 5000)
        return True

    def export_model(self, kind: str | None = None):
        """Show the export dialog (File > Export Model); it exports through the worker."""
        from graphlab.ui.export_dialog import ExportDialog

        dialog = getattr(self, "dialog", None)
        if dialog is None:
            self.dialog = dialog = ExportDialog(self.window, self._link())
        if kind is not None:
            dialog.choose(kind)
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        return dialog

    def _link(self):
        """The live panel's worker (one process per window), or one of our own."""
        live = getattr(self.window, "live", None)
        if live is not None:
            return live.link
        from graphlab.ui.live.worker_link import WorkerLink

        self.own_link = WorkerLink(self.window)
        if hasattr(self.window, "closing"):
            self.window.closing.connect(self.own_link.release)
        return self.own_link

    def export_picture(self, kind: str) -> bool:
        graph = self.window.editor.graph
        filt = "PNG image (*.png)" if kind == "png" else "SVG image (*.svg)"
        path = self.window.ask_save_path(f"{graph.name}.{kind}", filt)
        if not path:
            return False
        try:
            if kind == "png":
                picture.export_png(self.window.canvas, path)
            else:
                picture.export_svg(self.window.canvas, path, graph.name)
        except OSError as err:
            self.window.show_error(translate("ExportActions", "Cannot export picture"), str(err))
            return False
        self.window.statusBar().showMessage(translate("ExportActions", "Wrote {path}").format(path=path), 5000)
        return True
