"""A short description of a dataset for the UI and ``graphlab datasets``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.datasets.registry import Dataset, load_dataset


@dataclass
class Preview:
    name: str
    task: str
    n_samples: int
    sample_shape: tuple[int, ...]
    x_dtype: str
    y_dtype: str
    class_counts: dict[int, int] | None
    samples: list[tuple[list[float], float | int | list[float]]]

    def to_dict(self) -> dict:
        return {"name": self.name, "task": self.task, "n_samples": self.n_samples,
                "sample_shape": list(self.sample_shape), "x_dtype": self.x_dtype,
                "y_dtype": self.y_dtype,
                "class_counts": None if self.class_counts is None
                else {str(k): v for k, v in self.class_counts.items()},
                "samples": [{"x": x, "y": y} for x, y in self.samples]}

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.task}, {self.n_samples} samples of shape "
                 f"{list(self.sample_shape)} ({self.x_dtype}), targets {self.y_dtype}"]
        if self.class_counts is not None:
            lines.append("  classes: " + ", ".join(f"{k}: {v}"
                                                   for k, v in self.class_counts.items()))
        shape = self.sample_shape  # a sequence [T, F > 1]: shown one group per step
        steps = shape[1] if len(shape) == 2 and shape[1] > 1 else 0
        for x, y in self.samples:
            if steps:
                rows = [x[i:i + steps] for i in range(0, len(x), steps)]
                xs = ", ".join("(" + ", ".join(f"{v:.3g}" for v in r) + ")" for r in rows[:4])
                xs += f", ... {len(rows)} steps" if len(rows) > 4 else ""
            else:
                xs = ", ".join(f"{v:.3g}" for v in x[:8]) + (", ..." if len(x) > 8 else "")
            lines.append(f"  [{xs}] -> {_short(y)}")
        return "\n".join(lines)


def preview(dataset: str | Dataset, seed: int = 0, n: int = 3, **opts) -> Preview:
    """Shape, dtypes, class counts and the first ``n`` samples of a dataset."""
    d = dataset if isinstance(dataset, Dataset) else load_dataset(dataset, seed, **opts)
    if d.x is None:
        return Preview(d.name, d.task, 0, (), "-", "-", None, [])
    counts = None
    if d.n_classes is not None:
        values, c = np.unique(d.y, return_counts=True)
        counts = {int(v): int(k) for v, k in zip(values, c, strict=True)}
    samples = []
    for i in range(min(n, d.n_samples)):
        y = d.y[i]
        samples.append(([float(v) for v in np.ravel(d.x[i])],
                        y.tolist() if np.ndim(y) else y.item()))
    return Preview(d.name, d.task, d.n_samples, d.sample_shape, str(d.x.dtype),
                   str(d.y.dtype), counts, samples)


def _short(y) -> str:
    """A target as people read it: class indices whole, regression values to 4 digits."""
    if isinstance(y, list):
        return "[" + ", ".join(_short(v) for v in y) + "]"
    return f"{y:.4g}" if isinstance(y, float) else str(y)
