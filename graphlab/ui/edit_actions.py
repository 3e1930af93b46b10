"""Canvas edit actions: delete, copy, paste, duplicate, select all, rename, layout.

Each reads the canvas selection and calls one :class:`Editor` method (one undo step).
The clipboard holds our own MIME type plus the same JSON as text.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from graphlab.ui.clipboard import MIME, ClipboardData
from graphlab.ui.i18n import translate

PASTE_STEP = 40.0


class EditActions:
    def __init__(self, window) -> None:
        self.window = window
        self._pastes = 0

    @property
    def scene(self):
        return self.window.canvas

    @property
    def editor(self):
        return self.window.editor

    def delete(self) -> None:
        """The selected nodes, wires, reroute points and comment frames: one undo step."""
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edges()
        stack = self.editor.stack
        both = (nodes or edges) and self.scene.notes.has_selection()
        if both:
            stack.beginMacro(translate("EditActions", "Delete selection"))
        try:
            self.scene.notes.delete_selected()
            self.editor.delete(nodes, edges)
        finally:
            if both:
                stack.endMacro()

    def copy(self) -> bool:
        ids = self.scene.selected_node_ids()
        if not ids:
            return False
        data = self.editor.copy_data(ids)
        mime = QMimeData()
        text = data.to_json()
        mime.setData(MIME, text.encode())
        mime.setText(text)
        QApplication.clipboard().setMimeData(mime)
        self._pastes = 0
        return True

    def paste(self, at: QPointF | None = None) -> list[str]:
        """Paste at scene point ``at``, else at the mouse when it is over the canvas,
        else a step down-right of the copied nodes (repeated pastes fan out)."""
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME):
            return []
        data = ClipboardData.from_json(bytes(mime.data(MIME)).decode())
        view = self.window.view
        if at is None:
            cursor = view.viewport().mapFromGlobal(QCursor.pos())
            if view.viewport().rect().contains(cursor):
                at = view.mapToScene(cursor)
        if at is not None and data.nodes:
            try:
                left = min(float(n["pos"][0]) for n in data.nodes)
                top = min(float(n["pos"][1]) for n in data.nodes)
            except (KeyError, TypeError, ValueError, IndexError):
                left = top = 0.0
            return self.editor.paste(data, (at.x() - left, at.y() - top))
        self._pastes += 1
        step = PASTE_STEP * self._pastes
        return self.editor.paste(data, (step, step))

    def duplicate(self) -> list[str]:
        ids = self.scene.selected_node_ids()
        if not ids:
            return []
        return self.editor.paste(self.editor.copy_data(ids), (PASTE_STEP, PASTE_STEP))

    def select_all(self) -> None:
        for it in self.scene.node_items():
            it.setSelected(True)

    def rename(self) -> None:
        ids = self.scene.selected_node_ids()
        if len(ids) == 1:
            self.window.inspector_dock.show()
            self.window.inspector_dock.raise_()
            self.window.inspector.name_edit.setFocus()
            self.window.inspector.name_edit.selectAll()
