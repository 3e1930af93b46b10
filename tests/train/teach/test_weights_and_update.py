"""The backward pass reaches the weights: dL/dW on the layer's card, written out as a sum,
and the optimizer step as the last step, equal to torch's optimizer on the same state."""

from __future__ import annotations

import numpy as np
import pytest

import graphlab
from graphlab.compile import compile_graph
from graphlab.train.teach import StepThrough
from graphlab.train.teach.opt_state import torch_state
from graphlab.train.teach.stepper import UPDATE
from graphlab.train.teach.update import OptimizerSetting
from tests.train.teach.test_stepper import _batch


def autograd_weight_grads(c, feats, targs):
    import torch

    c.model.train(False)
    c.model.zero_grad()
    vals = c.model.trace(*[torch.tensor(a) for a in feats], *[torch.tensor(a) for a in targs],
                         training=False)
    sum(vals[c.plan.by_id[i].name] for i in c.plan.loss_ids).backward()
    return {k: p.grad.numpy().copy() for k, p in c.model.named_parameters()}


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_layer_cards_show_dl_dw_and_its_sum(backend):
    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    c = compile_graph(g, backend)
    s = StepThrough(c, feats, targs).run_all()
    ref_c = compile_graph(g, "torch")
    ref_c.model.set_weights(c.model.get_weights())
    ref = autograd_weight_grads(ref_c, feats, targs)
    fc2 = g.find("fc2")
    assert sorted(s.param_grads[fc2]) == ["fc2.bias", "fc2.weight"]
    for per in s.param_grads.values():
        for key, grad in per.items():
            np.testing.assert_allclose(grad, ref[key], rtol=1e-4, atol=1e-6, err_msg=key)
    w = s.param_grads[fc2]["fc2.weight"]
    k = (2, 1)
    ps = s.param_sum(fc2, "fc2.weight", k)
    relu1 = s.value(g.find("relu1"))
    # one term per sample of the batch, but where relu1[n, 1] is 0 the term is 0: left out
    assert len(ps.terms) == int(np.count_nonzero(relu1[:, 1])) > 0
    assert ps.total == pytest.approx(float(ref["fc2.weight"][k]), rel=1e-4, abs=1e-7)
    # each term is upstream dL/dfc2[n, 2] times the input it met, relu1[n, 1]
    up = s.grad(fc2)
    for m, u, f in ps.terms:
        assert m[1] == 2 and u == pytest.approx(float(up[m]))
        assert f == pytest.approx(float(relu1[m[0], 1]))
    text = "\n".join(ps.lines("fc2"))
    assert "dL/dfc2.weight[2, 1] = Σ_m dL/dfc2[m] · ∂fc2[m]/∂fc2.weight[2, 1]" in text
    assert f"{ps.terms[0][1]:.4g}·{ps.terms[0][2]:.4g} + " in text
    assert f"{w[k]:.6g}" in text
    bias = s.param_sum(fc2, "fc2.bias", 2)
    assert all(f == 1.0 for _, _, f in bias.terms)


def trained_optimizer(c, name, lr, hp, before, feats, targs):
    """graphlab's torch optimizer (torch.optim, fused where torch has it) on a copy of the
    model after ``before`` real updates, so it has momentum and moments to carry."""
    import copy

    import torch

    from graphlab.train.optimizers import torch_optimizer

    model = copy.deepcopy(c.model)
    named = dict(model.named_parameters())
    opt = torch_optimizer(name, named.values(), lr, hp)
    for _ in range(before):
        opt.zero_grad()
        vals = model.trace(torch.tensor(feats[0]), torch.tensor(targs[0]), training=False)
        sum(vals[c.plan.by_id[i].name] for i in c.plan.loss_ids).backward()
        opt.step()
    return named, opt


