"""Standalone Python source that rebuilds a dataset's arrays without graphlab.

Used by ``graphlab export --with-training``: the emitted text copies the builder,
``split``, ``standardize`` and ``shape_targets`` functions verbatim from
:mod:`graphlab.train.datasets.generators`, so the exported script and a graphlab
session train on the same numbers.
"""

from __future__ import annotations

import inspect
from typing import Any

from graphlab.graph import training_settings
from graphlab.train.datasets import generators as gen
from graphlab.train.datasets.registry import REGISTRY, load_dataset


def dataset_source(name: str, graph=None, **options: Any) -> str:
    """A standalone module defining ``load_data() -> (x_train, y_train, x_val, y_val)``:
    a docstring, numpy's import and :func:`dataset_functions`."""
    doc, functions = _data_module(name, graph, **options)
    return f'"""{doc}"""\n\nimport numpy as np\n\n\n{functions}'


def dataset_functions(name: str, graph=None, **options: Any) -> str:
    """The function definitions of :func:`dataset_source` alone, for a file that already
    imports numpy as ``np`` (an export with training)."""
    return _data_module(name, graph, **options)[1]


def _data_module(name: str, graph=None, seed: int | None = None,
                 val_fraction: float | None = None, standardize: bool | None = None,
                 target_kind: str | None = None, feature_shape: tuple[int, ...] | None = None,
                 **builder_opts: Any) -> tuple[str, str]:
    """(docstring text, function definitions). With ``graph`` the seed, split,
    standardisation and the shapes the graph's Inputs want come from the graph and its
    training section; explicit arguments win."""
    from graphlab.train.datasets.binding import bind

    tr = graph.training if graph is not None else training_settings.defaults()
    seed = int(seed if seed is not None else (graph.seed if graph is not None else 0))
    val_fraction = float(val_fraction if val_fraction is not None
                         else tr["val_fraction"])
    standardize = bool(standardize if standardize is not None else tr["standardize"])
    data = load_dataset(name, seed, **builder_opts)
    if data.x is None:
        return ("No dataset: this graph has no Inputs.",
                "def load_data():\n    return None, None, None, None\n")
    if graph is not None:
        b = bind(graph, data)
        target_kind = target_kind or b.target_kind
        feature_shape = feature_shape or b.feature_shape
    target_kind = target_kind or "same"
    builder = getattr(gen, data.builder)
    call_args = ", ".join(f"{k}={v!r}" for k, v in data.kwargs.items())
    doc = (f"Data for training: dataset {data.name!r}, seed {seed}, validation fraction "
           f"{val_fraction}, standardised: {standardize}.\n\nWritten by graphlab; needs only "
           "numpy (and scikit-learn for its bundled and generated sets).")
    parts = []
    for fn in (builder, gen.split, gen.standardize, gen.shape_targets):
        parts.append(inspect.getsource(fn).rstrip())
    body = [f"    x, y = {data.builder}({call_args})",
            f"    x_train, y_train, x_val, y_val = split(x, y, {val_fraction!r}, {seed!r})"]
    if standardize:
        body.append("    x_train, x_val = standardize(x_train, x_val)")
    if feature_shape:
        shp = ", ".join(str(int(d)) for d in feature_shape)
        body.append(f"    x_train = x_train.reshape((len(x_train), {shp})).astype(np.float32)")
        body.append(f"    x_val = x_val.reshape((len(x_val), {shp})).astype(np.float32)")
    body.append(f"    y_train = shape_targets(y_train, {target_kind!r})")
    body.append(f"    y_val = shape_targets(y_val, {target_kind!r})")
    body.append("    return x_train, y_train, x_val, y_val")
    parts.append('def load_data():\n    """Training and validation arrays, as graphlab '
                 'builds them."""\n' + "\n".join(body))
    return doc, "\n\n\n".join(parts) + "\n"


def source_names() -> list[str]:
    return [n for n, s in REGISTRY.items() if s.builder is not None]
