"""Probe statistics of many tensors at once in TensorFlow, inside the probe ``tf.function``.

The same computation as :mod:`graphlab.train.torch_stats` with unsorted segment
reductions over the tensors laid end to end; the probe step returns the stacked rows,
so they come back to the host in one transfer, on the CPU as on a GPU. The statistics
are defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from graphlab.train.stats_layout import BINS, MIN_SPAN, SAMPLES, finish_rows, sample_positions


class TFStats:
    """The :class:`~graphlab.train.stats.StatsReducer` for TensorFlow: call
    :meth:`device_rows` inside a ``tf.function`` (shapes may be dynamic)."""

    @staticmethod
    def device_rows(tensors: list) -> tf.Tensor:
        """[len(tensors), ROW] float32 (min and max of a tensor without finite values are
        NaN or +-inf until :meth:`host_rows`)."""
        flats = [tf.reshape(tf.cast(t, tf.float32), [-1]) for t in tensors]
        n = len(flats)
        dyn = tf.stack([tf.size(f) for f in flats])
        nan = tf.constant([np.nan], tf.float32)
        flat = tf.concat(flats, axis=0)
        seg = tf.repeat(tf.range(n), dyn)
        total = tf.cast(dyn, tf.float32)
        finite = tf.math.is_finite(flat)
        good = tf.cast(finite, tf.float32)
        x0 = tf.where(finite, flat, 0.0)
        cnt = tf.math.unsorted_segment_sum(good, seg, n)
        some = cnt > 0
        # the segment sums run in order, one element after another: in float32 their
        # rounding error grows with the length (1e-4 of a std over 65,000 values)
        x64 = tf.cast(x0, tf.float64)
        safe = tf.cast(tf.maximum(cnt, 1.0), tf.float64)
        mean64 = tf.math.unsorted_segment_sum(x64, seg, n) / safe
        dev = (x64 - tf.gather(mean64, seg)) * tf.cast(good, tf.float64)
        std = tf.cast(tf.sqrt(tf.math.unsorted_segment_sum(dev * dev, seg, n) / safe),
                      tf.float32)
        mean = tf.cast(mean64, tf.float32)
        inf = tf.constant(np.inf, tf.float32)
        # an empty segment's min is the largest float, not inf: masked by ``some``
        mn = tf.where(some, tf.math.unsorted_segment_min(tf.where(finite, flat, inf), seg, n),
                      np.nan)
        mx = tf.where(some, tf.math.unsorted_segment_max(tf.where(finite, flat, -inf), seg, n),
                      np.nan)
        zeros = tf.math.unsorted_segment_sum(tf.cast(tf.equal(flat, 0.0), tf.float32), seg, n)
        span = mx - mn
        ok = tf.math.is_finite(span) & (span >= MIN_SPAN)
        scale = tf.where(ok, BINS / tf.where(ok, span, 1.0), 0.0)
        base = tf.where(ok, mn, 0.0)  # not ok: x0 * 0, never inf * 0
        t = tf.floor((x0 - tf.gather(base, seg)) * tf.gather(scale, seg))
        b = tf.cast(tf.clip_by_value(t, 0.0, BINS - 1.0), tf.int32)
        hist = tf.reshape(tf.math.unsorted_segment_sum(good, seg * BINS + b, n * BINS),
                          [n, BINS])
        safe_total = tf.maximum(total, 1.0)
        summary = tf.stack([tf.where(some, mean, np.nan), tf.where(some, std, np.nan), mn, mx,
                            zeros / safe_total, (total - cnt) / safe_total, total], axis=1)
        padded = tf.concat([flat, nan], axis=0)  # empty tensors' samples read this NaN
        sizes = [f.shape[0] for f in flats]
        if None not in sizes:
            starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            idx = [s + sample_positions(k) if k else np.full(SAMPLES, starts[-1])
                   for s, k in zip(starts, sizes, strict=False)]
            samples = tf.gather(padded, tf.constant(np.concatenate(idx)))
        else:
            starts = tf.cumsum(dyn, exclusive=True)
            samples = tf.concat([_dyn_samples(padded, s, k) for s, k in
                                 zip(tf.unstack(starts), tf.unstack(dyn), strict=True)], 0)
        return tf.concat([summary, hist, tf.reshape(samples, [n, SAMPLES])], axis=1)

    @staticmethod
    def host_rows(rows) -> np.ndarray:
        """The rows on the host: the one device-to-host copy."""
        return finish_rows(rows.numpy())

    def rows(self, tensors: list) -> np.ndarray:
        """Eagerly, for tests and tools: one traced call."""
        return self.host_rows(tf.function(self.device_rows)(tensors))


def _dyn_samples(padded, start, n):
    """sample_positions(n) + start in the graph; an empty tensor reads the padding NaN."""
    last = tf.maximum(n - 1, 0)
    spread = tf.cast(tf.round(tf.linspace(0.0, tf.cast(last, tf.float32), SAMPLES)), tf.int32)
    every = tf.minimum(tf.range(SAMPLES), last)
    pos = start + tf.where(n <= SAMPLES, every, spread)
    return tf.gather(padded, tf.where(n > 0, pos, tf.size(padded) - 1))