@pytest.mark.parametrize(("name", "hp", "before"), [
    ("sgd", {"momentum": 0.0}, 0),
    ("sgd", {"momentum": 0.9}, 0),
    ("sgd", {"momentum": 0.9, "nesterov": True}, 3),
    ("adam", {}, 0),
    ("adam", {}, 4),
    ("adamw", {"weight_decay": 0.1}, 2),
    ("rmsprop", {"momentum": 0.5, "centered": True}, 2),
])
def test_the_update_step_equals_torchs_optimizer(name, hp, before):
    import torch

    from graphlab.graph.optimizer_settings import resolve

    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    c = compile_graph(g, "torch")
    full = resolve(name, hp)
    named, opt = trained_optimizer(c, name, 0.05, full, before, feats, targs)
    state, steps = torch_state(opt, named)
    assert steps == (before if name != "sgd" else 0)  # SGD keeps no step count
    c.model.set_weights({k: p.detach().numpy() for k, p in named.items()})
    setting = OptimizerSetting(name, 0.05, full, state, steps, "the run's optimizer")
    s = StepThrough(c, feats, targs, optimizer=setting).run_all()
    assert s.steps[-1].phase == UPDATE and s.update is not None
    grads = {k: v for per in s.param_grads.values() for k, v in per.items()}
    assert sorted(grads) == sorted(named)
    for k, p in named.items():
        p.grad = torch.tensor(grads[k])
    opt.step()
    for k, p in s.update.params.items():
        np.testing.assert_allclose(p.new_w, named[k].detach().numpy(), rtol=1e-6, atol=1e-7,
                                   err_msg=k)
    want = float(named["fc1.weight"].detach()[0, 1])
    text = "\n".join(s.update.lines("fc1.weight", (0, 1)))
    assert f"new w = {want:.6g}" in text and "lr = 0.05" in text
    if name.startswith("adam"):
        assert f"m̂ = m / (1 − β1^{before + 1})" in text and "v̂ = v / (1 − β2^" in text
    if name == "sgd" and hp["momentum"] and not before:
        assert "buf = g (the first step starts the momentum buffer)" in text


def test_gradient_check_states_its_verdict():
    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    s = StepThrough(compile_graph(g, "torch"), feats, targs).run_all()
    chk = s.grad_check(g.find("fc3"), 0)
    text = "\n".join(chk.lines())
    assert chk.agrees and text.startswith("gradient check agrees")
    assert f"backpropagation {chk.analytic:.6g}, finite difference {chk.numeric:.6g}" in text
    assert "float32" in text and "step h = 1e-06" in text
    bad = type(chk)(**{**chk.__dict__, "numeric": chk.analytic * 1.5 + 1.0})
    bad.rel_error = abs(bad.analytic - bad.numeric) / max(abs(bad.numeric), 1e-12)
    assert not bad.agrees and bad.lines()[0].startswith("gradient check differs")


def test_a_tf_runs_optimizer_state_reads_as_torchs():
    """graphlab's TF optimizer after two updates: its slots, read by tf_state under
    torch's names and in PyTorch's layout, are what the update rule gives."""
    import tensorflow as tf

    from graphlab.compile.tf_optimizer import optimizer_class
    from graphlab.graph.optimizer_settings import resolve
    from graphlab.train.teach.opt_state import tf_state
    from graphlab.train.teach.update import optimizer_update

    g = graphlab.example("seed_mlp")
    c = compile_graph(g, "tf")
    named = c.model.named_variables()
    layout = getattr(c.namespace, "TF_LAYOUT", {})
    hp = resolve("adam", {})
    opt = optimizer_class("adam")(list(named.values()), lr=0.01, **hp)
    assert tf_state(opt, named, layout) == ({}, 0)
    rng = np.random.default_rng(0)
    canon = c.model.get_weights()
    grads = [{k: rng.standard_normal(canon[k].shape).astype(np.float32) for k in named}
             for _ in range(2)]
    weights, state = canon, {}
    for i, gs in enumerate(grads):
        tf_grads = [np.transpose(gs[k], layout[k]) if k in layout else gs[k] for k in named]
        opt.apply([tf.constant(a) for a in tf_grads])
        u = optimizer_update("adam", 0.01, hp, weights, gs, state, i)
        weights = {k: p.new_w for k, p in u.params.items()}
        state = {k: p.after for k, p in u.params.items()}
    got, steps = tf_state(opt, named, layout)
    assert steps == 2
    for k in named:
        for name in ("exp_avg", "exp_avg_sq"):
            np.testing.assert_allclose(got[k][name], state[k][name], rtol=1e-5, atol=1e-8,
                                       err_msg=f"{k} {name}")
        np.testing.assert_allclose(c.model.get_weights()[k], weights[k], rtol=1e-5, atol=1e-6)
