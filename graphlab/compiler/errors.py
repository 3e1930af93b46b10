"""Errors the compiler raises, worded for the person who drew the graph."""

from __future__ import annotations

from graphlab.graph.diagnostics import Diagnostic


class CompileError(ValueError):
    """The graph cannot be compiled. The message names every node with a problem.

    ``diagnostics`` holds one :class:`Diagnostic` per problem, pinned to its node, so an
    editor can mark the nodes on the canvas.
    """

    def __init__(self, diagnostics: list[Diagnostic], headline: str = "cannot compile"):
        self.diagnostics = list(diagnostics)
        lines = [f"{headline}: {len(self.diagnostics)} problem(s)"]
        lines += [f"  {d.message}" for d in self.diagnostics]
        super().__init__("\n".join(lines))

    @property
    def nodes(self) -> list[str]:
        return [d.node for d in self.diagnostics]


class GeneratedCodeError(RuntimeError):
    """A runtime error raised inside generated code, re-raised naming its node."""

    def __init__(self, node_id: str, title: str, original: BaseException):
        self.node_id = node_id
        self.original = original
        super().__init__(f"{title}: {type(original).__name__}: {original}")
