"""Probe statistics of host (CPU) arrays in numpy: what TF's probe graph calls on the CPU.

TF's CPU kernels pay several microseconds of executor time per op and its segment
reductions are scalar loops, so the in-graph statistics (:mod:`graphlab.train.tf_stats`,
compiled by XLA) cost ~3 ms a digits_mlp probe and 0.5 s of compiling at the first
probe of each batch shape. On the CPU the probe graph instead hands its tensors to
:meth:`HostRows.rows` through ``tf.numpy_function`` (the same memory, no copy):
one ``concatenate`` into a reused float32 buffer, minima, maxima and (pairwise) sums of
every tensor in one ``reduceat`` each, zeros counted on one ``== 0`` mask, per tensor
the float32 bin positions ``(x - min) * (BINS / span)`` and the float64 spread of those
positions (numbers in [0, BINS]: no overflow at any scale), and one ``bincount`` per
histogram. The same scheme as torch's host path
(:mod:`graphlab.train.torch_host_stats`, which counts with ``embedding_bag``).
Tensors with NaN or inf are reduced one by one on their finite values. The statistics
are defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

import functools

import numpy as np

from graphlab.train.stats_layout import (
    BINS,
    COL,
    HIST0,
    MIN_SPAN,
    ROW,
    SAMPLE0,
    SAMPLES,
    sample_positions,
)

_KEEP = 16  # layouts kept (the last partial batch of an epoch has its own)
_SLOTS = BINS + 2  # per tensor: bins 0..31, 32 (the top value, folded into 31), unused


class _Layout:
    """Buffers and indices that depend only on the arrays' sizes."""

    def __init__(self, sizes: tuple[int, ...]) -> None:
        k = np.asarray(sizes, dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(k)[:-1]]).astype(np.int64)
        numel = int(k.sum())
        self.sizes = sizes
        self.live = [i for i, s in enumerate(sizes) if s]
        self.starts = starts[self.live]
        self.count = k[self.live].astype(np.float64)
        self.flat = np.empty(numel, dtype=np.float32)
        self.pos = np.empty(numel, dtype=np.float32)
        self.dev = np.empty(numel)
        self.bins = np.empty(numel, dtype=np.int64)
        cut = lambda a: [a[starts[i]:starts[i] + sizes[i]] for i in self.live]  # noqa: E731
        self.xs, self.ps, self.ds = cut(self.flat), cut(self.pos), cut(self.dev)
        self.bs = cut(self.bins)
        self.samples = (np.stack([starts[i] + sample_positions(sizes[i]) for i in self.live])
                        if self.live else np.zeros((0, SAMPLES), np.int64))


def _nonfinite_row(x: np.ndarray) -> np.ndarray:
    """The row of one float32 array holding NaN or inf (rare: a diverging run)."""
    row = np.full(ROW, np.nan, dtype=np.float32)
    good = np.isfinite(x)
    f = x[good]
    n = x.size
    row[COL["count"]] = n
    row[COL["zero_fraction"]] = np.count_nonzero(x == 0) / n
    row[COL["nonfinite_fraction"]] = (n - f.size) / n
    row[HIST0:SAMPLE0] = 0
    if f.size:
        d = f.astype(np.float64)
        row[COL["mean"]], row[COL["std"]] = d.mean(), d.std()
        lo, hi = f.min(), f.max()
        row[COL["min"]], row[COL["max"]] = lo, hi
        with np.errstate(over="ignore"):
            span = hi - lo
        if np.isfinite(span) and span >= MIN_SPAN:
            b = np.floor((f - lo) * (np.float32(BINS) / span)).astype(np.int64)
            row[HIST0:SAMPLE0] = np.bincount(np.minimum(b, BINS - 1), minlength=BINS)
        else:
            row[HIST0] = f.size
    row[SAMPLE0:] = x[sample_positions(n)]
    return row


