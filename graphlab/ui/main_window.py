"""The editor window: canvas in the middle, docks around it, menus, toolbar, status.

Public API for panels added later (e.g. training): ``window.graph``,
``window.editor`` (edits, undo stack), ``window.canvas`` (scene with ``node_item``
and ``wire_item``), ``window.view`` and ``window.add_dock(title, widget, area)``.

Modal dialogs go through small hook methods (``show_error``, ``ask_choice``,
``ask_open_path``, ``ask_save_path``) so tests can answer them without blocking.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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
from graphlab.graph.model import Graph
from graphlab.ui.autosave import Autosaver
from graphlab.ui.canvas.scene import GraphScene
from graphlab.ui.canvas.view import GraphView
from graphlab.ui.docks.code_view import CodeView
from graphlab.ui.docks.diagnostics import DiagnosticsList
from graphlab.ui.docks.inspector import Inspector, human_bytes, human_count
from graphlab.ui.docks.palette import Palette
from graphlab.ui.edit_actions import EditActions
from graphlab.ui.editor import Editor
from graphlab.ui.export_actions import ExportActions, compiler_problem
from graphlab.ui.file_actions import FileActions

FILE_FILTER = "graphlab graphs (*.graphlab.json);;JSON (*.json);;All files (*)"
Area = Qt.DockWidgetArea


class MainWindow(QMainWindow):
    def __init__(self, graph: Graph | None = None, *, settings: QSettings | None = None,
                 recovery_dir=None, autosave: bool = True) -> None:
        super().__init__()
        self.resize(1400, 860)
        self.editor = Editor(graph or Graph(), self)
        self.canvas = GraphScene(self.editor, self)
        self.view = GraphView(self.canvas, self)
        self.setCentralWidget(self.view)
        self.settings = settings or QSettings("graphlab", "graphlab")
        self.files = FileActions(self, self.settings)
        self.edits = EditActions(self)
        self.exports = ExportActions(self)
        self.autosaver = Autosaver(self.editor, recovery_dir, parent=self)
        self._unsubscribe = None
        self._build_docks()
        self._build_actions()
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
                 tabify_with: QDockWidget | None = None) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if tabify_with is not None:
            self.tabifyDockWidget(tabify_with, dock)
        if hasattr(self, "view_menu"):  # docks added after the menus were built
            self.view_menu.addAction(dock.toggleViewAction())
        self._docks.append(dock)
        return dock

    # ----- building ------------------------------------------------------------------------
    def _build_docks(self) -> None:
        self._docks: list[QDockWidget] = []
        self.palette = Palette()
        self.palette.add_requested.connect(self._add_from_palette)
        self.palette_dock = self.add_dock("Ops", self.palette, Area.LeftDockWidgetArea)
        self.history = QUndoView(self.editor.stack)
        self.history.setEmptyLabel("<start>")
        self.history_dock = self.add_dock("History", self.history, Area.LeftDockWidgetArea,
                                          tabify_with=self.palette_dock)
        self.palette_dock.raise_()
        self.inspector = Inspector(self.editor)
        self.inspector_dock = self.add_dock("Inspector", self.inspector, Area.RightDockWidgetArea)
        self.code_view = CodeView()
        self.code_dock = self.add_dock("Code", self.code_view, Area.RightDockWidgetArea)
        self.diagnostics = DiagnosticsList()
        self.diagnostics.node_clicked.connect(self.select_node)
        self.diagnostics_dock = self.add_dock("Problems", self.diagnostics,
                                              Area.BottomDockWidgetArea)
        self.resizeDocks([self.palette_dock, self.inspector_dock], [200, 360],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector_dock, self.code_dock], [480, 380],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.diagnostics_dock], [90], Qt.Orientation.Vertical)

    def _action(self, text: str, slot, shortcut=None, on_view: bool = False,
                tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if on_view:  # canvas keys must not steal Ctrl+C / Delete from text fields
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(act)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.setIconText(text.split("\t")[0].replace("&", "").rstrip("…"))
        act.triggered.connect(lambda _=False: slot())
        return act

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        stack = self.editor.stack
        a = self.actions = {}
        a["new"] = self._action("&New", self.files.new, S.New)
        a["open"] = self._action("&Open…", self.files.open, S.Open)
        a["save"] = self._action("&Save", self.files.save, S.Save)
        a["save_as"] = self._action("Save &As…", self.files.save_as, "Ctrl+Shift+S")
        a["export_torch"] = self._action("Export PyTorch code…",
                                         lambda: self.exports.export_code("torch"))
        a["export_tf"] = self._action("Export TensorFlow code…",
                                      lambda: self.exports.export_code("tf"))
        a["export_png"] = self._action("Export picture as PNG…",
                                       lambda: self.exports.export_picture("png"))
        a["export_svg"] = self._action("Export picture as SVG…",
                                       lambda: self.exports.export_picture("svg"))
        a["quit"] = self._action("&Quit", self.close, S.Quit)
        a["undo"] = stack.createUndoAction(self, "&Undo")
        a["undo"].setShortcuts([QKeySequence("Ctrl+Z")])
        a["redo"] = stack.createRedoAction(self, "&Redo")
        a["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        a["copy"] = self._action("&Copy", self.edits.copy, "Ctrl+C", on_view=True)
        a["paste"] = self._action("&Paste", self.edits.paste, "Ctrl+V", on_view=True)
        a["duplicate"] = self._action("&Duplicate", self.edits.duplicate, "Ctrl+D", on_view=True)
        a["delete"] = self._action("&Delete", self.edits.delete, ["Delete", "Backspace"],
                                   on_view=True)
        a["select_all"] = self._action("Select &All", self.edits.select_all, "Ctrl+A",
                                       on_view=True)
        a["rename"] = self._action("&Rename…", self.edits.rename, "F2", on_view=True)
        a["add_node"] = self._action("Add &Node…\tTab", lambda: self.view.open_search(
            self.view.viewport().rect().center()))
        a["layout"] = self._action("Auto &Layout", self.editor.auto_layout, "Ctrl+L")
        a["frame_all"] = self._action("Frame All\tF", self.view.frame_all)
        a["frame_sel"] = self._action("Frame Selection\tShift+F", self.view.frame_selection)
        a["zoom_in"] = self._action("Zoom In", lambda: self.view.zoom_by(1.25), S.ZoomIn)
        a["zoom_out"] = self._action("Zoom Out", lambda: self.view.zoom_by(0.8), S.ZoomOut)
        for act in a.values():
            self.addAction(act)

        bar = self.menuBar()
        m = bar.addMenu("&File")
        for k in ("new", "open"):
            m.addAction(a[k])
        self.examples_menu = m.addMenu("Open &Example")
        self._fill_examples()
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        m.addAction(a["save"])
        m.addAction(a["save_as"])
        m.addSeparator()
        self.export_menu = m.addMenu("E&xport")
        for k in ("export_torch", "export_tf", "export_png", "export_svg"):
            self.export_menu.addAction(a[k])
        self.export_menu.aboutToShow.connect(self.update_export_actions)
        m.addSeparator()
        m.addAction(a["quit"])
        m = bar.addMenu("&Edit")
        for k in ("undo", "redo", None, "copy", "paste", "duplicate", "delete", "rename",
                  "select_all", None, "add_node", "layout"):
            m.addSeparator() if k is None else m.addAction(a[k])
        self.view_menu = bar.addMenu("&View")
        for k in ("frame_all", "frame_sel", "zoom_in", "zoom_out"):
            self.view_menu.addAction(a[k])
        self.view_menu.addSeparator()
        for dock in self._docks:
            self.view_menu.addAction(dock.toggleViewAction())
        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        for k in ("new", "open", "save", None, "undo", "redo", None, "layout", "frame_all"):
            tb.addSeparator() if k is None else tb.addAction(a[k])

    def _fill_examples(self) -> None:
        from graphlab import examples

        for name in examples.names():
            act = self.examples_menu.addAction(name)
            act.setToolTip(examples.DESCRIPTIONS[name])
            act.triggered.connect(lambda _=False, n=name: self._open_example(n))

    def _open_example(self, name: str) -> None:
        if self.maybe_save():
            self.files.open_example(name)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.files.recent():
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _=False, p=path: self.maybe_save()
                                  and self.files.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def update_export_actions(self) -> None:
        problem = compiler_problem()
        for k in ("export_torch", "export_tf"):
            self.actions[k].setEnabled(problem is None)
            self.actions[k].setToolTip(problem or self.actions[k].text())
        self.export_menu.setToolTipsVisible(True)

    def _build_status(self) -> None:
        self.summary = QLabel()
        self.statusBar().addPermanentWidget(self.summary)

    # ----- following the graph --------------------------------------------------------------
    def _graph_replaced(self, graph: Graph) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = graph.subscribe(self._on_graph_event)
        self.code_view.set_graph(graph)
        self._refresh_panels()
        self._update_title()
        QTimer.singleShot(0, self.view.frame_all)

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
        self.summary.setText(
            f"{len(g)} nodes · {t['params']:,} params · {human_count(t['flops'])} FLOPs · "
            f"{human_bytes(t['training_memory_bytes'])} to train · "
            + ("no errors" if not errors else f"{errors} error(s)"))

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.files.display_name}[*] — graphlab")
        self.setWindowModified(not self.editor.stack.isClean())

    def _file_changed(self) -> None:
        path = self.files.path
        self.autosaver.source_path = str(path) if path else None
        if self.editor.stack.isClean():
            self.autosaver.discard()
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
        if node_id in self.graph:
            self.canvas.select_nodes([node_id])
            self.view.centerOn(self.canvas.node_item(node_id))

    def show_refusal(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 8000)
        self.view.show_message(reason)

    # ----- dialogs (hooks tests replace) -------------------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

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
        path, _ = QFileDialog.getOpenFileName(self, "Open graph", "", FILE_FILTER)
        return path or None

    def ask_save_path(self, suggest: str, file_filter: str = FILE_FILTER) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save", suggest, file_filter)
        return path or None

    # ----- unsaved changes ---------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current graph (saved, discarded or clean)."""
        if self.editor.stack.isClean():
            return True
        answer = self.ask_choice("Unsaved changes",
                                 f"Save changes to {self.files.display_name}?",
                                 ("save", "discard", "cancel"))
        if answer == "save":
            return self.files.save()
        return answer == "discard"

    def closeEvent(self, event) -> None:
        if self.maybe_save():
            self.autosaver.discard()
            event.accept()
        else:
            event.ignore()

    def offer_recovery(self) -> bool:
        """After a crash: offer the autosaved graph. True if it was restored."""
        info = self.autosaver.pending()
        if info is None:
            return False
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info["saved_at"] or 0))
        source = info["path"] or "an unsaved graph"
        answer = self.ask_choice("Recover unsaved work?",
                                 f"graphlab did not close cleanly. Recover the changes to "
                                 f"{source} autosaved at {when}?", ("yes", "no"))
        if answer != "yes":
            self.autosaver.discard()
            return False
        graph = self.autosaver.recover()
        if graph is None:
            self.show_error("Cannot recover", "the recovery file could not be read")
            self.autosaver.discard()
            return False
        from pathlib import Path

        self.files._set(graph, Path(info["path"]) if info["path"] else None,
                        (Path(info["path"]).name if info["path"] else "recovered"))
        self.editor.stack.resetClean()
        self._update_title()
        return True
