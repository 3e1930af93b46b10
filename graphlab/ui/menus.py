"""The window's actions, menus and toolbar, wired to the window's parts.

Canvas-only shortcuts (copy, paste, delete, ...) are attached to the view with a
widget-with-children context so they never steal keys from text fields; undo and
redo are window-wide and come from the one QUndoStack.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from graphlab.ui.export_actions import compiler_problem
from graphlab.ui.i18n import translate


class Menus:
    def __init__(self, window) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.dialog = None  # the Properties or Shortcuts dialog shown last
        self._build()

    def _action(self, text: str, slot, shortcut=None, on_view: bool = False,
                tip: str = "") -> QAction:
        act = QAction(text, self.window)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if on_view:  # canvas keys must not steal Ctrl+C / Delete from text fields
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.window.view.addAction(act)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.setIconText(text.split("\t")[0].replace("&", "").rstrip("…"))
        act.triggered.connect(lambda _=False: slot())
        return act

    def _build(self) -> None:
        w = self.window
        S = QKeySequence.StandardKey
        stack = w.editor.stack
        a = self.actions
        a["new"] = self._action(translate("Menus", "&New"), w.files.new, S.New)
        a["open"] = self._action(translate("Menus", "&Open…"), w.files.open, S.Open)
        a["save"] = self._action(translate("Menus", "&Save"), w.files.save, S.Save)
        a["save_as"] = self._action(translate("Menus", "Save &As…"), w.files.save_as, "Ctrl+Shift+S")
        a["import_model"] = self._action(translate("Menus", "&Import Model…"), w.imports.import_model, "Ctrl+I",
                                         tip=translate("Menus", "an ONNX or Keras file, or a PyTorch module "
                                             "(which runs its Python file), with its weights"))
        a["export_model"] = self._action(translate("Menus", "Export &Model…"), w.exports.export_model, "Ctrl+E",
                                         tip=translate("Menus", "PyTorch or TensorFlow source, ONNX, SavedModel "
                                             "or the weights, with the current weights"))
        a["export_torch"] = self._action(translate("Menus", "Export PyTorch code…"),
                                         lambda: w.exports.export_code("torch"))
        a["export_tf"] = self._action(translate("Menus", "Export TensorFlow code…"),
                                      lambda: w.exports.export_code("tf"))
        a["export_png"] = self._action(translate("Menus", "Export picture as PNG…"),
                                       lambda: w.exports.export_picture("png"))
        a["export_svg"] = self._action(translate("Menus", "Export picture as SVG…"),
                                       lambda: w.exports.export_picture("svg"))
        a["properties"] = self._action(translate("Menus", "&Properties…"), self.show_properties,
                                       tip=translate("Menus", "the graph's name"))
        a["shortcuts"] = self._action(translate("Menus", "&Keyboard Shortcuts"), self.show_shortcuts, "F1")
        a["about"] = self._action(translate("Menus", "&About graphlab"), self.show_about)
        a["quit"] = self._action(translate("Menus", "&Quit"), w.close, S.Quit)
        a["undo"] = stack.createUndoAction(w, translate("Menus", "&Undo"))
        a["undo"].setShortcuts([QKeySequence("Ctrl+Z")])
        a["redo"] = stack.createRedoAction(w, translate("Menus", "&Redo"))
        a["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        a["copy"] = self._action(translate("Menus", "&Copy"), w.edits.copy, "Ctrl+C", on_view=True)
        a["paste"] = self._action(translate("Menus", "&Paste"), w.edits.paste, "Ctrl+V", on_view=True)
        a["duplicate"] = self._action(translate("Menus", "&Duplicate"), w.edits.duplicate, "Ctrl+D", on_view=True)
        a["delete"] = self._action(translate("Menus", "&Delete"), w.edits.delete, ["Delete", "Backspace"],
                                   on_view=True)
        a["delete_reconnect"] = self._action(translate("Menus", "Delete and &Reconnect"), lambda: w.editor.delete_reconnect(
                w.canvas.selected_node_ids()), "Ctrl+Delete", on_view=True,
            tip=translate("Menus", "delete the selected nodes and wire what fed them into what they fed"))
        a["select_all"] = self._action(translate("Menus", "Select &All"), w.edits.select_all, "Ctrl+A",
                                       on_view=True)
        a["rename"] = self._action(translate("Menus", "&Rename…"), w.edits.rename, "F2", on_view=True)
        a["add_node"] = self._action(translate("Menus", "Add &Node…\tTab"), lambda: w.view.open_search(
            w.view.viewport().rect().center()))
        a["layout"] = self._action(translate("Menus", "Auto &Layout"), w.editor.auto_layout, "Ctrl+L")
        a["reset_layout"] = self._action(translate("Menus", "&Reset Layout"), self.reset_layout,
                                         tip=translate("Menus", "put every dock back where it starts"))
        a["frame_all"] = self._action(translate("Menus", "Frame All\tF"), w.view.frame_all)
        a["frame_sel"] = self._action(translate("Menus", "Frame Selection\tShift+F"), w.view.frame_selection)
        a["zoom_in"] = self._action(translate("Menus", "Zoom In"), lambda: w.view.zoom_by(1.25), S.ZoomIn)
        a["zoom_out"] = self._action(translate("Menus", "Zoom Out"), lambda: w.view.zoom_by(0.8), S.ZoomOut)
        for act in a.values():
            w.addAction(act)

        bar = w.menuBar()
        m = bar.addMenu(translate("Menus", "&File"))
        for k in ("new", "open"):
            m.addAction(a[k])
        self.examples_menu = m.addMenu(translate("Menus", "Open &Example"))
        self.fill_examples()
        self.recent_menu = m.addMenu(translate("Menus", "Open &Recent"))
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        m.addAction(a["import_model"])
        m.addSeparator()
        m.addAction(a["save"])
        m.addAction(a["save_as"])
        m.addSeparator()
        self.export_menu = m.addMenu(translate("Menus", "E&xport"))
        for k in ("export_model", "export_torch", "export_tf", "export_png", "export_svg"):
            self.export_menu.addAction(a[k])
        self.export_menu.aboutToShow.connect(self.update_export_actions)
        m.addSeparator()
        m.addAction(a["properties"])
        m.addSeparator()
        m.addAction(a["quit"])
        m = self.edit_menu = bar.addMenu(translate("Menus", "&Edit"))
        for k in ("undo", "redo", None, "copy", "paste", "duplicate", "delete",
                  "delete_reconnect", "rename", "select_all", None, "add_node", "layout"):
            m.addSeparator() if k is None else m.addAction(a[k])
        self.view_menu = bar.addMenu(translate("Menus", "&View"))
        for k in ("frame_all", "frame_sel", "zoom_in", "zoom_out"):
            self.view_menu.addAction(a[k])
        from graphlab.ui.minimap import Minimap

        w.view.minimap = Minimap(w.view)
        a["minimap"] = minimap = self.view_menu.addAction(translate("Menus", "&Minimap"))
        minimap.setCheckable(True)
        minimap.setChecked(True)
        minimap.toggled.connect(w.view.minimap.set_enabled)
        self.view_menu.addAction(a["reset_layout"])
        from graphlab.ui.i18n.language_menu import add_language_menu

        self.language_menu = add_language_menu(w, self.view_menu)
        self.view_menu.addSeparator()
        for dock in w._docks:
            self.view_menu.addAction(dock.toggleViewAction())
        # the editor's docks as built; the window keeps the whole default (live docks
        # too) in default_docks once it restores the saved layout
        self._first_docks = w.saveState()
        self.help_menu = bar.addMenu(translate("Menus", "&Help"))
        for k in ("shortcuts", "about"):
            self.help_menu.addAction(a[k])
        from graphlab.ui.context_menus import ContextMenus

        w.view.context_menus = ContextMenus(w)
        self.edit_menu.addAction(w.view.context_menus.frame_action)  # Ctrl+J, also here
        tb = w.addToolBar(translate("Menus", "Main"))
        tb.setObjectName("main_toolbar")
        for k in ("new", "open", "save", None, "undo", "redo", None, "layout", "frame_all"):
            tb.addSeparator() if k is None else tb.addAction(a[k])

    def reset_layout(self) -> None:
        """Every dock back in its place, open and docked, at the default sizes."""
        from graphlab.ui.main_window import LAYOUT_VERSION

        w = self.window
        state = getattr(w, "default_docks", None)  # the state holds which docks are open
        if state is None or not w.restoreState(state, LAYOUT_VERSION):
            w.restoreState(self._first_docks)
        w.fit_docks()

    def show_properties(self):
        from graphlab.ui.properties import show_properties

        self.dialog = show_properties(self.window)
        return self.dialog

    def show_shortcuts(self):
        from graphlab.ui.help import ShortcutSheet

        self.dialog = ShortcutSheet(self.window)
        self.dialog.open()
        return self.dialog

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from graphlab import __version__

        QMessageBox.about(self.window, translate("Menus", "About graphlab"),
                          translate("Menus", "graphlab {version}: draw a network, see its "
                                    "shapes and code, train it and watch it learn.").format(
                              version=__version__))

    def fill_examples(self) -> None:
        from graphlab import examples

        for name in examples.names():
            act = self.examples_menu.addAction(name)
            act.setToolTip(examples.DESCRIPTIONS[name])
            act.triggered.connect(lambda _=False, n=name: self._open_example(n))

    def _open_example(self, name: str) -> None:
        if self.window.maybe_save():
            self.window.files.open_example(name)

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.window.files.recent():
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _=False, p=path: self._open_recent(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(translate("Menus", "(none)")).setEnabled(False)

    def _open_recent(self, path: str) -> None:
        if self.window.maybe_save():
            self.window.files.open_path(path)

    def update_export_actions(self) -> None:
        problem = compiler_problem()
        for k in ("export_torch", "export_tf"):
            self.actions[k].setEnabled(problem is None)
            self.actions[k].setToolTip(problem or self.actions[k].text())
        self.export_menu.setToolTipsVisible(True)
