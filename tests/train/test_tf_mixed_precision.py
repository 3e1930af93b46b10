"""Mixed precision on the TF backend (issue 17): graphlab's own dynamic loss scaling.

On a GPU the TF runner turns on TF's float16 graph rewrite and scales the loss itself;
here, without one, the scaler is forced on through its own constructor (float32 math,
so the scaling is exact and its rules show plainly): gradients come back unscaled, a
step whose scaled gradients overflow is skipped and halves the scale, finite steps grow
it. `--mixed-precision` on a CPU trains in float32 as before, with a note.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf

from graphlab import example
from graphlab.cli import main
from graphlab.compile import compile_graph
from graphlab.graph import Graph
from graphlab.train.config import TrainConfig
from graphlab.train.loss_scale import LossScale
from graphlab.train.memory import MemoryGuard
from graphlab.train.model_info import ModelInfo
from graphlab.train.runner_tf import TFRunner, set_mixed_rewrite
from graphlab.train.session import TrainingSession
from graphlab.train.stats_layout import COL
from tests.train.loss_scale_helpers import BATCH, assert_same_gradient_stats, regression_graph

NOTE = "mixed precision needs a CUDA device; trained in float32 on cpu"


def make_runner(graph: Graph, scaler: LossScale | None, target: float = 1.0) -> TFRunner:
    cfg = TrainConfig.from_graph(graph, backend="tf", device="cpu", mixed_precision=True)
    compiled = compile_graph(graph, "tf", seed=cfg.seed)
    info = ModelInfo.from_compiled(compiled, compiled.plan.step_graph)
    runner = TFRunner(compiled, info, cfg, MemoryGuard(graph, None), scaler=scaler)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 4)).astype(np.float32)
    y = np.full((16, 1), target, np.float32) + rng.standard_normal((16, 1)).astype(
        np.float32)
    runner.set_data(x, y, x[:4], y[:4])
    return runner


def test_unscaled_gradients_and_steps_equal_the_unscaled_loss_ones():
    """Scale 2**16 on the loss, 2**-16 on every gradient: the probe's gradient
    statistics and the weights after a few steps are those of an unscaled run."""
    plain = make_runner(regression_graph(), None)
    scaled = make_runner(regression_graph(), LossScale(force=True))
    assert plain.scaler is None and scaled.scaler.scale == 2.0 ** 16
    a, b = plain.probe_step(BATCH), scaled.probe_step(BATCH)
    assert_same_gradient_stats(a, b)
    for _ in range(3):
        assert plain.train_step(BATCH).applied and scaled.train_step(BATCH).applied
    for name, w in plain.get_weights().items():
        np.testing.assert_allclose(scaled.get_weights()[name], w, rtol=1e-6, atol=1e-7)


def test_an_overflowing_step_is_skipped_and_halves_the_scale():
    """Targets near 1e4 make d loss/d out about 1e3: times 2**120 that overflows float32.
    Each such step leaves the weights as they were and halves the scale, until the
    scale is low enough; the run then takes exactly an unscaled run's steps."""
    scaler = LossScale(scale=2.0 ** 120, force=True)
    scaled = make_runner(regression_graph(), scaler, target=1e4)
    start = scaled.get_weights()
    first = scaled.train_step(BATCH)
    assert first.applied and np.isfinite(first.loss)  # skipped, not a fault
    assert scaler.scale == 2.0 ** 119
    for name, w in start.items():
        np.testing.assert_array_equal(scaled.get_weights()[name], w)
    scales = [scaler.scale]
    for _ in range(11):
        assert scaled.train_step(BATCH).applied
        scales.append(scaler.scale)
    skipped = scales.index(scales[-1]) + 1  # the scale stops falling at the first real step
    assert 2 <= skipped < 12 and scales[-1] < 2.0 ** 118
    assert all(s == 2.0 ** (119 - i) for i, s in enumerate(scales[:skipped]))
    plain = make_runner(regression_graph(), None, target=1e4)
    for _ in range(12 - skipped):
        plain.train_step(BATCH)
    for name, w in plain.get_weights().items():
        np.testing.assert_allclose(scaled.get_weights()[name], w, rtol=1e-6)


def test_a_probe_step_skips_the_same_way():
    scaler = LossScale(scale=2.0 ** 120, force=True)
    runner = make_runner(regression_graph(), scaler, target=1e4)
    start = runner.get_weights()
    r = runner.probe_step(BATCH)
    assert r.applied and scaler.scale == 2.0 ** 119
    for name, w in start.items():
        np.testing.assert_array_equal(runner.get_weights()[name], w)
    assert (r.param_grads[:, COL["nonfinite_fraction"]] > 0).any()  # what overflowed


def test_at_the_floor_an_overflow_is_a_fault_not_an_endless_skip():
    scaler = LossScale(scale=2.0 ** 120, floor=2.0 ** 120, force=True)
    runner = make_runner(regression_graph(), scaler, target=1e4)
    assert not runner.train_step(BATCH).applied
    assert scaler.scale == 2.0 ** 120


def test_finite_steps_grow_the_scale_after_the_interval():
    scaler = LossScale(scale=4.0, interval=3, force=True)
    runner = make_runner(regression_graph(), scaler)
    seen = []
    for _ in range(7):
        assert runner.train_step(BATCH).applied
        seen.append((scaler.scale, float(runner._scale.numpy())))
    assert seen == [(4, 4), (4, 4), (8, 8), (8, 8), (8, 8), (16, 16), (16, 16)]


def test_the_rule_alone():
    s = LossScale()
    assert (s.scale, s.growth, s.backoff, s.interval) == (2.0 ** 16, 2.0, 0.5, 2000)
    assert not s.active(on_gpu=False, mixed_precision=True)
    assert s.active(on_gpu=True, mixed_precision=True)
    s = LossScale(scale=2.0, interval=2)
    assert [s.update(True), s.update(False), s.update(True), s.update(True)] == [
        False, True, False, True]  # the skip restarts the count
    assert s.scale == 2.0
    assert s.update(False) and s.scale == 1.0 and s.at_floor()
    assert not s.update(False) and s.scale == 1.0
    with pytest.raises(ValueError, match="backoff 2"):
        LossScale(backoff=2)


def test_a_float32_run_turns_the_rewrite_off_again():
    set_mixed_rewrite(True)
    assert tf.config.optimizer.get_experimental_options()["auto_mixed_precision"]
    runner = make_runner(regression_graph(), None)  # mixed precision asked, but on a CPU
    assert runner.amp is False and runner.scaler is None
    assert not tf.config.optimizer.get_experimental_options().get("auto_mixed_precision")


def test_session_trains_tf_with_mixed_precision_on_cpu_in_float32():
    r = TrainingSession(example("xor"), backend="tf", mixed_precision=True,
                        max_steps=2).run()
    assert r.status == "finished", r.message
    assert any(NOTE in n for n in r.notes)


def test_cli_mixed_precision_with_tf_on_cpu_notes_and_trains_as_float32(capsys):
    args = ["train", "seed_mlp", "--backend", "tf", "--epochs", "2"]
    assert main(args + ["--mixed-precision"]) == 0
    assert NOTE in capsys.readouterr().out
    assert main(args + ["--mixed-precision", "--json"]) == 0
    mixed = json.loads(capsys.readouterr().out)
    assert main(args + ["--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert mixed["status"] == "finished" and mixed["train_loss"] == plain["train_loss"]
