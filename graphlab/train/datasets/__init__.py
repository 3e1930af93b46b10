"""Datasets: a registry of synthetic, bundled and file datasets, fitted to a graph.

``load_dataset`` gives raw arrays, ``prepare`` splits, standardises and shapes them
for a graph's Inputs (refusing a mismatch before training), ``preview`` describes one,
and ``dataset_source`` writes standalone code that rebuilds the same arrays.
"""

from graphlab.train.datasets.binding import Binding, DatasetMismatch, bind
from graphlab.train.datasets.prepare import PreparedData, prepare
from graphlab.train.datasets.preview import Preview, preview
from graphlab.train.datasets.registry import (
    REGISTRY,
    Dataset,
    DatasetError,
    DatasetSpec,
    load_dataset,
    names,
    split_spec,
)
from graphlab.train.datasets.source import dataset_source

__all__ = ["REGISTRY", "Binding", "Dataset", "DatasetError", "DatasetMismatch", "DatasetSpec",
           "Preview", "PreparedData", "bind", "dataset_source", "load_dataset", "names",
           "prepare", "preview", "split_spec"]
