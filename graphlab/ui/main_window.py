"""The editor window: canvas in the middle, docks around it, menus, toolbar, status.

Public API for panels added later (e.g. training): ``window.graph``,
``window.editor`` (edits, undo stack), ``window.canvas`` (scene with ``node_item``
and ``wire_item``), ``window.view`` and ``window.add_dock(title, widget, area)``.

Modal dialogs go through small hook methods (``show_error``, ``ask_choice``,
``ask_open_path``, ``ask_save_path``) so tests can answer them without blocking.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QUndoView,
    QWidget,
)

from graphlab.graph.events import GraphEvent
from graphlab.graph.graph import Graph
from graphlab.ui.autosave import Autosaver
from graphlab.ui.canvas.scene import GraphScene
from graphlab.ui.canvas.view import GraphView
from graphlab.ui.docks.code_view import CodeView
from graphlab.ui.docks.diagnostics import DiagnosticsList
from graphlab.ui.docks.inspector import Inspector
from graphlab.ui.docks.palette import Palette
from graphlab.ui.document_weights import DocumentWeights
from graphlab.ui.edit_actions import EditActions
from graphlab.ui.editor import Editor
from graphlab.ui.export_actions import ExportActions
from graphlab.ui.file_actions import FileActions
from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.import_actions import ImportActions
from graphlab.ui.menus import Menus
from graphlab.ui.resources import app_icon
from graphlab.ui.short_text import shorten
from graphlab.units import grouped, human_bytes, human_count

FILE_FILTER = "graphlab graphs (*.graphlab.json);;JSON (*.json);;All files (*)"  # kept English
Area = Qt.DockWidgetArea



LAYOUT_VERSION = 2  # bump when the docks change so an old saved layout is ignored
DEFAULT_SIZE = (1400, 860)  # on a smaller screen the window takes what the screen offers

class MainWindow(QMainWindow):
    closing = Signal()  # the window accepted a close

    def __init__(self, graph: Graph | None = None, *, settings: QSettings | None = None,
                 recovery_dir=None, autosave: bool = True,
                 remember_layout: bool = True) -> None:
        super().__init__()
        self.resize(*_fitting_size())
        self.setWindowIcon(app_icon())
        # False for a window made for a --screenshot: it must not overwrite the person's
        # saved window size and dock layout
        self.remember_layout = remember_layout
        self.editor = Editor(graph or Graph(), self)
        self.canvas = GraphScene(self.editor, self)
        self.view = GraphView(self.canvas, self)
        self.view.file_dropped.connect(self._open_dropped)
        self.setCentralWidget(self.view)
        self.settings = settings or QSettings("graphlab", "graphlab")
        self.files = FileActions(self, self.settings)
        self.edits = EditActions(self)
        self.exports = ExportActions(self)
        self.imports = ImportActions(self)
        self.weights = DocumentWeights(self)  # trained weights: the document's, not the graph's
        self.weights.changed.connect(self._update_title)
        self.autosaver = Autosaver(self.editor, recovery_dir, parent=self)
        self.autosaver.track_weights(self.weights)  # unsaved trained weights are work too
        self._unsubscribe = None
        self._build_docks()
        self.menus = Menus(self)
        self.actions = self.menus.actions
        self.view_menu = self.menus.view_menu
        from graphlab.ui.blocks.wiring import install as install_blocks

        install_blocks(self)  # breadcrumb, Blocks menu, the palette's blocks
        self._build_status()
        self._refresh_timer = QTimer(self, singleShot=True, interval=80)
        self._refresh_timer.timeout.connect(self._refresh_panels)
        self.editor.graph_replaced.connect(self._graph_replaced)
        self.editor.refused.connect(self.show_refusal)
        self.editor.stack.cleanChanged.connect(self._update_title)
        self.files.changed.connect(self._file_changed)
        self.canvas.selectionChanged.connect(self._selection_changed)
        self._graph_replaced(self.editor.graph)
        if autosave:
            self.autosaver.start()

    # ----- API -------------------------------------------------------------------------
    @property
    def graph(self) -> Graph:
        return self.editor.graph

    def add_dock(self, title: str, widget: QWidget, area=Area.RightDockWidgetArea,
                 tabify_with: QDockWidget | None = None, name: str = "") -> QDockWidget:
        """``title`` is what the person reads; ``name`` (English, the title if not given)
        names the dock in the saved layout, so a layout survives a change of language."""
        dock = QDockWidget(title, self)
        dock.setObjectName((name or title).replace(" ", "_").lower())
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if tabify_with is not None:
            self.tabifyDockWidget(tabify_with, dock)
        if hasattr(self, "menus"):  # docks added after the menus were built
            self.menus.view_menu.addAction(dock.toggleViewAction())
        self._docks.append(dock)
        return dock

    # ----- building ------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self._docks: list[QDockWidget] = []
        # the side columns run the window's full height and the bottom docks sit under
        # the canvas only: on a 1280x720 projector the Code dock keeps a readable height
        self.setCorner(Qt.Corner.BottomRightCorner, Area.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Area.BottomDockWidgetArea)
        self.palette = Palette()
        self.palette.add_requested.connect(self._add_from_palette)
        self.palette_dock = self.add_dock(translate("MainWindow", "Ops"), self.palette,
                                         Area.LeftDockWidgetArea, name="Ops")
        self.history = QUndoView(self.editor.stack)
        self.history.setEmptyLabel(translate("MainWindow", "<start>"))
        self.history_dock = self.add_dock(translate("MainWindow", "History"), self.history,
                                          Area.LeftDockWidgetArea,
                                          tabify_with=self.palette_dock, name="History")
        self.palette_dock.raise_()
        self.inspector = Inspector(self.editor)
        self.inspector.weights_note = self.weights.note_for
        self.weights.changed.connect(lambda: self.inspector.show_node(self.inspector.node_id))
        self.inspector_dock = self.add_dock(translate("MainWindow", "Inspector"), self.inspector,
                                            Area.RightDockWidgetArea, name="Inspector")
        self.code_view = CodeView()
        self.code_dock = self.add_dock(translate("MainWindow", "Code"), self.code_view,
                                       Area.RightDockWidgetArea, name="Code")
        self.diagnostics = DiagnosticsList(self.editor)
        self.diagnostics.node_clicked.connect(self.select_node)
        self.diagnostics.extra_problems.connect(self.canvas.set_extra_problems)
        self.diagnostics_dock = self.add_dock(translate("MainWindow", "Problems"),
                                              self.diagnostics, Area.BottomDockWidgetArea,
                                              name="Problems")
        self.fit_docks()

    def fit_docks(self) -> None:
        """Size the docks for the window's size: side columns and the bottom row take a
        share of it, so plots and code stay readable from 1280x720 to large screens."""
        w, h = self.width(), self.height()
        side = int(_clamp(w * 0.28, 300, 470))
        left = int(_clamp(w * 0.13, 150, 230))
        self.resizeDocks([self.palette_dock, self.inspector_dock], [left, side],
                         Qt.Orientation.Horizontal)
        column = h - 80  # menus, tool bar and status bar
        code = int(_clamp(column * 0.42, 180, 520))
        self.resizeDocks([self.inspector_dock, self.code_dock], [column - code, code],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.diagnostics_dock], [int(_clamp(h * 0.33, 200, 340))],
                         Qt.Orientation.Vertical)

    def _build_status(self) -> None:
        self.summary = QLabel()
        self.statusBar().addPermanentWidget(self.summary)

    # ----- following the graph --------------------------------------------------------------
    def _graph_replaced(self, graph: Graph) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = graph.subscribe(self._on_graph_event)
        self.weights.document_opened(graph)
        self._refresh_panels()
        self._update_title()
        QTimer.singleShot(0, self.view.frame_readable)
        # last: its 300 ms start once the canvas is built, so the first paint comes first
        self.code_view.set_graph(graph)

    def _on_graph_event(self, ev: GraphEvent) -> None:
        if ev.kind == "node_moved":
            return
        self._refresh_timer.start()
        self.code_view.schedule()

    def _refresh_panels(self) -> None:
        g = self.graph
        self.diagnostics.show_graph(g)
        t = g.analysis.totals()
        errors = len(g.analysis.errors())
        self.summary.setText(translate(
            "MainWindow", "{nodes} nodes · {params} params · {flops} FLOPs · {memory} to train"
            " · {errors}").format(
            nodes=len(g), params=grouped(t["params"]), flops=human_count(t["flops"]),
            memory=human_bytes(t["training_memory_bytes"]),
            errors=translate("MainWindow", "no errors") if not errors else translate(
                "MainWindow", "{n} error(s)").format(n=errors)))

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.files.display_name}[*] — graphlab")
        self.setWindowModified(not self.editor.stack.isClean() or self.weights.unsaved)

    def _file_changed(self) -> None:
        path = self.files.path
        # the autosaver removes its file itself once the stack is clean (saved, opened)
        self.autosaver.source_path = str(path) if path else None
        self._update_title()

    def _selection_changed(self) -> None:
        ids = self.canvas.selected_node_ids()
        self.inspector.show_node(ids[0] if len(ids) == 1 else None)

    def _add_from_palette(self, op: str) -> None:
        c = self.view.mapToScene(self.view.viewport().rect().center())
        new = self.editor.add_node(op, (c.x(), c.y()))
        if new is not None:
            self.canvas.select_nodes([new])

    def select_node(self, node_id: str) -> None:
        """Select a node of the document: a top-level id, or a flat one ("block1/fc1",
        from a run) whose block the canvas then goes into."""
        node_id = self.blocks.reveal(node_id)
        if node_id in self.editor.current:
            self.canvas.select_nodes([node_id])
            self.view.centerOn(self.canvas.node_item(node_id))

    def show_refusal(self, reason: str) -> None:
        reason = shorten(translate_message(reason))  # it may quote a million-character name
        self.statusBar().showMessage(reason, 8000)
        self.view.show_message(reason)

    # ----- dialogs (hooks tests replace) -------------------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, translate_message(text))  # a model message too

    def ask_choice(self, title: str, text: str, choices: tuple[str, ...]) -> str:
        """Ask a question; returns one of ``choices`` ("save", "discard", "cancel", "yes", "no")."""
        B = QMessageBox.StandardButton
        buttons = {"save": B.Save, "discard": B.Discard, "cancel": B.Cancel, "yes": B.Yes,
                   "no": B.No}
        mask = B.NoButton
        for c in choices:
            mask |= buttons[c]
        answer = QMessageBox.question(self, title, text, mask)
        for c in choices:
            if answer == buttons[c]:
                return c
        return choices[-1]

    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, translate("MainWindow", "Open graph"), "",
                                              FILE_FILTER)
        return path or None

    def ask_save_path(self, suggest: str, file_filter: str = FILE_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, translate("MainWindow", "Save"), suggest,
                                              file_filter)
        return path or None

    # ----- unsaved changes ---------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current graph (saved, discarded or clean)."""
        if self.editor.stack.isClean() and not self.weights.unsaved:
            return True
        name = self.files.display_name
        title, text = (translate("MainWindow", "Unsaved changes"),
                       translate("MainWindow", "Save changes to {name}?").format(name=name)) \
            if not self.editor.stack.isClean() else (
                translate("MainWindow", "Unsaved weights"),
                translate("MainWindow", "Save trained weights? {name} was trained since it "
                          "was saved.").format(name=name))
        answer = self.ask_choice(title, text, ("save", "discard", "cancel"))
        if answer == "save":
            return self.files.save()
        return answer == "discard"

    def closeEvent(self, event) -> None:
        if self.maybe_save():
            self.autosaver.discard()
            if self.remember_layout:
                self.save_layout()
            self.closing.emit()  # the live panel stops its run and hands its worker back
            event.accept()
        else:
            event.ignore()

    # ----- window layout, kept between runs --------------------------------------------------
    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/docks", self.saveState(LAYOUT_VERSION))

    def restore_geometry(self) -> bool:
        """Size and place the window as it was last closed (before it is shown)."""
        saved = self.settings.value("window/geometry")
        return bool(saved) and self.restoreGeometry(saved)

    def restore_docks(self) -> bool:
        """Put the docks back where they were last closed; call once every dock exists
        (the live panel's are added after the window is up)."""
        self.default_docks = self.saveState(LAYOUT_VERSION)  # View > Reset Layout goes back
        saved = self.settings.value("window/docks")
        return bool(saved) and self.restoreState(saved, LAYOUT_VERSION)

    def _open_dropped(self, path: str) -> None:
        """A graph file dragged onto the canvas opens as File > Open would."""
        if self.maybe_save():
            self.files.open_path(path)

    def offer_recovery(self) -> bool:
        """After a crash: offer each orphaned autosave (newest first) until one is taken.
        True if one was restored. Files of windows that are still running are left alone;
        a recovered file stays (now this window's) until its work is saved or discarded."""
        for info in self.autosaver.orphans():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["saved_at"] or 0))
            source = info["path"] or translate("MainWindow", "an unsaved graph")
            answer = self.ask_choice(
                translate("MainWindow", "Recover unsaved work?"),
                translate("MainWindow", "graphlab did not close cleanly. Recover the changes "
                          "to {source} autosaved at {when}? (No deletes them.)").format(
                    source=source, when=when), ("yes", "no"))
            if answer != "yes":
                self.autosaver.drop_orphan(info)
                continue
            graph, problem = self.autosaver.adopt(info)
            if graph is None:
                self.show_error(translate("MainWindow", "Cannot recover"),
                                translate("MainWindow", "the recovery file could not be read: "
                                          "{problem}").format(problem=problem))
                continue
            path = Path(info["path"]) if info["path"] else None
            # relative data paths belong to the file's folder, not the autosave folder
            graph.folder = path.resolve().parent if path else None
            with self.autosaver.holding():
                self.files.show_graph(graph, path, path.name if path else "recovered")
                self.editor.stack.resetClean()
                self.weights.recovered()
            self._update_title()
            return True
        return False


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


def _fitting_size() -> tuple[int, int]:
    """The default size, shrunk to the screen's free area (a 1280x720 projector)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_SIZE
    free = screen.availableGeometry()
    return (min(DEFAULT_SIZE[0], free.width()), min(DEFAULT_SIZE[1], free.height()))
