"""Probe statistics on the CPU with numpy, straight from the tensors' memory.

When training runs on the CPU the "device" is the host: there is nothing to copy, and
numpy's vectorised loops over contiguous segments (``ufunc.reduceat``, ``bincount``)
are several times faster than the same work as torch CPU kernels on these sizes.
Produces exactly the rows of :mod:`graphlab.train.torch_stats`.
"""

from __future__ import annotations

import numpy as np

from graphlab.train.stats_layout import BINS, ROW, SAMPLES, finish_rows, sample_positions


class NumpyStats:
    def __init__(self) -> None:
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, ...]] = {}

    def _index(self, sizes: tuple[int, ...]):
        hit = self._cache.get(sizes)
        if hit is None:
            sz = np.asarray(sizes, dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(sz)[:-1]]).astype(np.int64)
            seg = np.repeat(np.arange(len(sizes)), sz)
            samples = np.stack([s + sample_positions(n) for s, n in zip(starts, sizes,
                                                                         strict=True)])
            hit = (starts, seg, seg * BINS, samples.reshape(-1), sz.astype(np.float32))
            self._cache[sizes] = hit
        return hit

    def rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        """[len(arrays), ROW] float32 rows."""
        with np.errstate(all="ignore"):  # inf and NaN are data here, not accidents
            return self._rows(arrays)

    def _rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        n = len(arrays)
        if n == 0:
            return np.zeros((0, ROW), dtype=np.float32)
        sizes = tuple(int(a.size) for a in arrays)
        if 0 in sizes:
            raise ValueError("cannot take statistics of an empty tensor")
        starts, seg, seg_bins, sample_idx, total = self._index(sizes)
        flat = np.concatenate([np.asarray(a, dtype=np.float32).reshape(-1) for a in arrays])
        s1 = np.add.reduceat(flat, starts, dtype=np.float64)
        if np.all(np.isfinite(s1)):  # a finite sum means every element is finite
            cnt, ff, x0 = total, None, flat
            mean = (s1 / total).astype(np.float32)
            mn = np.minimum.reduceat(flat, starts)
            mx = np.maximum.reduceat(flat, starts)
        else:
            fin = np.isfinite(flat)
            ff = fin.astype(np.float32)
            x0 = np.where(fin, flat, np.float32(0))
            cnt = np.add.reduceat(ff, starts)
            mean = (np.add.reduceat(x0, starts, dtype=np.float64)
                    / np.maximum(cnt, 1)).astype(np.float32)
            mn = np.minimum.reduceat(np.where(fin, flat, np.float32(np.inf)), starts)
            mx = np.maximum.reduceat(np.where(fin, flat, np.float32(-np.inf)), starts)
        dev = x0 - mean[seg]
        if ff is not None:
            dev *= ff
        np.square(dev, out=dev)
        std = np.sqrt(np.add.reduceat(dev, starts, dtype=np.float64) / np.maximum(cnt, 1))
        zeros = np.add.reduceat(flat == 0, starts, dtype=np.int64).astype(np.float32)
        span = mx - mn
        ok = np.isfinite(span) & (span > 0)
        scale = np.where(ok, BINS / np.where(ok, span, 1), 0).astype(np.float32)
        shift = (np.where(np.isfinite(mn), mn, 0) * scale).astype(np.float32)
        t = x0 * scale[seg]
        t -= shift[seg]
        np.clip(t, 0, BINS - 1, out=t)
        b = t.astype(np.int64)
        b += seg_bins
        hist = np.bincount(b, weights=ff, minlength=n * BINS).reshape(n, BINS)
        summary = np.stack([mean, std, mn, mx, zeros / total, (total - cnt) / total, total], 1)
        out = np.concatenate([summary, hist, flat[sample_idx].reshape(n, SAMPLES)], axis=1)
        return finish_rows(out)
