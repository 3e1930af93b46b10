"""An exported file with training (``graphlab export --with-training``).

The file is composed from sections (:func:`graphlab.compile.source.compose`): the
generated model's own imports, model, loss and optimizer sections as they are, plus a
header that says how to train, ``argparse``, the data loading
(``graphlab.train.datasets.source``), the batch order (the source of
:func:`graphlab.train.batching.epoch_batches`, which sessions call), a plain mini-batch
loop and a CLI main in place of the forward-pass demo. No section's text is searched or
edited, so ``python FILE --epochs N`` trains without graphlab on the batches a session
with the same seed would use.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from graphlab.compile import common
from graphlab.compile.errors import CompileError
from graphlab.compile.escape import comment, literal
from graphlab.compile.plan import Plan
from graphlab.compile.source import Generated, compose
from graphlab.compile.source_writer import SourceWriter
from graphlab.graph.ops.spec import ARGMAX, LOGIT, NO_METRIC, PROB

# The model's sections an export with training keeps; its header and its "main" (one
# forward pass on random input) give way to training's.
MODEL_SECTIONS = ("imports", "model", "loss", "optimizer")
FRAMEWORKS = {"torch": "PyTorch", "tf": "TensorFlow"}


def _rule(title: str) -> str:
    """A ``# ----- title -----`` line, 87 characters wide."""
    return f"# ----- {title} " + "-" * (78 - len(title))


def _section(*texts: str) -> SourceWriter:
    """A section of fixed text (each line checked as it is added)."""
    w = SourceWriter()
    for text in texts:
        w.add(text)
    return w


def _data_functions(graph):
    """The graph's dataset as :class:`graphlab.train.datasets.source.DataFunctions`."""
    from graphlab.train.datasets import DatasetError, split_spec
    from graphlab.train.datasets.source import dataset_functions

    name, opts = split_spec(graph.training.get("dataset"), graph.folder)
    try:
        data = dataset_functions(name, graph=graph, **opts)
    except DatasetError as err:
        raise CompileError([], f'cannot export "{comment(graph.name)}" with training: {err}') from None
    _check_data_source(data.functions, graph)
    return data


def _header(plan: Plan, backend: str, packages: tuple[str, ...]) -> SourceWriter:
    """The module docstring: what the file needs and how to train with it."""
    needs = ["numpy", *packages, FRAMEWORKS[backend]]
    shown = "loss and accuracy" if metric(plan) is not None else "loss"
    usage = (f"It trains the model on the graph's dataset with its loss and optimizer, as "
             f"graphlab does, and prints each epoch's {shown}. Needs only "
             f"{', '.join(needs[:-1])} and {needs[-1]}. Run `python FILE`: --epochs N (default "
             f"{int(plan.training['epochs'])}), --seed S (default {plan.seed}; it sets the "
             "initial weights and the batch order), --save-weights PATH (a checkpoint, an .npz "
             "file, written after every epoch), --init-weights PATH (start from a checkpoint "
             "or from weights saved by graphlab).")
    return _section(*common.header(plan, FRAMEWORKS[backend], textwrap.wrap(usage, 88)))


def _check_data_source(text: str, graph) -> None:
    """The data section holds a dataset's path, name and target column: make sure it is
    function definitions only, and that load_data's builder call takes literals only."""
    why = None
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        why = f"its loader does not parse ({err.msg})"
    else:
        if not all(isinstance(n, ast.FunctionDef) for n in tree.body):
            why = "its loader has statements outside functions"
        load = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "load_data"]
        build = [n.value for f in load for n in f.body
                 if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)][:1]
        try:
            for call in build:
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    ast.literal_eval(arg)
        except ValueError:
            why = "the dataset's options are not plain values"
    if why:
        raise CompileError([], f'cannot export "{comment(graph.name)}" with training: {why}; use a '
                           "registry dataset name or a plain .csv/.npz path")


def _check(plan: Plan) -> None:
    why = None
    if not plan.loss_ids:
        why = "it has no loss node"
    elif len(plan.feature_ids) != 1 or len(plan.target_ids) != 1:
        why = "the training loop feeds exactly one feature Input and one target Input"
    if why:
        raise CompileError([], f'cannot export "{plan.doc_name}" with training: {why}')


def batching_source() -> str:
    """``epoch_batches`` exactly as sessions run it."""
    from graphlab.train.batching import epoch_batches  # not on import: names.py reads this

    return inspect.getsource(epoch_batches)