def summarise(out: np.ndarray, flat: np.ndarray, starts: np.ndarray, count: np.ndarray,
              live: list[int], xs: list, ps: list, ds: list, samples: np.ndarray
              ) -> np.ndarray:
    """The shared core of both host paths, on the numbers laid end to end in ``flat``
    (segment j of ``live`` starts at ``starts[j]``, holds ``count[j]`` numbers and is
    viewed as ``xs[j]``; ``ps``/``ds`` are float32/float64 scratch views of the same
    shape). Writes mean, std, min, max, zero fraction and samples into the live rows of
    ``out`` and each segment's bin positions into ``ps`` (BINS + 1, counted nowhere, for a
    segment holding NaN or inf); returns which live segments are all finite. The caller
    counts the histogram from the positions and handles the non-finite segments."""
    with np.errstate(over="ignore", invalid="ignore"):
        mn, mx = np.minimum.reduceat(flat, starts), np.maximum.reduceat(flat, starts)
        sx = np.add.reduceat(flat, starts).astype(np.float64)
        fast = np.isfinite(mn) & np.isfinite(mx)  # no NaN or inf in the segment
        for j in np.flatnonzero(~np.isfinite(sx) & fast):
            sx[j] = xs[j].sum(dtype=np.float64)  # the float32 sum overflowed
        zero = flat == 0
        nz = np.array([np.count_nonzero(zero[a:a + k]) for a, k in
                       zip(starts.tolist(), count.astype(np.int64).tolist(), strict=True)])
        span = mx - mn  # float32, as the general path computes it
        ok = fast & np.isfinite(span) & (span >= MIN_SPAN)
        wide = fast & np.isinf(span)  # all in bin 0; the spread from the values
        scale = np.where(ok, np.float32(BINS) / np.where(ok, span, 1), 0).astype(np.float32)
        base = np.where(ok, mn, 0).astype(np.float32)
        mean = np.where(span == 0, mn, sx / count)  # a constant: exactly its value
        mean_pos = (mean - base) * scale.astype(np.float64)
    spread = np.zeros(len(live))
    for j, (x, pos, dev) in enumerate(zip(xs, ps, ds, strict=True)):
        if ok[j]:  # positions lie in [0, BINS]: no overflow, whatever the scale
            np.multiply(np.subtract(x, base[j], out=pos), scale[j], out=pos)
            np.subtract(pos, mean_pos[j], out=dev)
            spread[j] = np.dot(dev, dev) / (float(scale[j]) ** 2)
        else:  # constant, a denormal apart, past float32's range, or non-finite
            pos.fill(0.0 if fast[j] else BINS + 1)
            if wide[j]:
                np.subtract(x, mean[j], out=dev)
                spread[j] = np.dot(dev, dev)
    rows = out[live]
    rows[:, COL["mean"]], rows[:, COL["std"]] = mean, np.sqrt(spread / count)
    rows[:, COL["min"]], rows[:, COL["max"]] = mn, mx
    rows[:, COL["zero_fraction"]] = nz / count
    rows[:, SAMPLE0:] = flat[samples]
    out[live] = rows
    return fast


class HostRows:
    """Rows of numpy arrays; keeps a few layouts with their buffers."""

    def __init__(self) -> None:
        self._layout = functools.lru_cache(maxsize=_KEEP)(_Layout)  # by the sizes

    def rows(self, *arrays: np.ndarray) -> np.ndarray:
        """[len(arrays), ROW] float32 (min and max of no finite values are NaN)."""
        lay = self._layout(tuple(int(np.size(a)) for a in arrays))
        out = np.full((len(arrays), ROW), np.nan, dtype=np.float32)
        out[:, COL["count"]] = lay.sizes
        out[:, [COL["zero_fraction"], COL["nonfinite_fraction"]]] = 0.0
        out[:, HIST0:SAMPLE0] = 0.0
        if not lay.live:
            return out
        flat, live = lay.flat, lay.live
        np.concatenate([np.asarray(a).reshape(-1) for a in arrays], out=flat,
                       casting="unsafe")
        fast = summarise(out, flat, lay.starts, lay.count, live, lay.xs, lay.ps, lay.ds,
                         lay.samples)
        np.copyto(lay.bins, lay.pos, casting="unsafe")  # positions >= 0: trunc is floor
        hist = np.stack([np.bincount(b, minlength=_SLOTS)[:_SLOTS] for b in lay.bs])
        hist[:, BINS - 1] += hist[:, BINS]
        out[live, HIST0:SAMPLE0] = hist[:, :BINS]
        for j in np.flatnonzero(~fast):
            out[live[j]] = _nonfinite_row(lay.xs[j])
        return out
