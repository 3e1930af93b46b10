"""The op palette: every registered op by category, a filter box, the op's doc below.

Drag an op onto the canvas to add it there, or double-click to add it in the middle
of the view. Built from the op registry, so a new op appears without UI changes.
Blocks come first: the file's own definitions, the built-in blocks and the person's
saved ones (graphlab.ui.blocks.library), refreshed when the file's definitions change.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from graphlab.graph.ops import ops_by_category
from graphlab.ui import theme
from graphlab.ui.blocks import library
from graphlab.ui.canvas.view import BLOCK_FILE_MIME, OP_MIME
from graphlab.ui.i18n import QT_TRANSLATE_NOOP, translate
from graphlab.ui.i18n.docs import op_doc
from graphlab.ui.i18n.words import category_name, category_word
from graphlab.ui.search_popup import matches

OP_ROLE = Qt.ItemDataRole.UserRole + 1
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 2  # ("file", name) or ("library", path)
BLOCK_SECTIONS = (("file", QT_TRANSLATE_NOOP("Palette", "Blocks in this file")),
                  ("builtin", QT_TRANSLATE_NOOP("Palette", "Built-in blocks")),
                  ("user", QT_TRANSLATE_NOOP("Palette", "My blocks")))


class OpTree(QTreeWidget):
    """The tree itself: starts a drag carrying the op name."""

    def startDrag(self, actions) -> None:
        mime = self.mime_for(self.currentItem())
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)

    @staticmethod
    def mime_for(item) -> QMimeData | None:
        """What dragging ``item`` carries: an op's or the file's block's name, or a
        library block's file path (the canvas brings its definitions in)."""
        op = item.data(0, OP_ROLE) if item else None
        block = item.data(0, BLOCK_ROLE) if item else None
        mime = QMimeData()
        if block and block[0] == "file":
            op = block[1]
        elif block and block[0] == "library":
            mime.setData(BLOCK_FILE_MIME, str(block[1]).encode())
            mime.setText(item.text(0))
            return mime
        if not op:
            return None
        mime.setData(OP_MIME, op.encode())
        mime.setText(op)
        return mime


