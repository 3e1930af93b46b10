"""A list of source lines that remembers which node each line came from.

Every line goes through :func:`graphlab.compile.escape.check_line`: a line holding a
character Python could read as a line break (or that hides text) is refused, so a
string from a file that skipped the escaping module fails loudly instead of running.
"""

from __future__ import annotations

from graphlab.compile.escape import check_line, comment, literal
from graphlab.compile.plan import Step


def lit(value) -> str:
    """A Python literal for an attribute value: tuples for shapes, repr otherwise."""
    if isinstance(value, (list, tuple)):
        inner = ", ".join(lit(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, str):
        return literal(value)
    return repr(value)


def lst(value) -> str:
    """A Python list literal."""
    return "[" + ", ".join(lst(v) if isinstance(v, (list, tuple)) else lit(v) for v in value) + "]"


def shape_comment(step: Step) -> str:
    if step.out_type is None:
        return ""
    return "  # [" + ", ".join(str(d) for d in step.out_type.shape) + "]"


class SourceWriter:
    """Collects lines; ``line_map`` maps 1-based line numbers to node ids."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line_map: dict[int, str] = {}

    def add(self, text: str = "", indent: int = 0, node: str | None = None) -> None:
        for part in text.split("\n"):
            check_line(part)
            self.lines.append(("    " * indent + part) if part else "")
            if node is not None:
                self.line_map[len(self.lines)] = node

    def extend(self, lines: list[str], indent: int = 0) -> None:
        for line in lines:
            self.add(line, indent)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def warning_lines(step: Step) -> list[str]:
    """Comment lines carrying the graph's warnings about a node (e.g. Softmax into a loss)."""
    return [f"# warning: {comment(w)}" for w in step.warnings]
