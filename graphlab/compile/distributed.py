"""An exported training file that runs on one process or many (``export --distributed``).

The file is an export with training (:mod:`graphlab.compile.training_source`) whose
training loop, header and CLI main give way to a distributed loop: torch's
DistributedDataParallel under ``torchrun`` (:mod:`graphlab.compile.distributed_torch`) or
``tf.distribute`` (:mod:`graphlab.compile.distributed_tf`). The model, loss, optimizer,
data and batch-order sections are the same text as in every other export.

What makes N processes train like one: each global batch is the one ``epoch_batches``
gives a one-process run, dealt out by :data:`SHARD` (every N-th sample, as torch's
DistributedSampler does); each share's loss is weighted by its share of the batch before
the gradients are summed (:func:`loss_weight`), so the summed gradient is the
one-process batch's gradient whatever the split, uneven last batches and empty shares
included.
"""

from __future__ import annotations

import textwrap
from string import Template

from graphlab.compile import common
from graphlab.compile.errors import CompileError
from graphlab.compile.escape import literal
from graphlab.compile.plan import Plan
from graphlab.compile.source import Generated, compose
from graphlab.compile.training_source import (
    FRAMEWORKS,
    _section,
    metric,
    training_sections,
)

STDLIB = {"torch": ("import argparse", "import contextlib", "import json", "import os",
                    "import time"),
          "tf": ("import argparse", "import json", "import os", "import time")}

# Numpy-only helpers both backends' files carry.
SHARD = '''def shard(idx, rank, world):
    """Process (or replica) `rank`'s share of a global batch: every world-th sample from
    the rank-th, as torch's DistributedSampler deals them. The shares together are the
    batch a one-process run takes, so step k trains on the same samples at any size."""
    return idx[rank::world]
'''


# Checkpoint files, both backends: the optimizer's part is the backend's own.
CHECKPOINT_IO = '''def write_checkpoint(path, model, epoch, optimizer_arrays):
    """The weights, the optimizer's state (name -> array) and the finished epoch in one
    .npz, written beside `path` and renamed onto it, so a run killed while saving keeps
    the previous checkpoint."""
    arrays = {f"weights/{name}": value for name, value in model.get_weights().items()}
    arrays.update({f"optimizer/{name}": value for name, value in optimizer_arrays.items()})
    arrays["epoch"] = np.array(epoch)
    with open(path + ".tmp", "wb") as fh:
        np.savez(fh, **arrays)
    os.replace(path + ".tmp", path)


def read_checkpoint(path, model):
    """Load a write_checkpoint file's weights into `model`; (its optimizer arrays by
    name, its epoch)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    if "epoch" not in arrays:
        raise SystemExit(f"{path} is not a --checkpoint file (it has no epoch)")
    weights = {name[8:]: value for name, value in arrays.items() if name.startswith("weights/")}
    check_weights(weights, model.get_weights(), complete=True)
    model.set_weights(weights)
    state = {name[10:]: value for name, value in arrays.items() if name.startswith("optimizer/")}
    return state, int(arrays["epoch"])
'''


def _log_epoch(plan: Plan) -> str:
    acc = metric(plan) is not None
    train_acc = ('\n    record["acc"] = correct / seen\n    line += f"  acc {correct / seen:.4f}"'
                 if acc else "")
    val_acc = ('\n        record["val_acc"] = val[1]\n        line += f"  val_acc {val[1]:.4f}"'
               if acc else "")
    return f'''def log_epoch(args, epoch, steps, total, correct, seen, val, began):
    """Process 0's report of an epoch (totals over every process): the line a one-process
    run prints, and with --metrics one JSON line of full-precision numbers."""
    record = {{"epoch": epoch, "steps": steps, "loss": total / seen}}
    line = f"epoch {{epoch}}/{{args.epochs}}  loss {{total / seen:.4f}}"{train_acc}
    if val is not None:
        record["val_loss"] = val[0]
        line += f"  val_loss {{val[0]:.4f}}"{val_acc}
    print(line, flush=True)
    if args.metrics:
        record["seconds"] = time.perf_counter() - began
        with open(args.metrics, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\\n")
'''


def loss_weight(plan: Plan) -> tuple[str, str]:
    """(the factor a share's loss is multiplied by before its gradient is summed with the
    others, the number its loss value counts for in the epoch's total), as expressions of
    ``len(part)`` (the share) and ``len(idx)`` (the global batch). Mean losses weigh a
    share by its size; sum losses add up as they are. Raises CompileError when the loss
    nodes mix the two (no one factor is right for both)."""
    reductions = {plan.step(lid).attrs.get("reduction", "mean") for lid in plan.loss_ids}
    if reductions == {"sum"}:
        return "1.0", "len(idx)"
    if reductions <= {"mean"}:
        return "len(part) / len(idx)", "len(part)"
    raise CompileError(plan.loss_ids, f'cannot export "{plan.doc_name}" for distributed '
                       "training: its loss nodes mix reduction mean and sum; give them the "
                       "same reduction")


