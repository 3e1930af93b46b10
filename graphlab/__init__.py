"""graphlab: draw neural networks as graphs, compile them to PyTorch or TensorFlow,
train them and watch forward values and backward gradients move across the graph.

The top-level API is deliberately small and imports no framework until one is needed:
``load``, ``save``, ``example`` and ``build``; ``graphlab.compile.source(graph,
backend)`` gives the generated Python text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphlab import compile  # noqa: E402,I001 - the package: graphlab.compile.source(...)
from graphlab.graph.fileformat import LoadError
from graphlab.graph.fileformat import load as _load
from graphlab.graph.fileformat import save as _save
from graphlab.graph.graph import Graph, GraphError

if TYPE_CHECKING:
    from pathlib import Path

__version__ = "0.1.0"


def load(path: str | Path) -> Graph:
    """Read a ``.graphlab.json`` file; raises :class:`LoadError` naming each problem."""
    return _load(path)


def save(graph: Graph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` atomically."""
    return _save(graph, path)


def example(name: str) -> Graph:
    """A built-in example graph by name (see ``graphlab examples``)."""
    from graphlab.examples import example as _example

    return _example(name)


def build(graph: Graph, backend: str = "torch", **options):
    """Compile ``graph`` to a live model for ``backend`` ("torch" or "tf")."""
    from graphlab.compile import compile_graph

    return compile_graph(graph, backend, **options)


__all__ = ["Graph", "GraphError", "LoadError", "build", "compile", "example", "load", "save"]