def metric(plan: Plan) -> tuple[str, int] | None:
    """(rule, index of the Output holding the prediction) of the first loss that
    classifies (OpSpec.metric) a model output against the target Input, as sessions
    measure accuracy; None when no loss does (regression: no accuracy is printed)."""
    for lid in plan.loss_ids:
        step = plan.step(lid)
        spec = step.spec
        if spec.metric in ("", NO_METRIC) or spec.prediction_port is None:
            continue
        pred = step.inputs.get(spec.prediction_port.name, (None,))[0]
        target = step.inputs.get(spec.target_port.name, (None,))[0]
        index = next((i for i, o in enumerate(plan.output_ids)
                      if plan.output_sources[o] == pred), None)
        if target in plan.target_ids and index is not None:
            return spec.metric, index
    return None


_HITS = {
    "torch": {ARGMAX: "pred.argmax(dim=-1) == target",
              PROB: "(pred > 0.5) == (target > 0.5)", LOGIT: "(pred > 0.0) == (target > 0.5)"},
    "tf": {ARGMAX: "tf.equal(tf.argmax(pred, axis=-1), tf.cast(target, tf.int64))",
           PROB: "tf.equal(pred > 0.5, tf.cast(target, tf.float32) > 0.5)",
           LOGIT: "tf.equal(pred > 0.0, tf.cast(target, tf.float32) > 0.5)"},
}
_RULE_DOC = {ARGMAX: "its largest logit is the target class",
             PROB: "probability above 0.5 where the target is 1",
             LOGIT: "logit above 0 where the target is 1"}


def hits_source(plan: Plan, backend: str) -> str:
    """``hits(pred, target)``: how many samples the prediction classifies right."""
    rule = (metric(plan) or (ARGMAX,))[0]
    total = ("right.sum().item()" if backend == "torch"
             else "tf.reduce_sum(tf.cast(right, tf.float32))")
    return f'''def hits(pred, target):
    """How many samples are classified right ({_RULE_DOC[rule]})."""
    right = {_HITS[backend][rule]}
    return {total}
'''


def _calls(plan: Plan) -> tuple[str, str]:
    """(how the loop calls loss_fn on ``out`` and the target, how it picks the
    prediction from ``out``)."""
    many = len(plan.output_ids) > 1
    found = metric(plan)
    pred = f"out[{found[1]}]" if many and found else "out"
    return ("loss_fn(*out, {})" if many else "loss_fn(out, {})"), pred


def _progress(plan: Plan, acc: bool) -> tuple[str, str]:
    """The f-strings of an epoch's line (training) and its validation part."""
    line = 'line = f"epoch {epoch}/{epochs}  loss {total / len(x_train):.4f}"'
    val = 'line += f"  val_loss {val_loss:.4f}"'
    if acc:
        line += '\n        line += f"  acc {correct / len(x_train):.4f}"'
        val += '\n            line += f"  val_acc {val_hits / len(x_val):.4f}"'
    return line, val


def _loop_parts(plan: Plan):
    """What both loops are written from: whether there is an accuracy, the loss call and
    the prediction, the batch size, and the epoch's progress lines."""
    acc = metric(plan) is not None
    loss_call, pred = _calls(plan)
    return acc, loss_call, pred, int(plan.training["batch_size"]), *_progress(plan, acc)


def torch_loop(plan: Plan) -> str:
    acc, loss_call, pred, bs, line, val = _loop_parts(plan)
    count = f"\n            correct += hits({pred}, yb)" if acc else ""
    val_hits = f"\n                val_hits = hits({pred}, yv)" if acc else ""
    return f'''def train(model, epochs, batch_size={bs}, seed={plan.seed}, save_weights=None):
    """Mini-batch training with the graph's loss and optimizer: prints each epoch's loss
    and accuracy, and writes the weights to `save_weights` (if given) after each epoch."""
    x_train, y_train, x_val, y_val = load_data()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    optimizer = make_optimizer(model)
    for epoch in range(1, epochs + 1):
        model.train()
        total = correct = 0.0
        for idx in epoch_batches(len(x_train), batch_size, seed, epoch):
            xb = torch.from_numpy(x_train[idx]).to(device)
            yb = torch.from_numpy(y_train[idx]).to(device)
            out = model(xb)
            loss = {loss_call.format("yb")}
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx){count}
        {line}
        if len(x_val):
            model.eval()
            with torch.no_grad():
                xv, yv = torch.from_numpy(x_val).to(device), torch.from_numpy(y_val).to(device)
                out = model(xv)
                val_loss = {loss_call.format("yv")}.item(){val_hits}
            {val}
        print(line, flush=True)
        if save_weights:
            model.save_weights(save_weights)
    return model
'''


