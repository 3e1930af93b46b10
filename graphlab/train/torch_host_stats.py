"""Probe statistics of CPU tensors in torch, in as few ops and passes as we can.

On the CPU a torch op costs a few microseconds of dispatch and a pass over the ~50,000
to 500,000 numbers of a probe costs tens to hundreds of microseconds more, so the
general path of :mod:`graphlab.train.torch_stats` (about 25 passes, ~60 small ops)
cost 7x the old compiled kernel. Here, for every tensor whose values are all finite:

* one ``torch.cat`` (float32) into a reused buffer, read in place through numpy (the
  same memory; a numpy call costs about a microsecond, a torch op a few): minima,
  maxima and sums of every tensor in one ``reduceat`` each (SIMD min/max, pairwise
  sums), zeros counted per tensor on one ``== 0`` mask;
* per tensor, its bin positions ``(x - min) * (BINS / span)`` (float32, as the general
  path computes them) are written into a buffer, and the spread is the float64 dot
  product of those positions' deviations from their mean (numbers in [0, BINS]: no
  overflow or underflow, whatever the tensor's scale);
* the histogram: positions truncated to int32 index the rows of a fixed one-hot table
  (row 32, the top value, counts in bin 31; row 33 nowhere), and one ``embedding_bag``
  sums them per tensor: 1-2 ns a number, where ``scatter_add_``/``bincount`` take 2-3.

Tensors with NaN or inf go to the general path; a span past float32's range puts every
value in bin 0 and takes the spread from the values in float64, a float32 sum that
overflows is redone in float64 (the general path reads NaN there); empty tensors get
their row on the host. The statistics are defined by tests/train/stats_reference.py,
which the tests hold both paths to.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from graphlab.train.host_stats import summarise
from graphlab.train.stats_layout import (
    BINS,
    COL,
    HIST0,
    ROW,
    SAMPLE0,
    SAMPLES,
    sample_positions,
)

_KEEP = 16  # layouts kept (the last partial batch of an epoch has its own)
_NONE = BINS + 1  # the table row of a general-path tensor's numbers: counts nowhere
_TABLE: torch.Tensor | None = None


def _table() -> torch.Tensor:
    global _TABLE
    if _TABLE is None:
        one = np.zeros((_NONE + 1, BINS), dtype=np.float32)
        one[np.arange(BINS + 1), np.minimum(np.arange(BINS + 1), BINS - 1)] = 1
        _TABLE = torch.from_numpy(one)
    return _TABLE


class _Layout:
    """Everything that depends only on the tensors' sizes, with reused buffers."""

    def __init__(self, sizes: tuple[int, ...]) -> None:
        k = np.asarray(sizes, dtype=np.int64)
        self.sizes = sizes
        self.starts = np.concatenate([[0], np.cumsum(k)[:-1]]).astype(np.int64)
        numel = int(k.sum())
        self.flat, self.pos = torch.empty(numel), torch.empty(numel)
        self.bins = torch.empty(numel, dtype=torch.int32)
        self.bags = torch.as_tensor(self.starts, dtype=torch.int32)
        self.nonempty = [i for i, s in enumerate(sizes) if s]
        self.live_starts = self.starts[self.nonempty]
        self.count = k[self.nonempty].astype(np.float64)
        # numpy views of the buffers (the same memory), one per tensor: numpy's calls
        # cost about a microsecond, torch's a few
        self.np_flat, self.np_pos = self.flat.numpy(), self.pos.numpy()
        self.np_dev = np.empty(numel)  # float64: float32 dot products drift over long tensors
        cut = lambda a: [a[self.starts[i]:self.starts[i] + sizes[i]]  # noqa: E731
                         for i in self.nonempty]
        self.xs, self.ps, self.ds = cut(self.np_flat), cut(self.np_pos), cut(self.np_dev)
        self.samples = (np.stack([self.starts[i] + sample_positions(sizes[i])
                                  for i in self.nonempty])
                        if self.nonempty else np.zeros((0, SAMPLES), np.int64))


class HostStats:
    """Rows of CPU tensors; ``general`` reduces the tensors this path leaves out."""

    def __init__(self, general: Callable[[list[torch.Tensor]], torch.Tensor]) -> None:
        self._general = general
        self._layout = functools.lru_cache(maxsize=_KEEP)(_Layout)  # by the sizes

    @torch.no_grad()
    def rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """[len(tensors), ROW] float32 rows (before stats_layout.finish_rows)."""
        lay = self._layout(tuple(int(t.numel()) for t in tensors))
        out = np.full((len(tensors), ROW), np.nan, dtype=np.float32)
        out[:, COL["count"]] = lay.sizes
        out[:, [COL["zero_fraction"], COL["nonfinite_fraction"]]] = 0.0
        out[:, HIST0:SAMPLE0] = 0.0
        live = lay.nonempty
        if not live:
            return torch.from_numpy(out)
        f32 = torch.float32
        torch.cat([(t if t.dtype == f32 else t.to(f32)).reshape(-1) for t in tensors],
                  out=lay.flat)
        fast = summarise(out, lay.np_flat, lay.live_starts, lay.count, live, lay.xs, lay.ps,
                         lay.ds, lay.samples)
        lay.bins.copy_(lay.pos)  # positions >= 0: truncation is floor
        hist = F.embedding_bag(lay.bins, _table(), lay.bags, mode="sum")
        out[live, HIST0:SAMPLE0] = hist.numpy()[live]
        slow = [i for j, i in enumerate(live) if not fast[j]]
        if slow:
            out[slow] = self._general([tensors[i] for i in slow]).numpy()
        return torch.from_numpy(out)
