"""Layers drawn one by one that repeat are one loop in forward, and compute the same."""

from __future__ import annotations

import numpy as np
import pytest

import graphlab
from graphlab import examples
from graphlab.compile.export import python_source
from graphlab.graph.builders import chain, target_tail
from graphlab.graph.graph import Graph

BACKENDS = ["torch", "tf"]


def stack(widths: list[int], act: str = "Tanh", skip_from: int | None = None) -> Graph:
    """Linear + act layers of the given output widths; ``skip_from``: layer k's output
    is also added to the last layer's (a value read twice)."""
    g = Graph("stack", seed=0, training={"dataset": "circles", "batch_size": 8})
    cur = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    width, outs = 2, []
    for i, w in enumerate(widths, 1):
        cur = chain(g, cur, ("Linear", {"in_features": width, "out_features": w}, f"fc{i}"),
                    (act, {}, f"act{i}"))
        outs.append(cur)
        width = w
    if skip_from is not None:
        add = g.add_node("Add", {}, "skip")
        g.connect(outs[skip_from], "y", add, "a")
        g.connect(cur, "y", add, "b")
        cur = add
    target_tail(g, chain(g, cur, ("Linear", {"in_features": width, "out_features": 1}, "head")),
                "MSELoss")
    return g


def forward(text: str) -> str:
    return text.split("def forward(")[1].split("return")[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_deep_sigmoid_is_one_loop_over_its_ten_layers(backend):
    text = forward(python_source(examples.example("deep_sigmoid"), backend))
    assert text.count("for fc in (") == 1 and "self.fc10," in text
    assert text.count("sigmoid(h)") == 1 and "sig10 = h" in text


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_loop_computes_what_the_nodes_compute(backend):
    """forward (the loop) against trace (one statement per node, never looped)."""
    g = stack([8, 8, 8, 8])
    c = graphlab.build(g, backend)
    assert "for fc in (" in forward(c.source)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 2)).astype(np.float32)
    target = rng.standard_normal((5, 1)).astype(np.float32)
    if backend == "torch":
        import torch

        x, target = torch.from_numpy(x), torch.from_numpy(target)
        out = c.model(x).detach().numpy()
        head = c.model.trace(x, target)["head"].detach().numpy()
    else:
        out = c.model(x).numpy()
        head = c.model.trace(x, target)["head"].numpy()
    np.testing.assert_allclose(out, head, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("widths, skip, looped", [
    ([8, 8, 8], None, True),
    ([8, 8], None, False),  # twice reads better written out
    ([8, 16, 8, 16], None, False),  # the same calls on other shapes: not one layer repeated
    ([8, 8, 8, 8], 1, False),  # act2 is read by the skip too: it must keep its name
])
def test_what_becomes_a_loop(widths, skip, looped):
    text = forward(python_source(stack(widths, skip_from=skip), "torch"))
    assert ("for fc in (" in text) == looped, text