def tf_loop(plan: Plan) -> str:
    acc, loss_call, pred, bs, line, val = _loop_parts(plan)
    ret = f"loss, hits({pred}, yb)" if acc else "loss, 0.0"
    val_hits = f"\n            val_hits = float(hits({pred}, yv))" if acc else ""
    return f'''def train(model, epochs, batch_size={bs}, seed={plan.seed}, save_weights=None):
    """Mini-batch training with the graph's loss and optimizer: prints each epoch's loss
    and accuracy, and writes the weights to `save_weights` (if given) after each epoch."""
    x_train, y_train, x_val, y_val = load_data()
    optimizer = make_optimizer(model)

    @tf.function(autograph=False)
    def step(xb, yb):
        with tf.GradientTape() as tape:
            out = model.forward(xb, training=True)
            loss = {loss_call.format("yb")}
        optimizer.apply(tape.gradient(loss, optimizer.variables))
        return {ret}

    for epoch in range(1, epochs + 1):
        total = correct = 0.0
        for idx in epoch_batches(len(x_train), batch_size, seed, epoch):
            loss, hit = step(tf.constant(x_train[idx]), tf.constant(y_train[idx]))
            total += float(loss) * len(idx)
            correct += float(hit)
        {line}
        if len(x_val):
            xv, yv = tf.constant(x_val), tf.constant(y_val)
            out = model(xv)
            val_loss = float({loss_call.format("yv")}){val_hits}
            {val}
        print(line, flush=True)
        if save_weights:
            model.save_weights(save_weights)
    return model
'''


def main_source(plan: Plan) -> str:
    epochs = int(plan.training["epochs"])
    return f'''if __name__ == "__main__":
    parser = argparse.ArgumentParser(description={literal(f"Train the {plan.doc_name} model.")})
    parser.add_argument("--epochs", type=int, default={epochs})
    parser.add_argument("--seed", type=int, default={plan.seed},
                        help="the initial weights and the batch order")
    parser.add_argument("--init-weights", metavar="PATH",
                        help="start from these weights (an .npz from --save-weights or graphlab)")
    parser.add_argument("--save-weights", metavar="PATH",
                        help="write the weights to this .npz file after every epoch")
    main_args = parser.parse_args()
    model = Model(seed=main_args.seed)
    if main_args.init_weights:
        model.load_weights(main_args.init_weights)
    train(model, main_args.epochs, seed=main_args.seed, save_weights=main_args.save_weights)
'''


def templates(plan: Plan) -> list[str]:
    """Every fixed text this module adds (graphlab.compile.names reserves their names)."""
    from graphlab.compile import distributed_tf, distributed_torch  # they import this module

    return [batching_source(), torch_loop(plan), tf_loop(plan), main_source(plan),
            hits_source(plan, "torch"), hits_source(plan, "tf"),
            *distributed_torch.templates(plan), *distributed_tf.templates(plan)]


def training_sections(gen: Generated, graph, loop: str | None = None) -> tuple[dict, tuple]:
    """The sections of ``gen`` with training (its training section built around ``loop``,
    default the plain loop) and the packages its data loading needs. The distributed
    export (graphlab.compile.distributed) swaps the header, stdlib imports and main."""
    plan = gen.plan
    _check(plan)
    data = _data_functions(graph)
    if loop is None:
        loop = torch_loop(plan) if gen.backend == "torch" else tf_loop(plan)
    if metric(plan) is not None:
        loop = hits_source(plan, gen.backend) + "\n\n" + loop
    sections = {name: gen.sections[name] for name in MODEL_SECTIONS}
    sections.update(header=_header(plan, gen.backend, data.packages),
                    stdlib_imports=_section("import argparse"),
                    data=_section(_rule("data"), "", data.functions),
                    training=_section(_rule("training"), "", batching_source(), "", loop),
                    main=_section(main_source(plan)))
    return sections, data.packages


def with_training(gen: Generated, graph) -> str:
    """The generated file ``gen`` with data loading, a training loop and a CLI main."""
    return compose(training_sections(gen, graph)[0])[0]
