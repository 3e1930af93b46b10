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
