"""graphlab: draw neural networks as graphs, compile them to PyTorch or TensorFlow,
train them and watch forward values and backward gradients move across the graph.

The top-level API is deliberately small and imports no framework until one is needed:
``load``, ``save``, ``example`` and ``compile``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphlab.graph.fileformat import LoadError
from graphlab.graph.fileformat import load as _load
from graphlab.graph.fileformat import save as _save
from graphlab.graph.model import Graph, GraphError

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


def compile(graph: Graph, backend: str = "torch", **options):  # noqa: A001 - public API name
    """Compile ``graph`` to a live model for ``backend`` ("torch" or "tf")."""
    from graphlab.compiler import compile_graph

    return compile_graph(graph, backend, **options)


__all__ = ["Graph", "GraphError", "LoadError", "compile", "example", "load", "save"]
