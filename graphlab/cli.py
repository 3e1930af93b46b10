"""Command line: open the editor, check, export, train.

Each subcommand lives in ``graphlab/cli_commands`` and is imported only when used, so
``graphlab check`` never pays for Qt, torch or TensorFlow. Exit codes: 0 success,
1 the graph (or run) has errors, 2 the input could not be read or used.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = {
    "check": "graphlab.cli_commands.check",
    "examples": "graphlab.cli_commands.examples",
    "export": "graphlab.cli_commands.export",
    "datasets": "graphlab.cli_commands.datasets",
    "train": "graphlab.cli_commands.train",
    "import": "graphlab.cli_commands.importing",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphlab",
        description="Draw neural networks as graphs, compile them to PyTorch or TensorFlow, "
        "and train them. With no command, opens the editor.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        mod = importlib.import_module(module)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        return _open_editor(argv)
    args = build_parser().parse_args(argv)
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`graphlab datasets | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _tolerant_output() -> None:
    """Text a terminal's encoding cannot show (a Chinese label under LC_ALL=C) is written
    as backslash escapes instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass  # not a text stream we can change (a test's capture, a closed stream)


def _open_editor(argv: list[str]) -> int:
    try:
        from graphlab.ui.app import main as ui_main
    except ImportError as err:
        print(f"graphlab: the editor is not available ({err}); try `graphlab check FILE`",
              file=sys.stderr)
        return 2
    return ui_main(argv)
