"""Probe statistics agree with values and gradients computed independently.

The test compiles the graph itself, takes the session's first batch (the documented
data order: ``default_rng([seed, epoch]).permutation``), runs ``model.trace`` by hand and
differentiates with ``torch.autograd.grad`` / ``tf.GradientTape``, then holds the frame
the session produced to the reference statistics (tests/train/stats_reference.py) of
those tensors. The session reduces them on the device it runs on, the CPU here.
"""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import example
from graphlab.compile import compile_graph
from graphlab.train.datasets import prepare
from graphlab.train.frames import PROBE
from graphlab.train.session import TrainingSession
from graphlab.train.stats_layout import COL, HIST0, ROW, SAMPLE0, SAMPLES, SUMMARY
from tests.train.stats_reference import assert_row_matches

# a skip connection (one value feeding two nodes); convolutions, whose TF values are NHWC
# inside the forward pass and whose weights TF holds transposed
GRAPHS = ["residual", "digits_cnn"]


def first_probe(backend, graph):
    g = example(graph)
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
    """The frame's row holds what the reference computes from the independent tensor
    (the same computation run again by hand: last-bit differences allowed)."""
    assert_row_matches(stats_row(stats), np.asarray(arr), recomputed=True)


def stats_row(stats) -> np.ndarray:
    """A decoded TensorStats back as a row (samples padded as the layout pads them)."""
    row = np.full(ROW, np.nan, dtype=np.float32)
    for k in SUMMARY[:-1]:
        row[COL[k]] = getattr(stats, k)
    row[COL["count"]] = stats.count
    row[HIST0:SAMPLE0] = stats.histogram
    s = stats.samples
    row[SAMPLE0:] = s[np.minimum(np.arange(SAMPLES), len(s) - 1)] if len(s) else np.nan
    return row


def names_by_id(compiled):
    return {nid: compiled.plan.names[nid] for nid in compiled.plan.by_id}


@pytest.mark.parametrize("graph", GRAPHS)
def test_torch_probe_matches_autograd(graph):
    import torch

    g, s, frame = first_probe("torch", graph)
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


@pytest.mark.parametrize("graph", GRAPHS)
def test_tf_probe_matches_gradient_tape(graph):
    import tensorflow as tf

    g, s, frame = first_probe("tf", graph)
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
        perm = getattr(c.namespace, "TF_LAYOUT", {}).get(name)
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


def test_tf_traces_the_plain_and_probe_steps_once_each():
    s = TrainingSession(example("digits_mlp"), backend="tf", epochs=2, probe_every=5)
    assert s.run().status == "finished"  # 23 batches per epoch, the last one smaller
    r = s._runner
    assert r._plain.experimental_get_tracing_count() == 1
    assert r._probe.experimental_get_tracing_count() == 1
