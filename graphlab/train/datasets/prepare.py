"""Split, standardise and shape a dataset for a graph: the arrays a session trains on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.datasets import generators as gen
from graphlab.train.datasets.binding import Binding, bind
from graphlab.train.datasets.registry import Dataset, load_dataset


@dataclass
class PreparedData:
    """Training and validation arrays, already in the dtype/shape the graph's Inputs want."""

    dataset: Dataset
    binding: Binding
    x_train: np.ndarray | None
    y_train: np.ndarray | None
    x_val: np.ndarray | None
    y_val: np.ndarray | None
    val_fraction: float
    standardize: bool
    seed: int

    @property
    def n_train(self) -> int:
        return 0 if self.x_train is None else len(self.x_train)

    @property
    def n_val(self) -> int:
        return 0 if self.x_val is None else len(self.x_val)


def split_and_scale(data: Dataset, val_fraction: float, standardize: bool, seed: int):
    """The raw train/val arrays, exactly as the exported data script computes them."""
    x_tr, y_tr, x_va, y_va = gen.split(data.x, data.y, val_fraction, seed)
    if standardize and data.x.dtype.kind == "f":  # never token ids
        x_tr, x_va = gen.standardize(x_tr, x_va)
    return x_tr, y_tr, x_va, y_va


def prepare(graph, dataset: str | Dataset, val_fraction: float = 0.2,
            standardize: bool = True, seed: int = 0, **opts) -> PreparedData:
    """Load (if named), check against the graph, split, standardise and shape a dataset.

    Raises ``DatasetError`` / ``DatasetMismatch`` before any training work is done.
    """
    data = dataset if isinstance(dataset, Dataset) else load_dataset(dataset, seed, **opts)
    b = bind(graph, data)
    if data.x is None:
        return PreparedData(data, b, None, None, None, None, 0.0, False, seed)
    x_tr, y_tr, x_va, y_va = split_and_scale(data, val_fraction, standardize, seed)
    return PreparedData(data, b, b.features(x_tr), b.targets(y_tr), b.features(x_va),
                        b.targets(y_va), val_fraction, standardize, seed)
