"""The minimap: the whole graph small in the canvas's top-right corner, the part on screen framed.

It shows while part of the graph is off screen. Click or drag on it to show that part.
It draws node boxes from the scene's items (up
to ``MAX_BOXES``; a bigger graph is drawn as its outline, as the overview does) and
repaints when the view scrolls or zooms, or the scene changes. The boxes (and comment
frames) are drawn once into a pixmap, again only when the graph's extent is looked at
anew (at most every 300 ms while the scene changes) or the map's size or world changes:
the map sits on the canvas, so it repaints with every canvas repaint, and redrawing a
thousand boxes each time tripled the time of a scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from graphlab.ui import theme
from graphlab.ui.i18n import translate

SIZE = (200, 130)
MARGIN = 10
CONTENT_MS = 300
MAX_BOXES = 5_000  # drawing more each repaint would slow every scroll of a big graph


class Minimap(QWidget):
    def __init__(self, view) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.resize(*SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(translate("Minimap", "the whole graph: click or drag to show that part"))
        # the view scrolls its viewport's children along with the picture: stay put
        view.horizontalScrollBar().valueChanged.connect(self.place)
        view.verticalScrollBar().valueChanged.connect(self.place)
        # the graph's extent costs a pass over every node and wire: at most every 300 ms
        self._content: QRectF | None = None
        self._content_timer = QTimer(self, singleShot=True, interval=CONTENT_MS)
        self._content_timer.timeout.connect(self._content_changed)
        view.scene().changed.connect(self._scene_changed)
        view.viewport().installEventFilter(self)
        self.enabled = True
        self._last = None
        self._boxes: QPixmap | None = None  # the graph drawn small (see the docstring)
        self._boxes_key = None
        # a zoom changes no scroll bar or scene: look again after the canvas repaints
        self._after_paint = QTimer(self, singleShot=True, interval=0)
        self._after_paint.timeout.connect(self.place)
        self.place()

    def place(self, *_) -> None:
        """Size to the viewport and the graph's shape, top right (the live legend takes
        the bottom right, messages the bottom left); shown only while part of the graph
        is off screen, where it helps, so it never covers a graph that fits."""
        scene = self.view.scene()
        if scene is None:  # the window is closing
            return
        vp = self.view.viewport()
        content = self.content()
        visible = self.visible_rect()
        # the viewport's size too: a view that keeps showing the same part of the scene
        # while the docks resize it must still move the map to its new corner
        key = (vp.width(), vp.height(), visible.getRect(), content.getRect(), self.enabled)
        if key == self._last:  # nothing moved: no repaint (it would repaint the canvas)
            return
        self._last = key
        wanted = self.enabled and not content.isEmpty() and not visible.contains(content)
        if wanted:
            world = self.world()
            w = int(min(SIZE[0], vp.width() * 0.22))
            h = int(min(SIZE[1], max(40, w * world.height() / max(world.width(), 1.0))))
            if (w, h) != (self.width(), self.height()):
                self.resize(w, h)
            # the view scrolls its viewport's children with the picture: put it back
            self.move(vp.width() - self.width() - MARGIN, MARGIN)
            self.update()
        if wanted != self.isVisible():
            self.setVisible(wanted)

    def content(self) -> QRectF:
        if self._content is None:
            scene = self.view.scene()
            self._content = scene.content_rect() if scene is not None else QRectF()
            self._boxes = None  # looked at anew: the boxes may have moved too
        return self._content

    def _scene_changed(self, *_) -> None:
        if not self._content_timer.isActive():
            self._content_timer.start()

    def _content_changed(self) -> None:
        self._content = None
        self.place()

    def set_enabled(self, on: bool) -> None:
        """View > Minimap."""
        self.enabled = on
        self._last = None
        self.place()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (event.Type.Resize, event.Type.Show):
            self.place()
        elif event.type() == event.Type.Paint and not self._after_paint.isActive():
            self._after_paint.start()
        return False

    # ----- mapping ----------------------------------------------------------------------
    def world(self) -> QRectF:
        """The scene rectangle the minimap shows: the graph plus what is on screen."""
        content = self.content()
        visible = self.visible_rect()
        rect = content.united(visible) if not content.isEmpty() else visible
        return rect.adjusted(-40, -40, 40, 40)

    def visible_rect(self) -> QRectF:
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def _scale(self) -> tuple[float, QPointF]:
        w = self.world()
        s = min((self.width() - 8) / max(w.width(), 1.0), (self.height() - 8) / max(w.height(), 1.0))
        off = QPointF(4 + (self.width() - 8 - w.width() * s) / 2 - w.left() * s,
                      4 + (self.height() - 8 - w.height() * s) / 2 - w.top() * s)
        return s, off

    def to_map(self, r: QRectF, scale: tuple[float, QPointF] | None = None) -> QRectF:
        s, off = scale or self._scale()
        return QRectF(r.left() * s + off.x(), r.top() * s + off.y(), r.width() * s, r.height() * s)

    def to_scene(self, p: QPointF) -> QPointF:
        s, off = self._scale()
        return QPointF((p.x() - off.x()) / s, (p.y() - off.y()) / s)

    # ----- drawing and clicks -------------------------------------------------------------
    def paintEvent(self, event) -> None:
        scene = self.view.scene()
        p = QPainter(self)
        if scene is None:
            p.fillRect(self.rect(), theme.MINIMAP_FILL)
            return
        scale = self._scale()
        key = (self.width(), self.height(), self.world().getRect(), id(scene))
        if self._boxes is None or key != self._boxes_key:
            self._boxes, self._boxes_key = self._draw_boxes(scene, scale), key
        p.drawPixmap(0, 0, self._boxes)
        p.setPen(QPen(theme.NODE_SELECTED, 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(self.to_map(self.visible_rect(), scale))

    def _draw_boxes(self, scene, scale) -> QPixmap:
        """The background, comment frames and node boxes at ``scale``."""
        ratio = self.devicePixelRatioF()
        pix = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pix.setDevicePixelRatio(ratio)
        pix.fill(Qt.GlobalColor.transparent)  # the fill below is translucent: no old bytes
        p = QPainter(pix)
        p.fillRect(QRectF(0, 0, self.width(), self.height()), theme.MINIMAP_FILL)
        p.setPen(QPen(theme.PANEL_EDGE, 1))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        notes = getattr(scene, "notes", None)
        for f in notes.frame_items() if notes is not None else ():  # behind the nodes
            x, y, w, h = f.rect()
            colour = QColor(f.frame.color)
            p.setPen(QPen(colour, 1))
            colour.setAlpha(70)
            p.setBrush(colour)
            p.drawRect(self.to_map(QRectF(x, y, w, h), scale))
        p.setBrush(Qt.BrushStyle.NoBrush)
        items = scene.node_items()
        if len(items) <= MAX_BOXES:
            for it in items:
                p.fillRect(self.to_map(it.sceneBoundingRect(), scale),
                           theme.category_colour(it.look.category))
        else:
            p.setPen(QPen(theme.PANEL_EDGE, 1))
            p.drawRect(self.to_map(self.content(), scale))
        p.end()
        return pix

    def resizeEvent(self, event) -> None:
        self._last = None
        super().resizeEvent(event)

    def mousePressEvent(self, event) -> None:
        self._show(event.position())
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._show(event.position())
        event.accept()

    def _show(self, pos: QPointF) -> None:
        self.view.centerOn(self.to_scene(pos))
        self.update()
