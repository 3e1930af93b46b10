"""The TF optimizer of generated code follows torch.optim's update rules exactly,
hyperparameter for hyperparameter."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import tf_optimizer
from graphlab.train.optimizers import OptimizerError, resolve, torch_optimizer

CASES = [
    ("sgd", {}), ("sgd", {"momentum": 0.9}), ("sgd", {"momentum": 0.9, "nesterov": True,
                                                       "weight_decay": 0.01}),
    ("sgd", {"momentum": 0.5, "dampening": 0.3}),
    ("adam", {}), ("adam", {"betas": [0.8, 0.99], "eps": 1e-3, "weight_decay": 0.1}),
    ("adam", {"amsgrad": True}),
    ("adamw", {}), ("adamw", {"weight_decay": 0.3, "amsgrad": True}),
    ("rmsprop", {}), ("rmsprop", {"alpha": 0.9, "momentum": 0.8, "centered": True,
                                  "weight_decay": 0.05, "eps": 1e-4}),
]


class _TorchSide:
    def __init__(self, name, hp, w0, x, y, lr):
        import torch

        self.torch = torch
        self.w = torch.tensor(w0, requires_grad=True)
        self.opt = torch_optimizer(name, [self.w], lr, hp)
        self.x, self.y = torch.tensor(x), torch.tensor(y)

    def step(self) -> None:
        self.opt.zero_grad()
        loss = ((self.x @ self.w - self.y) ** 2).mean() + self.torch.sin(self.w).sum()
        loss.backward()
        self.opt.step()

    def weights(self) -> np.ndarray:
        return self.w.detach().numpy().copy()


class _TFSide:
    def __init__(self, name, hp, w0, x, y, lr):
        import tensorflow as tf

        self.w = tf.Variable(w0)
        # the class a generated TF file with this optimizer defines
        self.opt = tf_optimizer.optimizer_class(name)([self.w], lr, **hp)
        x, y = tf.constant(x), tf.constant(y)

        @tf.function
        def step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((x @ self.w - y) ** 2) + tf.reduce_sum(tf.sin(self.w))
            self.opt.apply(tape.gradient(loss, [self.w]))

        self.step = step


@pytest.mark.parametrize("name,params", CASES)
def test_tf_updates_match_torch(name, params):
    """Lockstep: before each step TF gets torch's weights, so only the update rule (and
    the optimizer state it carries) is compared, not two free-running trajectories."""
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(5, 3)).astype(np.float32)
    x = rng.normal(size=(16, 5)).astype(np.float32)
    y = rng.normal(size=(16, 3)).astype(np.float32)
    hp = resolve(name, params)
    t, f = _TorchSide(name, hp, w0, x, y, 0.05), _TFSide(name, hp, w0, x, y, 0.05)
    for step in range(25):
        before = t.weights()
        f.w.assign(before)
        t.step()
        f.step()
        want, got = t.weights() - before, f.w.numpy() - before
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6,
                                   err_msg=f"{name} {params} step {step + 1}")
    assert np.abs(t.weights() - w0).max() > 1e-2  # it moved


def test_resolve_writes_out_every_hyperparameter_and_refuses_unknown_ones():
    assert resolve("adam") == {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
                               "amsgrad": False}
    assert resolve("SGD", {"momentum": 0.9})["momentum"] == 0.9
    with pytest.raises(OptimizerError, match="no parameter 'betas'"):
        resolve("sgd", {"betas": [0.9, 0.99]})
    with pytest.raises(OptimizerError, match="choose one of sgd, adam, adamw, rmsprop"):
        resolve("lbfgs")
