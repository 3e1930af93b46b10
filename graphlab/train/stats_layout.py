"""The layout of one row of probe statistics, shared by both backends and the frames.

A probe reduces every tensor it watches to one float32 row of :data:`ROW` numbers:
the summary statistics, a :data:`BINS`-bin histogram over [min, max] of the finite
values, and :data:`SAMPLES` values at evenly spaced flat positions. All rows of a
probe step are stacked on the device and copied back in one transfer
(:mod:`graphlab.train.stats`); what each number means, the histogram's bin rule
included, is defined by tests/train/stats_reference.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SUMMARY = ("mean", "std", "min", "max", "zero_fraction", "nonfinite_fraction", "count")
BINS = 32
SAMPLES = 8
HIST0 = len(SUMMARY)
SAMPLE0 = HIST0 + BINS
ROW = SAMPLE0 + SAMPLES
# A tensor whose finite values span less than this (denormal numbers) has them all in
# the first bin: BINS / span would overflow float32 and the bin of a value with it.
MIN_SPAN = 1e-37
COL = {name: i for i, name in enumerate(SUMMARY)}


def sample_positions(n: int) -> np.ndarray:
    """Flat indices of the sample values of a tensor with ``n`` elements."""
    if n <= 0:
        return np.zeros(SAMPLES, dtype=np.int64)
    if n <= SAMPLES:  # every element, then the last repeated as padding
        return np.minimum(np.arange(SAMPLES), n - 1).astype(np.int64)
    return np.round(np.linspace(0, n - 1, SAMPLES)).astype(np.int64)


@dataclass(frozen=True)
class TensorStats:
    """One decoded row: what the UI shows for a node's value or gradient."""

    mean: float
    std: float
    min: float
    max: float
    zero_fraction: float
    nonfinite_fraction: float
    count: int
    histogram: np.ndarray  # BINS counts of finite values over [min, max]
    samples: np.ndarray  # up to SAMPLES values

    @classmethod
    def from_row(cls, row: np.ndarray) -> TensorStats | None:
        if np.isnan(row[COL["count"]]):
            return None  # no tensor here (e.g. no gradient reaches the node)
        count = int(row[COL["count"]])
        return cls(*(float(row[COL[k]]) for k in SUMMARY[:-1]), count,
                   row[HIST0:SAMPLE0].copy(), row[SAMPLE0:SAMPLE0 + min(count, SAMPLES)].copy())

    @property
    def finite(self) -> bool:
        return self.nonfinite_fraction == 0

    def to_dict(self) -> dict:
        def num(v):
            return float(v) if np.isfinite(v) else None

        return {"mean": num(self.mean), "std": num(self.std), "min": num(self.min),
                "max": num(self.max), "zero_fraction": self.zero_fraction,
                "nonfinite_fraction": self.nonfinite_fraction, "count": self.count,
                "histogram": [int(h) for h in self.histogram],
                "samples": [num(v) for v in self.samples]}


def place_rows(rows: np.ndarray, dest: np.ndarray, n_out: int) -> tuple[np.ndarray, bool]:
    """(rows moved to rows ``dest`` of an [n_out, ROW] array of NaN rows, whether no row
    counts a non-finite value)."""
    out = np.full((n_out, ROW), np.nan, dtype=np.float32)
    out[dest] = rows
    return out, not np.any(rows[:, COL["nonfinite_fraction"]] > 0)  # NaN: no tensor


def finish_rows(rows: np.ndarray) -> np.ndarray:
    """Host-side clean-up after the transfer: min/max of no finite values become NaN
    (the reductions leave +-inf or NaN there)."""
    rows = np.asarray(rows, dtype=np.float32)
    mm = rows[:, [COL["min"], COL["max"]]]
    mm[~np.isfinite(mm)] = np.nan
    rows[:, [COL["min"], COL["max"]]] = mm
    return rows
