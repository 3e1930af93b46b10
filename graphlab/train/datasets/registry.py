"""The dataset registry: names, what each one is, and loading one into memory."""

from __future__ import annotations

import inspect
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.train.datasets import generators as gen
from graphlab.train.datasets import sequences as seq

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
    class_names: tuple[str, ...] = ()  # an image folder's subfolders, by class index

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
    _spec("adding", seq.adding, REGRESSION, "the adding problem: [N, 20, 2] (a value and a "
          "marker per step), the sum of the two marked values", n_samples=1000),
    _spec("parity", seq.parity, CLASSIFICATION, "bit parity: [N, 8, 1] bits, 1 when the "
          "count of ones is odd; 2 classes", n_samples=1000),
    _spec("waveforms", seq.waveforms, CLASSIFICATION, "noisy sine, square and sawtooth "
          "waves [N, 32, 1]; 3 classes", n_samples=1000),
    _spec("text_chars", seq.text_chars, CLASSIFICATION, "next character after 16 of a "
          "bundled text (Alice in Wonderland): int64 ids [N, 16], 41 classes",
          n_samples=2000),
    _spec("none", None, NONE, "no data: for graphs without Inputs (e.g. scalar_expr)",
          kind="none", seeded=False),
]}

FILE_HELP = ("or a path to a .csv (numeric, header row; target column chosen), .npz (x, y) "
             "or .txt (next character), or a folder of images (DIR/, one subfolder per "
             "class)")
FILE_SUFFIXES = (".csv", ".npz", ".txt")
OPTION_KEYS = ("target", "task", "size", "color")  # of {"path": ..., ...}; size, color: folders


def names() -> list[str]:
    return list(REGISTRY)


def split_spec(spec: Any, folder: Path | None = None) -> tuple[str, dict[str, Any]]:
    """(name or path, loader options) of a training section's ``dataset``: a registry
    name, a .csv/.npz path, an image folder ``DIR/``, or ``{"path": ..., "target": column,
    "task": ...}`` for a file whose target is not its last column (``{"path": "DIR/",
    "size": 32, "color": "rgb"}`` for a folder; see docs/format.md). A relative path is
    read from ``folder`` (the graph file's) when the file is there."""
    if isinstance(spec, dict):
        name, opts = str(spec.get("path", "")), {k: spec[k] for k in OPTION_KEYS if k in spec}
    else:
        name, opts = str(spec), {}
    if folder is not None and name and name not in REGISTRY and \
            not Path(name).is_absolute() and os.path.lexists(Path(folder) / name):
        name = str(Path(folder) / name) + ("/" if name.endswith(("/", os.sep)) else "")
    return name, opts


def is_file_spec(spec: str) -> bool:
    """A data path (a .csv, .npz or .txt file, or an image folder), not a registry name."""
    return spec.lower().endswith(FILE_SUFFIXES) or is_folder_spec(spec)


def is_folder_spec(spec: str) -> bool:
    """An image folder: not a registry name, written ``DIR/``, or an existing folder
    whose name is not a data file's (a folder ``data.npz`` is refused as not a file)."""
    return spec not in REGISTRY and bool(spec) and (
        spec.endswith(("/", os.sep)) or (os.path.isdir(spec) and
                                         not spec.lower().endswith(FILE_SUFFIXES)))


def load_dataset(spec: str, seed: int = 0, **opts: Any) -> Dataset:
    """The dataset named ``spec`` (a registry name, a .csv/.npz/.txt path or an image
    folder) as arrays.

    ``opts`` go to the builder (e.g. ``n_samples`` for synthetic sets, ``target`` for a
    CSV). Raises :class:`DatasetError` with a message meant for the user.
    """
    from graphlab.train.datasets.files import load_file

    if is_folder_spec(spec):
        from graphlab.train.datasets.image_folder import load_image_folder

        return load_image_folder(spec, **opts)
    if {"size", "color"} & set(opts):
        raise DatasetError(f"dataset {spec}: size and color are options of an image folder "
                           "(a path ending in /); remove them")
    if spec.lower().endswith(".txt"):
        return seq.load_text(spec, seed, **opts)
    if is_file_spec(spec) or (spec not in REGISTRY and os.path.lexists(spec)):
        return load_file(spec, **opts)
    if spec not in REGISTRY:
        raise DatasetError(f"no dataset named {spec!r}; choose one of {', '.join(REGISTRY)} "
                           f"{FILE_HELP}")
    s = REGISTRY[spec]
    if s.builder is None:
        return Dataset(spec, None, None, NONE)
    kwargs = {**s.defaults, **opts}
    if s.seeded:
        kwargs["seed"] = int(seed)
    _check_options(spec, s.builder, kwargs)
    try:
        x, y = s.builder(**kwargs)
    except (TypeError, ValueError) as err:
        raise DatasetError(f"dataset {spec}: {err}") from None
    return Dataset(spec, x, y, s.task, s.builder.__name__, kwargs)


MAX_GENERATED = 10_000_000  # values (samples x features) a synthetic set may have


def _check_options(spec: str, builder, kwargs: dict[str, Any]) -> None:
    """Options from a graph file reach the builders: only ones they take, whole numbers
    whole and small enough to build in memory, other numbers finite."""
    takes = [k for k in inspect.signature(builder).parameters if k != "seed"]
    for key, value in kwargs.items():
        if key == "seed":
            continue
        if key not in takes:
            raise DatasetError(f"dataset {spec} has no option {key!r}; it takes "
                               f"{', '.join(takes) or 'none'}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(value, float) and not math.isfinite(value)) or value < 0:
            raise DatasetError(f"dataset {spec}: option {key} must be a number >= 0, "
                               f"not {value!r}")
        if key in ("n_samples", "classes", "centers", "n_features", "length", "context") and (
                int(value) != value or value < 1):
            raise DatasetError(f"dataset {spec}: option {key} must be a whole number >= 1, "
                               f"not {value!r}")
    size = kwargs.get("n_samples", 1) * kwargs.get("n_features", 2)
    if size > MAX_GENERATED:
        raise DatasetError(f"dataset {spec}: {size:,} values is more than graphlab generates "
                           f"({MAX_GENERATED:,}); lower n_samples")


def csv_columns(line: str) -> list[str]:
    """The column names of a CSV header line."""
    return [h.strip() for h in line.strip().split(",")]
