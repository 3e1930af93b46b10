"""`graphlab train FILE --nproc N`: the graph's distributed export on N local processes.

The run is the exported script itself (``export --distributed``, written to a temporary
folder with the command line's settings baked in), launched by
:func:`graphlab.train.launch.run_local`; its epoch lines are passed on as they come, so
the last one is the script's own, and a summary in ``graphlab train``'s words follows.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from graphlab.cli_commands.common import CliError, fail, load_graph
from graphlab.graph.training_settings import SETTINGS

# Flags of `graphlab train` that the exported script has no counterpart for.
UNSUPPORTED = (("trace", "--trace"), ("probe_every", "--probe-every"),
               ("memory_limit_mb", "--memory-limit-mb"), ("mixed_precision", "--mixed-precision"),
               ("target", "--target"))


def _graph(args):
    """The graph with the command line's training settings; CliError."""
    from graphlab.graph.graph import GraphError

    graph = load_graph(args.file)
    training = dict(graph.training)
    for s in SETTINGS:
        value = getattr(args, s.name, None) if s.kind != "params" else None
        if value is None:
            continue
        if s.kind == "count" and isinstance(value, float):
            value = int(value)
        if problem := s.problem(value):
            raise CliError(f"{s.flag} {value}: {problem}", 2)
        training[s.name] = value
    if training.get("backend") not in ("torch", "tf"):
        raise CliError(f"--nproc trains with torch or tf, not {training.get('backend')}", 2)
    try:
        graph.set_meta(seed=args.seed, training=training)
    except GraphError as err:
        raise CliError(str(err), 2) from None
    return graph


def _script_args(args, graph, folder: Path) -> list[str]:
    """The exported script's flags: where to write its metrics, and the weights to start
    from (--init-weights, else the weights the file names unless --from-seed)."""
    from graphlab.train.checkpoints import load_checkpoint

    out = ["--metrics", str(folder / "metrics.jsonl")]
    if args.max_steps is not None:
        out += ["--max-steps", str(args.max_steps)]
    weights = None
    if args.init_weights:
        try:
            weights = load_checkpoint(args.init_weights)[0]
        except ValueError as err:
            raise CliError(str(err), 2) from None
    elif not args.from_seed:
        if problem := getattr(graph, "weights_problem", None):
            raise CliError(f"{args.file}: {problem} (--from-seed trains from the seed instead)")
        weights = getattr(graph, "saved_weights", None) or None
    if weights:
        import numpy as np

        np.savez(folder / "init.npz", **{k: np.asarray(v) for k, v in weights.items()})
        out += ["--init-weights", str(folder / "init.npz")]
    if args.save_weights:
        out += ["--save-weights", str(folder / "weights.npz")]
    return out


def run_nproc(args) -> int:
    from graphlab.compile import CompileError
    from graphlab.compile.distributed import distributed_file
    from graphlab.train.launch import LaunchError, run_local

    if args.nproc < 1:
        return fail(f"--nproc {args.nproc}: expected a whole number of processes, at least 1")
    for name, flag in UNSUPPORTED:
        if getattr(args, name, None):
            return fail(f"{flag} does not go with --nproc (the exported script has no such "
                        "option); leave it out or train on one process")
    if args.timeout <= 0:
        return fail(f"--timeout {args.timeout:g}: expected a number of seconds > 0")
    try:
        graph = _graph(args)
        backend = graph.training["backend"]
        source = distributed_file(graph, backend)
    except CliError as err:
        return fail(str(err), err.code)
    except CompileError as err:
        return fail(str(err), 2)
    env = {"CUDA_VISIBLE_DEVICES": ""} if graph.training.get("device") == "cpu" else {}
    with tempfile.TemporaryDirectory(prefix="graphlab-nproc-") as tmp:
        folder = Path(tmp)
        try:
            script_args = _script_args(args, graph, folder)
        except CliError as err:
            return fail(str(err), err.code)
        script = folder / "train_distributed.py"
        script.write_text(source, encoding="utf-8")
        try:
            run_local(script, backend, args.nproc, script_args, args.timeout,
                      on_line=(lambda line: None) if args.json else print, env=env,
                      cwd=os.getcwd())
        except LaunchError as err:
            return fail(str(err), 1)
        records = _records(folder / "metrics.jsonl")
        if args.save_weights and (code := _save(args, folder, records, backend)):
            return code
    return _report(args, graph, backend, records)


def _records(path: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, ValueError):
        return []


def _save(args, folder: Path, records: list[dict], backend: str) -> int:
    from graphlab.train.checkpoints import load_checkpoint, save_checkpoint

    last = records[-1] if records else {}
    try:
        weights = load_checkpoint(folder / "weights.npz")[0]
        save_checkpoint(args.save_weights, weights, step=last.get("steps", 0),
                        epoch=last.get("epoch", 0), backend=backend)
    except (OSError, ValueError) as err:
        return fail(f"the run ended but its weights could not be written to "
                    f"{args.save_weights}: {err}", 1)
    return 0


def _report(args, graph, backend: str, records: list[dict]) -> int:
    """graphlab train's summary (or --json object) from the script's last epoch."""
    last = records[-1] if records else {}
    metrics = {"train_loss": last.get("loss"), "train_accuracy": last.get("acc"),
               "val_loss": last.get("val_loss"), "val_accuracy": last.get("val_acc")}
    if args.json:
        print(json.dumps({"graph": graph.name, "backend": backend, "nproc": args.nproc,
                          "status": "finished", "epochs": last.get("epoch", 0),
                          "steps": last.get("steps", 0), "seconds": last.get("seconds"),
                          **{k: v for k, v in metrics.items() if v is not None}}))
        return 0

    def fmt(v):
        return "-" if v is None else f"{v:.4g}"

    print(f"{graph.name}: finished after {last.get('epoch', 0)} epoch(s), "
          f"{last.get('steps', 0)} steps in {last.get('seconds', 0.0):.1f} s on {backend}, "
          f"{args.nproc} processes")
    parts = [f"train loss {fmt(metrics['train_loss'])}"]
    if metrics["train_accuracy"] is not None:
        parts.append(f"accuracy {fmt(metrics['train_accuracy'])}")
    if metrics["val_loss"] is not None:
        parts.append(f"validation loss {fmt(metrics['val_loss'])}")
        if metrics["val_accuracy"] is not None:
            parts.append(f"accuracy {fmt(metrics['val_accuracy'])}")
    print("  " + ", ".join(parts))
    return 0
