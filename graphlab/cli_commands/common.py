"""Helpers shared by CLI subcommands: resolving a file or example name, failing politely."""

from __future__ import annotations

import sys
from pathlib import Path

from graphlab.graph.fileformat import LoadError, load
from graphlab.graph.model import Graph


class CliError(Exception):
    """An error to print (without a traceback) followed by exit ``code``."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def load_graph(spec: str) -> Graph:
    """A path to a file, or the name of a built-in example."""
    from graphlab import examples

    if not Path(spec).exists():
        if spec in examples.DESCRIPTIONS:
            return examples.example(spec)
        raise CliError(f"no file {spec}, and no built-in example of that name (examples: "
                       f"{', '.join(examples.names())}; `graphlab examples` describes them)",
                       2)
    try:
        return load(spec)
    except LoadError as err:
        raise CliError(str(err), 2) from None


def fail(message: str, code: int = 2) -> int:
    print(f"graphlab: {message}", file=sys.stderr)
    return code


def seed_arg(text: str) -> int:
    """argparse type of ``--seed``: numpy and scikit-learn take whole numbers >= 0 only."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is a whole number >= 0, not {text!r}")
    return value
