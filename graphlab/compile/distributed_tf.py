"""The TF part of a distributed export: ``tf.distribute`` with the file's own optimizer.

``make_strategy`` picks MultiWorkerMirroredStrategy when ``TF_CONFIG`` names more than one
worker (one process per worker) and MirroredStrategy otherwise (this machine's GPUs, or
its CPU). The model and the optimizer are built in ``strategy.scope()``, so every weight
and every optimizer slot (step, moments) is a mirrored variable.

How the hand-written optimizer (graphlab.compile.tf_optimizer) runs under a strategy,
the simple correct way: each replica computes its share's gradients, weighted by its
share of the global batch, and sums them with one ``replica_context.all_reduce`` (one
batched collective); the update then runs once, in cross-replica context, on the first
local copy of those sums. A mirrored variable assigned in cross-replica context writes
every local copy, and every worker applies the same sums to the same values, so all
replicas stay identical without the optimizer knowing about strategies at all.
"""

from __future__ import annotations

from string import Template

from graphlab.compile.plan import Plan
from graphlab.compile.training_source import _calls, metric

SETUP = '''def make_strategy():
    """(strategy, process rank, process count). MultiWorkerMirroredStrategy when TF_CONFIG
    names more than one worker (this process is its task; the chief, or worker 0, is
    rank 0), else MirroredStrategy over this machine's GPUs, or its CPU."""
    cluster = json.loads(os.environ.get("TF_CONFIG") or "{}").get("cluster", {})
    workers = len(cluster.get("chief", [])) + len(cluster.get("worker", []))
    if workers < 2:
        return tf.distribute.MirroredStrategy(), 0, 1
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    task = strategy.cluster_resolver
    rank = 0 if task.task_type == "chief" else task.task_id + len(cluster.get("chief", []))
    return strategy, rank, workers


def optimizer_state(optimizer):
    """The optimizer's own tf.Variables (its step counter and slots) by attribute."""
    state = {}
    for attr, value in vars(optimizer).items():
        if attr == "variables":
            continue
        if isinstance(value, tf.Variable):
            state[attr] = value
        elif isinstance(value, list) and all(isinstance(v, tf.Variable) for v in value):
            state.update({f"{attr}/{i}": v for i, v in enumerate(value)})
    return state


def save_checkpoint(path, model, optimizer, epoch):
    """write_checkpoint with the optimizer's variables (optimizer_state)."""
    write_checkpoint(path, model, epoch,
                     {name: v.numpy() for name, v in optimizer_state(optimizer).items()})


def load_checkpoint(path, model, optimizer):
    """Restore a save_checkpoint file into `model` and `optimizer`; its epoch."""
    arrays, epoch = read_checkpoint(path, model)
    for name, v in optimizer_state(optimizer).items():
        if name not in arrays:
            raise SystemExit(f"{path} has no optimizer/{name}: it was written for another "
                             "optimizer")
        v.assign(arrays[name])
    return epoch
'''

_FEED = Template('''def feed(strategy, idx, x, y, accum_steps):
    """Each replica's share of the global batch `idx`, in `accum_steps` micro-batches of
    (features, targets, loss weight, loss count)."""
    replicas = strategy.num_replicas_in_sync

    def parts(ctx):
        out = []
        for part in np.array_split(shard(idx, ctx.replica_id_in_sync_group, replicas),
                                   accum_steps):
            out.append((tf.constant(x[part]), tf.constant(y[part]),
                        tf.constant($weight, tf.float32), tf.constant($count, tf.float32)))
        return tuple(out)
    return strategy.experimental_distribute_values_from_function(parts)


def validate(model, x_val, y_val):
    """(loss, accuracy) on the validation set (process 0 only); None without one."""
    if not len(x_val):
        return None
    xv, yv = tf.constant(x_val), tf.constant(y_val)
    out = model(xv)
    return float($loss), $acc
''')

