"""Probe statistics on the CPU with numpy: the fallback where numba is missing.

:mod:`graphlab.train.numba_stats` is the CPU path (several times faster: one compiled
call instead of a dozen numpy passes); this module computes the same rows with numpy's
vectorised loops over contiguous segments (``ufunc.reduceat``, ``bincount``), which still
beat torch CPU kernels on these sizes. Produces exactly the rows of
:mod:`graphlab.train.torch_stats`; the tests hold all of them to one numpy reference.
"""

from __future__ import annotations

import ctypes

import numpy as np

from graphlab.train.stats_layout import (
    BINS,
    MIN_SPAN,
    ROW,
    SAMPLE0,
    SAMPLES,
    finish_rows,
    place_rows,
    sample_positions,
)


class NumpyStats:
    def __init__(self) -> None:
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, ...]] = {}

    def _index(self, sizes: tuple[int, ...]):
        hit = self._cache.get(sizes)
        if hit is None:
            sz = np.asarray(sizes, dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(sz)[:-1]]).astype(np.int64)
            bounds = [(int(a), int(a + n)) for a, n in zip(starts, sz, strict=True)]
            seg_bins = np.repeat(np.arange(len(sizes), dtype=np.float32) * BINS, sz)
            samples = np.stack([s + sample_positions(n) for s, n in zip(starts, sizes,
                                                                         strict=True)])
            ones = np.ones(int(sz.max()), dtype=np.float32)
            hit = (starts, bounds, sz, seg_bins, samples.reshape(-1), sz.astype(np.float32),
                   ones)
            self._cache[sizes] = hit
        return hit

    def rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        """[len(arrays), ROW] float32 rows."""
        with np.errstate(all="ignore"):  # inf and NaN are data here, not accidents
            return self._rows(arrays)

    def _rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        if not arrays:
            return np.zeros((0, ROW), dtype=np.float32)
        flat = np.concatenate([np.asarray(a, dtype=np.float32).reshape(-1) for a in arrays])
        return self._flat_rows(flat, tuple(int(a.size) for a in arrays))

    def rows_at(self, ptrs: np.ndarray, sizes: tuple[int, ...], dest: np.ndarray,
                n_out: int, samples: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
        """What :meth:`NumbaStats.rows_at` computes: the float32 tensors at the addresses
        ``ptrs``, row i at ``dest[i]`` of [n_out, ROW] (NaN elsewhere), and whether every
        value was finite."""
        arrays = [np.ctypeslib.as_array((ctypes.c_float * int(n)).from_address(int(p)))
                  for p, n in zip(ptrs, sizes, strict=True)]
        rows = self.rows(arrays)
        if samples is not None:
            rows[:, SAMPLE0:] = np.stack([a[s] for a, s in zip(arrays, samples, strict=True)])
        return place_rows(rows, dest, n_out)

    def _flat_rows(self, flat: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
        n = len(sizes)
        if 0 in sizes:
            raise ValueError("cannot take statistics of an empty tensor")
        starts, bounds, sz, seg_bins, sample_idx, total, ones = self._index(sizes)
        # segment sums as BLAS dot products: SIMD, and far faster than add.reduceat
        s1 = np.array([np.dot(flat[a:b], ones[:b - a]) for a, b in bounds], dtype=np.float64)
        if np.all(np.isfinite(s1)):  # a finite sum means every element is finite
            cnt, ff, x0 = total, None, flat
            mn = np.minimum.reduceat(flat, starts)
            mx = np.maximum.reduceat(flat, starts)
        else:
            fin = np.isfinite(flat)
            ff = fin.astype(np.float32)
            x0 = np.where(fin, flat, np.float32(0))
            cnt = np.array([np.count_nonzero(fin[a:b]) for a, b in bounds], dtype=np.float32)
            s1 = np.array([np.dot(x0[a:b], ones[:b - a]) for a, b in bounds], dtype=np.float64)
            mn = np.minimum.reduceat(np.where(fin, flat, np.float32(np.inf)), starts)
            mx = np.maximum.reduceat(np.where(fin, flat, np.float32(-np.inf)), starts)
        safe = np.maximum(cnt, 1)
        mean = (s1 / safe).astype(np.float32)
        # per-segment constants applied to slices with scalars: no index arrays
        dev = np.empty_like(x0)
        s2 = np.empty(n, dtype=np.float64)
        for i, (a, b) in enumerate(bounds):
            d = np.subtract(x0[a:b], mean[i], out=dev[a:b])
            if ff is not None:
                d *= ff[a:b]
            s2[i] = np.dot(d, d)
        std = np.sqrt(s2 / safe)
        is_zero = flat == 0
        zeros = np.array([np.count_nonzero(is_zero[a:b]) for a, b in bounds], np.float32)
        span = mx - mn
        ok = np.isfinite(span) & (span >= MIN_SPAN)
        scale = np.where(ok, BINS / np.where(ok, span, 1), 0).astype(np.float32)
        shift = (np.where(np.isfinite(mn), mn, 0) * scale).astype(np.float32)
        t = dev  # reuse the buffer: bin position of each value within its own tensor
        for i, (a, b) in enumerate(bounds):
            np.multiply(x0[a:b], scale[i], out=t[a:b])
            t[a:b] -= shift[i]
        np.clip(t, 0, BINS - 1, out=t)
        np.floor(t, out=t)
        t += seg_bins  # then offset by the tensor's first bin (exact: small integers)
        # float32 -> int64 is a slow scalar loop in numpy; via int32 it is vectorised
        b = t.astype(np.int32).astype(np.intp)
        if ff is not None:
            b[ff == 0] = n * BINS  # non-finite values go to a spare bin, dropped below
        hist = np.bincount(b, minlength=n * BINS + 1)[:n * BINS].reshape(n, BINS)
        summary = np.stack([mean, std, mn, mx, zeros / total, (total - cnt) / total, total], 1)
        out = np.concatenate([summary, hist, flat[sample_idx].reshape(n, SAMPLES)], axis=1)
        return finish_rows(out)
