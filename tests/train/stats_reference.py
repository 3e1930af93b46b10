"""The definition of probe statistics: plain numpy in float64, one tensor at a time.

graphlab computes these rows on the device (graphlab/train/torch_stats.py,
graphlab/train/tf_stats.py); the tests hold both to this module. The row layout is
graphlab/train/stats_layout.py. For a tensor ``a`` of any dtype, ``x`` is its values
converted to float32 (what the implementations see), flattened in C order, and ``f``
its finite values:

* ``count``: the number of elements of ``a`` (0 for an empty tensor).
* ``zero_fraction``, ``nonfinite_fraction``: the fraction of all elements that equal 0
  (-0.0 included) and that are NaN or +-inf; both 0 for an empty tensor.
* ``mean``, ``std`` (population: divided by ``len(f)``), ``min``, ``max``: over ``f``;
  NaN when ``f`` is empty (an empty tensor, or nothing finite in it).
* ``histogram``: BINS counts of ``f`` (non-finite values are not counted anywhere, so
  the counts add up to ``len(f)``). With ``lo = min``, ``span = max - min``, a value
  ``v`` falls in bin ``floor((v - lo) * BINS / span)``, the top value (position BINS)
  in the last bin: bins are the half-open intervals ``[lo + k w, lo + (k + 1) w)`` with
  ``w = span / BINS``, the last one closed, and a value exactly on an inner edge counts
  in the bin above it. When ``span`` is below ``MIN_SPAN`` (a constant tensor, values a
  denormal apart) or overflows float32 (values spanning more than float32's range),
  every finite value counts in bin 0.
* ``samples``: the values (raw: NaN and inf included) at the flat positions
  ``stats_layout.sample_positions(count)``; NaN for an empty tensor.

Float32 rounding and bin edges: the implementations compute a value's bin position in
float32 (about 3 roundings of relative size 2**-24 on a number at most BINS), so a value
whose exact position lies within :data:`EDGE_TOL` of an inner edge may count in either
bin beside that edge; :func:`histogram_ok` accepts exactly those moves. Every other
value must land in its bin, so the counts are otherwise exact.
"""

from __future__ import annotations

import numpy as np

from graphlab.train.stats_layout import BINS, COL, HIST0, MIN_SPAN, ROW, SAMPLE0, sample_positions

EDGE_TOL = 1e-5  # in bins: 8x the float32 rounding bound of a position below BINS
F32_MAX = float(np.finfo(np.float32).max)


def values(a) -> np.ndarray:
    return np.asarray(a).astype(np.float32).astype(np.float64).ravel()


def positions(f: np.ndarray) -> np.ndarray | None:
    """Exact bin positions (in bins, 0..BINS) of the finite values ``f``; None when every
    value counts in bin 0."""
    if f.size == 0:
        return None
    lo, span = f.min(), f.max() - f.min()
    if span < MIN_SPAN or span > F32_MAX:
        return None
    return (f - lo) * (BINS / span)


def histogram(f: np.ndarray) -> np.ndarray:
    pos = positions(f)
    if pos is None:
        h = np.zeros(BINS, dtype=np.int64)
        h[0] = f.size
        return h
    return np.bincount(np.minimum(np.floor(pos), BINS - 1).astype(np.int64), minlength=BINS)


def row(a) -> np.ndarray:
    """The float64 row of statistics of one tensor, laid out as stats_layout says."""
    x = values(a)
    f = x[np.isfinite(x)]
    out = np.full(ROW, np.nan)
    n = x.size
    out[COL["count"]] = n
    out[COL["zero_fraction"]] = np.mean(x == 0) if n else 0.0
    out[COL["nonfinite_fraction"]] = 1 - f.size / n if n else 0.0
    if f.size:
        out[COL["mean"]], out[COL["std"]] = f.mean(), f.std()
        out[COL["min"]], out[COL["max"]] = f.min(), f.max()
    out[HIST0:SAMPLE0] = histogram(f)
    if n:
        out[SAMPLE0:] = x[sample_positions(n)]
    return out


def histogram_ok(got: np.ndarray, a, tol: float = EDGE_TOL) -> bool:
    """Whether ``got`` is the histogram of ``a`` up to values within ``tol`` (in bins) of
    an inner edge counting in the bin below or above that edge.

    Values on edge k (1 <= k < BINS) may go to bin k - 1 or k; all others are fixed. Then
    ``got`` is reachable exactly when, for every b, its cumulative count through bin b
    lies between the fixed values through b plus the edge values on edges <= b, and that
    plus the edge values on edge b + 1."""
    x = values(a)
    f = x[np.isfinite(x)]
    got = np.asarray(got, dtype=np.float64)
    if got.shape != (BINS,) or got.sum() != f.size:
        return False
    pos = positions(f)
    if pos is None:
        return bool(got[0] == f.size)
    edge = np.rint(pos)
    near = (np.abs(pos - edge) <= tol) & (edge >= 1) & (edge <= BINS - 1)
    fixed = np.bincount(np.minimum(np.floor(pos[~near]), BINS - 1).astype(np.int64),
                        minlength=BINS)
    on_edge = np.bincount(edge[near].astype(np.int64), minlength=BINS + 1)[:BINS + 1]
    cum_fixed = np.cumsum(fixed)
    low = cum_fixed + np.cumsum(on_edge[:BINS])  # edges 0..b (edge 0 holds none)
    high = low + on_edge[1:BINS + 1]
    cum = np.cumsum(got)
    return bool(np.all(cum >= low) and np.all(cum <= high))


def assert_row_matches(got: np.ndarray, a, what: str = "tensor", recomputed: bool = False
                       ) -> None:
    """Hold one implementation's row (float32, after stats_layout.finish_rows) to the
    reference: counts and fractions exactly as float32 gives them, mean/std/min/max to
    rtol 1e-5 (atol 1e-6 of the largest finite magnitude: a mean near 0 of large values
    has only absolute accuracy), the histogram by :func:`histogram_ok`, samples exactly.

    ``recomputed``: ``a`` is not the tensor reduced but the same computation run again
    (another graph, another order of float32 operations), so its values may differ in
    the last bits: samples then match to rtol 1e-5 and the edge tolerance is 10x."""
    want = row(a)
    x = values(a)
    f = x[np.isfinite(x)]
    scale = float(np.abs(f).max()) if f.size else 0.0
    assert got[COL["count"]] == want[COL["count"]], what
    for k in ("zero_fraction", "nonfinite_fraction"):
        np.testing.assert_allclose(got[COL[k]], want[COL[k]], rtol=1e-6, err_msg=f"{what} {k}")
    for k in ("mean", "std", "min", "max"):
        np.testing.assert_allclose(got[COL[k]], want[COL[k]], rtol=1e-5,
                                   atol=1e-6 * scale + 1e-30, err_msg=f"{what} {k}")
    assert histogram_ok(got[HIST0:SAMPLE0], a, EDGE_TOL * (10 if recomputed else 1)), (what, got[HIST0:SAMPLE0],
                                                 want[HIST0:SAMPLE0])
    np.testing.assert_allclose(got[SAMPLE0:], want[SAMPLE0:].astype(np.float32),
                               rtol=1e-5 if recomputed else 0, atol=0,
                               err_msg=f"{what} samples")