_TRAIN = Template('''def train(args):
    """Train every replica on its share of each global batch; process 0 reports each
    epoch and writes the weights and checkpoints. Returns the model."""
    strategy, rank, workers = make_strategy()
    x_train, y_train, x_val, y_val = load_data()
    with strategy.scope():  # every weight and optimizer slot becomes a mirrored variable
        model = Model(seed=args.seed)
        optimizer = make_optimizer(model)
    if args.init_weights:
        model.load_weights(args.init_weights)
    start = load_checkpoint(args.resume, model, optimizer) + 1 if args.resume else 1
    present = []  # which variables have a gradient (found when the step is traced)

    def replica_step(parts):
        grads = [None] * len(optimizer.variables)
        total = correct = tf.constant(0.0)
        for xb, yb, weight, count in parts:
            with tf.GradientTape() as tape:
                out = model.forward(xb, training=True)
                loss = $loss
                scaled = tf.math.multiply_no_nan(loss, weight)  # an empty share adds 0
            for i, g in enumerate(tape.gradient(scaled, optimizer.variables)):
                if g is not None:
                    grads[i] = g if grads[i] is None else grads[i] + g
            total += tf.math.multiply_no_nan(loss, count)$hits
        present[:] = [i for i, g in enumerate(grads) if g is not None]
        return tf.distribute.get_replica_context().all_reduce(
            tf.distribute.ReduceOp.SUM, [*(grads[i] for i in present), total, correct])

    @tf.function(autograph=False, reduce_retracing=True)
    def step(parts):
        summed = strategy.experimental_local_results(strategy.run(replica_step, (parts,)))[0]
        grads = [None] * len(optimizer.variables)
        for i, g in zip(present, summed[:-2], strict=True):
            grads[i] = g
        optimizer.apply(grads)  # cross-replica context: each assign writes every copy
        return summed[-2], summed[-1]

    steps, samples, began = 0, 0, time.perf_counter()
    for epoch in range(start, args.epochs + 1):
        total = correct = seen = 0.0
        batches = epoch_batches(len(x_train), args.batch_size, args.seed, epoch)
        for k, idx in enumerate(batches, 1):
            loss, hit = step(feed(strategy, idx, x_train, y_train, args.accum_steps))
            total += float(loss)
            correct += float(hit)
            steps += 1
            seen += len(idx)
            if args.log_every and k % args.log_every == 0 and rank == 0:
                print(f"  step {k}/{len(batches)}  loss {total / seen:.4f}", flush=True)
            if steps == args.max_steps:
                break
        samples += seen
        if rank == 0:
            log_epoch(args, epoch, steps, total, correct, seen,
                      validate(model, x_val, y_val), began)
            if args.checkpoint:
                save_checkpoint(args.checkpoint.replace("{epoch}", str(epoch)), model,
                                optimizer, epoch)
            if args.save_weights:
                model.save_weights(args.save_weights)
        if steps == args.max_steps:
            break
    seconds = time.perf_counter() - began
    if rank == 0:
        kind = "gpu" if tf.config.list_logical_devices("GPU") else "cpu"
        print(f"trained {steps} steps, {samples:.0f} samples in {seconds:.2f} s "
              f"({samples / max(seconds, 1e-9):.0f} samples/s) on {workers} process(es), "
              f"{strategy.num_replicas_in_sync} replica(s), {kind}", flush=True)
    return model
''')


def loop(plan: Plan) -> str:
    """make_strategy, checkpoints, feed, validate and train for ``plan``."""
    from graphlab.compile.distributed import loss_weight

    loss_call, pred = _calls(plan)
    acc = metric(plan) is not None
    weight, count = loss_weight(plan)
    feed = _FEED.substitute(weight=weight, count=count, loss=loss_call.format("yv"),
                            acc=f"float(hits({pred}, yv)) / len(x_val)" if acc else "None")
    train = _TRAIN.substitute(loss=loss_call.format("yb"),
                              hits=f"\n            correct += hits({pred}, yb)" if acc else "")
    return "\n\n".join([SETUP, feed, train])


def templates(plan: Plan) -> list[str]:
    """Every fixed text this module adds (graphlab.compile.names reserves their names)."""
    return [loop(plan)]
