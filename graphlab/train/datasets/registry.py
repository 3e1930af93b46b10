"""The dataset registry: names, what each one is, and loading one into memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.train.datasets import generators as gen

CLASSIFICATION = "classification"
REGRESSION = "regression"
NONE = "none"


class DatasetError(ValueError):
    """A dataset that cannot be found, read or used; the message says what to do."""


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    builder: Callable[..., tuple[np.ndarray, np.ndarray]] | None
    task: str
    description: str
    kind: str  # synthetic | bundled | file | none
    seeded: bool = True
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dataset:
    """Arrays in memory plus what produced them (so exports can rebuild them)."""

    name: str
    x: np.ndarray | None
    y: np.ndarray | None
    task: str
    builder: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def n_samples(self) -> int:
        return 0 if self.x is None else len(self.x)

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return () if self.x is None else tuple(self.x.shape[1:])

    @property
    def n_classes(self) -> int | None:
        if self.task != CLASSIFICATION or self.y is None:
            return None
        return int(self.y.max()) + 1 if len(self.y) else 0


def _spec(name, builder, task, description, kind="synthetic", seeded=True, **defaults):
    return DatasetSpec(name, builder, task, description, kind, seeded, defaults)


REGISTRY: dict[str, DatasetSpec] = {s.name: s for s in [
    _spec("xor", gen.xor, CLASSIFICATION, "the four XOR points, repeated; 2 features, 2 classes",
          n_samples=4),
    _spec("moons", gen.moons, CLASSIFICATION, "two interleaving half circles; 2 features",
          n_samples=1000),
    _spec("circles", gen.circles, CLASSIFICATION, "two concentric circles; 2 features",
          n_samples=1000),
    _spec("spirals", gen.spirals, CLASSIFICATION, "two spiral arms; 2 features", n_samples=1000),
    _spec("blobs", gen.blobs, CLASSIFICATION, "three Gaussian blobs; 2 features, 3 classes",
          n_samples=1000),
    _spec("sine", gen.sine, REGRESSION, "regression y = sin(x) + noise; 1 feature",
          n_samples=1000),
    _spec("seed_task", gen.seed_task, CLASSIFICATION,
          "the seed document's task: 10 features, binary label from a fixed random linear "
          "rule", n_samples=1000),
    _spec("digits", gen.digits, CLASSIFICATION,
          "scikit-learn's 8x8 digits: 1797 samples, 64 features in [0, 1], 10 classes",
          kind="bundled", seeded=False),
    _spec("iris", gen.iris, CLASSIFICATION, "scikit-learn's iris: 150 samples, 4 features, "
          "3 classes", kind="bundled", seeded=False),
    _spec("wine", gen.wine, CLASSIFICATION, "scikit-learn's wine: 178 samples, 13 features, "
          "3 classes", kind="bundled", seeded=False),
    _spec("breast_cancer", gen.breast_cancer, CLASSIFICATION,
          "scikit-learn's breast cancer: 569 samples, 30 features, 2 classes",
          kind="bundled", seeded=False),
    _spec("none", None, NONE, "no data: for graphs without Inputs (e.g. scalar_expr)",
          kind="none", seeded=False),
]}

FILE_HELP = "or a path to a .csv (numeric, header row; target column chosen) or .npz (x, y)"


def names() -> list[str]:
    return list(REGISTRY)


def split_spec(spec: Any, folder: Path | None = None) -> tuple[str, dict[str, Any]]:
    """(name or path, loader options) of a training section's ``dataset``: a registry
    name, a .csv/.npz path, or ``{"path": ..., "target": column, "task": ...}`` for a
    file whose target is not its last column (see docs/format.md). A relative path is
    read from ``folder`` (the graph file's) when the file is there."""
    if isinstance(spec, dict):
        name, opts = str(spec.get("path", "")), {k: spec[k] for k in ("target", "task")
                                                 if k in spec}
    else:
        name, opts = str(spec), {}
    if folder is not None and is_file_spec(name) and not Path(name).is_absolute() and \
            (Path(folder) / name).is_file():
        name = str(Path(folder) / name)
    return name, opts


def is_file_spec(spec: str) -> bool:
    return spec.lower().endswith((".csv", ".npz"))


def load_dataset(spec: str, seed: int = 0, **opts: Any) -> Dataset:
    """The dataset named ``spec`` (a registry name or a .csv/.npz path) as arrays.

    ``opts`` go to the builder (e.g. ``n_samples`` for synthetic sets, ``target`` for a
    CSV). Raises :class:`DatasetError` with a message meant for the user.
    """
    if is_file_spec(spec):
        return _load_file(spec, **opts)
    if spec not in REGISTRY:
        raise DatasetError(f"no dataset named {spec!r}; choose one of {', '.join(REGISTRY)} "
                           f"{FILE_HELP}")
    s = REGISTRY[spec]
    if s.builder is None:
        return Dataset(spec, None, None, NONE)
    kwargs = {**s.defaults, **opts}
    if s.seeded:
        kwargs["seed"] = int(seed)
    try:
        x, y = s.builder(**kwargs)
    except TypeError as err:
        raise DatasetError(f"dataset {spec}: {err}") from None
    return Dataset(spec, x, y, s.task, s.builder.__name__, kwargs)


def _load_file(path: str, **opts: Any) -> Dataset:
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"dataset file {path} does not exist")
    name = p.name
    try:
        if p.suffix.lower() == ".csv":
            kwargs = {"path": str(p), "target": opts.get("target", -1),
                      "task": opts.get("task", "auto")}
            header = _check_csv(p, kwargs["target"])
            x, y = gen.csv_file(**kwargs)
            builder = "csv_file"
            target = kwargs["target"]
            col = header.index(target) if isinstance(target, str) else target % len(header)
            columns = header[:col] + header[col + 1:]
        else:
            kwargs = {"path": str(p)}
            x, y = gen.npz_file(**kwargs)
            builder = "npz_file"
            columns = None
    except DatasetError:
        raise
    except (ValueError, KeyError, OSError) as err:
        raise DatasetError(f"dataset file {name} could not be read: {err}") from None
    _check_finite(name, x, y, columns)
    task = CLASSIFICATION if y.dtype == np.int64 else REGRESSION
    return Dataset(name, x, y, task, builder, kwargs)


