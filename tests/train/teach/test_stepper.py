"""Step-through teaching mode: every gradient the stepper shows equals autograd's."""

from __future__ import annotations

import numpy as np
import pytest

import graphlab
from graphlab.compile import compile_graph
from graphlab.train.datasets import prepare
from graphlab.train.teach import BACKWARD, FORWARD, StepThrough


def _batch(graph, n=6):
    p = prepare(graph, graph.training["dataset"], seed=0)
    return [p.x_train[:n]], [p.y_train[:n]]


def _names(c):
    return {s.id: s.name for s in c.plan.steps}


def torch_reference(c, feats, targs):
    """Independent gradients: one autograd.grad over the model's own trace."""
    import torch

    c.model.train(False)
    xs = [torch.tensor(a, requires_grad=True) for a in feats]
    ts = [torch.tensor(a) for a in targs]
    vals = c.model.trace(*xs, *ts, training=False)
    roots = [vals[c.plan.by_id[i].name] for i in c.plan.loss_ids] or [
        vals[c.plan.by_id[c.plan.output_sources[o]].name] for o in c.plan.output_ids]
    total = sum(r.sum() for r in roots)
    targets = {c.plan.by_id[i].name for i in c.plan.target_ids}
    keys = [k for k, v in vals.items() if v.is_floating_point() and k not in targets]
    grads = torch.autograd.grad(total, [vals[k] for k in keys], allow_unused=True)
    return {k: (None if g is None else g.numpy()) for k, g in zip(keys, grads, strict=True)}


def tf_reference(c, feats, targs):
    import tensorflow as tf

    xs = [tf.constant(a) for a in feats]
    ts = [tf.constant(a) for a in targs]
    with tf.GradientTape(persistent=True) as tape:
        for x in xs:
            tape.watch(x)
        vals = c.model.trace(*xs, *ts, training=False)
        roots = [vals[c.plan.by_id[i].name] for i in c.plan.loss_ids] or [
            vals[c.plan.by_id[c.plan.output_sources[o]].name] for o in c.plan.output_ids]
        total = tf.add_n([tf.reduce_sum(r) for r in roots])
    targets = {c.plan.by_id[i].name for i in c.plan.target_ids}
    keys = [k for k, v in vals.items() if v.dtype.is_floating and k not in targets]
    grads = tape.gradient(total, [vals[k] for k in keys])
    return {k: (None if g is None else np.asarray(g)) for k, g in zip(keys, grads, strict=True)}


