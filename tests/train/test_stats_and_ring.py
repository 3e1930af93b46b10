"""Probe statistics rows (torch and TF agree with numpy) and the bounded history."""

from __future__ import annotations

import numpy as np
import pytest

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


@pytest.mark.parametrize("kind", ["numba", "numpy"])
def test_host_rows_match_numpy_reference(kind):
    from graphlab.train.numba_stats import NumbaStats
    from graphlab.train.numpy_stats import NumpyStats

    rng = np.random.default_rng(2)
    arrays = tensors() + [
        np.full(5, 2.5, dtype=np.float32),  # constant: every value in the first bin
        np.array([np.nan, np.inf, -np.inf], dtype=np.float32),  # nothing finite
        rng.integers(0, 10, 64),  # labels arrive as int64
        rng.standard_normal(20_000).astype(np.float32) * 1e4,  # long: the SIMD loops
    ]
    stats = NumbaStats() if kind == "numba" else NumpyStats()
    rows = stats.rows(arrays)
    for i, (row, a) in enumerate(zip(rows, arrays, strict=True)):
        if i not in (3, 4):  # np.histogram widens a zero-width range; no finite values
            check(TensorStats.from_row(row), a)
    const = TensorStats.from_row(rows[3])
    assert (const.mean, const.std, const.min, const.max) == (2.5, 0, 2.5, 2.5)
    none = TensorStats.from_row(rows[4])
    assert none.nonfinite_fraction == 1 and np.isnan(none.min) and none.histogram.sum() == 0
    assert TensorStats.from_row(rows[3]).histogram[0] == 5


def test_numba_and_numpy_rows_agree_on_random_tensors():
    """The compiled kernel and the numpy fallback give the same rows (histograms exactly)."""
    from graphlab.train.numba_stats import NumbaStats
    from graphlab.train.numpy_stats import NumpyStats

    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(int(n)).astype(np.float32) * s
              for n, s in zip(rng.integers(1, 3000, 40), rng.uniform(1e-3, 1e3, 40),
                              strict=True)]
    arrays[7][::11] = 0
    arrays[9][5] = np.nan
    a, b = NumbaStats().rows(arrays), NumpyStats().rows(arrays)
    np.testing.assert_allclose(a[:, :7], b[:, :7], rtol=2e-5, atol=1e-6)
    np.testing.assert_array_equal(a[:, 7:], b[:, 7:])


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


def tiny_span_tensors():
    """Values a denormal apart: BINS / span overflows float32 (a numba build of the stats
    once wrote a histogram count at a NaN bin index here and crashed the process)."""
    return [np.array([0.0, 1e-45], dtype=np.float32),
            np.array([1e-40, 2e-40, 3e-40, -1e-39], dtype=np.float32),
            np.array([3.0, np.nextafter(np.float32(3.0), np.float32(4.0))], dtype=np.float32)]


@pytest.mark.parametrize("kind", ["numba", "numpy", "torch", "tf"])
def test_values_a_denormal_apart_fall_in_the_first_bin(kind):
    arrays = tiny_span_tensors()
    if kind == "numba":
        from graphlab.train.numba_stats import NumbaStats

        rows = NumbaStats().rows(arrays)
    elif kind == "numpy":
        from graphlab.train.numpy_stats import NumpyStats

        rows = NumpyStats().rows(arrays)
    elif kind == "torch":
        import torch

        from graphlab.train.torch_stats import TorchStats

        rows = TorchStats().rows([torch.tensor(a) for a in arrays])
    else:
        import tensorflow as tf

        from graphlab.train.stats_layout import finish_rows
        from graphlab.train.tf_stats import device_rows

        rows = finish_rows(tf.function(device_rows)([tf.constant(a) for a in arrays]).numpy())
    for row, a in zip(rows[:2], arrays[:2], strict=True):
        s = TensorStats.from_row(row)
        assert s.histogram.sum() == a.size and s.histogram[0] == a.size
        # (TF flushes denormals to zero on the CPU)
        assert abs(s.min - a.min()) <= 1e-37 and abs(s.max - a.max()) <= 1e-37
    # an ordinary narrow range (one float32 step) still spreads over the bins
    assert list(TensorStats.from_row(rows[2]).histogram[[0, -1]]) == [1, 1]


