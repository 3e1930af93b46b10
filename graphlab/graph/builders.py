"""Shorthand for building graphs in code: the examples, the lessons and tests use it.

Every call goes through the :class:`Graph` API, so a graph built here is checked like one
drawn in the editor.
"""

from __future__ import annotations

from graphlab.graph.graph import Graph


def chain(g: Graph, start: str, *steps: tuple[str, dict, str]) -> str:
    """Append (op, attrs, label) nodes one after another from ``start``, each fed into its
    first input port; the last id."""
    cur = start
    for op, attrs, label in steps:
        n = g.add_node(op, attrs, label)
        g.connect(cur, "y", n, g.spec_of(op).input_ports(attrs)[0].name)  # blocks too
        cur = n
    return cur


def classifier_tail(g: Graph, logits: str) -> None:
    """Output ``logits``, an int64 class-index target and a CrossEntropyLoss."""
    out = g.add_node("Output", {"name": "logits"}, "logits_out")
    g.connect(logits, "y", out, "x")
    t = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                             "role": "target"}, "label")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    g.connect(logits, "y", loss, "logits")
    g.connect(t, "y", loss, "target")


def two_layer_classifier(g: Graph, x: str, features: int, width: int, act: str,
                         act_label: str, classes: int = 2) -> None:
    """``x`` -> fc1 -> act1 -> fc2 -> act2 -> head, a classifier tail on ``classes``
    logits: the small network of the 2-D lessons and pictures."""
    logits = chain(g, x, ("Linear", {"in_features": features, "out_features": width}, "fc1"),
                   (act, {}, f"{act_label}1"),
                   ("Linear", {"in_features": width, "out_features": width}, "fc2"),
                   (act, {}, f"{act_label}2"),
                   ("Linear", {"in_features": width, "out_features": classes}, "head"))
    classifier_tail(g, logits)


def target_tail(g: Graph, pred: str, loss_op: str) -> None:
    """Output ``y``, a float [N, 1] target and ``loss_op`` (MSELoss, BCELoss, ...)."""
    out = g.add_node("Output", {"name": "y"}, "y")
    g.connect(pred, "y", out, "x")
    t = g.add_node("Input", {"name": "target", "shape": [-1, 1], "role": "target"}, "target")
    loss = g.add_node(loss_op, {}, "loss")
    g.connect(pred, "y", loss, "pred")
    g.connect(t, "y", loss, "target")


def residual_blocks(g: Graph, start: str, n_nodes: int, width: int) -> str:
    """Add exactly ``n_nodes`` nodes after ``start``: residual blocks (Linear, ReLU, Linear,
    joined to the block's input by Add), topped up with Tanh. For scaling benchmarks."""
    cur, added = start, 0
    while added + 4 <= n_nodes:
        a = g.add_node("Linear", {"out_features": width})
        r = g.add_node("ReLU")
        b = g.add_node("Linear", {"out_features": width})
        s = g.add_node("Add")
        g.connect(cur, "y", a, "x")
        g.connect(a, "y", r, "x")
        g.connect(r, "y", b, "x")
        g.connect(cur, "y", s, "a")
        g.connect(b, "y", s, "b")
        cur, added = s, added + 4
    while added < n_nodes:
        cur = chain(g, cur, ("Tanh", {}, "tanh"))
        added += 1
    return cur
