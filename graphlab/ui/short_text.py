"""Shortening text for display when it may hold a huge name (a node label of a million
characters): Qt lays such a string out for every tooltip, list row and wrapped label,
which froze the window for minutes. The model keeps the full text; the inspector's name
field shows it whole."""

from __future__ import annotations

import re

RUN = 60  # longest unbroken run of characters shown whole
LIMIT = 600  # longest text shown whole
# a run: no spaces, quotes, brackets or separators (so a quoted name keeps its quotes)
_RUN = re.compile(r"[^\s\"'`,;()\[\]{}<>]{" + str(RUN + 1) + ",}")


def _cut(run: str) -> str:
    return f"{run[:RUN - 16]}…{run[-8:]} ({len(run):,} characters)"


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` as is if short; else long unbroken runs cut in the middle (with their
    length), and what is still too long cut in the middle too."""
    if len(text) <= limit:
        return text
    text = _RUN.sub(lambda m: _cut(m.group()), text)
    if len(text) > limit:
        text = f"{text[:limit * 2 // 3]} … {text[-(limit // 3):]}"
    return text


def shorten_lines(text: str, width: int = 2000) -> str:
    """Each line longer than ``width`` cut, saying how much was left out (code view)."""
    if len(text) <= width:
        return text
    return "\n".join(line if len(line) <= width else
                     f"{line[:width]}… [{len(line) - width:,} more characters not shown]"
                     for line in text.split("\n"))
