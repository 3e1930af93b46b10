"""`graphlab import MODEL -o OUT.graphlab.json`: an existing model as an editable graph.

MODEL is an ``.onnx`` file, a ``.keras`` file, or ``path/to/model.py:ClassName`` (a
PyTorch module; this RUNS that Python file, as importing any Python code does, so only
use it on your own code). The weights are written beside the graph as
``OUT.weights.npz``, which the graph file names. Nothing is written when the import is
refused; the message lists every node that stopped it.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.cli_commands.common import fail
from graphlab.graph.fileformat import SUFFIX, save

HELP = ("import an .onnx file, a .keras file or a PyTorch module (path/to/model.py:Class, "
        "which runs that file) as a graph with its weights")


def add_arguments(parser) -> None:
    parser.add_argument("model", help="MODEL.onnx, MODEL.keras or path/to/model.py:ClassName")
    parser.add_argument("-o", "--output", required=True, help=f"where to write the graph "
                        f"(a {SUFFIX} file; its weights go beside it)")
    parser.add_argument("--input", default=None, metavar="1,3,32,32",
                        help="PyTorch modules: the example input's shape (batch first)")
    parser.add_argument("--name", default=None, help="the graph's name (default: the model's)")


def run(args) -> int:
    from graphlab.importers import ImportRefused, import_any

    out = Path(args.output)
    if not out.name.endswith(SUFFIX):
        return fail(f"the output must be a {SUFFIX} file, got {out.name}")
    try:
        imported = import_any(args.model, input_shape=_shape(args.input), name=args.name)
    except ImportRefused as err:
        return fail(str(err))
    except ValueError as err:
        return fail(f"cannot import {args.model}: {err}")
    try:
        save(imported.graph, out, imported.weights or None)
    except OSError as err:
        return fail(f"cannot write {out}: {err}")
    g = imported.graph
    n_weights = sum(a.size for a in imported.weights.values())
    print(f"wrote {out} ({len(g)} nodes, {n_weights:,} weights)")
    for note in imported.notes[:20]:
        print(f"  note: {note}")
    return 0


def _shape(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    try:
        dims = tuple(int(d) for d in text.replace("x", ",").split(",") if d.strip())
    except ValueError:
        raise SystemExit(fail(f"--input: expected sizes like 1,3,32,32, got {text!r}")) from None
    if not dims or any(d < 1 for d in dims):
        raise SystemExit(fail(f"--input: every size must be at least 1, got {text!r}"))
    return dims
