"""Blocks in the editor, driven as a person would: Group (Ctrl+G), double-click to go in,
edit inside and see every instance follow, the breadcrumb back, Ungroup, Make unique,
and undo all of it back to the file as it was saved."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from graphlab.graph.graph import Edge, Graph
from graphlab.ui.main_window import MainWindow
from tests.ui.driver import Driver

CTRL = Qt.KeyboardModifier.ControlModifier


def chain_graph() -> Graph:
    """x -> fc1 -> r1 -> fc2 -> r2 -> head -> logits, with a loss on label."""
    g = Graph("chain")
    x = g.add_node("Input", {"name": "x", "shape": [-1, 4]}, "x", (0, 0))
    prev = x
    for i, (op, attrs, label) in enumerate((
            ("Linear", {"in_features": 4, "out_features": 16}, "fc1"),
            ("ReLU", {}, "r1"),
            ("Linear", {"in_features": 16, "out_features": 16}, "fc2"),
            ("ReLU", {}, "r2"),
            ("Linear", {"in_features": 16, "out_features": 3}, "head"))):
        n = g.add_node(op, attrs, label, (220.0 * (i + 1), 0))
        g.connect(prev, "y", n, "x")
        prev = n
    out = g.add_node("Output", {"name": "logits"}, "logits", (220.0 * 6, 0))
    g.connect(prev, "y", out, "x")
    lab = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                                "role": "target"}, "label", (220.0 * 5, 160))
    loss = g.add_node("CrossEntropyLoss", {}, "loss", (220.0 * 6, 160))
    g.connect(prev, "y", loss, "logits")
    g.connect(lab, "y", loss, "target")
    return g


class BlockDriver(Driver):
    """The test driver on whichever graph the canvas shows (a block's inside too)."""

    def graph(self):
        return self.w.editor.current

    def item(self, label: str):
        return self.w.canvas.node_item(self.graph().find(label))

    def header(self, label: str):
        return self.to_view(self.item(label).mapToScene(QPointF(60, 10)))

    def port(self, label: str, port: str, output: bool):
        return self.to_view(self.item(label).port_scene_pos(port, output))

    def double_click(self, label: str) -> None:
        pos = self.header(label)
        ev = QMouseEvent(QMouseEvent.Type.MouseButtonDblClick, QPointF(pos),
                         QPointF(self.viewport.mapToGlobal(pos)), Qt.MouseButton.LeftButton,
                         Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.viewport, ev)
        self.qtbot.wait(1)

    def show(self, label: str) -> None:
        self.w.view.centerOn(self.item(label))
        self.qtbot.wait(1)


def open_window(make_window, tmp_path, graph: Graph) -> MainWindow:
    w = make_window(example=None)
    w.blocks.user_dir = w.palette.user_dir = tmp_path / "my_blocks"
    w.files.show_graph(graph, None, graph.name)
    w.view.frame_all()
    w.editor.stack.setClean()
    return w


def output_shape(g: Graph, label: str):
    t = next(iter(g.analysis.node_info(g.find(label)).outputs.values()), None)
    return None if t is None else list(t.shape)


def test_group_enter_edit_back_ungroup_make_unique_and_undo_to_the_saved_file(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    d = BlockDriver(qtbot, w)
    assert w.files.save()
    saved_at_start = w.save_path.read_text()
    g = w.graph

    # Group: select fc2 and r2 with the mouse, Ctrl+G, accept the proposed name
    asked = []
    w.blocks.ask_name = lambda title, label, default: asked.append(default) or default
    d.select("fc2", "r2")
    d.shortcut("Ctrl+G")
    assert asked == ["Block1"]
    block1 = g.find("block1")
    assert g.node(block1).op == "Block1" and not g.has_label("fc2")
    assert w.palette.block_names("file") == ["Block1"]
    item = w.canvas.node_item(block1)
    assert item.look.block and [p for p, _ in item.look.inputs] == ["r1"]
    assert output_shape(g, "block1") == [32, 16]

    # a second instance of it, fed by r1 as well (Ctrl+D, then a wire drawn by mouse)
    d.select("block1")
    d.shortcut("Ctrl+D")
    (block2,) = w.canvas.selected_node_ids()
    label2 = g.node(block2).label
    w.view.frame_all()
    qtbot.wait(1)
    d.wire(("r1", "y"), (label2, "r1"))
    assert g.input_edge(block2, "r1") == Edge(g.find("r1"), "y", block2, "r1")
    assert output_shape(g, label2) == [32, 16]

    # double-click the first instance: the canvas shows its inside, the breadcrumb says where
    d.show("block1")
    d.double_click("block1")
    inner = w.editor.current
    assert inner is not g and inner.definition == "Block1"
    assert {inner.raw(n)["label"] for n in inner.node_ids()} >= {"fc2", "r2"}
    assert w.breadcrumb.isVisible() and w.breadcrumb.text() == "chain › block1 (Block1)"
    assert w.canvas.graph is inner and w.canvas.node_count() == len(inner)
    # the inside shows this instance's shapes
    assert output_shape(inner, "fc2") == [32, 16]

    # edit inside through the inspector: every instance follows
    d.select("fc2")
    spin = w.inspector.attr_widget("out_features")
    spin.setValue(8)
    assert inner.node(inner.find("fc2")).attrs["out_features"] == 8
    assert output_shape(g, label2) == [32, 8]
    assert output_shape(g, "block1") == [32, 8]
    assert w.editor.stack.text(w.editor.stack.index() - 1) == "Block1: Set fc2.out_features = 8"

    # back up with the breadcrumb: the block one came out of is selected
    w.breadcrumb.button(0).click()
    qtbot.wait(1)
    assert w.editor.current is g and not w.breadcrumb.isVisible()
    assert w.canvas.selected_node_ids() == [block1]
    assert w.canvas.node_item(block2).look.outputs  # redrawn from the changed inside

    # Ungroup the second instance with Ctrl+Shift+G: its nodes, with the edit, come back
    d.select(label2)
    d.shortcut("Ctrl+Shift+G")
    assert block2 not in g
    new = w.canvas.selected_node_ids()
    linears = [n for n in new if g.node(n).op == "Linear"]
    assert len(new) == 2 and g.node(linears[0]).attrs["out_features"] == 8

    # Make unique from the instance's context menu: it gets its own definition
    d.show("block1")
    w.view.context_menus.open(d.header("block1"))
    menu = w.view.context_menus.menu
    entry = next(a for a in menu.actions() if a.text().replace("&", "") == "Make Unique")
    menu.close()
    entry.trigger()
    assert g.node(block1).op == "Block2"
    assert set(g.blocks) == {"Block1", "Block2"}
    assert w.palette.block_names("file") == ["Block1", "Block2"]

    # undo everything with Ctrl+Z: the file saved now equals the file saved at the start
    while w.editor.stack.canUndo():
        d.shortcut("Ctrl+Z")
    assert w.editor.stack.isClean()
    assert w.files.save()
    assert w.save_path.read_text() == saved_at_start
    assert list(g.blocks) == [] and w.palette.block_names("file") == []


def test_backspace_and_alt_up_leave_a_block_and_undo_inside_follows_the_canvas(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    d = BlockDriver(qtbot, w)
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    assert w.blocks.enter(inst)
    inner = w.editor.current
    d.select("r2")
    d.shortcut("Backspace")  # something selected: Backspace deletes it, as before
    assert not inner.has_label("r2") and w.editor.nav.depth == 1
    w.canvas.clearSelection()
    d.shortcut("Backspace")  # nothing selected: up a level
    assert w.editor.current is g and w.canvas.selected_node_ids() == [inst]
    d.double_click(g.node(inst).label)
    assert w.editor.current is inner
    d.shortcut("Alt+Up")
    assert w.editor.current is g
    # the delete made inside is undone from the top: the inside gets r2 back
    d.shortcut("Ctrl+Z")
    assert inner.has_label("r2")
    # undoing the group while inside the block takes the canvas back to the top
    assert w.blocks.enter(inst)
    d.shortcut("Ctrl+Z")
    assert w.editor.current is g and "Dense" not in g.blocks and g.has_label("fc2")
    assert not w.breadcrumb.isVisible()
    d.shortcut("Ctrl+Shift+Z")  # redo: the block again, the canvas stays at the top
    assert g.node(inst).op == "Dense" and w.editor.current is g


def test_a_refused_group_changes_nothing_and_says_why(make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    before = g.snapshot()
    assert w.blocks.group([g.find("x"), g.find("fc1")], "Stem") is None
    assert "stays outside a block" in w.view.message_text()
    assert w.blocks.group([g.find("fc1")], "Linear") is None  # a built-in op's name
    assert "built-in op" in w.view.message_text()
    assert w.blocks.group([g.find("fc1"), g.find("fc2")], "Gap") is None
    assert '"r1" lies between them' in w.view.message_text()
    w.blocks.ask_name = lambda *a: None  # the name dialog cancelled
    w.canvas.select_nodes([g.find("fc1")])
    assert w.blocks.group() is None
    assert g.snapshot() == before and w.editor.stack.count() == 0


def test_a_problem_or_fault_inside_a_block_is_shown_where_it_is(make_window, qtbot, tmp_path):
    """select_node takes the document's ids: a top-level one brings the canvas back up, a
    flat one from a run ("block1/fc2") goes into the block and selects the inner node."""
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    inner = g.blocks["Dense"].graph
    fc2 = inner.find("fc2")
    w.select_node(f"{inst}/{fc2}")
    assert w.editor.current is inner and w.canvas.selected_node_ids() == [fc2]
    assert w.breadcrumb.text() == "chain › dense (Dense)"
    w.select_node(g.find("head"))  # the Problems list names top-level nodes
    assert w.editor.current is g and w.canvas.selected_node_ids() == [g.find("head")]


def test_an_inside_attribute_made_a_block_parameter_is_set_per_instance(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    d = BlockDriver(qtbot, w)
    g = w.graph
    start = g.snapshot()
    one = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    w.canvas.select_nodes([one])
    (two,) = w.edits.duplicate()
    w.editor.connect(Edge(g.find("r1"), "y", two, "r1"))
    assert w.blocks.enter(one)
    d.select("fc2")
    spin = w.inspector.attr_widget("out_features")
    (make,) = [a for a in spin.actions() if a.text() == "Make Block Parameter"]
    make.trigger()
    inner = w.editor.current
    assert [p.name for p in g.blocks["Dense"].params] == ["out_features"]
    assert not w.inspector.attr_widget("out_features").isEnabled()  # set by the block now
    assert g.node(one).attrs["out_features"] == 16 == g.node(two).attrs["out_features"]
    w.blocks.up()
    # the second block gets its own width in the inspector; the first keeps 16
    w.canvas.select_nodes([two])
    w.inspector.attr_widget("out_features").setValue(8)
    assert output_shape(g, g.node(two).label) == [32, 8]
    assert output_shape(g, "dense") == [32, 16]
    assert inner.resolved_attrs(inner.find("fc2"))["out_features"] == 16  # as `one` sees it
    while w.editor.stack.canUndo():
        w.editor.stack.undo()
    assert g.snapshot() == start


def test_a_block_cannot_be_put_inside_itself(make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    w.canvas.select_nodes([inst])
    assert w.edits.copy()
    assert w.blocks.enter(inst)
    inner = w.editor.current
    count = len(inner)
    assert w.edits.paste() == []  # a copy of the block, pasted into itself
    w.palette.tree.itemDoubleClicked.emit(w.palette.block_item("file", "Dense"), 0)
    assert len(inner) == count
    assert "cannot contain itself" in w.view.message_text()


def test_tab_search_finds_the_files_blocks(make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    w.view.open_search(w.view.viewport().rect().center())
    qtbot.keyClicks(w.view.search.edit, "dense")
    assert w.view.search.shown_ops()[0] == "Dense"
    w.view.search.edit.returnPressed.emit()
    assert len(g.instances("Dense")) == 2
    assert w.blocks.enter(inst)  # inside Dense: Dense itself is not offered
    w.view.open_search(w.view.viewport().rect().center())
    qtbot.keyClicks(w.view.search.edit, "dense")
    assert "Dense" not in w.view.search.shown_ops()
    w.view.search.hide()


def test_copying_a_node_that_a_block_parameter_sets(make_window, qtbot, tmp_path):
    """Pasted into the same block it still follows the parameter; pasted elsewhere it
    takes the value the shown instance gave it (it was skipped before)."""
    from graphlab.graph.blocks import ParamRef

    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    assert w.blocks.enter(inst)
    inner = w.editor.current
    assert w.blocks.make_parameter(inner.find("fc2"), "out_features") == "out_features"
    w.blocks.up()
    w.canvas.select_nodes([inst])
    w.inspector.attr_widget("out_features").setValue(12)
    assert w.blocks.enter(inst)
    w.canvas.select_nodes([inner.find("fc2")])
    assert w.edits.copy()
    (copy_in,) = w.edits.paste()
    assert inner.raw(copy_in)["attrs"]["out_features"] == ParamRef("out_features")
    w.blocks.up()
    (copy_out,) = w.edits.paste()
    assert g.node(copy_out).attrs["out_features"] == 12


def test_nested_blocks_go_in_twice_and_the_breadcrumb_goes_back_one_level(
        make_window, qtbot, tmp_path):
    w = open_window(make_window, tmp_path, chain_graph())
    d = BlockDriver(qtbot, w)
    g = w.graph
    inner_inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    outer_inst = w.blocks.group([g.find("r1"), inner_inst], "Stage")
    d.show("stage")
    d.double_click("stage")
    stage = w.editor.current
    assert stage.definition == "Stage"
    d.show("dense")
    d.double_click("dense")
    assert w.editor.current.definition == "Dense"
    assert w.breadcrumb.text() == "chain › stage (Stage) › dense (Dense)"
    assert output_shape(w.editor.current, "fc2") == [32, 16]
    w.breadcrumb.button(1).click()  # the middle part: back into Stage
    assert w.editor.current is stage and w.canvas.selected_node_ids() == [stage.find("dense")]
    w.breadcrumb.button(0).click()
    assert w.editor.current is g and w.canvas.selected_node_ids() == [outer_inst]
