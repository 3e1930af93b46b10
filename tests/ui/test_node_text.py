"""What a node says about its attributes is readable in full on the canvas, not cut off
at the node's width ("in_features=10 out_f...")."""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphlab.examples import example, names
from graphlab.ui import theme
from graphlab.ui.canvas.node_item import _metrics, node_look


def test_every_example_nodes_attribute_lines_fit_the_node(qtbot):
    room = theme.NODE_WIDTH - 16  # the summary's text rectangle
    fm = _metrics(8.0)
    cut = []
    for name in names():
        g = example(name)
        for n in g.node_ids():
            look = node_look(g, n)
            for line in look.summary.split("\n") if look.summary else []:
                if fm.elidedText(line, Qt.TextElideMode.ElideRight, room) != line:
                    cut.append(f"{name}: {look.label}: {line!r}")
    assert not cut, "\n".join(cut)


def test_a_linear_shows_both_sizes_on_their_own_lines():
    g = example("seed_mlp")
    look = node_look(g, g.find("fc1"))
    assert look.summary.split("\n") == ["in_features=10", "out_features=10"]
