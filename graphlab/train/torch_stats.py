"""Probe statistics of many tensors at once in torch, on their device, in a few kernels.

All tensors are flattened into one vector with a segment id per element; segment
sums, minima, maxima and a histogram by ``index_add_`` / ``scatter_reduce_`` give every
row together, and the stacked result is copied to the host once. Nothing here syncs
with the device before that one copy.
"""

from __future__ import annotations

import numpy as np
import torch

from graphlab.train.stats_layout import BINS, MIN_SPAN, SAMPLES, finish_rows, sample_positions


class TorchStats:
    """Computes stacked stats rows; caches the index tensors per list of tensor sizes."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple] = {}

    def _index(self, sizes: tuple[int, ...], device) -> tuple:
        key = (sizes, str(device))
        hit = self._cache.get(key)
        if hit is None:
            seg = np.repeat(np.arange(len(sizes)), sizes)
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
            samples = np.stack([s + sample_positions(n) for s, n in zip(starts, sizes,
                                                                         strict=True)])
            hit = (torch.as_tensor(seg, device=device),
                   torch.as_tensor(np.stack([seg, seg], 1), device=device),
                   torch.as_tensor(seg * BINS, device=device),
                   torch.as_tensor(samples.reshape(-1), device=device),
                   torch.as_tensor(np.asarray(sizes, dtype=np.float32), device=device))
            self._cache[key] = hit
        return hit

    @torch.no_grad()
    def device_rows(self, tensors: list[torch.Tensor]) -> torch.Tensor:
        """[len(tensors), ROW] float32 on the tensors' device.

        About twenty kernels whatever the number of tensors: sums of (finite, x, zero)
        in one ``index_add_``, a second pass for the spread, minima and negated maxima in
        one ``scatter_reduce_``, and the histogram in one more ``index_add_``.
        """
        flat = torch.cat([t.detach().reshape(-1) for t in tensors]).float()
        return self.flat_device_rows(flat, tuple(int(t.numel()) for t in tensors))

    @torch.no_grad()
    def flat_device_rows(self, flat: torch.Tensor, sizes: tuple[int, ...]) -> torch.Tensor:
        """The same for tensors already laid end to end in the float32 vector ``flat``."""
        n = len(sizes)
        seg, seg2, seg_bins, sample_idx, total = self._index(sizes, flat.device)
        ff = torch.isfinite(flat).float()
        x0 = flat.nan_to_num(0.0, 0.0, 0.0)
        cols = torch.stack([ff, x0, (flat == 0).float()], dim=1)
        sums = torch.zeros(n, 3, device=flat.device).index_add_(0, seg, cols)
        cnt = sums[:, 0]
        safe = cnt.clamp_min(1.0)
        mean = sums[:, 1] / safe
        dev = (x0 - mean[seg]) * ff
        std = (torch.zeros(n, device=flat.device).index_add_(0, seg, dev * dev) / safe).sqrt()
        inf = float("inf")
        both = torch.stack([flat, -flat], dim=1).nan_to_num_(inf, inf, inf)
        mm = torch.full((n, 2), inf, device=flat.device).scatter_reduce_(0, seg2, both, "amin")
        mn, mx = mm[:, 0], -mm[:, 1]
        span = mx - mn
        ok = torch.isfinite(span) & (span >= MIN_SPAN)
        scale = torch.where(ok, BINS / span.clamp_min(MIN_SPAN), torch.zeros_like(span))
        offset = torch.where(torch.isfinite(mn), -mn * scale, torch.zeros_like(mn))
        so = torch.stack([scale, offset], dim=1)[seg]
        b = torch.addcmul(so[:, 1], x0, so[:, 0]).clamp_(0, BINS - 1).long()
        hist = torch.zeros(n * BINS, device=flat.device).index_add_(0, seg_bins + b, ff)
        summary = torch.stack([mean, std, mn, mx, sums[:, 2] / total, (total - cnt) / total,
                               total], dim=1)
        samples = flat[sample_idx].view(n, SAMPLES)
        return torch.cat([summary, hist.view(n, BINS), samples], dim=1)

    def flat_rows(self, flat: torch.Tensor, sizes: tuple[int, ...]) -> np.ndarray:
        """Stats rows on the host of tensors laid end to end in ``flat``: one copy."""
        return finish_rows(self.flat_device_rows(flat, sizes).cpu().numpy())

    def rows(self, tensors: list[torch.Tensor]) -> np.ndarray:
        """Stats rows on the host: one device-to-host copy."""
        if not tensors:
            return np.zeros((0, BINS), dtype=np.float32)
        return finish_rows(self.device_rows(tensors).cpu().numpy())
