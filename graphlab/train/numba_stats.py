"""Probe statistics on the CPU as one compiled numba call.

A probe step on the CPU reduces every value and gradient of the network (tens of
thousands of numbers for a small MLP) to rows of statistics. With numpy that took about
fifteen passes, a Python loop per tensor and a copy of everything into one vector;
every numpy call is cheap when hot, but a probe comes once every k steps, cold, and
then each call's dispatch costs tens of microseconds. Here one call reads each tensor
where it lies (its address and length), makes a few SIMD passes per tensor in machine
code, and writes the final rows, NaN rows for absent tensors included.

The rows equal :mod:`graphlab.train.numpy_stats`' (same float32 bin arithmetic, so the
histograms are identical; sums are accumulated in float64). numba is a base
dependency; where it cannot be imported (a Python it does not support yet)
:func:`host_stats` returns :class:`NumpyStats` instead, with the same methods.
"""

from __future__ import annotations

import numpy as np

from graphlab.train.stats_layout import (
    BINS,
    HIST0,
    MIN_SPAN,
    ROW,
    SAMPLE0,
    SAMPLES,
    sample_positions,
)

try:
    import numba
    from numba import types
    from numba.extending import intrinsic
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None


assert BINS & (BINS - 1) == 0, "_count masks bin numbers: BINS must be a power of two"


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


# Each helper walks one segment ``seg`` indexed from 0, so LLVM can vectorise the loops
# (reassociation allowed: the sums, counts and the bin map run in SIMD lanes).

