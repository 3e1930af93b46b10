"""`graphlab train FILE`: train a graph from the terminal, defaults from its training section.

``--nproc N`` trains the graph's distributed export on N local processes instead
(graphlab/cli_commands/train_nproc.py).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time

from graphlab.cli_commands.common import CliError, fail, load_graph, same_file, seed_arg
from graphlab.graph.training_settings import SETTINGS

HELP = "train a graph (file or example name) on its dataset and report the metrics"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a .graphlab.json file or an example name")
    for setting in SETTINGS:  # the graph file's settings: graphlab/graph/training_settings.py
        if setting.kind != "params":
            parser.add_argument(setting.flag, default=None, help=_help(setting),
                                **_FLAG_KINDS.get(setting.kind, {}))
    parser.add_argument("--target", default=None, help="CSV target column (name or index)")
    parser.add_argument("--seed", type=seed_arg, default=None)
    parser.add_argument("--max-steps", type=int, default=None, help="stop after N steps")
    parser.add_argument("--mixed-precision", action="store_true", default=None,
                        help="float16/bfloat16 on a CUDA GPU (torch autocast; TF's float16 "
                             "graph rewrite with loss scaling)")
    parser.add_argument("--probe-every", type=int, default=None, metavar="K",
                        help="record value/gradient statistics every K-th step "
                             "(default: never, or 10 with --trace)")
    parser.add_argument("--trace", default=None, metavar="OUT.jsonl",
                        help="write each probe frame as one JSON line")
    parser.add_argument("--save-weights", default=None, metavar="OUT.npz",
                        help="write the final weights (canonical layout, either backend)")
    parser.add_argument("--init-weights", default=None, metavar="IN.npz",
                        help="start from weights saved by --save-weights")
    parser.add_argument("--from-seed", action="store_true",
                        help="start from the seed's weights, not the ones the file names")
    parser.add_argument("--memory-limit-mb", type=float, default=None,
                        help="refuse steps estimated to need more memory than this")
    parser.add_argument("--json", action="store_true",
                        help="print the final metrics as one JSON object on stdout")
    parser.add_argument("--nproc", type=int, default=None, metavar="N",
                        help="train the exported distributed script (export --distributed) "
                             "on N local processes: torchrun for torch, N TF_CONFIG workers "
                             "for tf")
    parser.add_argument("--timeout", type=float, default=86400.0, metavar="S",
                        help="with --nproc: stop the processes after S seconds (default a day)")


_FLAG_KINDS = {"number": {"type": float}, "count": {"type": int}, "fraction": {"type": float},
               "bool": {"action": argparse.BooleanOptionalAction}}


def _help(setting) -> str:
    text = setting.doc
    if setting.kind == "choice":
        text += f": {', '.join(setting.choices)}"
    if setting.name == "dataset":
        text += " (see `graphlab datasets`)"
    return f"{text} (default: the file's)"


def _overrides(args) -> dict:
    o = {s.name: getattr(args, s.name) for s in SETTINGS if s.kind != "params"}
    o.update({"seed": args.seed, "max_steps": args.max_steps,
              "probe_every": args.probe_every, "init_weights": args.init_weights,
              "memory_limit_mb": args.memory_limit_mb,
              "mixed_precision": args.mixed_precision})
    if args.trace and args.probe_every is None:
        o["probe_every"] = 10
    if args.target is not None:
        t = args.target
        o["dataset_opts"] = {"target": int(t) if t.lstrip("-").isdigit() else t}
    return o


def _start_weights(args, graph) -> dict:
    """A run starts from the weights the file names (saved by the editor) unless told
    otherwise; a file whose weights cannot be read is refused rather than trained anew."""
    if args.from_seed or args.init_weights:
        return {}
    if problem := getattr(graph, "weights_problem", None):
        raise CliError(f"{args.file}: {problem} (--from-seed trains from the seed instead)")
    saved = getattr(graph, "saved_weights", None)
    if not saved:
        return {}
    print(f"graphlab: starting from the trained weights in {graph.weights_ref} (--from-seed "
          "starts from the seed)", file=sys.stderr)
    return {"initial_weights": saved}


def run(args) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TF's start-up chatter off
    if args.nproc is not None:
        from graphlab.cli_commands.train_nproc import run_nproc

        return run_nproc(args)
    from graphlab.train.checkpoints import unwritable
    from graphlab.train.session import TrainingError, TrainingSession

    try:
        graph = load_graph(args.file)
        session = TrainingSession(graph, **_overrides(args), **_start_weights(args, graph))
        if clash := _clash(args, session.config):
            return fail(clash)
        session.prepare()
    except CliError as err:
        return fail(str(err), err.code)
    except TrainingError as err:
        return fail(str(err), 2)
    if args.save_weights and (why := unwritable(args.save_weights)):
        return fail(f"cannot write the weights file {args.save_weights}: {why}")
    if session.config.backend == "tf":
        _import_tf_quietly()
    trace = _open_trace(args.trace) if args.trace else None
    if trace is False:
        return fail(f"cannot write the trace file {args.trace}")
    bar = _progress(session)
    with Interrupt(session) as ctrl_c:
        try:
            if trace:
                session.subscribe(lambda f: _write_frame(trace, f))
            session.start()
            ended = ctrl_c.wait()
        finally:
            if bar is not None:
                bar.close()
            if trace:
                trace.flush()
        if not ended:  # Ctrl-C twice and the step still runs: quit without waiting for it
            print(f"graphlab: the current step did not end within {Interrupt.GRACE:g} s; "
                  "quitting without saving the weights", file=sys.stderr)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)  # finalising Python under a running torch thread would abort
        if trace:
            trace.close()
        code = _finish(args, graph, session)
    return 130 if ctrl_c.presses else code


def _finish(args, graph, session) -> int:
    """Save the weights the run promised, print its summary; the exit code."""
    from graphlab.train.checkpoints import save_checkpoint

    r = session.result
    if args.save_weights and r.weights is not None:
        try:
            save_checkpoint(args.save_weights, r.weights, step=r.steps, epoch=r.epochs,
                            backend=session.config.backend)
        except OSError as err:
            print(f"graphlab: the run ended but its weights could not be written to "
                  f"{args.save_weights}: {err}", file=sys.stderr)
            return 1
    if args.json:
        out = {"graph": graph.name, "backend": session.config.backend,
               "dataset": session.config.dataset, **r.to_dict()}
        print(json.dumps({k: _clean(v) for k, v in out.items()}))
    elif r.status != "failed" or r.steps:  # a run that never started has nothing to sum up
        print(_summary(graph.name, session.config, r))
        for note in r.notes:
            print(f"  note: {note}")
    if r.status == "failed":
        if not args.json:
            print(f"graphlab: {r.message}", file=sys.stderr)
        return 1
    return 0


class Interrupt:
    """Ctrl-C during a run. The first asks the run to stop after its current step; the
    weights and trace it promised are then written as usual and the exit code is 130.
    A second one stops waiting for a step that does not end within ``GRACE`` seconds.

    The handler never raises: a KeyboardInterrupt could land inside a save or leave the
    worker running while Python finalises (which aborts the process). After an
    interrupted run SIGINT stays ignored, so a press during the exit cannot print a
    traceback from an exit handler or kill the process by signal instead of code 130.
    """

    GRACE = 3.0

    def __init__(self, session):
        self.session = session
        self.presses = 0
        self._old = None

    def __enter__(self) -> Interrupt:
        try:
            self._old = signal.signal(signal.SIGINT, self._on_sigint)
        except ValueError:  # not the main thread: Ctrl-C is not ours to handle
            self._old = None
        return self

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN if self.presses else self._old)

    def _on_sigint(self, signum, frame) -> None:
        self.presses += 1
        self.session.stop()
        if self.presses == 1:
            print("graphlab: interrupted; stopping after the current step (Ctrl-C again to "
                  "quit without waiting for it)", file=sys.stderr)

    def wait(self) -> bool:
        """Wait for the run to end; False when a second Ctrl-C's grace ran out first."""
        hurry = None
        while self.session.wait(0.2) is None:
            if self.presses >= 2:
                hurry = hurry or time.monotonic()
                if time.monotonic() - hurry > self.GRACE:
                    return False
        return True