class Palette(QWidget):
    add_requested = Signal(str)  # op name (double-click)
    block_requested = Signal(object)  # ("file", name) or ("library", path): double-click

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(translate("Palette", "Filter ops"))
        self.filter.setClearButtonEnabled(True)
        self.tree = OpTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setMouseTracking(True)
        self.tree.viewport().setMouseTracking(True)  # itemEntered: doc on hover
        self.doc = QLabel(self)
        self.doc.setWordWrap(True)
        self.doc.setMinimumHeight(60)
        self.doc.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.doc.setObjectName("paletteDoc")  # styled in assets/style.qss
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.filter)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.doc)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._block_items: list[QTreeWidgetItem] = []
        self._document = None
        self._unsubscribe = None
        self.user_dir = library.user_dir()
        self._build_block_heads()
        self._build()
        self.filter.textChanged.connect(self.apply_filter)
        self.tree.itemEntered.connect(self._show_doc)
        self.tree.currentItemChanged.connect(lambda cur, _: self._show_doc(cur))
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        # a block of the file's own: name -> the actions its right-click menu offers
        self.block_actions = None
        self.menu = None  # the menu shown last (tests pick from it)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

    def _build(self) -> None:
        for category, specs in ops_by_category().items():
            if not specs:
                continue
            head = QTreeWidgetItem([category_name(category)])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setForeground(0, theme.category_colour(category).lighter(150))
            self.tree.addTopLevelItem(head)
            for spec in specs:
                item = QTreeWidgetItem([spec.name])
                item.setData(0, OP_ROLE, spec.name)
                item.setToolTip(0, f"<b>{spec.name}</b> ({category_word(spec.category)})<br>"
                                   f"{op_doc(spec)}")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                head.addChild(item)
                self._items[spec.name] = item
        self.tree.expandAll()

    # ----- blocks -------------------------------------------------------------------------
    def _build_block_heads(self) -> None:
        """One top-level section per source (a level less to indent: names fit a narrow
        dock); an empty section is hidden."""
        self._block_heads: dict[str, QTreeWidgetItem] = {}
        for key, title in BLOCK_SECTIONS:
            head = QTreeWidgetItem([translate("Palette", title)])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setForeground(0, theme.category_colour("block").lighter(150))
            self.tree.addTopLevelItem(head)
            self._block_heads[key] = head

    def set_document(self, graph) -> None:
        """Follow ``graph``'s block definitions (a new document was opened)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._document = graph
        self._unsubscribe = graph.subscribe(self._document_event)
        self.refresh_blocks()

    def _document_event(self, ev) -> None:
        if ev.kind in ("block_changed", "graph_reset"):
            self.refresh_blocks(folders=False)

    def refresh_blocks(self, folders: bool = True) -> None:
        """List the file's definitions again, and with ``folders`` the block files (read
        from disk: not on every edit of the document, only when asked)."""
        heads = self._block_heads
        for key in ("file", "builtin", "user") if folders else ("file",):
            heads[key].takeChildren()
        self._block_items = [it for it in self._block_items if it.parent() is not None]
        lib = getattr(self._document, "blocks", None)
        for name in (lib.order() if lib is not None else []):
            defn = lib[name]
            users = len(lib.used_by(name))
            doc = defn.doc or translate("Palette", "a block of this file")
            self._add_block(heads["file"], name, ("file", name),
                            f"<b>{name}</b>: {doc}<br>" + translate(
                                "Palette", "{n} nodes inside, used {users} time(s)").format(
                                n=len(defn.graph), users=users))
        for key, folder in (("builtin", library.builtin_dir()), ("user", self.user_dir)):
            if not folders:
                break
            for bf in library.block_files(folder):
                doc = bf.doc or translate("Palette", "a saved block")
                tip = (f"<b>{bf.name}</b>: {doc}<br>{bf.path}" if bf.problem is None
                       else translate("Palette", "cannot be used: {why}").format(why=bf.problem))
                item = self._add_block(heads[key], bf.name, ("library", str(bf.path)), tip)
                if bf.problem is not None:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
        for head in heads.values():
            head.setExpanded(True)
        self.apply_filter(self.filter.text())  # hides the empty sections

    def _add_block(self, head: QTreeWidgetItem, name: str, data, tip: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([name])
        item.setData(0, BLOCK_ROLE, data)
        item.setToolTip(0, tip)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsDragEnabled)
        head.addChild(item)
        self._block_items.append(item)
        return item

    def block_names(self, section: str) -> list[str]:
        """The names listed under ``section`` ("file", "builtin" or "user")."""
        head = self._block_heads[section]
        return [head.child(i).text(0) for i in range(head.childCount())]

    def block_item(self, section: str, name: str) -> QTreeWidgetItem:
        head = self._block_heads[section]
        return next(head.child(i) for i in range(head.childCount())
                    if head.child(i).text(0) == name)

    def item(self, op: str) -> QTreeWidgetItem:
        return self._items[op]

    def visible_ops(self) -> list[str]:
        return [op for op, it in self._items.items() if not it.isHidden()]

    def apply_filter(self, text: str) -> None:
        from graphlab.graph.ops import REGISTRY

        for op, item in self._items.items():
            item.setHidden(not matches(REGISTRY[op], text))
        needle = text.strip().lower()
        for item in self._block_items:
            item.setHidden(bool(needle) and needle not in item.text(0).lower())
        for head in self._block_heads.values():  # an empty section is not shown
            head.setHidden(all(head.child(j).isHidden() for j in range(head.childCount())))
        blocks = list(self._block_heads.values())
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if any(head is b for b in blocks):
                continue
            head.setHidden(all(head.child(j).isHidden() for j in range(head.childCount())))

    def _show_doc(self, item) -> None:
        op = item.data(0, OP_ROLE) if item is not None else None
        if item is not None and item.data(0, BLOCK_ROLE):
            self.doc.setText(item.toolTip(0))
        elif op:
            from graphlab.graph.ops import REGISTRY

            spec = REGISTRY[op]
            self.doc.setText(f"<b>{spec.name}</b>: {op_doc(spec)}")

    def _context_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        item = self.tree.itemAt(pos)
        block = item.data(0, BLOCK_ROLE) if item is not None else None
        if not block or block[0] != "file" or self.block_actions is None:
            return
        self.menu = QMenu(self.tree)
        for act in self.block_actions(block[1], self.menu):
            self.menu.addAction(act)
        self.menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _double_clicked(self, item, _column) -> None:
        op = item.data(0, OP_ROLE)
        block = item.data(0, BLOCK_ROLE)
        if block:
            self.block_requested.emit(tuple(block))
        elif op:
            self.add_requested.emit(op)
