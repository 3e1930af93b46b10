"""The model zoo in short: every zoo example trains 20 steps on both backends and its loss
falls (the full runs reaching each doc line's target are in docs/benchmarks.md:
python bench/zoo.py)."""

from __future__ import annotations

import math

import pytest

from graphlab import example
from graphlab.train.session import TrainingSession

ZOO = ["lenet5", "resnet_digits", "mobilenet_digits", "transformer_waveforms",
       "lstm_waveforms", "conv_autoencoder"]


@pytest.fixture(autouse=True)
def _one_torch_thread():
    """Small models on a shared 2-core machine: one intra-op thread is several times
    faster than two contending with TF's pools in the same process."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("backend", ["torch", "tf"])
@pytest.mark.parametrize("name", ZOO)
def test_a_zoo_model_learns_in_a_short_run(name, backend):
    pytest.importorskip("torch" if backend == "torch" else "tensorflow")
    session = TrainingSession(example(name), backend=backend, epochs=3, max_steps=20)
    result = session.run()
    assert result.status in ("finished", "stopped"), result.message
    losses = [loss for _, loss in session.losses]
    assert len(losses) == 20, losses
    first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
    assert math.isfinite(last) and last < first, (name, backend, losses[:5], losses[-5:])
