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
        if not self.diagnostics:  # a problem of the whole graph: the headline says it
            super().__init__(headline)
            return
        lines = [f"{headline}: {len(self.diagnostics)} problem(s)"]
        lines += [f"  {d.message}" for d in self.diagnostics]
        super().__init__("\n".join(lines))

    @property
    def nodes(self) -> list[str]:
        return [d.node for d in self.diagnostics]


# Framework errors whose wording does not say what to do, and what it means in a graph.
HINTS = (
    ("all elements of input should be between 0 and 1",
     "this loss takes probabilities in [0, 1]: feed it a Sigmoid's output (or use "
     "BCEWithLogitsLoss on logits); a NaN from upstream trips it too, when training "
     "diverges (lower the learning rate)"),
)


class GeneratedCodeError(RuntimeError):
    """A runtime error raised inside generated code, re-raised naming its node (with a
    hint where the framework's own words do not say what to do)."""

    def __init__(self, node_id: str, title: str, original: BaseException):
        self.node_id = node_id
        self.original = original
        text = str(original)
        hint = next((h for needle, h in HINTS if needle in text), None)
        super().__init__(f"{title}: {type(original).__name__}: {text}"
                         + (f" ({hint})" if hint else ""))
