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
from graphlab.ui.i18n import translate
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
            self._refuse(translate("Blocks", "select the nodes to group into a block first"))
            return None
        between = _between(g, ids)
        if between:
            self._refuse(translate(
                "Blocks", 'these nodes cannot be one block: "{label}" lies between them '
                "outside the selection; select it too, or fewer nodes").format(
                label=g.node(between[0]).label))
            return None
        if name is None:
            name = self.ask_name(translate("Blocks", "Group into block"),
                                 translate("Blocks", "Name of the new block:"),
                                 library.default_block_name(self.editor.graph))
            if name is None:
                return None
        name = name.strip()
        why = self.editor.graph.blocks.problem(name)
        if why is not None:
            self._refuse(why)
            return None
        iid = self._document_step(translate("Blocks", "Group {n} node(s) into {name}").format(
                                      n=len(ids), name=name),
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
            self._refuse(translate(
                "Blocks", "select a block to ungroup (a node with a stacked card)"))
            return []
        what = (g.node(ids[0]).label if len(ids) == 1
                else translate("Blocks", "{n} blocks").format(n=len(ids)))

        def change():
            new: list[str] = []
            for n in ids:
                new += grouping.ungroup(g, n)
            return new

        new = self._document_step(translate("Blocks", "Ungroup {what}").format(what=what),
                                  change) or []
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
            self._refuse(translate("Blocks", "select one block to make unique"))
            return None
        v = g.node(instance_id)
        fork = library.fork_name(self.editor.graph, v.op)  # ResBlock -> ResBlock2
        name = self._document_step(translate("Blocks", "Make {label} unique ({fork})").format(
                                       label=v.label, fork=fork),
                                   lambda: grouping.make_unique(g, instance_id, fork))
        if name is not None:
            self.window.statusBar().showMessage(
                translate("Blocks", "{label} now has its own block {name}: editing it changes only "
                          "this node").format(label=v.label, name=name), 8000)
        return name

    # ----- going in and out -----------------------------------------------------------
    def enter(self, instance_id: str | None = None) -> bool:
        if instance_id is None:
            sel = self._selected_instances()
            instance_id = sel[0] if len(sel) == 1 else None
        if instance_id is None:
            self._refuse(translate("Blocks", "select one block to open it"))
            return False
        why = self.editor.nav.enter(instance_id)
        if why:
            self._refuse(why)
            return False
        return True

    def reveal(self, node_id: str) -> str:
        """Show the graph that holds document node ``node_id``: the top graph for a
        top-level id, the inside of each instance named in a flat id ("b1/b2/fc1").
        Returns the id in the graph now shown."""
        nav = self.editor.nav
        *instances, last = node_id.split("/")
        nav.go_to(0)
        for inst in instances:
            if nav.enter(inst) is not None:
                break
        return last if nav.depth == len(instances) else node_id

    def up(self) -> bool:
        return self.editor.nav.up()

    def go_to(self, depth: int) -> None:
        self.editor.nav.go_to(depth)

    def make_parameter(self, node_id: str, attr: str) -> str | None:
        """Make an inside attribute a parameter of the block the canvas is in: each
        instance then sets it (the ResBlock's ``channels``). One undo step."""
        from graphlab.graph.blocks import PARAM_KINDS, ParamRef

        g = self.editor.current
        name = g.definition
        value = g.raw(node_id)["attrs"].get(attr) if node_id in g else None
        kind = g.node(node_id).spec.attr(attr).kind if node_id in g else None
        if name is None or isinstance(value, ParamRef) or kind not in PARAM_KINDS or \
                value is None:
            self._refuse(translate(
                "Blocks", "only a number or yes/no attribute of a node inside a block can "
                "become a block parameter"))
            return None
        defn = self.editor.graph.blocks[name]
        taken = {p.name for p in defn.params}
        param, i = attr, 2
        while param in taken:
            param, i = f"{attr}{i}", i + 1
        top = self.editor.graph
        doc = exposed(top.snapshot(), name, node_id, attr, param, kind, value)
        label = g.node(node_id).label
        done = self._document_step(translate(
            "Blocks", "Make {node}.{attr} a parameter of {name}").format(
            node=label, attr=attr, name=name),
                                   lambda: top.restore(doc) or param)
        if done:
            self.window.statusBar().showMessage(
                translate("Blocks", "{name} has a parameter {param} now: set it on each of its "
                          "blocks").format(name=name, param=param), 8000)
        return done

    def rename_block(self, old: str, new: str | None = None) -> bool:
        """Rename one of the file's blocks (every instance follows). One undo step."""
        if new is None:
            new = self.ask_name(translate("Blocks", "Rename block"),
                                translate("Blocks", "New name for block {old}:").format(
                                    old=old), old)
            if new is None:
                return False
        new = new.strip()
        if new == old:
            return True
        lib = self.editor.graph.blocks
        why = lib.problem(new)
        if why is not None:
            self._refuse(why)
            return False
        return self._document_step(translate("Blocks", "Rename block {old} to {new}").format(
                                       old=old, new=new),
                                   lambda: lib.rename(old, new) or True) is not None

    def remove_block(self, name: str) -> bool:
        """Take an unused block out of the file (refused, saying where, while in use)."""
        lib = self.editor.graph.blocks
        return self._document_step(translate("Blocks", "Remove block {name}").format(name=name),
                                   lambda: lib.remove(name) or True) is not None

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
            self._refuse(translate("Blocks", "cannot use the block file {name}: {why}").format(
                name=Path(path).name, why=shorten(library.reason(err))))
            return None
        if len(doc["blocks"]) == len(top.blocks):  # the file has them all already
            return self.add_instance(name, pos)
        stack = self.editor.stack
        stack.beginMacro(translate("Blocks", "Add block {name}").format(name=name))
        try:
            if self._document_step(
                    translate("Blocks", "Bring block {name} into the file").format(name=name),
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
            self._refuse(translate(
                "Blocks", "select a block (or open one) to save it to the library"))
            return None
        path = self.user_dir / f"{name}{library.SUFFIX}"
        if path.exists() and self.window.ask_choice(
                translate("Blocks", "Replace block?"),
                translate("Blocks", "The library already has a block {name}. Replace it?").format(
                    name=name),
                ("yes", "no")) != "yes":
            return None
        try:
            path = library.save_block(self.editor.graph, name, self.user_dir)
        except OSError as err:
            self.window.show_error(translate("Blocks", "Cannot save block"),
                                   f"{path}: {err.strerror or err}")
            return None
        self.window.statusBar().showMessage(
            translate("Blocks", "Saved block {name} to {path}").format(name=name, path=path),
            8000)
        self.window.palette.refresh_blocks()
        return path

    def _ask_name(self, title: str, label: str, default: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.window, title, label, text=default)
        return text if ok else None


def exposed(doc: dict, definition: str, node_id: str, attr: str, param: str,
            kind: str, value) -> dict:
    """``doc`` (a snapshot) with inside attribute ``attr`` of ``node_id`` made the new
    block parameter ``param`` of ``definition``, every instance given ``value`` (what the
    attribute was, so nothing changes meaning)."""
    import copy

    doc = copy.deepcopy(doc)
    for b in doc["blocks"]:
        if b["name"] == definition:
            b["params"].append({"name": param, "kind": kind, "default": value, "doc":
                                f"{attr} of {_label(b, node_id)}"})
            for n in b["nodes"]:
                if n["id"] == node_id:
                    n["attrs"][attr] = {"$param": param}
    for nodes in [doc["nodes"]] + [b["nodes"] for b in doc["blocks"]]:
        for n in nodes:
            if n["op"] == definition:
                n["attrs"][param] = value
    return doc


def _label(block: dict, node_id: str) -> str:
    return next((n["label"] for n in block["nodes"] if n["id"] == node_id), node_id)


def _between(graph, ids: list[str]) -> list[str]:
    """Nodes outside ``ids`` that a path from the selection reaches and that reach it
    back (grouping would wire the block into a loop), in creation order."""
    import networkx as nx

    sel = set(ids)
    nxg = graph.nx
    down = set().union(*(nx.descendants(nxg, n) for n in sel)) - sel
    up = set().union(*(nx.ancestors(nxg, n) for n in sel)) - sel
    return [n for n in graph.node_ids() if n in down and n in up]
