"""Standalone Python source that rebuilds a dataset's arrays without graphlab.

Used by ``graphlab export --with-training``: the emitted text copies the builder,
``split``, ``standardize`` and ``shape_targets`` functions verbatim from
:mod:`graphlab.train.datasets.generators`, so the exported script and a graphlab
session train on the same numbers.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from dataclasses import dataclass
from typing import Any

from graphlab.compile.escape import doc_text, literal
from graphlab.graph import training_settings
from graphlab.train.datasets import generators as gen
from graphlab.train.datasets import image_folder as imf
from graphlab.train.datasets import sequences as seq
from graphlab.train.datasets.registry import REGISTRY, load_dataset

# import name -> the name pip installs it by
_DISTRIBUTION = {"sklearn": "scikit-learn", "PIL": "pillow"}
# builders that call other functions of their module: those are copied before them
_HELPERS = {"image_folder": (imf.image_files, imf.read_image)}


@dataclass(frozen=True)
class DataFunctions:
    doc: str  # what the data is, for a module docstring
    functions: str  # the definitions, ending with load_data(); they use numpy as ``np``
    packages: tuple[str, ...]  # what else they import when run (pip names), e.g. scikit-learn


def dataset_source(name: str, graph=None, **options: Any) -> str:
    """A standalone module defining ``load_data() -> (x_train, y_train, x_val, y_val)``:
    a docstring, numpy's import and :func:`dataset_functions`."""
    data = dataset_functions(name, graph, **options)
    return f'"""{data.doc}"""\n\nimport numpy as np\n\n\n{data.functions}'


def dataset_functions(name: str, graph=None, seed: int | None = None,
                      val_fraction: float | None = None, standardize: bool | None = None,
                      target_kind: str | None = None,
                      feature_shape: tuple[int, ...] | None = None,
                      **builder_opts: Any) -> DataFunctions:
    """The data functions, for a module that imports numpy as ``np`` (an export with
    training adds them as its data section). With ``graph`` the seed, split,
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
        return DataFunctions("No dataset: this graph has no Inputs.",
                             "def load_data():\n    return None, None, None, None\n", ())
    if graph is not None:
        b = bind(graph, data)
        target_kind = target_kind or b.target_kind
        feature_shape = feature_shape or b.feature_shape
    target_kind = target_kind or "same"
    builder = getattr(gen, data.builder, None) or getattr(seq, data.builder, None) or \
        getattr(imf, data.builder)
    dtype = b.feature_dtype if graph is not None else "float32"
    call_args = ", ".join(f"{k}={literal(v) if isinstance(v, str) else repr(v)}"
                          for k, v in data.kwargs.items())
    copied = (*_HELPERS.get(data.builder, ()), builder, gen.split, gen.standardize,
              gen.shape_targets)
    packages = _packages(copied)
    # the name may be a path from a graph file: only doc_text's characters reach the text
    doc = (f"Data for training: dataset {doc_text(data.name)}, seed {seed}, validation "
           f"fraction {val_fraction}, standardised: {standardize}.\n\nWritten by graphlab; "
           f"needs only {' and '.join(('numpy', *packages))}.")
    parts = [inspect.getsource(fn).rstrip() for fn in copied]
    body = [f"    x, y = {data.builder}({call_args})",
            f"    x_train, y_train, x_val, y_val = split(x, y, {val_fraction!r}, {seed!r})"]
    if standardize and data.x.dtype.kind == "f":  # never token ids
        body.append("    x_train, x_val = standardize(x_train, x_val)")
    if feature_shape:
        shp = ", ".join(str(int(d)) for d in feature_shape)
        body.append(f"    x_train = x_train.reshape((len(x_train), {shp})).astype(np.{dtype})")
        body.append(f"    x_val = x_val.reshape((len(x_val), {shp})).astype(np.{dtype})")
    body.append(f"    y_train = shape_targets(y_train, {target_kind!r})")
    body.append(f"    y_val = shape_targets(y_val, {target_kind!r})")
    body.append("    return x_train, y_train, x_val, y_val")
    parts.append('def load_data():\n    """Training and validation arrays, as graphlab '
                 'builds them."""\n' + "\n".join(body))
    return DataFunctions(doc, "\n\n\n".join(parts) + "\n", packages)


def _packages(functions) -> tuple[str, ...]:
    """What ``functions`` import besides numpy (the generators import inside the
    function that needs it, e.g. scikit-learn's loaders), as pip names."""
    names = set()
    for fn in functions:
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.partition(".")[0])
    names -= {"numpy", *sys.stdlib_module_names}  # importlib needs no install
    return tuple(sorted(_DISTRIBUTION.get(n, n) for n in names))


def source_names() -> list[str]:
    return [n for n, s in REGISTRY.items() if s.builder is not None]