def _check_finite(name: str, x: np.ndarray, y: np.ndarray, columns: list[str] | None) -> None:
    """Refuse data holding NaN or inf before training starts: the run would otherwise
    fail at the first batch that holds one, naming the Input node instead of the file's
    row."""
    bad_x = ~np.isfinite(x.reshape(len(x), -1))
    bad = bad_x.any(axis=1) | ~np.isfinite(y.reshape(len(y), -1).astype(np.float64)).all(axis=1)
    if not bad.any():
        return
    i = int(np.argmax(bad))
    if bad_x[i].any():
        j = int(np.argmax(bad_x[i]))
        where = f"column {columns[j]!r}" if columns else f"feature {j}"
    else:
        where = "the target"
    row = f"data row {i + 1} (after the header)" if columns is not None else f"sample {i}"
    raise DatasetError(f"dataset file {name}: {int(bad.sum())} sample(s) hold a value that is "
                       f"not a number (NaN or inf), the first at {row}, {where}; remove or "
                       "fill them, then train again")


def csv_columns(line: str) -> list[str]:
    """The column names of a CSV header line."""
    return [h.strip() for h in line.strip().split(",")]


def _check_csv(path: Path, target: Any) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        header = csv_columns(fh.readline())
        rows = [line for line in fh if line.strip()]
    if len(header) < 2:
        raise DatasetError(f"dataset file {path.name}: needs a header row and at least two "
                           "columns (features and a target)")
    if isinstance(target, str) and target not in header:
        raise DatasetError(f"dataset file {path.name}: no column named {target!r}; the "
                           f"columns are {', '.join(header)}")
    if isinstance(target, int) and not -len(header) <= target < len(header):
        raise DatasetError(f"dataset file {path.name}: target column {target} is out of "
                           f"range (it has {len(header)} columns)")
    for i, line in enumerate(rows, start=2):
        n = len(line.split(","))
        if n != len(header):
            raise DatasetError(f"dataset file {path.name}, line {i}: {n} values, but the "
                               f"header has {len(header)} columns")
        if i > 50:
            break
    return header
