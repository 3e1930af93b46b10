"""Probe statistics of many tensors at once in torch, on their device (CPU included).

The tensors are laid end to end with ``torch.cat`` (integer tensors such as labels are
converted on the way); the elementwise work (finite mask, deviations, bin numbers) runs
once over that vector, the reductions once per tensor on its slice, and the histogram is
one ``index_add_``. Nothing here syncs with the device: the caller copies the stacked
rows back in one transfer. The statistics are defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

import numpy as np
import torch

from graphlab.train.stats_layout import BINS, MIN_SPAN, ROW, SAMPLES, finish_rows, sample_positions

_KEEP = 16  # index layouts kept (the last partial batch of an epoch has its own)


class TorchStats:
    """The :class:`~graphlab.train.stats.StatsReducer` for torch."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple] = {}

    def _index(self, sizes: tuple[int, ...], device) -> tuple:
        key = (sizes, str(device))
        hit = self._cache.get(key)
        if hit is None:
            n = len(sizes)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
            # an empty tensor's samples point at a NaN appended after the last element
            nan_at = int(sum(sizes))
            samples = np.stack([s + sample_positions(k) if k else np.full(SAMPLES, nan_at)
                                for s, k in zip(starts, sizes, strict=True)])
            lengths = torch.as_tensor(sizes, device=device)
            if len(self._cache) >= _KEEP:
                self._cache.clear()
            hit = self._cache[key] = (
                lengths, torch.repeat_interleave(torch.arange(n, device=device) * BINS,
                                                 lengths, output_size=nan_at),
                torch.as_tensor(samples.reshape(-1), device=device),
                torch.as_tensor(np.asarray(sizes, dtype=np.float32), device=device))
        return hit

    @torch.no_grad()
    def device_rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """[len(tensors), ROW] float32 on the tensors' device (min and max of a tensor
        without finite values are +-inf until :meth:`host_rows`)."""
        n = len(tensors)
        if n == 0:
            return torch.zeros((0, ROW))
        sizes = tuple(int(t.numel()) for t in tensors)
        flat = torch.cat([t.detach().reshape(-1).to(torch.float32) for t in tensors])
        dev = flat.device
        lengths, seg_bins, sample_idx, total = self._index(sizes, dev)
        bad = (flat * 0).nan_to_num_(1.0, 1.0, 1.0)  # 1 where NaN or inf (x * 0 is NaN)
        good = 1 - bad
        x0 = flat.nan_to_num(0.0, 0.0, 0.0)
        inf = torch.tensor(float("inf"), device=dev)
        lo = torch.where(bad > 0, inf, flat)  # the finite values; +inf elsewhere
        hi = torch.where(bad > 0, inf, -flat)  # negated, so one amin gives both extremes
        cols = torch.stack([x0, bad, (flat == 0).to(torch.float32)], 1).split(sizes)
        ends = torch.stack([lo, hi], 1).split(sizes)
        sums = torch.stack([c.sum(0) for c in cols])  # [n, 3]: sum, non-finite, zeros
        mm = torch.stack([e.amin(0) if e.numel() else torch.full((2,), float("inf"),
                                                                   device=dev)
                          for e in ends])
        mn, mx = mm[:, 0], -mm[:, 1]
        cnt = total - sums[:, 1]
        mean = torch.where(cnt > 0, sums[:, 0] / cnt.clamp_min(1), torch.nan)
        d = ((x0 - torch.repeat_interleave(mean.nan_to_num(0.0), lengths,
                                           output_size=flat.numel())) * good).double()
        spread = torch.stack([s.dot(s) for s in d.split(sizes)])  # float64: no overflow
        std = torch.where(cnt > 0, (spread / cnt.clamp_min(1)).sqrt(), torch.nan).float()
        span = mx - mn
        ok = torch.isfinite(span) & (span >= MIN_SPAN)
        scale = torch.where(ok, BINS / span.clamp_min(MIN_SPAN), 0.0)
        base = torch.where(ok, mn, 0.0)  # not ok: x0 * 0, never inf * 0
        per = torch.repeat_interleave(torch.stack([base, scale], 1), lengths, dim=0,
                                      output_size=flat.numel())
        b = ((x0 - per[:, 0]) * per[:, 1]).floor_().clamp_(0, BINS - 1).to(torch.int64)
        hist = torch.zeros(n * BINS, device=dev).index_add_(0, seg_bins + b, good)
        safe = total.clamp_min(1)  # an empty tensor has no zeros and no non-finite values
        summary = torch.stack([mean, std, mn, mx, sums[:, 2] / safe, sums[:, 1] / safe,
                               total], dim=1)
        samples = torch.cat([flat, flat.new_full((1,), float("nan"))])[sample_idx]
        return torch.cat([summary, hist.view(n, BINS), samples.view(n, SAMPLES)], dim=1)

    @staticmethod
    def host_rows(rows: torch.Tensor) -> np.ndarray:
        """The rows on the host: the one device-to-host copy."""
        return finish_rows(rows.cpu().numpy())

    def rows(self, tensors: list[torch.Tensor]) -> np.ndarray:
        return self.host_rows(self.device_rows(tensors))
