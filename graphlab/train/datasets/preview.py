"""A short description of a dataset for the UI and ``graphlab datasets``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.datasets.registry import Dataset, is_folder_spec, load_dataset


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
    class_names: tuple[str, ...] = ()  # an image folder's, by class index

    def to_dict(self) -> dict:
        return {"name": self.name, "task": self.task, "n_samples": self.n_samples,
                "sample_shape": list(self.sample_shape), "x_dtype": self.x_dtype,
                "y_dtype": self.y_dtype,
                "class_counts": None if self.class_counts is None
                else {str(k): v for k, v in self.class_counts.items()},
                "samples": [{"x": x, "y": y} for x, y in self.samples],
                "class_names": list(self.class_names)}

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.task}, {self.n_samples} samples of shape "
                 f"{list(self.sample_shape)} ({self.x_dtype}), targets {self.y_dtype}"]
        if self.class_counts is not None:
            names = dict(enumerate(self.class_names))
            lines.append("  classes: " + ", ".join(
                f"{k}{' ' + names[k] if k in names else ''}: {v}"
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
    """Shape, dtypes, class counts and the first ``n`` samples of a dataset (of an image
    folder: from its listing and ``n`` images, so the dock never decodes them all)."""
    if isinstance(dataset, str) and is_folder_spec(dataset):
        return _folder_preview(dataset, n, **opts)
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
                   str(d.y.dtype), counts, samples, d.class_names)


def _folder_preview(path: str, n: int, **opts) -> Preview:
    from pathlib import Path

    from graphlab.train.datasets.image_folder import first_images, folder_summary

    count, shape, counts, names = folder_summary(path, **opts)
    x, labels = first_images(path, n, **opts) if n > 0 else (np.zeros((0, *shape)), [])
    samples = [([float(v) for v in np.ravel(img)], names.index(label))
               for img, label in zip(x, labels, strict=True)]
    return Preview(Path(path).name or path, "classification", count, shape, "float32",
                   "int64", counts, samples, names)


def _short(y) -> str:
    """A target as people read it: class indices whole, regression values to 4 digits."""
    if isinstance(y, list):
        return "[" + ", ".join(_short(v) for v in y) + "]"
    return f"{y:.4g}" if isinstance(y, float) else str(y)
