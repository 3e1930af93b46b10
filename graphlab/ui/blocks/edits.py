"""The editor's block actions: group, ungroup, make unique, enter and leave, add a
block from the library, save one to the library.

Group, ungroup, make unique and bringing in a library block change the document's
definitions as well as a graph, so each is one undo step that puts the whole document
back (:class:`~graphlab.ui.commands.SnapshotCommand`); the model does the work
(``graphlab.graph.grouping``). Edits inside a block are the editor's ordinary
commands on the inside graph.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.graph.fileformat import LoadError
from graphlab.graph.graph import GraphError
from graphlab.ui import commands as cmd
from graphlab.ui.blocks import library
from graphlab.ui.short_text import shorten


class BlockEdits:
    def __init__(self, window) -> None:
        self.window = window
        self.user_dir: Path = library.user_dir()
        # hooks tests replace: the name of a new block (None: cancelled)
        self.ask_name = self._ask_name

    @property
    def editor(self):
        return self.window.editor

    def _refuse(self, reason: str) -> None:
        self.editor.refused.emit(reason)

    def _selected(self) -> list[str]:
        return self.window.canvas.selected_node_ids()

    def _selected_instances(self) -> list[str]:
        g = self.editor.current
        return [n for n in self._selected() if g.is_instance(n)]

    # ----- one undo step for a whole-document change ----------------------------------
    def _document_step(self, text: str, change):
        """Run ``change()`` (a model function); push it as one undo step, or undo what it
        did and say why when the model refuses. Returns its result or None."""
        top = self.editor.graph
        before = top.snapshot()
        try:
            result = change()
        except (GraphError, LoadError, OSError) as err:
            if top.snapshot() != before:
                top.restore(before)
            self._refuse(shorten(str(err)))
            return None
        self.editor.stack.push(cmd.SnapshotCommand(top, text, before, top.snapshot()))
        return result

    # ----- group / ungroup / make unique ------------------------------------------------
    def group(self, node_ids: list[str] | None = None, name: str | None = None) -> str | None:
        """Group the nodes (the selection) into a new block; the wires crossing the
        selection become its ports. Returns the new instance's id."""
        from graphlab.graph import grouping

        g = self.editor.current
        ids = [n for n in (self._selected() if node_ids is None else node_ids) if n in g]
        if not ids:
            self._refuse("select the nodes to group into a block first")
            return None
        if name is None:
            name = self.ask_name("Group into block", "Name of the new block:",
                                 library.default_block_name(self.editor.graph))
            if name is None:
                return None
        name = name.strip()
        why = self.editor.graph.blocks.problem(name)
        if why is not None:
            self._refuse(why)
            return None
        iid = self._document_step(f"Group {len(ids)} node(s) into {name}",
                                  lambda: grouping.group(g, ids, name))
        if iid is not None:
            self.window.canvas.select_nodes([iid])
        return iid

    def ungroup(self, instance_ids: list[str] | None = None) -> list[str]:
        """Put the insides of the instances (the selected ones) in their place."""
        from graphlab.graph import grouping

        g = self.editor.current
        ids = self._selected_instances() if instance_ids is None else [
            n for n in instance_ids if n in g and g.is_instance(n)]
        if not ids:
            self._refuse("select a block to ungroup (a node with a stacked card)")
            return []
        what = g.node(ids[0]).label if len(ids) == 1 else f"{len(ids)} blocks"

        def change():
            new: list[str] = []
            for n in ids:
                new += grouping.ungroup(g, n)
            return new

        new = self._document_step(f"Ungroup {what}", change) or []
        self.window.canvas.select_nodes(new)
        return new

    def make_unique(self, instance_id: str | None = None) -> str | None:
        """Give one instance its own copy of its definition (edits then change only it)."""
        from graphlab.graph import grouping

        g = self.editor.current
        if instance_id is None:
            sel = self._selected_instances()
            instance_id = sel[0] if len(sel) == 1 else None
        if instance_id is None or instance_id not in g or not g.is_instance(instance_id):
            self._refuse("select one block to make unique")
            return None
        v = g.node(instance_id)
        fork = library.fork_name(self.editor.graph, v.op)  # ResBlock -> ResBlock2
        name = self._document_step(f"Make {v.label} unique ({fork})",
                                   lambda: grouping.make_unique(g, instance_id, fork))
        if name is not None:
            self.window.statusBar().showMessage(
                f"{v.label} now has its own block {name}: editing it changes only this node",
                8000)
        return name

    # ----- going in and out -----------------------------------------------------------
    def enter(self, instance_id: str | None = None) -> bool:
        if instance_id is None:
            sel = self._selected_instances()
            instance_id = sel[0] if len(sel) == 1 else None
        if instance_id is None:
            self._refuse("select one block to open it")
            return False
        why = self.editor.nav.enter(instance_id)
        if why:
            self._refuse(why)
            return False
        return True

    def up(self) -> bool:
        return self.editor.nav.up()

    def go_to(self, depth: int) -> None:
        self.editor.nav.go_to(depth)

    # ----- the library ----------------------------------------------------------------
    def add_instance(self, name: str, pos) -> str | None:
        """An instance of the document's definition ``name`` at ``pos``."""
        new = self.editor.add_node(name, pos)
        if new is not None:
            self.window.canvas.select_nodes([new])
        return new

    def add_from_file(self, path: Path, pos) -> str | None:
        """Bring a library block file's definitions in and add an instance: one undo step."""
        top = self.editor.graph
        try:
            doc, name = library.merged(top, Path(path))
        except (LoadError, OSError) as err:
            self._refuse(f"cannot use the block file {Path(path).name}: "
                         f"{shorten(library.reason(err))}")
            return None
        if len(doc["blocks"]) == len(top.blocks):  # the file has them all already
            return self.add_instance(name, pos)
        stack = self.editor.stack
        stack.beginMacro(f"Add block {name}")
        try:
            if self._document_step(f"Bring block {name} into the file",
                                   lambda: top.restore(doc) or True) is None:
                return None
            return self.add_instance(name, pos)
        finally:
            stack.endMacro()

    def save_to_library(self, name: str | None = None) -> Path | None:
        """Write a definition (the selected instance's, else the one the canvas is in)
        to the user's block folder."""
        if name is None:
            sel = self._selected_instances()
            g = self.editor.current
            name = g.node(sel[0]).op if len(sel) == 1 else g.definition
        if not name:
            self._refuse("select a block (or open one) to save it to the library")
            return None
        path = self.user_dir / f"{name}{library.SUFFIX}"
        if path.exists() and self.window.ask_choice(
                "Replace block?", f"The library already has a block {name}. Replace it?",
                ("yes", "no")) != "yes":
            return None
        try:
            path = library.save_block(self.editor.graph, name, self.user_dir)
        except OSError as err:
            self.window.show_error("Cannot save block", f"{path}: {err.strerror or err}")
            return None
        self.window.statusBar().showMessage(f"Saved block {name} to {path}", 8000)
        self.window.palette.refresh_blocks()
        return path

    def _ask_name(self, title: str, label: str, default: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.window, title, label, text=default)
        return text if ok else None
