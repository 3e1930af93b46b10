"""Probe statistics of many tensors at once in torch, on their device (CPU included).

The tensors are laid end to end with ``torch.cat`` (integer tensors such as labels are
converted on the way). On an accelerator (:meth:`TorchStats.device_rows`, the general
path) the elementwise work (finite mask, deviations, bin numbers) runs once over that
vector, the reductions once per tensor on its slice, and the histogram is one
``scatter_add_``; nothing syncs with the device. On the CPU, where every op costs a few
microseconds of dispatch and every pass over the numbers one more trip through memory,
the finite tensors take a shorter path (:mod:`graphlab.train.torch_host_stats`) and only
tensors with non-finite values (or empty, or spans float32 cannot hold) the general one.
The statistics are defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

import numpy as np
import torch

from graphlab.train.stats_layout import BINS, MIN_SPAN, ROW, SAMPLES, finish_rows, sample_positions

_KEEP = 16  # index layouts kept (the last partial batch of an epoch has its own)


class TorchStats:
    """The :class:`~graphlab.train.stats.StatsReducer` for torch; ``host_path=False``
    sends CPU tensors through the general path too (for tests and comparisons)."""

    def __init__(self, host_path: bool = True) -> None:
        self._cache: dict[tuple, tuple] = {}
        self._host = None
        if host_path:
            from graphlab.train.torch_host_stats import HostStats

            self._host = HostStats(self._general_rows)

    def _index(self, sizes: tuple[int, ...], device) -> tuple:
        key = (sizes, str(device))
        hit = self._cache.get(key)
        if hit is None:
            n = len(sizes)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
            numel = int(sum(sizes))
            samples = np.stack([s + sample_positions(k) if k else np.zeros(SAMPLES, np.int64)
                                for s, k in zip(starts, sizes, strict=True)])
            lengths = torch.as_tensor(sizes, device=device)
            if len(self._cache) >= _KEEP:
                self._cache.clear()
            hit = self._cache[key] = (
                lengths, torch.repeat_interleave(
                    torch.arange(n, device=device, dtype=torch.float32) * BINS, lengths,
                    output_size=numel),
                torch.as_tensor(samples.reshape(-1), device=device),
                torch.as_tensor(np.asarray(sizes, dtype=np.float32), device=device),
                torch.as_tensor([[k == 0] for k in sizes], device=device))
        return hit

    @torch.no_grad()
    def device_rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """[len(tensors), ROW] float32 on the tensors' device (min and max of a tensor
        without finite values are +-inf until :meth:`host_rows`). CPU tensors take the
        host path (:mod:`graphlab.train.torch_host_stats`), which hands back only the
        tensors it cannot reduce to :meth:`_general_rows`."""
        if self._host is not None and tensors and tensors[0].device.type == "cpu":
            return self._host.rows(tensors)
        return self._general_rows(tensors)

    def _general_rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """The general path, on any device: three reductions per tensor, on contiguous
        rows of stacked vectors (sums of the finite values, non-finite and non-zero
        indicators; minima of the finite values and of their negations), one float64
        dot product per tensor for the spread, and about twenty elementwise passes over
        all the numbers at once. The sums and deviations are float64: in float32 the sum
        of values near float32's maximum overflows although every value fits, and the
        mean and spread of an exploding gradient would read inf or NaN.
        """
        n = len(tensors)
        if n == 0:
            return torch.zeros((0, ROW))
        sizes = tuple(int(t.numel()) for t in tensors)
        flat = torch.cat([t.detach().reshape(-1).to(torch.float32) for t in tensors])
        dev = flat.device
        lengths, seg_bins, sample_idx, total, empty = self._index(sizes, dev)
        inf = float("inf")
        x0 = flat.nan_to_num(0.0, 0.0, 0.0)  # non-finite values as 0
        bad = (flat * 0).nan_to_num_(1.0, 1.0, 1.0)  # 1 where NaN or inf (x * 0 is NaN)
        x64 = x0.double()  # float64 sums: no overflow where the values do not
        # float arithmetic throughout: comparisons make bool tensors, several times slower
        sums = torch.stack([bad, x0.abs().sign_()]).split(sizes, 1)
        ends = torch.stack([flat.nan_to_num(inf, inf, inf),
                            flat.neg().nan_to_num_(inf, inf, inf)
                            ]).split(sizes, 1)  # (finite values, negated), +inf elsewhere
        s = torch.stack([c.sum(1) for c in sums])  # [n, 2]: non-finite, non-zero
        sx = torch.stack([v.sum() for v in x64.split(sizes)])
        full = torch.full((2,), inf, device=dev)
        mm = torch.stack([e.amin(1) if e.shape[1] else full for e in ends])
        mn, mx = mm[:, 0], -mm[:, 1]
        cnt = total - s[:, 0]
        mean64 = torch.where(cnt > 0, sx / cnt.clamp_min(1), torch.nan)
        mean = mean64.float()
        span = mx - mn
        ok = torch.isfinite(span) & (span >= MIN_SPAN)
        scale = torch.where(ok, BINS / span.clamp_min(MIN_SPAN), 0.0)
        base = torch.where(ok, mn, 0.0)  # not ok: x0 * 0, never inf * 0
        per = torch.repeat_interleave(torch.stack([base, scale]), lengths, dim=1,
                                      output_size=flat.numel())
        good = 1 - bad
        m64 = torch.repeat_interleave(mean64.nan_to_num(0.0), lengths,
                                      output_size=flat.numel())
        d = (x64 - m64) * good
        spread = torch.stack([v.dot(v) for v in d.split(sizes)])  # float64: no overflow
        std = torch.where(cnt > 0, (spread / cnt.clamp_min(1)).sqrt(), torch.nan).float()
        b = ((x0 - per[0]) * per[1]).floor_().clamp_(0, BINS - 1).add_(seg_bins)
        hist = torch.zeros(n * BINS, device=dev).scatter_add_(0, b.to(torch.int64), good)
        safe = total.clamp_min(1)  # an empty tensor has no zeros and no non-finite values
        zeros = total - s[:, 0] - s[:, 1]
        summary = torch.stack([mean, std, mn, mx, zeros / safe, s[:, 0] / safe, total], 1)
        samples = flat[sample_idx] if flat.numel() else flat.new_zeros(n * SAMPLES)
        if 0 in sizes:  # an empty tensor's samples are NaN (its indices point anywhere)
            samples = samples.view(n, SAMPLES).masked_fill(empty, float("nan"))
        return torch.cat([summary, hist.view(n, BINS), samples.view(n, SAMPLES)], dim=1)

    @staticmethod
    def host_rows(rows: torch.Tensor) -> np.ndarray:
        """The rows on the host: the one device-to-host copy."""
        return finish_rows(rows.cpu().numpy())

    def rows(self, tensors: list[torch.Tensor]) -> np.ndarray:
        return self.host_rows(self.device_rows(tensors))
