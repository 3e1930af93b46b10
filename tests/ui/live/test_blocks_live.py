"""Training a graph with blocks: an instance shows its output's and gradient's numbers on
the parent canvas (the flat node feeding its definition's Output), and inside a block
its inner nodes light up with the values of that instance."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from graphlab.graph.flatten import flatten
from graphlab.train.frames import PROBE, Frame
from graphlab.train.stats_layout import ROW
from graphlab.ui.blocks.live_map import CanvasFrame, canvas_ids
from graphlab.ui.blocks.navigation import Level
from graphlab.ui.live import encode
from tests.ui.test_blocks_editor import chain_graph

WAIT = 60_000  # ms: torch is imported by the worker on first use


def badges(live):
    return {n: b.lines for n, b in live.overlay.badges.items()}


def test_a_block_instance_shows_its_output_and_inside_its_nodes_light_up(qtbot, live_window):
    w = live_window("xor")
    g = w.graph
    inst = w.blocks.group([g.find("hidden"), g.find("tanh")], "Hidden")
    live = w.live
    live.train_panel.epochs.setValue(1000)
    live.train_panel.epochs.editingFinished.emit()
    qtbot.mouseClick(live.train_panel.run_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: live.animator.shown >= 1, timeout=WAIT)
    except Exception:
        raise AssertionError(f"no frame: {live.runs.run and live.runs.run.message!r}") from None
    live.pause()
    qtbot.waitUntil(lambda: not live.animator.busy, timeout=WAIT)
    frame = live.animator.last_shown.flat
    flat = flatten(g)
    tanh = flat.value_of(inst)
    assert tanh == f"{inst}/{g.blocks['Hidden'].graph.find('tanh')}" and tanh in frame.node_ids
    lines = badges(live)[inst]
    assert lines[0] == encode.value_line(frame.value_stats(tanh)) and lines[0].startswith("μ ")
    assert "‖∂L‖" in lines[1]

    # inside: the Linear and the Tanh carry the instance's own numbers
    assert w.blocks.enter(inst)
    inner = w.editor.current
    qtbot.waitUntil(lambda: bool(badges(live).get(inner.find("hidden"))), timeout=WAIT)
    shown = badges(live)
    for label in ("hidden", "tanh"):
        n = inner.find(label)
        assert shown[n][0] == encode.value_line(frame.value_stats(f"{inst}/{n}")), label
    # back up: the instance's badge again
    w.blocks.up()
    qtbot.waitUntil(lambda: bool(badges(live).get(inst)), timeout=WAIT)
    assert badges(live)[inst][0] == lines[0]


def test_canvas_ids_agree_with_the_flat_graph_through_nested_blocks():
    """Every canvas node of every level maps to a node of the flat graph, and each
    instance to the flat node the model says carries its output (Flat.value_of)."""
    from graphlab.graph import grouping

    g = chain_graph()
    inner_inst = grouping.group(g, [g.find("fc2"), g.find("r2")], "Inner")
    outer_inst = grouping.group(g, [g.find("r1"), inner_inst], "Outer")
    flat = flatten(g)
    fl = set(flat.graph.node_ids())
    top = canvas_ids(g, [])
    assert top[outer_inst] == flat.value_of(outer_inst)
    assert {k: v for k, v in top.items() if k != outer_inst} == {
        n: n for n in g.node_ids() if n != outer_inst}
    outer = g.blocks["Outer"].graph
    (nested,) = outer.instances("Inner")
    inside = canvas_ids(g, [Level(outer_inst, "Outer")])
    assert inside[nested] == flat.value_of(f"{outer_inst}/{nested}")
    assert set(inside.values()) <= fl
    # the inside's Input stands for what feeds the instance: fc1 at the top
    (port_in,) = g.blocks["Outer"].input_nodes()
    assert inside[port_in] == g.find("fc1")
    deepest = canvas_ids(g, [Level(outer_inst, "Outer"), Level(nested, "Inner")])
    fc2 = g.blocks["Inner"].graph.find("fc2")
    assert deepest[fc2] == f"{outer_inst}/{nested}/{fc2}" and set(deepest.values()) <= fl

    # a frame read by canvas ids: an instance's row is its value node's row
    ids = tuple(flat.graph.topo_order())
    rows = np.arange(len(ids) * ROW, dtype=np.float32).reshape(len(ids), ROW)
    frame = Frame(PROBE, 1, 0, 0.5, node_ids=ids, values=rows, grads=rows + 1)
    view = CanvasFrame(frame, top)
    value = flat.value_of(outer_inst)
    assert view.value_stats(outer_inst).mean == frame.value_stats(value).mean
    assert view.grad_stats(outer_inst).mean == frame.grad_stats(value).mean
    assert view.step == 1 and set(view.node_ids) == set(top)


def test_a_flat_step_is_shown_on_the_node_that_holds_it(make_window, tmp_path):
    from graphlab.ui.blocks.live_map import canvas_node
    from tests.ui.test_blocks_editor import open_window

    w = open_window(make_window, tmp_path, chain_graph())
    g = w.graph
    inst = w.blocks.group([g.find("fc2"), g.find("r2")], "Dense")
    fc2 = g.blocks["Dense"].graph.find("fc2")
    head = g.find("head")
    assert canvas_node(f"{inst}/{fc2}", w.editor) == inst  # at the top: its block
    assert canvas_node(head, w.editor) == head
    w.blocks.enter(inst)
    assert canvas_node(f"{inst}/{fc2}", w.editor) == fc2  # inside: the node itself
    assert canvas_node(head, w.editor) is None  # outside the block shown


def test_the_step_through_lights_the_block_that_holds_each_inner_step(qtbot, live_window):
    w = live_window("xor")
    g = w.graph
    inst = w.blocks.group([g.find("hidden"), g.find("tanh")], "Hidden")
    panel = w.live.step_panel
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.live.steps.waiting, timeout=120_000)
    st = panel.stepper
    assert st is not None, w.live.train_panel.status.text()
    halo = w.live.overlay.halos[inst]
    while not st.done and not (panel.current or "").startswith(f"{inst}/"):
        panel.step()
    assert halo.level == 0.9  # an inner op at work: its block glows on the canvas
    assert badges(w.live)[inst]  # ... with that op's numbers
    inner = g.blocks["Hidden"].graph
    assert panel.current == f"{inst}/{inner.find('hidden')}"
    assert w.blocks.enter(inst)  # inside, the op's own node is the one that lights
    panel.step()
    tanh = inner.find("tanh")
    assert panel.current == f"{inst}/{tanh}"
    assert w.live.overlay.halos[tanh].level == 0.9 and badges(w.live)[tanh]
    panel.step()  # the next op is outside the block: nothing inside lights for it
    assert not panel.current.startswith(f"{inst}/")
    assert w.live.overlay.halos[tanh].level < 0.9
