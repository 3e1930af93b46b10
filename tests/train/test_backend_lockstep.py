"""Torch and TF take the same training step: lockstep, not free-running curves.

Two free-running float32 trainings drift apart on any CPU (each picks its own conv and
GEMM kernels, and 50 momentum steps amplify the last bit), so comparing their curves
tightly measures chaos. Instead both backends start every step from the same weights
(torch's, copied into TF), take the same batch, and must agree on the loss and on the
weights after the update. Free-running runs only have to learn and end close.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from graphlab import example
from graphlab.cli import main
from graphlab.graph.fileformat import save
from graphlab.train.memory import MemoryGuard
from graphlab.train.model_info import ModelInfo
from graphlab.train.session import TrainingSession, _compile, _make_runner

pytest.importorskip("torch")
pytest.importorskip("tensorflow")

pytestmark = pytest.mark.kernels

OPTIMIZERS = [("sgd", {"momentum": 0.9}, 0.05), ("adam", {}, 0.002),
              ("adamw", {"weight_decay": 0.01}, 0.002)]
STEPS = 6


def dilated_cnn():
    """digits_cnn with both convs dilated: stride 1 with pads, stride 2 with "same"."""
    g = example("digits_cnn")
    for attr, value in (("dilation", 2), ("padding", 2)):
        g.set_attr("n3", attr, value)
    for attr, value in (("dilation", 2), ("stride", 2), ("padding", "same")):
        g.set_attr("n6", attr, value)
    g.set_attr("n10", "in_features", 32)
    assert not g.analysis.errors(), g.analysis.errors()
    return g


GRAPHS = {"digits_mlp": lambda: example("digits_mlp"), "digits_cnn": lambda: example("digits_cnn"),
          "dilated_cnn": dilated_cnn}


def _runner(session: TrainingSession, backend: str):
    config = session.config
    config.backend = backend
    compiled = _compile(session.graph, config)
    info = ModelInfo.from_compiled(compiled, session.graph)
    runner = _make_runner(compiled, info, config, MemoryGuard(session.graph, None))
    d = session.data
    runner.set_data(d.x_train, d.y_train, d.x_val, d.y_val)
    return runner


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-6))


@pytest.mark.parametrize("graph", list(GRAPHS))
@pytest.mark.parametrize("optimizer,params,lr", OPTIMIZERS, ids=[o[0] for o in OPTIMIZERS])
def test_each_step_agrees_from_the_same_weights(graph, optimizer, params, lr):
    session = TrainingSession(GRAPHS[graph](), optimizer=optimizer, optimizer_params=params,
                              lr=lr, seed=3)
    session.prepare()
    torch_r = _runner(session, "torch")
    tf_r = _runner(session, "tf")
    bs = session.config.batch_size
    order = np.random.default_rng(3).permutation(session.data.n_train)
    for step in range(STEPS):
        idx = order[step * bs:(step + 1) * bs]
        before = torch_r.get_weights()
        tf_r.set_weights(before)
        rt, rf = torch_r.train_step(idx), tf_r.train_step(idx)
        where = f"{graph} {optimizer} step {step + 1}"
        assert rt.applied and rf.applied, where
        assert abs(rt.loss - rf.loss) <= 1e-5 * max(1.0, abs(rt.loss)), \
            f"{where}: loss torch {rt.loss!r} vs TF {rf.loss!r}"
        after_t, after_f = torch_r.get_weights(), tf_r.get_weights()
        assert set(after_t) == set(after_f)
        for name in after_t:
            err = _rel(after_f[name] - before[name], after_t[name] - before[name])
            assert err < 1e-4, f"{where}: update of {name} differs by {err:.2e} (relative)"
            np.testing.assert_allclose(after_f[name], after_t[name], rtol=1e-4, atol=1e-6,
                                       err_msg=where)


@pytest.mark.parametrize("graph", ["digits_mlp", "digits_cnn"])
def test_free_running_trainings_both_learn_and_end_close(graph):
    finals = []
    for backend in ("torch", "tf"):
        s = TrainingSession(example(graph), backend=backend, optimizer="sgd",
                            optimizer_params={"momentum": 0.9}, lr=0.05, max_steps=50)
        r = s.run()
        assert r.status == "finished", r.message
        losses = np.array([loss for _, loss in s.losses])
        assert len(losses) == 50
        assert losses[-10:].mean() < 0.5 * losses[0], f"{backend} did not learn: {losses}"
        finals.append(losses[-10:].mean())
    torch_final, tf_final = finals
    assert abs(tf_final - torch_final) <= 0.05 * torch_final + 0.02, finals


def test_cli_trains_dilated_convolutions_on_tf(tmp_path, capsys):
    path = tmp_path / "dilated.graphlab.json"
    save(dilated_cnn(), path)
    assert main(["train", str(path), "--backend", "tf", "--epochs", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "finished", result
    assert result["val_accuracy"] > 0.5, result