def _sum(seg):
    """float64 sum of a segment. Non-finite when any value is (the caller's cue to take
    the finite-only path; a float64 sum of float32 values cannot overflow)."""
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
    floor(clip(x * scale - shift, 0, BINS - 1)) (t >= 0, so int() is floor()). Written
    so that even a NaN lands in bin 0: the bin is an index the next loop writes to."""
    top = np.float32(BINS - 1)
    zero = np.float32(0)
    for i in range(seg.size):
        t = seg[i] * scale - shift
        t = t if t >= zero else zero
        t = top if t > top else t
        out[i] = np.int32(t)


def _count(bins, counts):
    """Histogram of bin numbers into ``counts`` [8, BINS] (int32): eight interleaved
    sub-histograms, unrolled, keep consecutive values in the same bin (a ReLU's zeros)
    from waiting on each other's store; 1.7x faster than four indexed by ``i & 3``. The
    bin is masked to 0..BINS-1 (BINS is a power of two): numba does not check bounds,
    and a wrong index here would write outside the array."""
    mask = BINS - 1
    n = bins.size
    m = n - n % 8
    for i in range(0, m, 8):
        counts[0, bins[i] & mask] += 1
        counts[1, bins[i + 1] & mask] += 1
        counts[2, bins[i + 2] & mask] += 1
        counts[3, bins[i + 3] & mask] += 1
        counts[4, bins[i + 4] & mask] += 1
        counts[5, bins[i + 5] & mask] += 1
        counts[6, bins[i + 6] & mask] += 1
        counts[7, bins[i + 7] & mask] += 1
    for i in range(m, n):
        counts[0, bins[i] & mask] += 1


def _sortable(bits):
    """A float32's bits (as int32) made to order as the floats do: a negative number's
    magnitude bits are flipped. Its own inverse."""
    return bits ^ ((bits >> 31) & np.int32(0x7FFFFFFF))


def _minmax(seg):
    """Minimum and maximum of a finite segment, as integer reductions over the sortable
    bits: they vectorise, where float min/max (NaN rules) does not; 2.3x faster than
    eight float accumulators."""
    bits = seg.view(np.int32)
    lo = hi = _sortable(bits[0])
    for i in range(1, bits.size):
        k = _sortable(bits[i])
        lo = min(lo, k)
        hi = max(hi, k)
    return _i32_as_f32(_sortable(lo)), _i32_as_f32(_sortable(hi))


def _finite_only(seg):
    """(sum, count, min, max) over the finite values: the rare slow path, taken only for
    a segment holding NaN or inf."""
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


def _row(seg, samples, scratch, counts, out):
    """Write the statistics row of one segment into ``out`` [ROW]; return whether every
    value was finite."""
    n = seg.size
    total = np.float32(n)
    s = _sum(seg)
    finite = np.isfinite(s)
    if finite:
        cnt = n
        mn, mx = _minmax(seg)
        work = seg
    else:
        s, cnt, mn, mx = _finite_only(seg)
        work = seg[np.isfinite(seg)]  # a copy, only on this rare path
    safe = max(cnt, 1)
    mean = np.float32(s / safe)
    span = np.float32(mx - mn)
    scale = np.float32(0)
    if np.isfinite(span) and span >= MIN_SPAN:
        scale = np.float32(np.float32(BINS) / span)
    shift = np.float32(mn * scale) if np.isfinite(mn) else np.float32(0)
    counts[:] = 0
    b = scratch[:work.size]
    _bins(work, scale, shift, b)
    _count(b, counts)
    for j in range(BINS):
        out[HIST0 + j] = counts[:, j].sum()
    out[0] = mean
    out[1] = np.sqrt(_spread(work, mean) / safe)
    out[2] = mn if cnt > 0 else np.nan  # no finite value: no extremes
    out[3] = mx if cnt > 0 else np.nan
    out[4] = _zeros(work) / total
    out[5] = (total - cnt) / total
    out[6] = total
    for j in range(SAMPLES):
        out[SAMPLE0 + j] = seg[samples[j]]
    return finite


def _rows_at(ptrs, sizes, samples, dest, n_out, scratch):
    """Rows [n_out, ROW] (NaN where no segment lands) of the float32 segments at the
    addresses ``ptrs`` with ``sizes`` elements; segment i's row goes to ``dest[i]``.
    Returns (rows, whether every value was finite)."""
    out = np.full((n_out, ROW), np.nan, dtype=np.float32)
    counts = np.zeros((8, BINS), dtype=np.int32)
    finite = True
    for i in range(ptrs.shape[0]):
        seg = numba.carray(_f32_pointer(ptrs[i]), sizes[i])
        finite &= _row(seg, samples[i], scratch, counts, out[dest[i]])
    return out, finite


if numba is not None:
    @intrinsic
    def _f32_pointer(typingctx, address):
        """A float32 pointer from an integer address (a tensor's ``data_ptr()``)."""
        sig = types.CPointer(types.float32)(types.int64)

        def codegen(context, builder, signature, args):
            return builder.inttoptr(args[0], context.get_value_type(signature.return_type))
        return sig, codegen

    @intrinsic
    def _i32_as_f32(typingctx, bits):
        """The float32 whose bits are the int32 ``bits``."""
        sig = types.float32(types.int32)

        def codegen(context, builder, signature, args):
            return builder.bitcast(args[0], context.get_value_type(types.float32))
        return sig, codegen

    _fast = numba.njit(cache=True, nogil=True, fastmath={"reassoc", "nsz"})
    _sum, _zeros, _spread, _bins = _fast(_sum), _fast(_zeros), _fast(_spread), _fast(_bins)
    _plain = numba.njit(cache=True, nogil=True)
    _sortable, _count, _minmax = _plain(_sortable), _plain(_count), _plain(_minmax)
    _finite_only = _plain(_finite_only)
    _row, _rows_at = _plain(_row), _plain(_rows_at)


class NumbaStats:
    """Statistics rows of tensors in host memory, read in place."""

    def __init__(self) -> None:
        if numba is None:
            raise RuntimeError("numba is not installed")
        self._layouts: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._scratch = np.empty(0, dtype=np.int32)

    def rows_at(self, ptrs: np.ndarray, sizes: tuple[int, ...], dest: np.ndarray,
                n_out: int, samples: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
        """Rows [n_out, ROW] of the contiguous float32 tensors at the addresses ``ptrs``
        (int64) with ``sizes`` elements, segment i's row at ``dest[i]`` and NaN rows
        elsewhere, and whether every value was finite. ``samples`` [len(sizes), SAMPLES]
        (int64) overrides where the sample values are read (for a tensor stored in
        another layout than the one shown). The memory must stay alive and unchanged
        during the call."""
        hit = self._layouts.get(sizes)
        if hit is None:  # per list of sizes: everything but the addresses
            if 0 in sizes:
                raise ValueError("cannot take statistics of an empty tensor")
            if len(self._layouts) >= 16:
                self._layouts.clear()
            hit = self._layouts[sizes] = (
                np.asarray(sizes, dtype=np.int64),
                np.stack([sample_positions(n) for n in sizes]).astype(np.int64))
            if self._scratch.size < max(sizes):
                self._scratch = np.empty(max(sizes), dtype=np.int32)
        return _rows_at(ptrs, hit[0], hit[1] if samples is None else samples, dest, n_out,
                        self._scratch)

    def flat_rows(self, flat: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
        """Rows of the tensors laid end to end in the float32 vector ``flat``."""
        flat = np.ascontiguousarray(flat, dtype=np.float32)
        starts = np.concatenate([[0], np.cumsum(sizes[:-1])]).astype(np.int64)
        ptrs = flat.ctypes.data + 4 * starts
        return self.rows_at(ptrs, sizes, np.arange(len(sizes)), len(sizes))[0]

    def rows(self, arrays: list[np.ndarray]) -> np.ndarray:
        """[len(arrays), ROW] float32 rows."""
        if not arrays:
            return np.zeros((0, ROW), dtype=np.float32)
        flat = np.concatenate([np.asarray(a, dtype=np.float32).reshape(-1) for a in arrays])
        return self.flat_rows(flat, tuple(int(a.size) for a in arrays))
