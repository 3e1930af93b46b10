"""BCELoss where a Sigmoid has saturated to exactly 0 or 1: TF must match torch's finite
gradient (plain autodiff of the clamped logs gives 0 * inf = NaN and stopped seed_mlp)."""

import numpy as np

import graphlab


def test_bce_gradient_is_finite_and_equal_at_saturation():
    import tensorflow as tf
    import torch

    g = graphlab.example("seed_mlp")
    ct, cf = graphlab.build(g, "torch"), graphlab.build(g, "tf")
    p = np.array([[1.0], [0.0], [0.3], [0.9999]], np.float32)
    t = np.array([[0.0], [1.0], [1.0], [1.0]], np.float32)
    pt = torch.tensor(p, requires_grad=True)
    loss_t = ct.loss_fn(pt, torch.tensor(t))
    loss_t.backward()
    pf = tf.Variable(p)
    with tf.GradientTape() as tape:
        loss_f = cf.loss_fn(pf, tf.constant(t))
    grad_f = tape.gradient(loss_f, pf).numpy()
    assert np.isfinite(grad_f).all()
    np.testing.assert_allclose(float(loss_f), loss_t.item(), rtol=1e-6)
    np.testing.assert_allclose(grad_f, pt.grad.numpy(), rtol=1e-5)


def test_seed_mlp_trains_to_the_end_on_tf():
    from graphlab.train.session import TrainingSession

    session = TrainingSession(graphlab.example("seed_mlp"), backend="tf")
    session.start()
    session.wait(timeout=240)
    result = session.result
    assert result.status == "finished", result.message
