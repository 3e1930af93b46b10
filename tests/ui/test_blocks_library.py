"""The palette's block library: built-in blocks, saving a block to the person's folder and
using it in another document, bad block files, and blocks surviving save, reopen and
crash recovery."""

from __future__ import annotations

import json

import pytest

from graphlab.graph import fileformat
from graphlab.graph.graph import Graph
from graphlab.ui.blocks import library
from tests.ui.test_blocks_editor import chain_graph, open_window

BUILTIN = ("ConvBNReLU", "MLPBlock", "ResBlock")


@pytest.mark.parametrize("name", BUILTIN)
def test_each_builtin_block_is_offered_and_its_instance_infers_cleanly(
        make_window, tmp_path, name):
    w = open_window(make_window, tmp_path, Graph("empty"))
    assert w.palette.block_names("builtin") == list(BUILTIN)
    # double-click it in the palette: the file gets the definition and an instance
    item = w.palette.block_item("builtin", name)
    w.palette.tree.itemDoubleClicked.emit(item, 0)
    g = w.graph
    (inst,) = g.instances(name)
    defn = g.blocks[name]
    assert defn.doc and defn.params  # documented, with parameters to set
    inner_input = g.blocks[name].graph.raw(defn.input_nodes()[0])["attrs"]
    x = g.add_node("Input", {"name": "x", "shape": inner_input["shape"]}, "x")
    g.connect(x, "y", inst, defn.port_names()[0][0])
    info = g.analysis.node_info(inst)
    assert not info.diagnostics and info.outputs and info.param_count > 0
    assert w.palette.block_names("file") == [name]
    w.editor.stack.undo()  # the add and the import are one step
    assert name not in g.blocks and not g.instances(name)


