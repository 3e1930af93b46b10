"""A list of source lines that remembers which node each line came from.

Every line goes through :func:`graphlab.compile.escape.check_line`: a line holding a
character Python could read as a line break (or that hides text) is refused, so a
string from a file that skipped the escaping module fails loudly instead of running.
"""

from __future__ import annotations

import re

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


def shape_comment(step: Step, nhwc: bool = False) -> str:
    """``  # [N, 10]``: the step's output shape, the batch written N; ``nhwc`` for an
    image the line computes channels-last (``[N, H, W, C]``)."""
    if step.dims is None:
        return ""
    if step.port_dims:  # several outputs (Split): ``# y0 [N, 4], y1 [N, 6]``
        return "  # " + ", ".join(f"{p} [{', '.join(d)}]" for p, d in step.port_dims.items())
    dims = step.dims
    if nhwc and len(dims) == 4:
        dims = (dims[0], dims[2], dims[3], dims[1])
    return "  # [" + ", ".join(dims) + "]"


WIDTH = 100  # ruff's line length for generated files (E501)


_SPECIAL = re.compile(r"[\"'\\()\[\]{},]")  # what _brackets looks at; the rest is skipped


def _brackets(code: str) -> tuple[int, int, list[int]] | None:
    """The first top-level bracket pair of ``code`` (open, close) and the positions of
    the commas directly inside it; None when there is none. String literals are skipped.
    Only quotes, backslashes, brackets and commas are visited (a regex finds them), so a
    megabyte-long name costs one scan in C, not a Python step per character."""
    depth, start, commas, quote, escaped = 0, -1, [], "", -1
    for m in _SPECIAL.finditer(code):
        i = m.start()
        if i == escaped:
            continue
        ch = code[i]
        if quote:
            if ch == "\\":
                escaped = i + 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return start, i, commas
        elif ch == "," and depth == 1:
            commas.append(i)
    return None


def wrap(code: str, indent: int, width: int = WIDTH) -> list[str]:
    """``code`` split at its first top-level bracket, as people wrap a long call: the
    head, then the arguments filled onto lines indented four more (an argument that is
    itself too long is wrapped again on its own lines), then the closing bracket and what
    follows it. A comprehension or a parenthesised expression is one argument, and a
    trailing comma is added only where one was (``(x,)``) or several arguments are, so
    wrapping never turns ``(a / b)`` into a tuple. Code without brackets stays one line."""
    if indent + len(code) <= width:
        return [code]
    found = _brackets(code)
    if found is None:
        return [code]
    start, end, commas = found
    inner = code[start + 1:end]
    if " for " in inner:  # a comprehension: its commas are not between arguments
        commas = []
    cuts = [start, *commas, end]
    items = [code[a + 1:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    items = [x for x in items if x]
    if len(items) > 1 or inner.rstrip().endswith(","):
        items = [x + "," for x in items]
    lines, line = [code[:start + 1]], ""
    for item in items:
        if indent + 4 + len(item) > width:  # too long even alone: its own wrapped lines
            if line:
                lines.append("    " + line)
                line = ""
            lines += ["    " + part for part in wrap(item, indent + 4, width)]
        elif not line:
            line = item
        elif indent + 4 + len(line) + 1 + len(item) <= width:
            line += " " + item
        else:
            lines.append("    " + line)
            line = item
    if line:
        lines.append("    " + line)
    return lines + [code[end:]]


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

    def statement(self, code: str, comment: str = "", indent: int = 0,
                  node: str | None = None) -> None:
        """``code`` with its trailing ``comment`` (``  # [N, 10]``), kept within
        :data:`WIDTH` columns: a comment that does not fit goes on its own line above,
        a statement that does not fit is split at the commas of its brackets."""
        pad = "    " * indent
        if len(pad + code + comment) <= WIDTH:
            self.add(code + comment, indent, node)
            return
        if comment:
            self.add("# " + comment.lstrip()[2:], indent, node)
        for line in wrap(code, len(pad)):
            self.add(line, indent, node)

    def extend(self, lines: list[str], indent: int = 0) -> None:
        for line in lines:
            self.add(line, indent)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def warning_lines(step: Step) -> list[str]:
    """Comment lines carrying the graph's warnings about a node (e.g. Softmax into a loss)."""
    return [f"# warning: {comment(w)}" for w in step.warnings]
