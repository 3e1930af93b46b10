"""The step-through in the editor goes past the activations to the weights: a layer's card
writes one element of dL/dW out as its sum, the last step is the optimizer's update (the
numbers torch's optimizer gives), and a training row can be picked."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.train.teach.stepper import UPDATE
from tests.ui.live.test_step_through import click, compiled_as_stepped, start


def torch_weight_grads(c, st):
    import torch

    c.model.train(False)
    feats = [torch.tensor(st.inputs[i]) for i in st.record.feature_ids]
    targs = [torch.tensor(st.inputs[i]) for i in st.record.target_ids]
    vals = c.model.trace(*feats, *targs, training=False)
    loss = sum(vals[c.plan.by_id[i].name] for i in c.plan.loss_ids)
    loss.backward()
    return {k: p.grad.numpy().copy() for k, p in c.model.named_parameters()}


def test_the_step_through_ends_with_the_optimizers_update(qtbot, live_window):
    import torch

    from graphlab.graph.optimizer_settings import resolve
    from graphlab.train.optimizers import torch_optimizer

    w = live_window("seed_mlp")  # Adam, lr 0.01
    panel = w.live.step_panel
    st = start(qtbot, w)
    assert st.steps[-1].phase == UPDATE and "then the optimizer step" in panel.where.text()
    click(qtbot, panel.end_button)
    assert panel.at_update and "optimizer step" in panel.where.text()
    fc2 = w.graph.find("fc2")  # each layer's badge says how far its weights move
    assert w.live.overlay.badges[fc2].lines[-1].startswith("Δw ‖")
    # torch's optimizer, fresh, on the same weights and the step-through's gradients
    c = compiled_as_stepped(w, st)
    named = dict(c.model.named_parameters())
    t = w.graph.training
    opt = torch_optimizer(t["optimizer"], named.values(), t["lr"],
                          resolve(t["optimizer"], t["optimizer_params"]))
    grads = torch_weight_grads(c, st)
    for k, p in named.items():
        np.testing.assert_allclose(st.update.params[k].g, grads[k], rtol=1e-5, atol=1e-7)
        p.grad = torch.tensor(st.update.params[k].g)
    opt.step()
    for k, p in named.items():
        np.testing.assert_allclose(st.update.params[k].new_w, p.detach().numpy(), rtol=1e-6,
                                   atol=1e-7, err_msg=k)
    panel.weight_key.setCurrentText("fc2.weight")
    panel.weight_element.setValue(5)
    text = panel.card.toPlainText()
    want = float(named["fc2.weight"].detach().reshape(-1)[5])
    at = "[" + ", ".join(str(i) for i in np.unravel_index(5, named["fc2.weight"].shape)) + "]"
    assert f"w = fc2.weight{at} = " in text and f"new w = {want:.6g}" in text
    assert "m̂ = m / (1 − β1^1)" in text and "v̂ = v / (1 − β2^1)" in text
    assert "ADAM step 1 (a fresh optimizer)" in text


def test_the_linear_card_writes_dl_dw_out_as_a_sum(qtbot, live_window):
    w = live_window("seed_mlp")
    panel = w.live.step_panel
    st = start(qtbot, w)
    fc2 = w.graph.find("fc2")
    while fc2 not in st.param_grads:
        click(qtbot, panel.step_button)
    assert panel.current == fc2 and panel.weight_key.currentText() == "fc2.weight"
    grads = torch_weight_grads(compiled_as_stepped(w, st), st)["fc2.weight"]
    big = int(np.argmax(np.abs(grads)))
    assert panel.weight_element.value() == big  # the largest element, already written out
    text = panel.card.toPlainText()
    assert "dL/dfc2.weight: shape [" in text
    at = ", ".join(str(i) for i in np.unravel_index(big, grads.shape))
    assert f"dL/dfc2.weight[{at}] = Σ_m dL/dfc2[m] · ∂fc2[m]/∂fc2.weight[{at}]" in text
    # another element: the worker writes its sum out; it equals autograd's
    other = (big + 1) % grads.size
    panel.weight_element.setValue(other)
    qtbot.waitUntil(lambda: (fc2, "fc2.weight", other) in panel.sums, timeout=60_000)
    ps = panel.sums[(fc2, "fc2.weight", other)]
    assert ps.total == pytest.approx(float(grads.reshape(-1)[other]), rel=1e-4, abs=1e-7)
    assert f"= {ps.total:.6g}   (autograd: " in panel.card.toPlainText()
    # the card of the layer's input names the layer's rule for it
    relu1 = w.graph.find("relu1")
    click(qtbot, panel.step_button)
    assert panel.current == relu1
    assert "local derivative of fc2: dL/dx = g·W" in panel.card.toPlainText()


def test_picking_a_training_row_steps_through_that_row(qtbot, live_window):
    from graphlab.train.datasets import prepare

    w = live_window("seed_mlp")
    panel = w.live.step_panel
    panel.pick_row(7)
    st = start(qtbot, w)
    t = w.graph.training
    data = prepare(w.graph, t["dataset"], t["val_fraction"], t["standardize"], w.graph.seed)
    np.testing.assert_array_equal(st.inputs[st.record.feature_ids[0]], data.x_train[7:8])
    np.testing.assert_array_equal(st.inputs[st.record.target_ids[0]], data.y_train[7:8])
    assert "on training row 7" in panel.where.text()
    click(qtbot, panel.forward_button)
    fc1 = w.graph.find("fc1")
    w.canvas.select_nodes([fc1])
    assert f"shape [1, {st.value(fc1).shape[1]}]" in panel.card.toPlainText()
    # a typed input with the wrong number of values is refused in words
    panel.typed.setText("0.5, 1")
    click(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: not w.live.steps.waiting, timeout=60_000)
    assert "the typed input has 2 number(s); this dataset's inputs have 10" in \
        w.live.train_panel.status.text()
    panel.typed.setText(", ".join(["0.25"] * 10) + "; 1")
    st = start(qtbot, w)
    np.testing.assert_allclose(st.inputs[st.record.feature_ids[0]], np.full((1, 10), 0.25))
    assert "on the input you typed" in panel.where.text()


def test_a_paused_runs_update_carries_its_optimizer_state(qtbot, live_window):
    w = live_window("xor")  # Adam
    live = w.live
    live.train_panel.epochs.setValue(100000)
    live.train_panel.epochs.editingFinished.emit()
    live.run()
    qtbot.waitUntil(lambda: live.session.losses.latest is not None
                    and live.session.losses.latest[0] >= 10, timeout=60_000)
    st = start(qtbot, w)
    live.stop(wait=True)
    steps = live.session.result.steps
    u = st.record.update
    assert u.steps == steps and u.state_source == (
        f"the paused run's optimizer, after {steps} updates")
    p = next(iter(u.params.values()))
    assert set(p.before) >= {"exp_avg", "exp_avg_sq"} and np.any(p.before["exp_avg"] != 0)
    click(qtbot, w.live.step_panel.end_button)
    assert f"ADAM step {steps + 1} (the paused run's optimizer" in \
        w.live.step_panel.card.toPlainText()