def check_against(stepper, reference, names):
    checked = 0
    for n in stepper.order:
        name = names[n]
        if name not in reference or reference[name] is None:
            continue
        shown = stepper.grad(n)
        assert shown is not None, f"{name} shows no gradient"
        np.testing.assert_allclose(shown, reference[name], rtol=1e-5, atol=1e-7,
                                   err_msg=f"gradient of {name}")
        for flat in {0, shown.size // 2, shown.size - 1}:
            card = stepper.card(n, flat)
            assert card.grad == pytest.approx(float(shown.reshape(-1)[flat]))
            assert card.total == pytest.approx(card.grad, rel=1e-5, abs=1e-7)
            for t in card.terms:
                if t.elementwise:
                    assert t.upstream * t.local == pytest.approx(t.product, rel=1e-5, abs=1e-9)
        checked += 1
    return checked


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_scalar_expr_gives_micrograd_numbers(backend):
    c = compile_graph(graphlab.example("scalar_expr"), backend)
    s = StepThrough(c)
    by = {name: nid for nid, name in _names(c).items()}
    first = s.step()
    assert first.phase == FORWARD and s.value(first.node_id) is not None
    s.run_forward()
    assert float(s.value(by["L"])) == -8.0 and s.grad(by["L"]) is None
    s.run_all()
    want = {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0, "e": -2.0, "d": -2.0, "L": 1.0}
    for name, g in want.items():
        assert float(s.grad(by[name])) == g, name
    card = s.card(by["a"])
    assert (card.terms[0].upstream, card.terms[0].local, card.terms[0].product) == (-2.0, -3.0,
                                                                                    6.0)
    assert "upstream -2 × local -3 = 6" in "\n".join(card.lines())
    ref = torch_reference(c, [], []) if backend == "torch" else tf_reference(c, [], [])
    assert check_against(s, ref, _names(c)) == 7
    # each node shows its own statement, not the generated trace()'s mode switching
    assert s.blocks[by["a"]].text.strip().startswith("a = ")
    for b in s.blocks.values():
        assert "switch" not in b.text and "self.train(" not in b.text, b.text


def test_backward_runs_in_reverse_topological_order():
    c = compile_graph(graphlab.example("scalar_expr"), "torch")
    s = StepThrough(c)
    back = [st.node_id for st in s.steps if st.phase == BACKWARD]
    assert back == list(reversed(s.order))


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_seed_mlp_every_gradient_matches_autograd(backend):
    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    c = compile_graph(g, backend)
    s = StepThrough(c, feats, targs).run_all()
    ref = (torch_reference if backend == "torch" else tf_reference)(c, feats, targs)
    assert check_against(s, ref, _names(c)) == 8  # x, fc1..sigmoid, loss
    target = c.plan.target_ids[0]
    assert s.grad(target) is None  # labels get no gradient


def test_one_sample_of_the_batch():
    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    c = compile_graph(g, "torch")
    s = StepThrough(c, feats, targs, sample=2).run_all()
    assert s.value(c.plan.feature_ids[0]).shape == (1, 10)
    ref = torch_reference(c, [feats[0][2:3]], [targs[0][2:3]])
    check_against(s, ref, _names(c))


def test_fan_out_shows_the_sum_of_contributions():
    g = graphlab.example("residual")
    feats, targs = _batch(g)
    c = compile_graph(g, "torch")
    s = StepThrough(c, feats, targs).run_all()
    stem_relu = g.find("stem_relu")
    card = s.card(stem_relu, 3)
    # inside block1 (a ResBlock): its first Linear and the Add of its skip connection
    assert sorted(t.consumer_title for t in card.terms) == ["block1_fc1", "block1_skip_add"]
    skip = next(t for t in card.terms if t.consumer_title == "block1_skip_add")
    assert skip.elementwise and skip.local == 1.0
    fc = next(t for t in card.terms if t.consumer_title == "block1_fc1")
    assert not fc.elementwise
    assert card.total == pytest.approx(skip.product + fc.product)
    assert card.total == pytest.approx(card.grad, rel=1e-5, abs=1e-8)
    assert "sum of contributions" in "\n".join(card.lines())
    check_against(s, torch_reference(c, feats, targs), _names(c))


def test_gradient_check_agrees_with_finite_differences():
    g = graphlab.example("seed_mlp")
    feats, targs = _batch(g)
    c = compile_graph(g, "torch")
    s = StepThrough(c, feats, targs).run_all()
    for label in ("fc3", "sigmoid", "relu2"):
        node = g.find(label)
        flat = int(np.argmax(np.abs(s.grad(node)).reshape(-1)))
        chk = s.grad_check(node, flat)
        assert chk.rel_error < 1e-4, (label, chk)
    scalar = StepThrough(compile_graph(graphlab.example("scalar_expr"), "torch")).run_all()
    chk = scalar.grad_check(scalar.order[0])
    assert chk.numeric == pytest.approx(6.0, rel=1e-6) and chk.rel_error < 1e-6


def test_card_before_backward_says_what_to_do():
    c = compile_graph(graphlab.example("scalar_expr"), "torch")
    s = StepThrough(c).run_forward()
    with pytest.raises(ValueError, match='"a" has no gradient yet'):
        s.card(s.order[0])


def test_blocks_are_found_inside_try_and_with():
    from graphlab.train.teach import node_blocks

    src = '''
class M:
    def trace(self, x, training=False):
        was_training = self.training
        self.train(training)
        try:
            h = x * 2  # [4]
            with ctx():
                tmp = h + 1
                y = tmp * h  # [4]
        finally:
            self.train(was_training)
        return {"x": x, "h": h, "y": y}
'''
    blocks = node_blocks(src, {"n1": "x", "n2": "h", "n3": "y"})
    assert set(blocks) == {"n1", "n2", "n3"}
    assert blocks["n3"].reads == ["h"] and "tmp = h + 1" in blocks["n3"].text
