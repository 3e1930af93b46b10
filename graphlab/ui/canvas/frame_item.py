"""A comment frame on the canvas: a titled, coloured rectangle behind the nodes
(ComfyUI's group, Houdini's network box).

Drag its title bar to move it with the nodes inside; drag the corner handle to resize
it; double-click the title to rename it. Only the title bar and the handle take the
mouse, so a drag inside the frame still draws a selection box. They sit above the wires
(a wire crossing the title does not steal the click) while the body, a separate item,
is drawn behind everything. The title is shown as
plain text (it comes from a file: never rich text, never code).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QLineEdit, QStyleOptionGraphicsItem

from graphlab.graph.graph_frames import MIN_FRAME_SIDE, Frame
from graphlab.ui import theme

TITLE_HEIGHT = 26.0
HANDLE = 16.0
_F = QGraphicsItem.GraphicsItemFlag


class FrameItem(QGraphicsItem):
    def __init__(self, index: int, frame: Frame, notes) -> None:
        super().__init__()
        self.index, self.frame, self._notes = index, frame, notes
        x, y, w, h = frame.rect
        self._size = (w, h)
        self._resize_from: tuple[QPointF, tuple[float, float]] | None = None
        self.setFlags(_F.ItemIsMovable | _F.ItemIsSelectable | _F.ItemSendsGeometryChanges)
        self.body = FrameBody(self)  # the scene holds it too (notes.py adds both)
        self.body.setZValue(-10.0 + index * 0.001)  # behind wires (-1), in file order
        self.setZValue(-0.5 + index * 0.0001)  # the bar: above wires, below nodes
        self.setPos(x, y)
        # Qt would read a title such as "<b>x</b>" as rich text: escaped inside a paragraph
        # it shows as written
        self.setToolTip(f"<p>{escape(frame.title)}</p>" if frame.title else "")

    # ----- geometry ---------------------------------------------------------------------
    def rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) in the scene, as shown now (mid-drag too)."""
        return (self.pos().x(), self.pos().y(), *self._size)

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, self._size[0] + 2, self._size[1] + 2)

    def title_rect(self) -> QRectF:
        return QRectF(0, 0, self._size[0], TITLE_HEIGHT)

    def handle_rect(self) -> QRectF:
        w, h = self._size
        return QRectF(w - HANDLE, h - HANDLE, HANDLE, HANDLE)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.title_rect())
        path.addRect(self.handle_rect())
        return path

    def handle_scene_pos(self) -> QPointF:
        return self.mapToScene(self.handle_rect().center())

    def title_scene_pos(self) -> QPointF:
        return self.mapToScene(self.title_rect().center())

    # ----- mouse ------------------------------------------------------------------------
    def itemChange(self, change, value):  # noqa: N802 (Qt's name)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.body.setPos(self.pos())
            self._notes.frame_dragged(self)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.body.update()
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and \
                self.handle_rect().contains(event.pos()):
            self._resize_from = (event.scenePos(), self._size)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._resize_from is not None:
            start, (w, h) = self._resize_from
            d = event.scenePos() - start
            self.prepareGeometryChange()
            self.body.prepareGeometryChange()
            self._size = (max(MIN_FRAME_SIDE, w + d.x()), max(MIN_FRAME_SIDE, h + d.y()))
            self.update()
            self.body.update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._resize_from is not None:
            self._resize_from = None
            self._notes.frame_resized(self)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ----- drawing ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        w, h = self._size
        colour = QColor(self.frame.color)
        bar = QColor(colour)
        bar.setAlpha(200)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bar)
        painter.drawRoundedRect(self.title_rect(), 6, 6)
        painter.setPen(theme.TEXT)
        painter.setFont(theme.ui_font(11.0, bold=True))
        text_rect = self.title_rect().adjusted(10, 0, -10, 0)
        title = painter.fontMetrics().elidedText(self.frame.title, Qt.TextElideMode.ElideRight,
                                                 int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         title)
        painter.setPen(QPen(colour.lighter(160), 1.5))
        for i in (4, 8, 12):  # the resize grip
            painter.drawLine(QPointF(w - i, h - 2), QPointF(w - 2, h - i))


class FrameBody(QGraphicsItem):
    """The frame's translucent rectangle, behind wires and nodes; it takes no mouse."""

    def __init__(self, bar: FrameItem) -> None:
        super().__init__()
        self.bar = bar
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.bar.boundingRect()

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse: clicks go to what is behind

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        w, h = self.bar._size
        colour = QColor(self.bar.frame.color)
        fill = QColor(colour)
        fill.setAlpha(70)
        painter.setPen(QPen(theme.NODE_SELECTED if self.bar.isSelected()
                            else colour.lighter(140), 1.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(0, 0, w, h), 6, 6)


class TitleEdit(QLineEdit):
    """The line edit a frame's title is renamed in: Enter keeps, Escape cancels."""

    cancelled = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            event.accept()
            return
        super().keyPressEvent(event)
