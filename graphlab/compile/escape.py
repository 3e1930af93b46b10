"""The one way a string from a graph file reaches generated source.

Graph files are untrusted, and Python breaks lines at more than ``\\n``: ``\\r`` ends a
line too, form feed resets indentation, and a NUL stops compilation. So a label,
name, path or warning enters a generated file in exactly one of four forms:

* :func:`literal`: a quoted ``str`` literal (``repr``, which escapes every
  non-printable character; double quotes when the text has none);
* an identifier: :func:`graphlab.compile.names.legal` / ``Namespace`` (re-exported);
* :func:`comment`: one line of printable text for after ``#``, every non-printable
  character (controls, line and paragraph separators, format characters such as
  bidi overrides) replaced by its visible escape (``\\r``, ``\\x85``, ``\\u2028``);
* :func:`doc_text`: text for inside a ``\"\"\"`` docstring or a ``"..."`` literal, cut
  down to word characters, space and ``.,:;()+-`` (nothing that can end or escape it).

:func:`check_line` is the last line of defence: ``SourceWriter`` refuses any line
holding a character that is not printable, so a string that skipped this module
cannot start a statement.
"""

from __future__ import annotations

import re

from graphlab.compile.names import Namespace, legal

__all__ = ["Namespace", "UnsafeSourceError", "check_line", "comment",
           "doc_text", "legal", "literal"]

_NOT_DOC = re.compile(r"[^\w .,:;()+\-]")


class UnsafeSourceError(ValueError):
    """Generated source held a character that could end a line or hide code (a bug)."""


def literal(text) -> str:
    """``text`` as a Python string literal: ``repr``, in double quotes where it can."""
    text = str(text)
    r = repr(text)
    if r.startswith("'") and '"' not in text:
        r = '"' + r[1:-1].replace("\\'", "'") + '"'
    return r


def _visible(ch: str) -> str:
    return ch if ch.isprintable() else repr(ch)[1:-1]


def comment(text) -> str:
    """``text`` as one line of printable text, safe after ``#`` in generated source."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_visible(ch) for ch in text)


def doc_text(text, empty: str = "graph") -> str:
    """``text`` safe inside a docstring or a double-quoted literal: other characters
    become ``_`` (so no quote, backslash or line break survives)."""
    return _NOT_DOC.sub("_", comment(text)) or empty


def check_line(line: str) -> str:
    """``line`` itself; raises :class:`UnsafeSourceError` if any character in it is
    not printable (``\\r``, form feed, NUL, ``\\x85``, ``\\u2028`` ... or ``\\n``)."""
    if not line.isprintable():
        bad = next(ch for ch in line if not ch.isprintable())
        raise UnsafeSourceError(f"generated line holds {bad!r}, which Python may read as a "
                                f"line break or hide; text from a file must go through "
                                f"graphlab.compile.escape: {line!r}")
    return line

