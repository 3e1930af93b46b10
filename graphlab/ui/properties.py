"""File > Properties: the graph's own name (in the file, the generated class and the
model's docstring), edited through the editor as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from graphlab.ui.i18n import translate


class PropertiesDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle(translate("Properties", "Graph properties"))
        lay = QFormLayout(self)
        g = window.editor.graph
        self.name = QLineEdit(g.name)
        self.name.setMaxLength(max(32767, len(g.name)))
        lay.addRow(translate("Properties", "Name"), self.name)
        lay.addRow(translate("Properties", "Nodes"), QLabel(f"{len(g):,}"))
        self.error = QLabel()
        self.error.setObjectName("inspectorError")
        self.error.setWordWrap(True)
        lay.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        lay.addRow(self.buttons)

    def _ok(self) -> None:
        editor = self.window.editor
        reasons: list[str] = []
        keep = reasons.append  # one bound method, so the same one is disconnected
        editor.refused.connect(keep)
        try:
            ok = editor.set_graph_name(self.name.text())
        finally:
            editor.refused.disconnect(keep)
        if ok:
            self.accept()
        else:
            self.error.setText(reasons[0] if reasons else "")


def show_properties(window) -> PropertiesDialog:
    """Open the dialog (not modal: tests and screen readers reach it like any window)."""
    dialog = PropertiesDialog(window)
    dialog.open()
    return dialog