def _clash(args, config) -> str | None:
    """Why the run's outputs would overwrite what it reads (or each other); None if not."""
    from graphlab.train.datasets.registry import REGISTRY, is_file_spec

    reads = []
    if os.path.exists(args.file):
        reads.append(("the graph file", args.file))
    if is_file_spec(config.dataset) or config.dataset not in REGISTRY:
        reads.append(("the dataset file", config.dataset))
    weights_in = [("the --init-weights file", config.init_weights)] if config.init_weights \
        else []
    writes = [("--trace", args.trace, reads + weights_in),
              ("--save-weights", args.save_weights, reads),  # may replace --init-weights
              ("the checkpoint path", config.checkpoint_path, reads + weights_in)]
    for flag, out, sources in writes:
        for what, src in sources if out else ():
            if same_file(out, src):
                return (f"{flag} {out} is {what} this run reads; writing there would destroy "
                        "it, so choose another path")
    for flag, other in (("--save-weights", args.save_weights),
                        ("the checkpoint path", config.checkpoint_path)):
        if args.trace and other and same_file(args.trace, other):
            return (f"--trace and {flag} both name {args.trace}; give them different paths")
    return None


def _import_tf_quietly() -> None:
    """Import TensorFlow with its C++ start-up log lines (written to fd 2 before logging is
    configured, so no setting silences them) sent to /dev/null; Python errors still raise."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            import tensorflow as tf

            tf.config.list_physical_devices("GPU")
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _summary(name, c, r) -> str:
    m = r.metrics

    def fmt(k):
        v = m.get(k)
        return "-" if v is None else f"{v:.4g}"

    line = (f"{name}: {r.status} after {r.epochs} epoch(s), {r.steps} steps in "
            f"{r.seconds:.1f} s on {c.backend}/{r.device or '?'}")
    parts = [f"train loss {fmt('train_loss')}"]
    if m.get("train_accuracy") is not None:
        parts.append(f"accuracy {fmt('train_accuracy')}")
    if "val_loss" in m:
        parts.append(f"validation loss {fmt('val_loss')}")
        if m.get("val_accuracy") is not None:
            parts.append(f"accuracy {fmt('val_accuracy')}")
    return line + "\n  " + ", ".join(parts)


def _open_trace(path):
    try:  # line-buffered: every line on disk is whole, even if the process dies
        return open(path, "w", encoding="utf-8", buffering=1)
    except OSError:
        return False


def _write_frame(fh, frame) -> None:
    if frame.has_stats:
        fh.write(frame.to_json() + "\n")


def _progress(session):
    """A tqdm bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    c, d = session.config, session.data
    per_epoch = max(1, math.ceil(d.n_train / c.batch_size)) if d.n_train else 1
    total = per_epoch * c.epochs
    if c.max_steps is not None:
        total = min(total, c.max_steps)
    bar = tqdm(total=total, unit="step", file=sys.stderr, dynamic_ncols=True)

    def on_frame(f):
        if f.kind in ("step", "probe"):
            bar.update(f.step - bar.n)
            if f.step % 10 == 0:
                bar.set_postfix(epoch=f.epoch, loss=f"{f.loss:.4g}", refresh=False)
        elif f.kind == "epoch" and f.metrics.get("val_accuracy") is not None:
            bar.set_postfix(epoch=f.epoch, val_acc=f"{f.metrics['val_accuracy']:.3f}")
    session.subscribe(on_frame)
    return bar
