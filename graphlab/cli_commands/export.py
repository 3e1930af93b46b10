"""`graphlab export FILE --backend torch|tf|onnx -o PATH`: code that runs without graphlab."""

from __future__ import annotations

import os

from graphlab.cli_commands.common import CliError, fail, load_graph, same_file, seed_arg

HELP = "export a graph as PyTorch or TensorFlow source, ONNX, or a TF SavedModel"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a .graphlab.json file or an example name")
    parser.add_argument("--backend", choices=("torch", "tf", "onnx"), default="torch",
                        help="torch or tf: a Python file; onnx: an .onnx model (via torch)")
    parser.add_argument("-o", "--output", required=True, help="where to write it")
    parser.add_argument("--with-training", action="store_true",
                        help="add data loading and a training loop (run: python PATH --epochs N)")
    parser.add_argument("--saved-model", action="store_true",
                        help="with --backend tf: write a SavedModel directory instead of source")
    parser.add_argument("--seed", type=seed_arg, default=None,
                        help="weights seed for onnx / SavedModel (default: the graph's)")


def run(args) -> int:
    from graphlab.compile import CompileError, export

    try:
        graph = load_graph(args.file)
    except CliError as err:
        return fail(str(err), err.code)
    if os.path.exists(args.file) and same_file(args.output, args.file):
        return fail(f"-o {args.output} is the graph file being exported; writing there would "
                    "destroy it, so choose another path")
    if args.saved_model and args.backend != "tf":
        return fail("--saved-model needs --backend tf")
    if args.with_training and (args.backend == "onnx" or args.saved_model):
        return fail("--with-training applies to Python source (--backend torch or tf)")
    try:
        if args.backend == "onnx":
            path = export.write_onnx(graph, args.output, args.seed)
        elif args.saved_model:
            path = export.write_saved_model(graph, args.output, args.seed)
        else:
            path = export.write_python(graph, args.backend, args.output, args.with_training)
    except CompileError as err:
        return fail(str(err), 1)
    except OSError as err:
        return fail(f"cannot write {args.output}: {err.strerror or err}")
    except ImportError as err:
        return fail(f"{args.backend} export needs a package that is not installed: {err}")
    print(f"wrote {path}")
    return 0
