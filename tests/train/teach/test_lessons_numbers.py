"""The lessons' graphs give the numbers their texts promise, on both backends."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.lessons import LESSONS
from graphlab.train.teach import StepThrough


def _stepped(name, backend):
    g = LESSONS[name].build()
    s = StepThrough(compile_graph(g, backend)).run_all()
    return g, s, {g.node(n).label: n for n in s.order}


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_micrograds_readme_numbers(backend):
    g, s, by = _stepped("micrograd", backend)
    assert f"{float(s.value(by['g'])):.4f}" == "24.7041"
    assert f"{float(s.grad(by['a'])):.4f}" == "138.8338"
    assert f"{float(s.grad(by['b'])):.4f}" == "645.5773"
    # a is read five times (a + b, a·b, −a, b + a, b − a): one contribution per use
    card = s.card(by["a"])
    assert len(card.terms) == 5 and card.total == pytest.approx(138.8338, rel=1e-6)


def test_a_fan_out_sums_its_paths():
    g, s, by = _stepped("fan_out", "torch")
    card = s.card(by["x"])
    assert sorted(t.consumer_title for t in card.terms) == ["h", "m"]
    h = next(t for t in card.terms if t.consumer_title == "h")
    assert h.local == pytest.approx(1 - np.tanh(0.5) ** 2) and "1 − tanh²" in h.formula
    assert card.total == pytest.approx(1 - np.tanh(0.5) ** 2 - 2.0, rel=1e-6)


def test_weights_that_start_at_zero_get_no_gradient():
    from graphlab.train.datasets import prepare
    from graphlab.train.teach.update import OptimizerSetting

    g = LESSONS["initialization"].build()
    p = prepare(g, "moons", seed=0)
    s = StepThrough(compile_graph(g, "torch"), [p.x_train[:8]], [p.y_train[:8]],
                    optimizer=OptimizerSetting.of_training(g.training)).run_all()
    ws = {k: v for per in s.param_grads.values() for k, v in per.items()}
    for i in (1, 2, 3):
        assert not np.any(ws[f"W{i}"]), f"W{i}"
        np.testing.assert_array_equal(s.update.params[f"W{i}"].new_w, 0.0)


def test_every_lesson_builds_without_errors_and_says_what_to_watch_and_try():
    for lesson in LESSONS.values():
        g = lesson.build()
        assert not g.analysis.errors(), (lesson.name, g.analysis.errors())
        assert "<b>Watch:</b>" in lesson.text and "<b>Try:</b>" in lesson.text, lesson.name
    assert LESSONS["lr_too_small"].build().training["lr"] < LESSONS["lr_too_large"].build(
    ).training["lr"]
