"""Probe statistics of many tensors at once in TensorFlow, inside a ``tf.function``.

The same computation as :mod:`graphlab.train.torch_stats` with unsorted segment
reductions; the caller returns the stacked rows from its probe step, so they come back
to the host in one transfer.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from graphlab.train.stats_layout import BINS, MIN_SPAN, SAMPLES, sample_positions


def device_rows(tensors: list) -> tf.Tensor:
    """[len(tensors), ROW] float32; shapes must be static (they are, per traced batch)."""
    flats = [tf.reshape(tf.cast(t, tf.float32), [-1]) for t in tensors]
    sizes = [int(f.shape[0]) if f.shape[0] is not None else None for f in flats]
    dyn = [tf.size(f) for f in flats]
    n = len(tensors)
    flat = tf.concat(flats, axis=0)
    seg = tf.repeat(tf.range(n), tf.stack(dyn))
    total = tf.cast(tf.stack(dyn), tf.float32)
    finite = tf.math.is_finite(flat)
    ff = tf.cast(finite, tf.float32)
    x0 = tf.where(finite, flat, 0.0)
    cnt = tf.math.unsorted_segment_sum(ff, seg, n)
    safe = tf.maximum(cnt, 1.0)
    mean = tf.math.unsorted_segment_sum(x0, seg, n) / safe
    dev = (x0 - tf.gather(mean, seg)) * ff
    std = tf.sqrt(tf.math.unsorted_segment_sum(dev * dev, seg, n) / safe)
    inf = tf.constant(np.inf, tf.float32)
    mn = tf.math.unsorted_segment_min(tf.where(finite, flat, inf), seg, n)
    mx = tf.math.unsorted_segment_max(tf.where(finite, flat, -inf), seg, n)
    zeros = tf.math.unsorted_segment_sum(tf.cast(tf.equal(flat, 0.0), tf.float32), seg, n)
    span = mx - mn
    span = tf.where(tf.math.is_finite(span) & (span >= MIN_SPAN), span, tf.ones_like(span))
    lo = tf.where(tf.math.is_finite(mn), mn, tf.zeros_like(mn))
    b = tf.cast(tf.clip_by_value(tf.floor((x0 - tf.gather(lo, seg)) / tf.gather(span, seg)
                                          * BINS), 0, BINS - 1), tf.int32)
    hist = tf.reshape(tf.math.unsorted_segment_sum(ff, seg * BINS + b, n * BINS), [n, BINS])
    summary = tf.stack([mean, std, mn, mx, zeros / total, (total - cnt) / total, total], axis=1)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if None not in sizes else None
    if starts is not None:
        idx = np.stack([s + sample_positions(k) for s, k in zip(starts, sizes, strict=True)])
        samples = tf.gather(flat, tf.constant(idx.reshape(-1)))
    else:
        samples = tf.concat([_dyn_samples(f) for f in flats], axis=0)
    return tf.concat([summary, hist, tf.reshape(samples, [n, SAMPLES])], axis=1)


def _dyn_samples(f):
    n = tf.size(f)
    spread = tf.cast(tf.round(tf.linspace(0.0, tf.cast(tf.maximum(n - 1, 0), tf.float32),
                                          SAMPLES)), tf.int32)
    every = tf.minimum(tf.range(SAMPLES), tf.maximum(n - 1, 0))
    return tf.gather(f, tf.where(n <= SAMPLES, every, spread))
