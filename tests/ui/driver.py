"""Drive the editor as a person would: mouse on ports and nodes, keys on the canvas."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QCursor, QMouseEvent
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton


class Driver:
    def __init__(self, qtbot, window) -> None:
        self.qtbot, self.w = qtbot, window

    @property
    def viewport(self):
        return self.w.view.viewport()

    def graph(self):
        return self.w.graph

    def to_view(self, scene_pos: QPointF) -> QPoint:
        return self.w.view.mapFromScene(scene_pos)

    def port(self, label: str, port: str, output: bool) -> QPoint:
        item = self.w.canvas.node_item(self.w.graph.find(label))
        return self.to_view(item.port_scene_pos(port, output))

    def header(self, label: str) -> QPoint:
        item = self.w.canvas.node_item(self.w.graph.find(label))
        return self.to_view(item.mapToScene(QPointF(60, 10)))

    def _send(self, kind, pos: QPoint, buttons) -> None:
        button = LEFT if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton
        ev = QMouseEvent(kind, QPointF(pos), QPointF(self.viewport.mapToGlobal(pos)), button,
                         buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.viewport, ev)

    def drag(self, a: QPoint, b: QPoint, steps: int = 4) -> None:
        """Left-button drag from a to b in viewport coordinates."""
        self._send(QMouseEvent.Type.MouseButtonPress, a, LEFT)
        for i in range(1, steps + 1):
            p = QPoint(a.x() + (b.x() - a.x()) * i // steps, a.y() + (b.y() - a.y()) * i // steps)
            self._send(QMouseEvent.Type.MouseMove, p, LEFT)
        self._send(QMouseEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)

    def wire(self, src: tuple[str, str], dst: tuple[str, str]) -> None:
        self.drag(self.port(*src, True), self.port(*dst, False))

    def click(self, pos: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.mouseClick(self.viewport, LEFT, modifier, pos)

    def select(self, *labels: str) -> None:
        self.click(self.header(labels[0]))
        for lb in labels[1:]:
            self.click(self.header(lb), Qt.KeyboardModifier.ControlModifier)

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
        target = widget or self.w.view
        target.setFocus()
        self.qtbot.keyClick(target, key, modifier)

    def shortcut(self, sequence: str) -> None:
        """Press a menu shortcut with the canvas focused."""
        from PySide6.QtGui import QKeySequence

        self.w.view.setFocus()
        combo = QKeySequence(sequence)[0]
        self.qtbot.keyClick(self.w.view, combo.key(), combo.keyboardModifiers())

    def hover(self, pos: QPoint) -> None:
        QCursor.setPos(self.viewport.mapToGlobal(pos))
        self._send(QMouseEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton)

    def empty_spot(self) -> QPoint:
        """A viewport point with no node under it."""
        vp = self.viewport.rect()
        for y in range(vp.height() - 30, 20, -25):
            for x in range(30, vp.width() - 30, 25):
                p = QPoint(x, y)
                if self.w.canvas.node_at(self.w.view.mapToScene(p)) is None and not any(
                        True for _ in self.w.canvas.items(self.w.view.mapToScene(p))):
                    return p
        raise AssertionError("no empty spot on the canvas")
