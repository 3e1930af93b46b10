"""`graphlab export FILE --backend torch|tf|onnx|savedmodel -o PATH [--weights W.npz]`.

``--with-training`` adds a training loop; ``--distributed`` makes it a script for one
process or many (torchrun/DDP, tf.distribute: graphlab.compile.distributed).

The export carries the current weights: ``--weights``, else the weights the graph file
names (``training.weights``, saved by the editor), else the seed's. A Python export
writes them beside the file (``OUT.weights.npz``, loaded with ``Model.load_weights``);
ONNX and SavedModel hold them.
"""

from __future__ import annotations

import os
from pathlib import Path

from graphlab.cli_commands.common import CliError, fail, load_graph, same_file, seed_arg

HELP = "export a graph as PyTorch or TensorFlow source, ONNX, or a TF SavedModel"
BACKENDS = ("torch", "tf", "onnx", "savedmodel")


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a .graphlab.json file or an example name")
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="torch or tf: a Python file; onnx: an .onnx model (via torch); "
                             "savedmodel: a TF SavedModel directory (default: torch)")
    parser.add_argument("-o", "--output", required=True, help="where to write it")
    parser.add_argument("--weights", default=None, metavar="W.npz",
                        help="weights to export (from train --save-weights); default: the "
                             "file's saved weights if it names any, else the seed's")
    parser.add_argument("--with-training", action="store_true",
                        help="add data loading and a training loop (run: python PATH --epochs N)")
    parser.add_argument("--distributed", action="store_true",
                        help="a training script for one process or many: torchrun/DDP "
                             "(torch) or tf.distribute (tf); see docs/scale-out.md")
    parser.add_argument("--saved-model", action="store_true",
                        help="the same as --backend savedmodel")
    parser.add_argument("--seed", type=seed_arg, default=None,
                        help="weights seed when there are no weights (default: the graph's)")


def weights_path(output: str | os.PathLike) -> Path:
    """``model.py`` -> ``model.weights.npz``: where a Python export's weights go."""
    out = Path(output)
    return out.with_name((out.stem if out.suffix == ".py" else out.name) + ".weights.npz")


def chosen_weights(args, graph) -> dict | None:
    """The weights to export (keyed ``fc1.weight``) or None for the seed's; CliError."""
    from graphlab.graph.file_weights import WeightsProblem, check
    from graphlab.train.checkpoints import load_checkpoint

    if args.weights is not None:
        try:
            weights = load_checkpoint(args.weights)[0]
            check(graph, weights, args.weights)
        except (ValueError, WeightsProblem) as err:
            raise CliError(str(err), 2) from None
        return weights
    if problem := getattr(graph, "weights_problem", None):
        raise CliError(f"{args.file}: {problem} (give --weights W.npz, or --seed N to export "
                       "the seed's weights)", 2)
    if args.seed is not None:
        return None
    return getattr(graph, "saved_weights", None)


def _backend(args) -> str | None:
    if args.saved_model:
        return "savedmodel" if args.backend in (None, "tf", "savedmodel") else None
    return args.backend or "torch"


def run(args) -> int:
    from graphlab.compile import CompileError, export

    try:
        graph = load_graph(args.file)
    except CliError as err:
        return fail(str(err), err.code)
    backend = _backend(args)
    if backend is None:
        return fail(f"--saved-model is a TF SavedModel; it cannot go with --backend "
                    f"{args.backend}")
    if os.path.exists(args.file) and same_file(args.output, args.file):
        return fail(f"-o {args.output} is the graph file being exported; writing there would "
                    "destroy it, so choose another path")
    for flag, asked in (("--with-training", args.with_training),
                        ("--distributed", args.distributed)):
        if asked and backend in ("onnx", "savedmodel"):
            return fail(f"{flag} applies to Python source (--backend torch or tf)")
    try:
        weights = chosen_weights(args, graph)
    except CliError as err:
        return fail(str(err), err.code)
    side = weights_path(args.output) if weights is not None and backend in ("torch", "tf") \
        else None
    if side is not None and (same_file(side, args.file) or (
            args.weights and same_file(side, args.weights))):
        side = None  # the weights are already in that file
    try:
        if backend == "onnx":
            path = export.write_onnx(graph, args.output, args.seed, weights=weights)
        elif backend == "savedmodel":
            path = export.write_saved_model(graph, args.output, args.seed, weights=weights)
        elif args.distributed:
            from graphlab.compile.distributed import distributed_file

            path = Path(args.output)
            path.write_text(distributed_file(graph, backend), encoding="utf-8")
        else:
            path = export.write_python(graph, backend, args.output, args.with_training)
            if side is not None:
                from graphlab.graph.file_weights import write

                write(side, weights)
    except CompileError as err:
        return fail(str(err), 1)
    except OSError as err:
        return fail(f"cannot write {args.output}: {err.strerror or err}")
    except ImportError as err:
        return fail(f"{backend} export needs a package that is not installed: {err}")
    print(f"wrote {path}")
    if side is not None:
        print(f"wrote {side} (the weights; Model().load_weights({str(side)!r}) loads them)")
    return 0
