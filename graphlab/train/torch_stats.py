"""Probe statistics of many tensors at once in torch, on their device, in a few kernels.

All tensors are flattened into one vector with a segment id per element; segment
sums, minima, maxima and a histogram by ``index_add_`` / ``scatter_reduce_`` give every
row together, and the stacked result is copied to the host once. Nothing here syncs
with the device before that one copy.
"""

from __future__ import annotations

import numpy as np
import torch

from graphlab.train.stats_layout import BINS, SAMPLES, finish_rows, sample_positions


class TorchStats:
    """Computes stacked stats rows; caches the index tensors per list of tensor sizes."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = {}

    def _index(self, sizes: tuple[int, ...], device) -> tuple:
        key = (sizes, str(device))
        hit = self._cache.get(key)
        if hit is None:
            seg = np.repeat(np.arange(len(sizes)), sizes)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
            samples = np.stack([s + sample_positions(n) for s, n in zip(starts, sizes,
                                                                         strict=True)])
            hit = (torch.as_tensor(seg, device=device),
                   torch.as_tensor(samples.reshape(-1), device=device),
                   torch.as_tensor(np.asarray(sizes, dtype=np.float32), device=device))
            self._cache[key] = hit
        return hit

    @torch.no_grad()
    def device_rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """[len(tensors), ROW] float32 on the tensors' device."""
        flat = torch.cat([t.detach().reshape(-1).float() for t in tensors])
        sizes = tuple(int(t.numel()) for t in tensors)
        seg, sample_idx, total = self._index(sizes, flat.device)
        n = len(tensors)
        finite = torch.isfinite(flat)
        ff = finite.float()
        x0 = torch.where(finite, flat, torch.zeros((), device=flat.device))
        cnt = torch.zeros(n, device=flat.device).index_add_(0, seg, ff)
        safe = cnt.clamp_min(1.0)
        mean = torch.zeros(n, device=flat.device).index_add_(0, seg, x0) / safe
        dev = (x0 - mean[seg]) * ff
        std = (torch.zeros(n, device=flat.device).index_add_(0, seg, dev * dev) / safe).sqrt()
        inf = torch.tensor(float("inf"), device=flat.device)
        mn = torch.full((n,), float("inf"), device=flat.device).scatter_reduce_(
            0, seg, torch.where(finite, flat, inf), "amin")
        mx = torch.full((n,), float("-inf"), device=flat.device).scatter_reduce_(
            0, seg, torch.where(finite, flat, -inf), "amax")
        zeros = torch.zeros(n, device=flat.device).index_add_(0, seg, (flat == 0).float())
        span = (mx - mn)
        span = torch.where(torch.isfinite(span) & (span > 0), span, torch.ones_like(span))
        lo = torch.where(torch.isfinite(mn), mn, torch.zeros_like(mn))
        b = ((x0 - lo[seg]) / span[seg] * BINS).floor().clamp(0, BINS - 1).long()
        hist = torch.zeros(n * BINS, device=flat.device).index_add_(0, seg * BINS + b, ff)
        summary = torch.stack([mean, std, mn, mx, zeros / total, (total - cnt) / total, total],
                              dim=1)
        samples = flat[sample_idx].view(n, SAMPLES)
        return torch.cat([summary, hist.view(n, BINS), samples], dim=1)

    def rows(self, tensors: list[torch.Tensor]) -> np.ndarray:
        """Stats rows on the host: one device-to-host copy."""
        if not tensors:
            return np.zeros((0, BINS), dtype=np.float32)
        return finish_rows(self.device_rows(tensors).cpu().numpy())
