"""Helpers shared by CLI subcommands: resolving a file or example name, failing politely."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from graphlab.graph.fileformat import LoadError, load, load_warnings
from graphlab.graph.graph import Graph


class CliError(Exception):
    """An error to print (without a traceback) followed by exit ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def load_graph(spec: str, warn: bool = True) -> Graph:
    """A path to a file, or the name of a built-in example. With ``warn``, what loading
    warned about (unknown keys kept) goes to stderr."""
    from graphlab import examples

    try:
        exists = os.path.lexists(spec)
    except (OSError, ValueError):  # a name too long for the system, a NUL byte
        exists = False
    if not exists:
        if spec in examples.DESCRIPTIONS:
            return examples.example(spec)
        raise CliError(f"no file {spec}, and no built-in example of that name (examples: "
                       f"{', '.join(examples.names())}; `graphlab examples` describes them)",
                       2)
    try:
        graph = load(spec)
    except LoadError as err:
        raise CliError(str(err), 2) from None
    if warn:
        for w in load_warnings(graph):
            print(f"graphlab: warning: {spec}: {w}", file=sys.stderr)
    return graph


def fail(message: str, code: int = 2) -> int:
    print(f"graphlab: {message}", file=sys.stderr)
    return code


def seed_arg(text: str) -> int:
    """argparse type of ``--seed``: numpy and scikit-learn take whole numbers >= 0 only."""
    import argparse

    from graphlab.graph.fileformat import SEED_LIMIT

    try:
        value = int(text) if len(text) <= 30 else -1
    except ValueError:
        value = -1
    if not 0 <= value <= SEED_LIMIT:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to {SEED_LIMIT}, "
                                         f"not {text[:40]!r}")
    return value


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file: the same inode when both exist (hard links,
    symlinks, ``./x`` and ``x``), else the same resolved path."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):  # a symlink loop names no file we could overwrite
        return False
