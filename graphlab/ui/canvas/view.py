"""The canvas view: grid, pan, zoom to the cursor, framing, drops and the Tab search.

Pan with the middle mouse button or Space + left drag, or hold a drag at the edge; the
wheel zooms about the cursor (the scene point under it stays put); F frames everything and
Shift+F the selection; left drag on empty canvas draws a rubber band. Tab opens the search
box at the cursor; a wire dropped on empty canvas opens it filtered to ops that can take
that wire; an op dropped from the palette onto a wire goes into it. Right click opens
the menu of what is under the mouse (graphlab.ui.context_menus). Double click (or Alt +
click) on a wire adds a reroute point there; double click on a comment frame's title
renames it (graphlab.ui.canvas.notes).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel

from graphlab.ui import theme
from graphlab.ui.blocks.library import with_blocks
from graphlab.ui.canvas.frame_item import TITLE_HEIGHT, TitleEdit
from graphlab.ui.canvas.reroute_item import RerouteItem
from graphlab.ui.canvas.scene import GraphScene
from graphlab.ui.op_match import ops_accepting
from graphlab.ui.search_popup import SearchPopup

OP_MIME = "application/x-graphlab-op"
BLOCK_FILE_MIME = "application/x-graphlab-block-file"  # a library block's file path
MIN_SCALE, MAX_SCALE = 0.05, 3.0
AUTOPAN_EDGE, AUTOPAN_STEP = 24, 14  # px from the edge where a drag pans, px per tick
# a graph opens at least this large (if all of it fits at less, its start is shown):
# node titles read from the back of a class on a 1280x720 projector
OPEN_ZOOM = 0.8


class GraphView(QGraphicsView):
    file_dropped = Signal(str)  # a .graphlab.json dropped from the file manager
    block_file_dropped = Signal(str, object)  # a library block's path, scene position
    enter_requested = Signal(str)  # a block instance was double-clicked

    def __init__(self, scene: GraphScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.editor = scene.editor
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None
        self._space = False
        self.search = SearchPopup(self.viewport())
        self.search.chosen.connect(self._search_chosen)
        self._search_scene_pos = QPointF()
        self._search_end = None
        self._search_wire = None
        self.context_menus = None  # graphlab.ui.context_menus.ContextMenus, set by the menus
        self._autopan = QTimer(self, interval=30)
        self._autopan.timeout.connect(self._autopan_tick)
        self._autopan_at = QPoint()
        self._toast = QLabel(self.viewport())
        self._toast.setObjectName("canvasToast")  # styled in assets/style.qss
        self._toast.setWordWrap(True)
        self._toast.hide()
        self._toast_timer = QTimer(self, singleShot=True, interval=4000)
        self._toast_timer.timeout.connect(self._toast.hide)
        scene.wire_dropped.connect(self._wire_dropped)

    # ----- drawing ----------------------------------------------------------------------
    def wants_overview(self) -> bool:
        return (self.zoom_factor() < theme.LOD_OVERVIEW
                and self.scene().node_count() > theme.OVERVIEW_MIN_NODES)

    def sync_overview(self) -> None:
        """Switch the scene to overview drawing when many nodes get tiny on screen."""
        self.scene().set_overview(self.wants_overview())

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.scene().overview_mode:
            self.scene().overview().draw(painter, rect)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        if self.scene().overview_mode != self.wants_overview():
            QTimer.singleShot(0, self.sync_overview)  # zoom changed behind our back
        painter.fillRect(rect, theme.BACKGROUND)
        scale = self.transform().m11()
        step = theme.GRID
        while step * scale < 12:
            step *= 5
        left = math.floor(rect.left() / step) * step
        top = math.floor(rect.top() / step) * step
        minor, major = [], []
        x = left
        i = round(left / step)
        while x < rect.right():
            (major if i % 5 == 0 else minor).append((x, True))
            x += step
            i += 1
        y = top
        j = round(top / step)
        while y < rect.bottom():
            (major if j % 5 == 0 else minor).append((y, False))
            y += step
            j += 1
        for lines, colour in ((minor, theme.GRID_MINOR), (major, theme.GRID_MAJOR)):
            painter.setPen(QPen(colour, 0))
            for v, vertical in lines:
                if vertical:
                    painter.drawLine(QPointF(v, rect.top()), QPointF(v, rect.bottom()))
                else:
                    painter.drawLine(QPointF(rect.left(), v), QPointF(rect.right(), v))

    # ----- zoom and framing ----------------------------------------------------------------
    def zoom_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, at: QPoint | None = None) -> None:
        """Zoom by ``factor``, keeping the scene point under viewport point ``at`` in place."""
        target = min(MAX_SCALE, max(MIN_SCALE, self.zoom_factor() * factor))
        f = target / self.zoom_factor()
        if abs(f - 1.0) > 1e-9:
            anchor = self.mapToScene(at) if at is not None else None
            self.scale(f, f)
            if anchor is not None:
                p = self.mapFromScene(anchor)
                self.pan_by(at.x() - p.x(), at.y() - p.y())
        self.sync_overview()

    def set_zoom(self, zoom: float) -> None:
        self.zoom_by(zoom / self.zoom_factor())

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015 ** delta, event.position().toPoint())
        event.accept()

    def frame(self, rect: QRectF, max_scale: float = 1.25, sync: bool = True) -> None:
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_factor() > max_scale:
            f = max_scale / self.zoom_factor()
            self.scale(f, f)
            self.centerOn(rect.center())
        elif self.zoom_factor() < MIN_SCALE:
            f = MIN_SCALE / self.zoom_factor()
            self.scale(f, f)
            self.centerOn(rect.center())
        if sync:
            self.sync_overview()

    def frame_all(self) -> None:
        self.frame(self.scene().content_rect())

    def frame_readable(self) -> None:
        """Frame all, unless that makes node titles hard to read: then open at
        ``OPEN_ZOOM`` with the graph's start (its inputs) in view. Used when a graph is
        opened; F still frames everything."""
        rect = self.scene().content_rect()
        # no overview switch in between: for a big graph that flags every item twice
        self.frame(rect, sync=False)
        readable = max(theme.LOD_TEXT * 1.1, OPEN_ZOOM)
        if rect.isEmpty() or self.zoom_factor() >= readable:
            self.sync_overview()
            return
        f = readable / self.zoom_factor()
        self.scale(f, f)
        half_width = self.viewport().width() / (2 * self.zoom_factor())
        half_height = self.viewport().height() / (2 * self.zoom_factor())
        # the inputs at the left edge; a tall graph shows its top rather than its middle
        self.centerOn(rect.left() - 40 + half_width,
                      rect.top() - 40 + half_height if rect.height() + 80 > 2 * half_height
                      else rect.center().y())
        self.sync_overview()

    def frame_selection(self) -> None:
        ids = self.scene().selected_node_ids()
        if ids:
            self.frame(self.scene().nodes_rect(ids))

    # ----- pan -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.search.isVisible():
            self.search.hide()
        self._autopan.stop()
        if event.button() == Qt.MouseButton.LeftButton and \
                event.modifiers() & Qt.KeyboardModifier.AltModifier and self._add_point(event):
            return  # Alt + click on a wire: a reroute point (Houdini's dot)
        super().mousePressEvent(event)

    def _add_point(self, event) -> bool:
        at = self.mapToScene(event.position().toPoint())
        scene = self.scene()
        on_item = scene.node_at(at) is not None or scene.notes.item_at(at, RerouteItem)
        edge = scene.wire_at(at) if not on_item else None
        if edge is None or not scene.notes.add_point(edge, at):
            return False
        event.accept()
        return True

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            p = event.position().toPoint()
            self.pan_by(p.x() - self._pan_from.x(), p.y() - self._pan_from.y())
            self._pan_from = p
            event.accept()
            return
        super().mouseMoveEvent(event)
        self._autopan_check(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Double click on empty canvas opens the search there (ComfyUI's habit)."""
        p = event.position().toPoint()
        at = self.mapToScene(p)
        node = self.scene().node_at(at)
        if event.button() == Qt.MouseButton.LeftButton and node is not None and node.look.block:
            self.enter_requested.emit(node.node_id)  # into the block
            event.accept()
            return
        left = event.button() == Qt.MouseButton.LeftButton
        frame = self.scene().notes.frame_title_at(at) if left and node is None else None
        if frame is not None:
            self.rename_frame(frame.index)
            event.accept()
            return
        if left and node is None and self._add_point(event):
            return  # on a wire: a reroute point there
        if left and node is None and self.scene().wire_at(at) is None:
            self.open_search(p)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def rename_frame(self, index: int) -> TitleEdit:
        """A line edit over comment frame ``index``'s title: Enter renames it (one undo
        step), Escape or clicking away leaves it as it was."""
        frame = self.scene().notes.frame_items()[index]
        edit = getattr(self, "frame_title_edit", None)
        if edit is None:
            edit = self.frame_title_edit = TitleEdit(self.viewport())
            edit.returnPressed.connect(self._frame_renamed)
            edit.cancelled.connect(edit.hide)
            edit.editingFinished.connect(edit.hide)
        edit.index = index
        x, y, w, _ = frame.rect()
        top_left = self.mapFromScene(QPointF(x, y))
        edit.setGeometry(top_left.x(), top_left.y(), max(120, int(w * self.zoom_factor())),
                         max(22, int(TITLE_HEIGHT * self.zoom_factor())))
        edit.setText(frame.frame.title)
        edit.selectAll()
        edit.show()
        edit.setFocus()
        return edit

    def _frame_renamed(self) -> None:
        edit = self.frame_title_edit
        frames = self.scene().notes.frame_items()
        if edit.isVisible() and edit.index < len(frames):
            edit.hide()
            self.scene().notes.change_frame(edit.index, title=edit.text())
        self.setFocus()

    def mouseReleaseEvent(self, event) -> None:
        self._autopan.stop()
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ----- auto-pan: a drag that reaches the edge keeps going ------------------------------
    def _autopan_check(self, event) -> None:
        """Start panning while a left drag (node, wire or box) holds the mouse near an
        edge; the drag is fed the same mouse position so what is dragged follows."""
        if not event.buttons() & Qt.MouseButton.LeftButton:
            self._autopan.stop()
            return
        p = event.position().toPoint()
        self._autopan_at = p
        if self._edge_push(p) != (0, 0):
            if not self._autopan.isActive():
                self._autopan.start()
        else:
            self._autopan.stop()

    def _edge_push(self, p: QPoint) -> tuple[int, int]:
        r = self.viewport().rect()
        def push(v, hi):
            if v < AUTOPAN_EDGE:
                return AUTOPAN_STEP
            return -AUTOPAN_STEP if v > hi - AUTOPAN_EDGE else 0
        return push(p.x(), r.width()), push(p.y(), r.height())

    def _autopan_tick(self) -> None:
        p = self._autopan_at
        dx, dy = self._edge_push(p)
        if (dx, dy) == (0, 0):
            self._autopan.stop()
            return
        self.pan_by(dx, dy)
        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(p),
                           QPointF(self.viewport().mapToGlobal(p)), Qt.MouseButton.NoButton,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.viewport(), move)

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) screen pixels."""
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - int(dx))
        v.setValue(v.value() - int(dy))

    # ----- keys --------------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.open_search(self.mapFromGlobal(self.cursor().pos()))
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
        elif key == Qt.Key.Key_F and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.frame_selection()
        elif key == Qt.Key.Key_F and not event.modifiers():
            self.frame_all()
        elif key == Qt.Key.Key_Escape:  # drop the wire being dragged, else the selection
            if not self.scene().cancel_wire():
                self.scene().clearSelection()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
        super().keyReleaseEvent(event)

    # ----- search box ------------------------------------------------------------------------
    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.context_menus is not None:
            self.context_menus.open(event.pos())
            event.accept()
        else:
            super().contextMenuEvent(event)

    def open_search(self, view_pos: QPoint, end=None, wire=None) -> None:
        """The search box at ``view_pos``; its choice is wired to the port ``end`` or put
        into the wire ``wire`` when given."""
        if not self.viewport().rect().contains(view_pos):
            view_pos = self.viewport().rect().center()
        self._search_scene_pos = self.mapToScene(view_pos)
        self._search_end = end
        self._search_wire = wire
        g = self.editor.current
        ops = ops_accepting(g, *end) if end is not None else None
        self.search.open_at(view_pos, with_blocks(g, ops))  # the file's blocks are found too

    def _wire_dropped(self, scene_pos: QPointF, end) -> None:
        self.open_search(self.mapFromScene(scene_pos), end)

    def _search_chosen(self, op: str) -> None:
        pos = self._search_scene_pos
        end, wire = self._search_end, self._search_wire
        self._search_end = self._search_wire = None
        if wire is not None:
            new = self.editor.add_node_on_wire(op, (pos.x() - theme.NODE_WIDTH / 2,
                                                    pos.y() - theme.HEADER_HEIGHT), wire)
        elif end is not None:
            y = pos.y() - theme.HEADER_HEIGHT - theme.PORT_ROW / 2
            x = pos.x() if end[2] else pos.x() - theme.NODE_WIDTH
            new = self.editor.add_node_connected(op, (x, y), end)
        else:
            new = self.editor.add_node(op, (pos.x(), pos.y()))
        if new is not None:
            self.scene().select_nodes([new])
        self.setFocus()

    # ----- messages -----------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """A transient message on the canvas (e.g. why a connection was refused)."""
        self._toast.setText(text)
        self._toast.setMaximumWidth(max(200, self.viewport().width() - 40))
        self._toast.adjustSize()
        self._toast.move(12, self.viewport().height() - self._toast.height() - 12)
        self._toast.show()
        self._toast.raise_()
        self._toast_timer.start()

    def message_text(self) -> str:
        return self._toast.text() if self._toast.isVisible() else ""

    # ----- drops: ops from the palette, graph files from the file manager ---------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(OP_MIME) or event.mimeData().hasFormat(
                BLOCK_FILE_MIME) or _graph_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(OP_MIME) or event.mimeData().hasFormat(
                BLOCK_FILE_MIME) or _graph_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        path = _graph_file(data)
        if path:
            event.acceptProposedAction()
            self.file_dropped.emit(path)
            return
        if data.hasFormat(BLOCK_FILE_MIME):
            event.acceptProposedAction()
            self.block_file_dropped.emit(bytes(data.data(BLOCK_FILE_MIME)).decode(),
                                         self.mapToScene(event.position().toPoint()))
            return
        if not data.hasFormat(OP_MIME):
            super().dropEvent(event)
            return
        op = bytes(data.data(OP_MIME)).decode()
        pos = self.mapToScene(event.position().toPoint())
        wire = self.scene().wire_at(pos) if self.scene().node_at(pos) is None else None
        if wire is not None:  # dropped on a wire: it goes into the wire
            new = self.editor.add_node_on_wire(op, (pos.x(), pos.y()), wire)
        else:
            new = self.editor.add_node(op, (pos.x(), pos.y()))
        if new is not None:
            self.scene().select_nodes([new])
        event.acceptProposedAction()


def _graph_file(data) -> str | None:
    """The local .graphlab.json file a drag carries, if it carries exactly one."""
    if not data.hasUrls():
        return None
    files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
    if len(files) == 1 and files[0].endswith(".graphlab.json"):
        return files[0]
    return None