def test_save_a_block_to_the_library_and_use_it_in_another_document(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    w.canvas.select_nodes([inst])
    w.menus.actions["save_block"].trigger()
    saved = tmp_path / "my_blocks" / "Dense.graphlab.json"
    assert saved.exists()
    assert w.palette.block_names("user") == ["Dense"]
    doc = json.loads(saved.read_text())
    assert doc["name"] == "Dense" and doc["nodes"] == [] and [
        b["name"] for b in doc["blocks"]] == ["Dense"]

    # a new document: the palette still offers it; adding it brings the definition in
    w.files.new()
    assert w.palette.block_names("file") == [] and w.palette.block_names("user") == ["Dense"]
    w.palette.tree.itemDoubleClicked.emit(w.palette.block_item("user", "Dense"), 0)
    g2 = w.graph
    assert list(g2.blocks) == ["Dense"] and len(g2.instances("Dense")) == 1
    assert [p.name for p in g2.blocks["Dense"].spec().inputs] == ["r1"]

    # the same block again: no second copy of the definition
    w.palette.tree.itemDoubleClicked.emit(w.palette.block_item("user", "Dense"), 0)
    assert list(g2.blocks) == ["Dense"] and len(g2.instances("Dense")) == 2

    # saving over it asks first; "no" keeps the file as it was
    before = saved.read_text()
    w.answers.append("no")
    w.canvas.select_nodes([g2.instances("Dense")[0]])
    assert w.blocks.save_to_library() is None and saved.read_text() == before


def test_a_library_block_whose_name_the_file_uses_comes_in_under_a_new_name(
        make_window, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    w.blocks.group([g.find("r2")], "ResBlock")  # the file's own, different ResBlock
    w.blocks.add_from_file(library.builtin_dir() / "ResBlock.graphlab.json", (0, 0))
    assert set(g.blocks) == {"ResBlock", "ResBlock2"}
    assert len(g.blocks["ResBlock2"].graph) == 9 and len(g.blocks["ResBlock"].graph) == 3
    assert len(g.instances("ResBlock2")) == 1


def test_a_broken_block_file_is_listed_as_unusable_and_says_why(make_window, tmp_path):
    folder = tmp_path / "my_blocks"
    folder.mkdir()
    (folder / "Broken.graphlab.json").write_text('{"format": 4, "name": "Broken", "nodes": 3}')
    (folder / "Nameless.graphlab.json").write_text(json.dumps(
        library.block_document(_with_block(), "Dense") | {"name": "Other"}))
    w = open_window(make_window, tmp_path, Graph("empty"))
    w.palette.refresh_blocks()
    assert w.palette.block_names("user") == ["Broken", "Nameless"]
    broken = w.palette.block_item("user", "Broken")
    assert not broken.flags() & broken.flags().ItemIsEnabled
    assert "cannot be used" in broken.toolTip(0) and "$.nodes" in broken.toolTip(0)
    assert "holds no block named 'Other'" in w.palette.block_item(
        "user", "Nameless").toolTip(0)
    # dropped onto the canvas anyway: a message, nothing changes
    w.blocks.add_from_file(folder / "Broken.graphlab.json", (0, 0))
    assert "cannot use the block file Broken.graphlab.json" in w.view.message_text()
    assert len(w.graph) == 0 and w.editor.stack.count() == 0


def _with_block() -> Graph:
    g = chain_graph()
    from graphlab.graph import grouping

    grouping.group(g, [g.find("fc2"), g.find("r2")], "Dense")
    return g


def test_blocks_survive_save_reopen_and_crash_recovery(make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    assert w.blocks.enter(inst)
    inner = w.editor.current
    w.editor.move({inner.find("fc2"): (12.0, 34.0)})  # an edit only the inside sees
    assert w.files.save()
    again = fileformat.load(w.save_path)
    assert list(again.blocks) == ["Dense"]
    assert again.blocks["Dense"].graph.node(again.blocks["Dense"].graph.find("fc2")).pos == (
        12.0, 34.0)

    # unsaved work inside a block reaches the recovery file
    w.editor.move({inner.find("r2"): (56.0, 78.0)})
    assert w.autosaver.tick()
    rec = fileformat.load(w.autosaver.recovery_file)
    r2 = rec.blocks["Dense"].graph
    assert r2.node(r2.find("r2")).pos == (56.0, 78.0)
    w.editor.move({inner.find("r2"): (90.0, 12.0)})  # a second move: written again
    assert w.autosaver.tick()


def test_blocks_dragged_from_the_palette_land_where_they_are_dropped(make_window, tmp_path):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent

    w = open_window(make_window, tmp_path, Graph("empty"))
    pal = w.palette

    def drop(item, at):
        mime = pal.tree.mime_for(item)
        pos = w.view.mapFromScene(QPointF(*at))
        ev = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime,
                        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        w.view.dropEvent(ev)

    drop(pal.block_item("builtin", "MLPBlock"), (100, 50))
    g = w.graph
    (first,) = g.instances("MLPBlock")
    assert abs(g.node(first).pos[0] - 100) < 2 and abs(g.node(first).pos[1] - 50) < 2
    drop(pal.block_item("file", "MLPBlock"), (400, 50))  # now one of the file's blocks
    assert len(g.instances("MLPBlock")) == 2 and list(g.blocks) == ["MLPBlock"]


def test_the_files_blocks_can_be_renamed_and_an_unused_one_removed(make_window, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    pal = w.palette
    w.blocks.ask_name = lambda title, label, default: "Hidden"
    pal._context_menu(pal.tree.visualItemRect(pal.block_item("file", "Dense")).center())
    acts = {a.text(): a for a in pal.menu.actions()}
    assert not acts["Remove from File (used 1x)"].isEnabled()
    pal.menu.close()
    acts["Rename Block…"].trigger()
    assert g.node(inst).op == "Hidden" and pal.block_names("file") == ["Hidden"]
    w.blocks.ungroup([inst])
    pal._context_menu(pal.tree.visualItemRect(pal.block_item("file", "Hidden")).center())
    acts = {a.text(): a for a in pal.menu.actions()}
    pal.menu.close()
    acts["Remove from File"].trigger()
    assert list(g.blocks) == [] and pal.block_names("file") == []
    w.editor.stack.undo()  # the removal
    w.editor.stack.undo()  # the ungroup
    assert g.node(inst).op == "Hidden"
    w.editor.stack.undo()  # the rename
    assert g.node(inst).op == "Dense" and pal.block_names("file") == ["Dense"]


def test_renaming_the_block_the_canvas_is_in_keeps_the_canvas_there(make_window, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    assert w.blocks.enter(inst)
    inner = w.editor.current
    assert w.blocks.rename_block("Dense", "Hidden")
    assert w.editor.current is inner and w.breadcrumb.text() == "chain › dense (Hidden)"
    w.editor.stack.undo()  # the document put back: still inside the block, its old name
    assert w.editor.current is g.blocks["Dense"].graph
    assert w.breadcrumb.text() == "chain › dense (Dense)"
    assert w.canvas.graph is w.editor.current


def test_the_block_the_canvas_is_in_is_saved_from_the_canvas_menu(make_window, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    assert w.blocks.enter(inst)
    w.canvas.clearSelection()
    from tests.ui.driver import Driver

    w.view.context_menus.open(Driver(None, w).empty_spot())
    menu = w.view.context_menus.menu
    (save,) = [a for a in menu.actions() if a.text().replace("&", "") == "Save Block to Library"]
    menu.close()
    save.trigger()
    assert (tmp_path / "my_blocks" / "Dense.graphlab.json").exists()
    assert w.palette.block_names("user") == ["Dense"]
