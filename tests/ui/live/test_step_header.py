"""The step-through's header: the generated statement as written, with the shape it has."""

from __future__ import annotations

import re

from tests.ui.live.test_step_through import click, start


def test_header_shows_the_statement_and_the_samples_shape(qtbot, live_window):
    w = live_window("seed_mlp")
    panel = w.live.step_panel
    panel.sample.setValue(2)
    st = start(qtbot, w)
    seen = {}
    while st.steps[st.position].phase == "forward":
        click(qtbot, panel.step_button)
        seen[panel.current] = panel.where.text()
    loss = next(n for n in st.order if "reduction" in st.text(n))
    assert 'reduction="mean"' in seen[loss] and "&quot;" not in seen[loss]
    fc1 = w.graph.find("fc1")
    w.canvas.select_nodes([fc1])
    card_shape = re.search(r"shape (\[[^\]]*\])", panel.card.toPlainText()).group(1)
    assert card_shape.startswith("[1, ")  # one sample
    assert seen[fc1].endswith(f"# {card_shape}"), seen[fc1]


def test_a_statement_over_several_lines_gets_its_shape_on_the_last():
    import numpy as np

    from graphlab.ui.live.step_panel import statement_with_shape

    text = ("tmp = x * 2\nconv1 = tf.transpose(\n    tf.nn.conv2d(\n        tmp, w),\n"
            "    [0, 3, 1, 2])  # [N, 16, 8, 8]")
    out = statement_with_shape(text, "conv1", np.zeros((1, 16, 8, 8)))
    assert out.endswith("[0, 3, 1, 2])  # [1, 16, 8, 8]") and out.startswith("tmp = x * 2\n")
    assert statement_with_shape("y = f(x)  # [N, 1]", "y", np.zeros((3, 1))) == \
        "y = f(x)  # [3, 1]"
