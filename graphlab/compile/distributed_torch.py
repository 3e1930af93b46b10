"""The torch part of a distributed export: DistributedDataParallel under ``torchrun``.

``setup`` reads the environment torchrun sets (WORLD_SIZE, RANK, LOCAL_RANK) and joins
the process group (nccl on CUDA, gloo on CPU); without it the file is one process and
never touches torch.distributed. DDP averages gradients over the processes, so a share's
loss is weighted by ``world * len(share) / len(batch)`` (see
:func:`graphlab.compile.distributed.loss_weight`): the averaged gradient is then the
one-process gradient of the global batch. Every process runs the same number of
backward passes per step (empty micro-batches included, weighted 0), so DDP's
all-reduces always pair up. Process 0 logs, validates and writes checkpoints; every
process reads the one it resumes from.
"""

from __future__ import annotations

from string import Template

from graphlab.compile.plan import Plan
from graphlab.compile.training_source import _calls, metric

SETUP = '''def setup():
    """This process's (rank, world size, device). Under torchrun (WORLD_SIZE, RANK and
    LOCAL_RANK set) it joins the process group: nccl on CUDA, one GPU per process, and
    gloo on CPU. Plain `python FILE` is a world of one."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if torch.cuda.is_available():
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    if world > 1:
        torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world, device


def all_sum(values, world, device):
    """`values` (floats) summed over every process."""
    total = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        torch.distributed.all_reduce(total)
    return total.tolist()


def save_checkpoint(path, model, optimizer, epoch):
    """write_checkpoint with torch's optimizer state (its state_dict's "state")."""
    state = {f"{i}/{key}": torch.as_tensor(value).detach().cpu().numpy()
             for i, entry in optimizer.state_dict()["state"].items()
             for key, value in entry.items()}
    write_checkpoint(path, model, epoch, state)


def load_checkpoint(path, model, optimizer):
    """Restore a save_checkpoint file into `model` and `optimizer`; its epoch."""
    arrays, epoch = read_checkpoint(path, model)
    state = {}
    for name, value in arrays.items():
        i, key = name.split("/", 1)
        state.setdefault(int(i), {})[key] = torch.from_numpy(value)
    saved = optimizer.state_dict()
    saved["state"] = state
    optimizer.load_state_dict(saved)
    return epoch
'''

_VALIDATE = Template('''def validate(model, x_val, y_val, device):
    """(loss, accuracy) on the validation set (process 0 only); None without one."""
    if not len(x_val):
        return None
    model.eval()
    with torch.no_grad():
        xv, yv = torch.from_numpy(x_val).to(device), torch.from_numpy(y_val).to(device)
        out = model(xv)
        return $loss.item(), $acc
''')

_TRAIN = Template('''def train(args):
    """Train on this process's share of every global batch; process 0 reports each epoch
    and writes the weights and checkpoints. Returns the (unwrapped) model."""
    rank, world, device = setup()
    if args.sync_batchnorm and device.type != "cuda":
        raise SystemExit("--sync-batchnorm needs CUDA: torch's SyncBatchNorm runs on GPUs only")
    x_train, y_train, x_val, y_val = load_data()
    model = Model(seed=args.seed)
    if args.init_weights:
        model.load_weights(args.init_weights)
    model.to(device)
    optimizer = make_optimizer(model)
    start = load_checkpoint(args.resume, model, optimizer) + 1 if args.resume else 1
    net = model
    if world > 1:
        if args.sync_batchnorm:
            net = nn.SyncBatchNorm.convert_sync_batchnorm(net)
        net = nn.parallel.DistributedDataParallel(
            net, device_ids=[device.index] if device.type == "cuda" else None)
    steps, samples, began = 0, 0, time.perf_counter()
    for epoch in range(start, args.epochs + 1):
        net.train()
        total = correct = seen = 0.0
        batches = epoch_batches(len(x_train), args.batch_size, args.seed, epoch)
        for k, idx in enumerate(batches, 1):
            optimizer.zero_grad()
            parts = np.array_split(shard(idx, rank, world), args.accum_steps)
            for j, part in enumerate(parts):
                xb = torch.from_numpy(x_train[part]).to(device)
                yb = torch.from_numpy(y_train[part]).to(device)
                syncs = j == len(parts) - 1 or world == 1
                with contextlib.nullcontext() if syncs else net.no_sync():
                    out = net(xb)
                    loss = $loss
                    (loss * (world * $weight)).backward()
                if len(part):
                    total += loss.item() * $count$hits
            optimizer.step()
            steps += 1
            seen += len(idx)
            if args.log_every and k % args.log_every == 0:
                running = all_sum([total], world, device)[0]
                if rank == 0:
                    print(f"  step {k}/{len(batches)}  loss {running / seen:.4f}", flush=True)
            if steps == args.max_steps:
                break
        total, correct = all_sum([total, correct], world, device)
        samples += seen
        if rank == 0:
            log_epoch(args, epoch, steps, total, correct, seen,
                      validate(model, x_val, y_val, device), began)
            if args.checkpoint:
                save_checkpoint(args.checkpoint.replace("{epoch}", str(epoch)), model,
                                optimizer, epoch)
            if args.save_weights:
                model.save_weights(args.save_weights)
        if world > 1:
            torch.distributed.barrier()  # the checkpoint is on disk before anyone goes on
        if steps == args.max_steps:
            break
    seconds = time.perf_counter() - began
    if rank == 0:
        print(f"trained {steps} steps, {samples:.0f} samples in {seconds:.2f} s "
              f"({samples / max(seconds, 1e-9):.0f} samples/s) on {world} process(es), "
              f"{device.type}", flush=True)
    if world > 1:
        torch.distributed.destroy_process_group()
    return model
''')


def loop(plan: Plan) -> str:
    """setup, checkpoints, validate and train for ``plan`` (after shard and log_epoch)."""
    from graphlab.compile.distributed import loss_weight

    loss_call, pred = _calls(plan)
    acc = metric(plan) is not None
    weight, count = loss_weight(plan)
    validate = _VALIDATE.substitute(loss=loss_call.format("yv"),
                                    acc=f"hits({pred}, yv) / len(x_val)" if acc else "None")
    train = _TRAIN.substitute(loss=loss_call.format("yb"), weight=weight, count=count,
                              hits=f"\n                    correct += hits({pred}, yb)"
                              if acc else "")
    return "\n\n".join([SETUP, validate, train])


def templates(plan: Plan) -> list[str]:
    """Every fixed text this module adds (graphlab.compile.names reserves their names)."""
    from graphlab.compile.distributed import templates as shared

    return [loop(plan), *shared(plan)]
