"""Probe statistics agree with values and gradients computed independently.

The test compiles the graph itself, takes the session's first batch (the documented
data order: ``default_rng([seed, epoch]).permutation``), runs ``model.trace`` by hand and
differentiates with ``torch.autograd.grad`` / ``tf.GradientTape``, then compares numpy
statistics with the frame the session produced.
"""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.compiler import compile_graph
from graphlab.train.datasets import prepare
from graphlab.train.frames import PROBE
from graphlab.train.session import TrainingSession

GRAPH = "residual"  # a skip connection: one value feeding two nodes


def first_probe(backend):
    g = example(GRAPH)
    s = TrainingSession(g, backend=backend, probe_every=1, max_steps=1)
    frames = []
    s.subscribe(frames.append)
    r = s.run()
    assert r.status == "finished", r.message
    probes = [f for f in frames if f.kind == PROBE]
    assert len(probes) == 1
    return g, s, probes[0]


def first_batch(g, s):
    c = s.config
    d = prepare(g, c.dataset, c.val_fraction, c.standardize, c.seed)
    idx = np.random.default_rng([c.seed, 1]).permutation(d.n_train)[:c.batch_size]
    return d.x_train[idx], d.y_train[idx]


def check_row(stats, arr):
    arr = np.asarray(arr, dtype=np.float64).ravel()
    np.testing.assert_allclose([stats.mean, stats.std, stats.min, stats.max],
                               [arr.mean(), arr.std(), arr.min(), arr.max()],
                               rtol=2e-4, atol=1e-6)
    assert stats.zero_fraction == pytest.approx(np.mean(arr == 0))
    assert stats.nonfinite_fraction == 0 and stats.count == arr.size
    hist = np.histogram(arr, 32, (arr.min(), arr.max()))[0]
    assert np.abs(stats.histogram - hist).sum() <= 2  # float32 vs float64 bin edges
    pos = np.round(np.linspace(0, arr.size - 1, 8)).astype(int) if arr.size > 8 else \
        np.arange(arr.size)
    np.testing.assert_allclose(stats.samples, arr[pos], rtol=1e-5, atol=1e-6)


def names_by_id(compiled):
    return {nid: compiled.plan.names[nid] for nid in compiled.plan.by_id}


def test_torch_probe_matches_autograd():
    import torch

    g, s, frame = first_probe("torch")
    x, y = first_batch(g, s)
    c = compile_graph(g, "torch", seed=s.config.seed)
    xt = torch.tensor(x, requires_grad=True)
    values = c.model.trace(xt, torch.tensor(y), training=True)
    names = names_by_id(c)
    loss = sum(values[names[n]] for n in c.plan.loss_ids)
    float_ids = [n for n in frame.node_ids if values[names[n]].is_floating_point()]
    params = dict(c.model.named_parameters())
    grads = torch.autograd.grad(loss, [values[names[n]] for n in float_ids]
                                + [params[p] for p in frame.param_names], allow_unused=True)
    assert frame.loss == pytest.approx(float(loss.detach()), rel=1e-5)
    for nid in frame.node_ids:
        check_row(frame.value_stats(nid), values[names[nid]].detach().numpy())
    for nid, gr in zip(float_ids, grads, strict=False):
        if gr is None:
            assert frame.grad_stats(nid) is None
        else:
            check_row(frame.grad_stats(nid), gr.numpy())
    assert frame.grad_stats(g.find("label")) is None  # int targets have no gradient
    for name, gr in zip(frame.param_names, grads[len(float_ids):], strict=True):
        check_row(frame.param_grad_stats(name), gr.numpy())


def test_tf_probe_matches_gradient_tape():
    import tensorflow as tf

    g, s, frame = first_probe("tf")
    x, y = first_batch(g, s)
    c = compile_graph(g, "tf", seed=s.config.seed)
    xt = tf.constant(x)
    names = names_by_id(c)
    variables = c.model.named_variables()
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(xt)
        values = c.model.trace(xt, tf.constant(y), training=True)
        loss = tf.add_n([values[names[n]] for n in c.plan.loss_ids])
    assert frame.loss == pytest.approx(float(loss), rel=1e-5)
    for nid in frame.node_ids:
        v = values[names[nid]]
        check_row(frame.value_stats(nid), v.numpy())
        if v.dtype.is_floating:
            check_row(frame.grad_stats(nid), tape.gradient(loss, v).numpy())
    for name in frame.param_names:
        gr = tape.gradient(loss, variables[name]).numpy()
        perm = c.namespace.WEIGHTS[name][1]
        check_row(frame.param_grad_stats(name), np.transpose(gr, np.argsort(perm)) if perm
                  else gr)


def test_probe_frames_come_every_k_steps_with_fixed_shapes():
    s = TrainingSession(example("xor"), backend="torch", probe_every=4, max_steps=10)
    frames = []
    s.subscribe(frames.append)
    s.run()
    probes = [f for f in frames if f.kind == PROBE]
    assert [f.step for f in probes] == [1, 5, 9]
    assert len({f.values.shape for f in probes}) == 1
    assert probes[0].values.shape[0] == len(probes[0].node_ids)
    d = probes[0].to_dict()
    assert set(d["nodes"]) == set(probes[0].node_ids)


def _runner(backend, graph="digits_cnn"):
    from graphlab.train.memory import MemoryGuard
    from graphlab.train.model_info import ModelInfo

    g = example(graph)
    s = TrainingSession(g, backend=backend)
    s.prepare()
    c = compile_graph(g, backend, seed=s.config.seed)
    info = ModelInfo.from_compiled(c, g)
    if backend == "torch":
        from graphlab.train.runner_torch import TorchRunner as R
    else:
        from graphlab.train.runner_tf import TFRunner as R
    r = R(c, info, s.config, MemoryGuard(g, None))
    d = s.data
    r.set_data(d.x_train, d.y_train, d.x_val, d.y_val)
    return r


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_accelerator_stats_path_gives_the_same_rows_as_the_cpu_path(backend):
    """On a GPU the rows are reduced on the device (torch_stats / tf_stats); on the CPU
    numpy reduces them in place. Both paths run here on the same batch and must agree."""
    from graphlab.train.torch_stats import TorchStats

    idx = np.arange(48)
    cpu_path = _runner(backend).probe_step(idx, apply=False)
    r = _runner(backend)
    if backend == "torch":
        r.stats, r.host_stats = TorchStats(), False
    else:
        r.host_stats = False
        r._probe = __import__("tensorflow").function(
            r._probe_step, input_signature=r._probe.input_signature)
    dev_path = r.probe_step(idx, apply=False)
    for a, b in ((cpu_path.values, dev_path.values), (cpu_path.grads, dev_path.grads),
                 (cpu_path.param_grads, dev_path.param_grads)):
        np.testing.assert_allclose(a[:, :7], b[:, :7], rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(a[:, 7:39], b[:, 7:39], atol=2)  # float32 bin edges
        np.testing.assert_allclose(a[:, 39:], b[:, 39:], rtol=1e-6)  # sample values
    assert cpu_path.loss == pytest.approx(dev_path.loss, rel=1e-6)


def test_tf_traces_the_plain_and_probe_steps_once_each():
    s = TrainingSession(example("digits_mlp"), backend="tf", epochs=2, probe_every=5)
    assert s.run().status == "finished"  # 23 batches per epoch, the last one smaller
    r = s._runner
    assert r._plain.experimental_get_tracing_count() == 1
    assert r._probe.experimental_get_tracing_count() == 1
