"""Step-through mode in the editor: the gradients shown equal autograd's, cards add up."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from graphlab.train.teach import BACKWARD, FORWARD
from graphlab.train.teach.stepper import UPDATE
from graphlab.ui.live import encode
from tests.train.teach.test_stepper import tf_reference, torch_reference


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start(qtbot, w, backend="torch"):
    """Start a step-through; the worker computes it and the panel gets a Replay."""
    if w.graph.training["backend"] != backend:
        w.live.train_panel.backend.setCurrentText(backend)
    click(qtbot, w.live.step_panel.start_button)
    qtbot.waitUntil(lambda: not w.live.steps.waiting, timeout=120_000)
    st = w.live.step_panel.stepper
    assert st is not None, w.live.train_panel.status.text()
    return st


def compiled_as_stepped(w, st):
    """The graph compiled here, in the test process, with the weights the worker used."""
    import graphlab

    c = graphlab.build(w.graph, st.record.backend)
    c.model.set_weights(st.record.weights)
    return c


def grad_check(qtbot, panel):
    assert panel.grad_check()
    qtbot.waitUntil(lambda: not panel.checking, timeout=60_000)
    assert panel.last_check is not None, panel.check_error
    return panel.last_check


def shown_gradient(badge_lines) -> float:
    line = next(s for s in badge_lines if s.startswith("∂L = "))
    return float(line.removeprefix("∂L = "))


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_scalar_expr_steps_to_micrograd_numbers(qtbot, live_window, backend):
    w = live_window("scalar_expr")
    panel = w.live.step_panel
    st = start(qtbot, w, backend)
    assert st.record.backend == backend
    by = {w.graph.node(n).label: n for n in st.order}
    click(qtbot, panel.step_button)
    assert w.live.overlay.badges[st.order[0]].lines == ("= 2",)
    assert w.live.overlay.badges[st.order[0]].highlight
    click(qtbot, panel.forward_button)
    assert w.live.overlay.badges[by["L"]].lines == ("= -8",)
    assert st.steps[st.position].phase == BACKWARD
    click(qtbot, panel.end_button)
    assert st.done
    want = {"a": 6, "b": -4, "c": -2, "f": 4, "e": -2, "d": -2, "L": 1}
    for label, g in want.items():
        assert shown_gradient(w.live.overlay.badges[by[label]].lines) == g, label
    ref = (torch_reference if backend == "torch" else tf_reference)(
        compiled_as_stepped(w, st), [], [])
    for n in st.order:
        assert float(st.grad(n)) == pytest.approx(float(ref[st.record.names[n]]))
    # the card for a: upstream dL/de = -2, local de/da = b = -3, product 6 = dL/da shown
    w.canvas.select_nodes([by["a"]])
    card = panel.card_for(by["a"])
    assert (card.terms[0].upstream, card.terms[0].local, card.terms[0].product) == (-2, -3, 6)
    assert card.total == shown_gradient(w.live.overlay.badges[by["a"]].lines)
    text = panel.card.toPlainText()
    assert "upstream -2 × local -3 = 6" in text and "dL/da = 6" in text
    check = grad_check(qtbot, panel)
    assert check.rel_error < (1e-6 if backend == "torch" else 1e-3)
    assert "relative error" in panel.card.toPlainText()


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_seed_mlp_gradients_and_cards_match_autograd(qtbot, live_window, backend):
    w = live_window("seed_mlp")
    panel = w.live.step_panel
    st = start(qtbot, w, backend)
    feats = [st.inputs[i] for i in st.record.feature_ids]
    targs = [st.inputs[i] for i in st.record.target_ids]
    phases = []
    while not st.done:
        click(qtbot, panel.step_button)
        phases.append(st.steps[st.position - 1].phase)
        if phases[-1] != UPDATE:
            assert panel.current == st.steps[st.position - 1].node_id
    assert phases == [FORWARD] * len(st.order) + [BACKWARD] * (len(phases) - len(st.order) - 1
                                                               ) + [UPDATE]
    ref = (torch_reference if backend == "torch" else tf_reference)(
        compiled_as_stepped(w, st), feats, targs)
    for n in st.order:
        name = st.record.names[n]
        if ref.get(name) is None:
            continue
        np.testing.assert_allclose(st.grad(n), ref[name], rtol=1e-5, atol=1e-7)
        badge = w.live.overlay.badges[n].lines
        shown = st.grad(n)
        if shown.size > 1:  # the badge shows the norm of the gradient it holds
            assert badge[1] == encode.grad_line(encode.stats_of(shown))
        else:
            assert shown_gradient(badge) == pytest.approx(float(shown.reshape(-1)[0]), rel=1e-3)
        w.canvas.select_nodes([n])
        for flat in (0, shown.size - 1):
            panel.element.setValue(flat)
            card = panel.card_for(n)
            assert card.grad == pytest.approx(float(shown.reshape(-1)[flat]))
            assert card.total == pytest.approx(card.grad, rel=1e-5, abs=1e-7)
    # wires out of relu1 were restyled by what fc2 sent back
    relu1 = w.graph.find("relu1")
    assert all(wi.style is not None for wi in w.live.overlay.wires_out(relu1))


def test_back_and_one_sample(qtbot, live_window):
    w = live_window("seed_mlp")
    panel = w.live.step_panel
    panel.sample.setValue(3)
    st = start(qtbot, w)
    assert st.value(st.record.feature_ids[0]) is None
    for _ in range(4):
        click(qtbot, panel.step_button)
    click(qtbot, panel.back_button)
    st2 = panel.stepper
    assert st2.position == 3 and panel.current == st2.order[2]
    assert st2.value(st2.order[0]).shape == (1, 10)


def test_step_through_uses_the_paused_runs_weights(qtbot, live_window):
    w = live_window("xor")
    live = w.live
    live.train_panel.epochs.setValue(100000)
    live.train_panel.epochs.editingFinished.emit()
    live.run()
    qtbot.waitUntil(lambda: live.session.losses.latest is not None
                    and live.session.losses.latest[0] >= 20, timeout=60_000)
    st = start(qtbot, w)  # pauses the run first
    assert live.session.state == "paused"
    import graphlab
    from graphlab.train.datasets import prepare

    used = st.record.weights
    initial = graphlab.build(w.graph, "torch").model.get_weights()
    assert any(not np.allclose(used[k], initial[k]) for k in used)  # it has trained
    live.stop(wait=True)  # a paused run stops without training further
    step = live.session.result.steps  # the step it was paused at
    now = live.session.result.weights
    for k in now:
        np.testing.assert_allclose(used[k], now[k])
    # ... on the batch that run trained last, which the panel names
    t = w.graph.training
    data = prepare(w.graph, t["dataset"], t["val_fraction"], t["standardize"], w.graph.seed)
    np.testing.assert_array_equal(st.inputs[st.record.feature_ids[0]],
                                  data.x_train[st.record.batch])
    assert f"on the batch of step {step}" in live.step_panel.where.text()
