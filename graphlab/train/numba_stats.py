"""Probe statistics on the CPU as one compiled numba kernel.

A probe step on the CPU reduces every value and gradient of the network (tens of
thousands of numbers for a small MLP) to rows of statistics. numpy needs about fifteen
passes and a Python loop per tensor for that; this kernel makes two passes per tensor
in machine code and releases the GIL while it runs, so a probe costs a fraction of a
training step. Produces the rows of :mod:`graphlab.train.numpy_stats` (same float32
bin arithmetic, so the histograms are identical; sums are accumulated in float64).

numba is a base dependency; when it cannot be imported (a Python it does not support
yet) :func:`available` says so and the runners use :class:`NumpyStats` instead.
"""

from __future__ import annotations

import numpy as np

from graphlab.train.stats_layout import (
    BINS,
    HIST0,
    ROW,
    SAMPLE0,
    SAMPLES,
    finish_rows,
    sample_positions,
)

try:
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None


def available() -> bool:
    return numba is not None


def host_stats(warm: bool = False):
    """The fastest statistics for tensors in host memory: :class:`NumbaStats`, or
    :class:`NumpyStats` where numba is missing. ``warm`` compiles (or loads from numba's
    cache) the kernel now, so the first probe of a run does not stall."""
    if numba is None:
        from graphlab.train.numpy_stats import NumpyStats

        return NumpyStats()
    stats = NumbaStats()
    if warm:
        stats.rows([np.zeros(2, dtype=np.float32)])
    return stats


# Each helper walks one segment ``seg`` (a slice, indexed from 0 so LLVM can vectorise
# the loop: with fastmath the sums, counts and the bin map run in SIMD lanes).

def _sum(seg):
    """float64 sum of a segment. Non-finite when any value is (the caller's cue to take
    the finite-only path)."""
    s = 0.0
    for i in range(seg.size):
        s += seg[i]
    return s


def _zeros(seg):
    z = 0
    for i in range(seg.size):
        z += seg[i] == 0
    return z


def _spread(seg, mean):
    """Sum of squared deviations from ``mean``."""
    s2 = 0.0
    for i in range(seg.size):
        d = seg[i] - mean
        s2 += d * d
    return s2


def _bins(seg, scale, shift, out):
    """Bin of each value, in float32 exactly as numpy_stats and torch_stats compute it:
    floor(clip(x * scale - shift, 0, BINS - 1)) (t >= 0, so int() is floor())."""
    top = np.float32(BINS - 1)
    zero = np.float32(0)
    for i in range(seg.size):
        t = seg[i] * scale - shift
        t = zero if t < zero else t
        t = top if t > top else t
        out[i] = np.int32(t)


def _count(bins, counts):
    """Histogram of bin numbers into ``counts`` [4, BINS]: four interleaved sub-histograms
    keep consecutive values in the same bin from waiting on each other's store."""
    for i in range(bins.size):
        counts[i & 3, bins[i]] += 1


def _finite_only(seg):
    """(sum, count, min, max, zeros, squared deviations later) over the finite values: the
    rare slow path, taken only for a segment holding NaN or inf."""
    s = 0.0
    cnt = 0
    mn = np.float32(np.inf)
    mx = np.float32(-np.inf)
    for i in range(seg.size):
        x = seg[i]
        if np.isfinite(x):
            s += x
            cnt += 1
            mn = min(mn, x)
            mx = max(mx, x)
    return s, cnt, mn, mx


