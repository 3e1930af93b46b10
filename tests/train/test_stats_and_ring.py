"""Probe statistics rows (torch and TF, each held to the numpy reference) and the history.

tests/train/stats_reference.py defines the statistics; here both implementations
(graphlab.train.stats.reducer; torch's and TF's host and device paths) reduce seeded tensors, ordinary and hostile (NaN, inf,
empty, all-zero, constant, nothing finite, values a denormal apart, spans that overflow
float32, values exactly on bin edges), and every row must match the reference.
"""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.train.ring import RingBuffer
from graphlab.train.stats_layout import TensorStats
from tests.train.stats_reference import assert_row_matches, histogram, histogram_ok

# "torch-general": torch's general (accelerator) path, which on the CPU otherwise
# reduces only the tensors the host path hands it (non-finite values); "tf-graph": TF's
# in-graph (XLA) statistics, what a GPU runs ("tf" on the CPU hands them to numpy)
BACKENDS = ["torch", "torch-general", "tf", "tf-graph"]


def rows(backend: str, arrays: list[np.ndarray]) -> np.ndarray:
    if backend.startswith("torch"):
        import torch

        from graphlab.train.torch_stats import TorchStats

        ts = [torch.from_numpy(np.ascontiguousarray(a)) for a in arrays]
        return TorchStats(host_path=backend == "torch").rows(ts)
    import tensorflow as tf

    from graphlab.train.tf_stats import TFStats

    return TFStats(host_path=backend == "tf").rows([tf.constant(a) for a in arrays])


def hostile() -> list[np.ndarray]:
    rng = np.random.default_rng(2)
    f32 = np.float32
    return [
        rng.normal(size=(7, 13)).astype(f32),
        np.array([1.0, 0.0, np.inf, 3.0, np.nan, 0.0, -0.0], dtype=f32),
        np.maximum(rng.normal(size=(4, 3, 5, 5)), 0).astype(f32),  # a ReLU's zeros
        np.full(5, 2.5, dtype=f32),  # constant: every value in bin 0
        np.array([np.nan, np.inf, -np.inf], dtype=f32),  # nothing finite
        rng.integers(0, 10, 64),  # labels arrive as int64
        rng.standard_normal(20_000).astype(f32) * 1e4,  # long
        np.zeros(0, dtype=f32),  # empty
        np.zeros((3, 0, 2), dtype=f32),  # empty, with a shape
        np.zeros(100, dtype=f32),  # all zero
        (1000 + rng.standard_normal(5000) * 1e-2).astype(f32),  # mean far from 0
        np.arange(33, dtype=f32),  # every value exactly on a bin edge
        np.linspace(-1, 1, 1001).astype(f32),  # edges not representable in float32
        np.array([7.0], dtype=f32),
        np.array([-3e38, 3e38, 0.0], dtype=f32),  # max - min overflows float32
        np.array([3.0, np.nextafter(f32(3.0), f32(4.0))], dtype=f32),  # one float32 step
        rng.standard_normal((2, 3, 4)).astype(np.float64),  # float64 arrives as float32
    ]