def test_rows_at_reads_tensors_in_place_in_both_host_implementations():
    """The runners hand the kernel addresses, not arrays: rows land at their destinations,
    NaN rows elsewhere, and non-finite values are reported (numpy: the fallback)."""
    from graphlab.train.numba_stats import NumbaStats
    from graphlab.train.numpy_stats import NumpyStats

    arrays = [np.ascontiguousarray(a, dtype=np.float32) for a in tensors()]
    ptrs = np.array([a.ctypes.data for a in arrays], dtype=np.int64)
    sizes = tuple(a.size for a in arrays)
    dest = np.array([4, 0, 2])
    got = [impl.rows_at(ptrs, sizes, dest, 5) for impl in (NumbaStats(), NumpyStats())]
    for rows, finite in got:
        assert not finite  # tensors()[1] holds inf and NaN
        assert np.isnan(rows[[1, 3], 6]).all()  # no tensor there: no count
        for d, a in zip(dest, arrays, strict=True):
            if np.isfinite(a).all():
                check(TensorStats.from_row(rows[d]), a)
    np.testing.assert_allclose(got[0][0], got[1][0], rtol=2e-5, atol=1e-6)
    finite_only = NumbaStats().rows_at(ptrs[[0, 2]], sizes[0:1] + sizes[2:3], dest[:2], 5)
    assert finite_only[1]


def test_rows_at_reads_samples_where_the_caller_says_in_both_host_implementations():
    """A TF parameter gradient arrives transposed: its statistics are the same, and the
    runner passes the positions where the canonical layout's samples lie."""
    from graphlab.train.numba_stats import NumbaStats
    from graphlab.train.numpy_stats import NumpyStats
    from graphlab.train.stats_layout import (
        SAMPLE0,
        SAMPLES,
        canonical_positions,
        sample_positions,
    )

    rng = np.random.default_rng(3)
    for canonical, perm in ((rng.normal(size=(10, 7)), (1, 0)),
                            (rng.normal(size=(4, 3, 2, 5)), (2, 3, 1, 0))):
        canonical = canonical.astype(np.float32)
        stored = np.ascontiguousarray(np.transpose(canonical, perm))
        pos = canonical_positions(sample_positions(canonical.size), stored.shape, perm)
        ptrs = np.array([stored.ctypes.data], dtype=np.int64)
        for impl in (NumbaStats(), NumpyStats()):
            rows, _ = impl.rows_at(ptrs, (stored.size,), np.array([0]), 1, pos[None])
            want = canonical.reshape(-1)[sample_positions(canonical.size)]
            np.testing.assert_array_equal(rows[0, SAMPLE0:SAMPLE0 + SAMPLES], want)
            check(TensorStats.from_row(rows[0]), canonical)


def test_numba_min_and_max_order_every_kind_of_finite_float():
    """The kernel takes min and max on the floats' bits as integers: negative numbers,
    signed zeros, denormals and the float32 extremes must still order as floats."""
    from graphlab.train.numba_stats import _minmax

    f32 = np.finfo(np.float32)
    cases = [[-1.0, -2.0, -0.5], [0.0, -0.0], [-0.0], [3.0], [1e-45, -1e-45, 0.0],
             [f32.max, f32.min, 1.0], [-f32.max, -3.0, -f32.tiny], list(range(-50, 13))]
    for case in cases:
        a = np.array(case, dtype=np.float32)
        lo, hi = _minmax(a)
        assert (lo, hi) == (a.min(), a.max()), case
