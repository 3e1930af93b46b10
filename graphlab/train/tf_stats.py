"""Probe statistics of many tensors at once in TensorFlow, inside the probe ``tf.function``.

The same statistics as :mod:`graphlab.train.torch_stats`, as unsorted segment reductions
over the tensors laid end to end, compiled by XLA; the probe step returns the stacked rows,
so they come back to the host in one transfer, on the CPU as on a GPU. The statistics
are defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from graphlab.train.stats_layout import BINS, MIN_SPAN, ROW, SAMPLES, finish_rows


class TFStats:
    """The :class:`~graphlab.train.stats.StatsReducer` for TensorFlow: call
    :meth:`device_rows` inside a ``tf.function`` (shapes may be dynamic).

    ``host_path``: the probe runs on the CPU, so the graph hands its tensors to numpy
    (:mod:`graphlab.train.host_stats`, through ``tf.numpy_function``) instead of
    reducing them in graph; None: when TensorFlow sees no GPU."""

    def __init__(self, host_path: bool | None = None) -> None:
        if host_path is None:
            host_path = not tf.config.list_logical_devices("GPU")
        self._host = None
        if host_path:
            from graphlab.train.host_stats import HostRows

            self._host = HostRows()

    def device_rows(self, tensors: list) -> tf.Tensor:
        """[len(tensors), ROW] float32: on the host path one ``numpy_function`` call,
        else :meth:`graph_rows`."""
        if self._host is None:
            return self.graph_rows(tensors)
        out = tf.numpy_function(self._host.rows, list(tensors), tf.float32)
        return tf.ensure_shape(out, [len(tensors), ROW])

    @staticmethod
    def graph_rows(tensors: list) -> tf.Tensor:
        """[len(tensors), ROW] float32 (min and max of a tensor without finite values are
        NaN until :meth:`host_rows`), computed by XLA: TF's own CPU kernels for segment
        reductions and gathers are scalar loops, and its executor pays a few microseconds
        per op; compiled, the reduction costs a third to a half as much. XLA compiles it
        once per set of shapes (a run has two: full batches and the last one)."""
        n = len(tensors)
        flats = [tf.reshape(tf.cast(t, tf.float32), [-1]) for t in tensors]
        sizes = tf.stack([tf.size(f) for f in flats]) if flats else tf.zeros([0], tf.int32)
        flat = tf.concat(flats + [tf.constant([np.nan], tf.float32)], axis=0)
        # outside XLA: a repeat by counts only known at run time is not compiled right
        seg = tf.repeat(tf.range(n + 1), tf.concat([sizes, [1]], 0))
        return _rows(flat, seg, sizes)

    @staticmethod
    def host_rows(rows) -> np.ndarray:
        """The rows on the host: the one device-to-host copy."""
        return finish_rows(rows.numpy())

    def rows(self, tensors: list) -> np.ndarray:
        """Eagerly, for tests and tools: one traced call."""
        return self.host_rows(tf.function(self.device_rows)(tensors))


@tf.function(jit_compile=True)
def _rows(flat, seg, dyn) -> tf.Tensor:
    """[n, ROW] float32 of the n tensors of ``dyn`` elements laid end to end in ``flat``
    with a NaN after the last (segment n of ``seg``, which every reduction drops; empty
    tensors' samples point at it): one segment sum of three
    columns, one segment min of two, one gather of three per-tensor constants, one more
    segment sum for the spread and one for the histogram.
    """
    n = dyn.shape[0]
    total = tf.cast(dyn, tf.float32)
    finite = tf.math.is_finite(flat)
    good = tf.cast(finite, tf.float32)
    x0 = tf.where(finite, flat, 0.0)
    # float64 sums: a segment sum adds one element after another, and in float32 its
    # rounding error grows with the length (1e-4 of a std over 65,000 values)
    sums = tf.math.unsorted_segment_sum(tf.cast(tf.stack(
        [x0, good, tf.cast(tf.equal(flat, 0.0), tf.float32)], 1), tf.float64), seg, n + 1)[:n]
    cnt = tf.cast(sums[:, 1], tf.float32)
    some = cnt > 0
    safe = tf.maximum(sums[:, 1], 1.0)
    mean64 = sums[:, 0] / safe
    inf = tf.constant(np.inf, tf.float32)
    # an empty segment's min is 0 here: masked by ``some``
    ends = tf.math.unsorted_segment_min(tf.stack([tf.where(finite, flat, inf),
                                                  tf.where(finite, -flat, inf)], 1), seg,
                                        n + 1)[:n]
    mn = tf.where(some, ends[:, 0], np.nan)
    mx = tf.where(some, -ends[:, 1], np.nan)
    span = mx - mn
    ok = tf.math.is_finite(span) & (span >= MIN_SPAN)
    scale = tf.where(ok, BINS / tf.where(ok, span, 1.0), 0.0)
    base = tf.where(ok, mn, 0.0)  # not ok: x0 * 0, never inf * 0
    mean = tf.cast(mean64, tf.float32)
    per = tf.gather(tf.concat([tf.stack([mean, base, scale], 1), tf.zeros([1, 3])], 0),
                    seg)
    # float64 before subtracting: x - mean overflows float32 for values near its maximum
    dev = (tf.cast(x0, tf.float64) - tf.cast(per[:, 0], tf.float64)) * tf.cast(good, tf.float64)
    std = tf.cast(tf.sqrt(tf.math.unsorted_segment_sum(dev * dev, seg, n + 1)[:n] / safe), tf.float32)
    t = tf.floor((x0 - per[:, 1]) * per[:, 2])
    b = seg * BINS + tf.cast(tf.clip_by_value(t, 0.0, BINS - 1.0), tf.int32)
    # the padding NaN's bin is past the last one: bincount drops it
    hist = tf.reshape(tf.math.unsorted_segment_sum(good, b, n * BINS + BINS)[:n * BINS],
                      [n, BINS])
    safe_total = tf.maximum(total, 1.0)
    summary = tf.stack([tf.where(some, mean, np.nan), tf.where(some, std, np.nan), mn, mx,
                        tf.cast(sums[:, 2], tf.float32) / safe_total,
                        (total - cnt) / safe_total, total], axis=1)
    samples = tf.gather(flat, _sample_index(dyn))
    return tf.concat([summary, hist, samples], axis=1)


def _sample_index(sizes):
    """[n, SAMPLES] positions, in the tensors laid end to end, of
    stats_layout.sample_positions of each; an empty tensor's point at the NaN after the
    last element. In float64: linspace's rounding as numpy's for any size."""
    last = tf.cast(tf.maximum(sizes - 1, 0), tf.float64)[:, None]
    j = tf.range(SAMPLES, dtype=tf.float64)[None, :]
    spread = tf.round(j * (last / (SAMPLES - 1)))
    pos = tf.cast(tf.where(last < SAMPLES, tf.minimum(j, last), spread), tf.int32)
    pos += tf.cumsum(sizes, exclusive=True)[:, None]
    return tf.where((sizes > 0)[:, None], pos, tf.reduce_sum(sizes))