def random_tensors(seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for n, s in zip(rng.integers(0, 3000, 40), 10.0 ** rng.uniform(-4, 4, 40), strict=True):
        a = (rng.standard_normal(int(n)) * s + rng.normal() * s).astype(np.float32)
        if n and rng.random() < 0.3:
            a[rng.integers(0, n, 3)] = rng.choice([np.nan, np.inf, -np.inf, 0.0], 3)
        out.append(a)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_rows_match_the_reference_on_hostile_tensors(backend):
    arrays = hostile()
    for i, (row, a) in enumerate(zip(rows(backend, arrays), arrays, strict=True)):
        assert_row_matches(row, a, f"{backend} tensor {i}")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("seed", [3, 4])
def test_rows_match_the_reference_on_random_tensors(backend, seed):
    arrays = random_tensors(seed)
    for i, (row, a) in enumerate(zip(rows(backend, arrays), arrays, strict=True)):
        assert_row_matches(row, a, f"{backend} seed {seed} tensor {i}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_what_a_user_reads_for_special_tensors(backend):
    """The rules as the panel shows them: ties on an edge count in the bin above, the top
    value in the last bin; non-finite values are counted apart and nowhere in the
    histogram; a constant tensor is one bar; an empty tensor has no statistics but a
    count of 0 and no non-finite values (so it never blocks an optimizer step)."""
    edges, mixed, const, empty, none = (TensorStats.from_row(r) for r in rows(backend, [
        np.arange(33, dtype=np.float32),
        np.array([1.0, 0.0, np.inf, 3.0, np.nan, 0.0], dtype=np.float32),
        np.full(5, 2.5, dtype=np.float32), np.zeros((2, 0), dtype=np.float32),
        np.array([np.nan, np.inf], dtype=np.float32)]))
    assert list(edges.histogram) == [1] * 31 + [2]
    assert mixed.histogram.sum() == 4 and mixed.nonfinite_fraction == pytest.approx(2 / 6)
    assert mixed.zero_fraction == pytest.approx(2 / 6) and (mixed.min, mixed.max) == (0, 3)
    np.testing.assert_array_equal(mixed.samples, [1.0, 0.0, np.inf, 3.0, np.nan, 0.0])
    assert (const.mean, const.std, const.min, const.max) == (2.5, 0, 2.5, 2.5)
    assert const.histogram[0] == 5
    assert empty.count == 0 and empty.finite and empty.histogram.sum() == 0
    assert np.isnan([empty.mean, empty.std, empty.min, empty.max]).all()
    assert len(empty.samples) == 0
    assert none.nonfinite_fraction == 1 and not none.finite and none.histogram.sum() == 0
    assert np.isnan([none.mean, none.std, none.min, none.max]).all()
    (alone,) = rows(backend, [np.zeros((0, 3), dtype=np.float32)])  # nothing at all
    assert TensorStats.from_row(alone).count == 0 and np.isnan(alone[-8:]).all()


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_long_and_huge_tensors_keep_their_mean_and_spread(backend):
    """A million ReLU outputs (a float32 dot product of their deviations drifts 3e-5 off
    the spread), values whose float32 sum overflows although every value and the span
    fit, and a constant near float32's maximum: the mean and std a user reads stay the
    float64 ones (the torch general path reads NaN for the mean of the second)."""
    rng = np.random.default_rng(5)
    arrays = [np.maximum(rng.standard_normal(1_000_000), 0).astype(np.float32),
              (rng.standard_normal(20_000) * 2e37).astype(np.float32),
              np.full(1000, 3e38, dtype=np.float32)]
    for i, (row, a) in enumerate(zip(rows(backend, arrays), arrays, strict=True)):
        assert_row_matches(row, a, f"{backend} tensor {i}")


def test_the_edge_rule_accepts_only_moves_across_an_edge():
    """A value within EDGE_TOL of an inner edge may count on either side of it; a value
    in the middle of a bin, or a count moved two bins, is a mismatch."""
    a = np.array([0.0, 1.0, 2.0, 32.0], dtype=np.float32)  # 1 and 2 lie on edges 1, 2
    exact = histogram(a.astype(np.float64))
    assert list(exact[:4]) == [1, 1, 1, 0] and exact[-1] == 1
    for moved in ([2, 0, 1, 0], [2, 1, 0, 0], [1, 2, 0, 0], [1, 1, 1, 0]):
        got = exact.copy()
        got[:4] = moved
        assert histogram_ok(got, a), moved
    for wrong in ([1, 0, 2, 0], [1, 1, 0, 1], [3, 0, 0, 0]):
        got = exact.copy()
        got[:4] = wrong
        assert not histogram_ok(got, a), wrong
    mid = np.array([0.0, 0.5, 32.0], dtype=np.float32)  # 0.5 is mid-bin: fixed
    got = histogram(mid.astype(np.float64))
    assert histogram_ok(got, mid)
    got[0], got[1] = got[0] + 1, got[1] - 1
    assert not histogram_ok(got, mid)


@pytest.mark.parametrize("backend", BACKENDS)
def test_values_a_denormal_apart_fall_in_the_first_bin(backend):
    """BINS / span overflows float32 here (a build of the stats once wrote a histogram
    count at a NaN bin index and crashed the process)."""
    arrays = [np.array([0.0, 1e-45], dtype=np.float32),
              np.array([1e-40, 2e-40, 3e-40, -1e-39], dtype=np.float32),
              np.array([3.0, np.nextafter(np.float32(3.0), np.float32(4.0))],
                       dtype=np.float32)]
    got = rows(backend, arrays)
    for row, a in zip(got[:2], arrays[:2], strict=True):
        s = TensorStats.from_row(row)
        assert s.histogram.sum() == a.size and s.histogram[0] == a.size
        # (TF flushes denormals to zero on the CPU)
        assert abs(s.min - a.min()) <= 1e-37 and abs(s.max - a.max()) <= 1e-37
    # an ordinary narrow range (one float32 step) still spreads over the bins
    assert list(TensorStats.from_row(got[2]).histogram[[0, -1]]) == [1, 1]


def test_ring_buffer_keeps_the_newest_in_order():
    r = RingBuffer(3)
    assert r.latest is None and len(r) == 0
    for i in range(5):
        r.append(i)
    assert r.items() == [2, 3, 4] and r.latest == 4 and len(r) == 3