def _rows(flat, starts, sizes, sample_idx, mins, maxs, scratch, out):
    """Fill ``out`` [n, ROW] with one row per segment flat[starts[i]:starts[i]+sizes[i]].

    ``mins``/``maxs`` are the segments' minima and maxima from numpy (its SIMD reductions
    beat a compiled loop here); they are recomputed for a segment with non-finite values.
    ``scratch`` is an int32 buffer of at least ``max(sizes)`` for the bin numbers.
    """
    bins = np.float32(BINS)
    counts = np.zeros((4, BINS), dtype=np.int64)
    for i in range(starts.shape[0]):
        n = sizes[i]
        seg = flat[starts[i]:starts[i] + n]
        total = np.float32(n)
        s = _sum(seg)
        cnt = n
        mn = mins[i]
        mx = maxs[i]
        finite = np.isfinite(s)
        if not finite:
            s, cnt, mn, mx = _finite_only(seg)
            seg = seg[np.isfinite(seg)]  # a copy, only on this rare path
        safe = max(cnt, 1)
        mean = np.float32(s / safe)
        span = np.float32(mx - mn)
        scale = np.float32(0)
        if np.isfinite(span) and span > 0:
            scale = np.float32(bins / span)
        shift = np.float32(mn * scale) if np.isfinite(mn) else np.float32(0)
        counts[:] = 0
        b = scratch[:seg.size]
        _bins(seg, scale, shift, b)
        _count(b, counts)
        for j in range(BINS):
            out[i, HIST0 + j] = counts[0, j] + counts[1, j] + counts[2, j] + counts[3, j]
        out[i, 0] = mean
        out[i, 1] = np.sqrt(_spread(seg, mean) / safe)
        out[i, 2] = mn
        out[i, 3] = mx
        out[i, 4] = _zeros(seg) / total
        out[i, 5] = (total - cnt) / total
        out[i, 6] = total
        for j in range(SAMPLES):
            out[i, SAMPLE0 + j] = flat[sample_idx[i * SAMPLES + j]]


if numba is not None:
    _fast = numba.njit(cache=True, nogil=True, fastmath={"reassoc", "nsz"})
    _sum, _zeros, _spread, _bins = _fast(_sum), _fast(_zeros), _fast(_spread), _fast(_bins)
    _plain = numba.njit(cache=True, nogil=True)
    _count, _finite_only, _rows = _plain(_count), _plain(_finite_only), _plain(_rows)


class NumbaStats:
    """Stats rows of a list of arrays (or of one flat float32 buffer and its sizes)."""

    def __init__(self) -> None:
        if numba is None:
            raise RuntimeError("numba is not installed")
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._scratch = np.empty(0, dtype=np.int32)

    def layout(self, sizes: tuple[int, ...]):
        """(starts, sizes, sample positions) for tensors of these element counts."""
        hit = self._cache.get(sizes)
        if hit is None:
            sz = np.asarray(sizes, dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(sz)[:-1]]).astype(np.int64)
            samples = np.concatenate([s + sample_positions(int(n)) for s, n in
                                      zip(starts, sz, strict=True)]).astype(np.int64)
            hit = (starts, sz, samples)
            self._cache[sizes] = hit
        return hit

    def rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        """[len(arrays), ROW] float32 rows."""
        if not arrays:
            return np.zeros((0, ROW), dtype=np.float32)
        sizes = tuple(int(a.size) for a in arrays)
        flat = np.concatenate([np.asarray(a, dtype=np.float32).reshape(-1) for a in arrays])
        return self.flat_rows(flat, sizes)

    def flat_rows(self, flat: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
        """Rows of the tensors laid end to end in the float32 vector ``flat``."""
        if 0 in sizes:
            raise ValueError("cannot take statistics of an empty tensor")
        starts, sz, samples = self.layout(sizes)
        if self._scratch.size < sz.max():
            self._scratch = np.empty(int(sz.max()), dtype=np.int32)
        with np.errstate(invalid="ignore"):  # NaN in a segment: recomputed in the kernel
            mins = np.minimum.reduceat(flat, starts)
            maxs = np.maximum.reduceat(flat, starts)
        out = np.zeros((len(sizes), ROW), dtype=np.float32)
        _rows(flat, starts, sz, samples, mins, maxs, self._scratch, out)
        return finish_rows(out)
