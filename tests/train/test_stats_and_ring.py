"""Probe statistics rows (torch and TF agree with numpy) and the bounded history."""

from __future__ import annotations

import numpy as np

from graphlab.train.ring import RingBuffer
from graphlab.train.stats_layout import BINS, TensorStats


def reference(a: np.ndarray) -> dict:
    a = a.astype(np.float64).ravel()
    fin = a[np.isfinite(a)]
    return {"mean": fin.mean(), "std": fin.std(), "min": fin.min(), "max": fin.max(),
            "zero_fraction": np.mean(a == 0), "nonfinite_fraction": np.mean(~np.isfinite(a)),
            "histogram": np.histogram(fin, BINS, (fin.min(), fin.max()))[0]}


def check(stats: TensorStats, a: np.ndarray) -> None:
    ref = reference(a)
    for k in ("mean", "std", "min", "max", "zero_fraction", "nonfinite_fraction"):
        np.testing.assert_allclose(getattr(stats, k), ref[k], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(stats.histogram, ref["histogram"])
    assert stats.count == a.size


def tensors():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(7, 13)).astype(np.float32)
    b = np.array([1.0, 0.0, np.inf, 3.0, np.nan, 0.0], dtype=np.float32)
    c = np.maximum(rng.normal(size=(4, 3, 5, 5)), 0).astype(np.float32)
    return [a, b, c]


def test_torch_rows_match_numpy():
    import torch

    from graphlab.train.torch_stats import TorchStats

    arrays = tensors()
    rows = TorchStats().rows([torch.tensor(a) for a in arrays])
    for row, a in zip(rows, arrays, strict=True):
        check(TensorStats.from_row(row), a)
    s = TensorStats.from_row(rows[1])
    np.testing.assert_array_equal(s.samples[:4], [1.0, 0.0, np.inf, 3.0])


def test_numpy_rows_match_numpy_reference():
    from graphlab.train.numpy_stats import NumpyStats

    arrays = tensors()
    rows = NumpyStats().rows(arrays)
    for row, a in zip(rows, arrays, strict=True):
        check(TensorStats.from_row(row), a)


def test_tf_rows_match_numpy():
    import tensorflow as tf

    from graphlab.train.stats_layout import finish_rows
    from graphlab.train.tf_stats import device_rows

    arrays = tensors()
    rows = finish_rows(tf.function(device_rows)([tf.constant(a) for a in arrays]).numpy())
    for row, a in zip(rows, arrays, strict=True):
        check(TensorStats.from_row(row), a)


def test_ring_buffer_keeps_the_newest_in_order():
    r = RingBuffer(3)
    assert r.latest is None and len(r) == 0
    for i in range(5):
        r.append(i)
    assert r.items() == [2, 3, 4] and r.latest == 4 and len(r) == 3
