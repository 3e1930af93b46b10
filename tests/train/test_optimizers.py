"""The TF optimizer of generated code follows torch.optim's update rules exactly,
hyperparameter for hyperparameter."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compiler import tf_optimizer
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


def _run_torch(name, hp, w0, x, y, steps, lr):
    import torch

    w = torch.tensor(w0, requires_grad=True)
    opt = torch_optimizer(name, [w], lr, hp)
    xt, yt = torch.tensor(x), torch.tensor(y)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((xt @ w - yt) ** 2).mean() + torch.sin(w).sum()
        loss.backward()
        opt.step()
    return w.detach().numpy()


def _run_tf(name, hp, w0, x, y, steps, lr):
    import tensorflow as tf

    w = tf.Variable(w0)
    namespace = {"tf": tf}
    exec(tf_optimizer.SOURCE, namespace)  # the class every generated TF module defines
    opt = namespace["TorchOptimizer"](name, lr, **hp)
    opt.build([w])
    xt, yt = tf.constant(x), tf.constant(y)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((xt @ w - yt) ** 2) + tf.reduce_sum(tf.sin(w))
        opt.apply(tape.gradient(loss, [w]), [w])

    for _ in range(steps):
        step()
    return w.numpy()


@pytest.mark.parametrize("name,params", CASES)
def test_tf_updates_match_torch(name, params):
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(5, 3)).astype(np.float32)
    x = rng.normal(size=(16, 5)).astype(np.float32)
    y = rng.normal(size=(16, 3)).astype(np.float32)
    hp = resolve(name, params)
    a = _run_torch(name, hp, w0, x, y, 25, 0.05)
    b = _run_tf(name, hp, w0, x, y, 25, 0.05)
    assert np.abs(a - w0).max() > 1e-2  # it moved
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_resolve_writes_out_every_hyperparameter_and_refuses_unknown_ones():
    assert resolve("adam") == {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
                               "amsgrad": False}
    assert resolve("SGD", {"momentum": 0.9})["momentum"] == 0.9
    with pytest.raises(OptimizerError, match="no parameter 'betas'"):
        resolve("sgd", {"betas": [0.9, 0.99]})
    with pytest.raises(OptimizerError, match="choose one of sgd, adam, adamw, rmsprop"):
        resolve("lbfgs")
