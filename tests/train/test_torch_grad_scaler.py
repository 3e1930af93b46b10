"""With torch's GradScaler (float16 autocast on CUDA) the probes show the loss's own
gradients, not the scaled ones, and an overflowing step is the scaler's to skip.

No CUDA here: the runner is given torch's real GradScaler for the CPU, with autocast
off, so the scaling is exact and only it differs between the two runs."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from graphlab.compile import compile_graph  # noqa: E402
from graphlab.train.config import TrainConfig  # noqa: E402
from graphlab.train.memory import MemoryGuard  # noqa: E402
from graphlab.train.model_info import ModelInfo  # noqa: E402
from graphlab.train.runner_torch import TorchRunner  # noqa: E402
from tests.train.loss_scale_helpers import (  # noqa: E402
    BATCH,
    assert_same_gradient_stats,
    regression_graph,
)


def make_runner(scaled: bool, target: float = 1.0) -> TorchRunner:
    graph = regression_graph()
    cfg = TrainConfig.from_graph(graph, backend="torch", device="cpu")
    compiled = compile_graph(graph, "torch", seed=cfg.seed)
    info = ModelInfo.from_compiled(compiled, compiled.plan.step_graph)
    runner = TorchRunner(compiled, info, cfg, MemoryGuard(graph, None))
    if scaled:
        runner.scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 16)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 4)).astype(np.float32)
    y = np.full((16, 1), target, np.float32) + rng.standard_normal((16, 1)).astype(np.float32)
    runner.set_data(x, y, x[:4], y[:4])
    return runner


def test_probe_gradients_are_the_unscaled_ones():
    plain, scaled = make_runner(False), make_runner(True)
    a, b = plain.probe_step(BATCH), scaled.probe_step(BATCH)
    assert_same_gradient_stats(a, b)
    assert a.applied and b.applied
    for name, w in plain.get_weights().items():
        np.testing.assert_allclose(scaled.get_weights()[name], w, rtol=1e-6, atol=1e-7)


def test_an_overflowing_probe_step_is_skipped_by_the_scaler_not_a_fault():
    runner = make_runner(True, target=1e4)
    runner.scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 120)
    before = runner.get_weights()
    result = runner.probe_step(BATCH)
    assert result.applied  # the session goes on; the scaler skipped the update
    assert runner.scaler.get_scale() == 2.0 ** 119
    for name, w in before.items():
        np.testing.assert_array_equal(runner.get_weights()[name], w)