_USAGE = {
    "torch": ("`python FILE` trains on one process; `torchrun --nproc_per_node=N FILE` on N "
              "(add --nnodes, --node_rank and --rdzv-endpoint for several machines): "
              "DistributedDataParallel averages the gradients, over nccl on CUDA (one GPU per "
              "process) and gloo on CPU."),
    "tf": ("`python FILE` trains with tf.distribute.MirroredStrategy on this machine's GPUs "
           "(or its CPU); with TF_CONFIG naming several workers, one process per worker, "
           "MultiWorkerMirroredStrategy trains across them."),
}


def header(plan: Plan, backend: str, packages: tuple[str, ...]) -> list[str]:
    needs = ["numpy", *packages, FRAMEWORKS[backend]]
    usage = (f"It trains the model on the graph's dataset with its loss and optimizer on one "
             f"process or many. {_USAGE[backend]} Each global batch (--batch-size, default "
             f"{int(plan.training['batch_size'])}) is the one a one-process run takes, split "
             "between the processes, so every step trains on the same samples at any size. "
             "Process 0 prints each epoch's metrics and writes --checkpoint PATH (weights, "
             "optimizer state, epoch) after every epoch; --resume PATH continues from one on "
             "every process; --accum-steps K splits each process's share into K micro-batches "
             f"when it does not fit. Needs only {', '.join(needs[:-1])} and {needs[-1]}; "
             "see graphlab's docs/scale-out.md for clusters.")
    return common.header(plan, FRAMEWORKS[backend],
                         textwrap.wrap(usage, 88, break_on_hyphens=False))


_MAIN = Template('''if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=$description)
    parser.add_argument("--epochs", type=int, default=$epochs)
    parser.add_argument("--seed", type=int, default=$seed,
                        help="the initial weights and the batch order")
    parser.add_argument("--batch-size", type=int, default=$batch_size,
                        help="the global batch: every process's share together")
    parser.add_argument("--accum-steps", type=int, default=1, metavar="K",
                        help="split each process's share into K micro-batches (gradient "
                             "accumulation) when it does not fit in memory")
    parser.add_argument("--max-steps", type=int, default=None, metavar="N",
                        help="stop after N optimizer steps")
    parser.add_argument("--init-weights", metavar="PATH",
                        help="start from these weights (an .npz from --save-weights or graphlab)")
    parser.add_argument("--save-weights", metavar="PATH",
                        help="process 0 writes the weights to this .npz after every epoch")
    parser.add_argument("--checkpoint", metavar="PATH",
                        help="process 0 writes weights, optimizer state and epoch to this "
                             ".npz after every epoch ({epoch} in PATH: one file each)")
    parser.add_argument("--resume", metavar="PATH",
                        help="every process continues from this --checkpoint file")
    parser.add_argument("--log-every", type=int, default=0, metavar="N",
                        help="print the running loss every N steps")
    parser.add_argument("--metrics", metavar="PATH",
                        help="process 0 appends each epoch's metrics to this file as JSON")
$extra    main_args = parser.parse_args()
    if main_args.batch_size < 1 or main_args.accum_steps < 1:
        parser.error("--batch-size and --accum-steps must be at least 1")
    if main_args.resume and not os.path.isfile(main_args.resume):
        parser.error(f"--resume {main_args.resume}: no such checkpoint file")
    train(main_args)
''')

_SYNC_BN = '''    parser.add_argument("--sync-batchnorm", action="store_true",
                        help="BatchNorm statistics over every process's samples (CUDA only)")
'''


def main_source(plan: Plan, backend: str) -> str:
    return _MAIN.substitute(
        description=literal(f"Train the {plan.doc_name} model on one process or many."),
        epochs=int(plan.training["epochs"]), seed=plan.seed,
        batch_size=int(plan.training["batch_size"]),
        extra=_SYNC_BN if backend == "torch" else "")


def _loop(plan: Plan, backend: str) -> str:
    if backend == "torch":
        from graphlab.compile.distributed_torch import loop
    else:
        from graphlab.compile.distributed_tf import loop
    return "\n\n".join([SHARD, CHECKPOINT_IO, _log_epoch(plan), loop(plan)])


def templates(plan: Plan) -> list[str]:
    """The fixed texts both backends' files add (graphlab.compile.names reserves them)."""
    return [SHARD, CHECKPOINT_IO, _log_epoch(plan), main_source(plan, "torch")]


def distributed_source(gen: Generated, graph) -> str:
    """The generated file ``gen`` as a training script for one process or many."""
    loss_weight(gen.plan)  # refuse before anything is built
    sections, packages = training_sections(gen, graph, loop=_loop(gen.plan, gen.backend))
    sections.update(header=_section(*header(gen.plan, gen.backend, packages)),
                    stdlib_imports=_section(*STDLIB[gen.backend]),
                    main=_section(main_source(gen.plan, gen.backend)))
    return compose(sections)[0]


def distributed_file(graph, backend: str) -> str:
    """The distributed training script of ``graph`` for ``backend`` ("torch" or "tf")."""
    from graphlab.compile.source import generate

    return distributed_source(generate(graph, backend), graph)
