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
    usage = (f"Needs only {', '.join(needs[:-1])} and {needs[-1]}. Run `python FILE` to train "
             "the model on the graph's dataset with its loss and optimizer, as graphlab does: "
             f"--epochs N (default {int(plan.training['epochs'])}) and --seed S (default "
             f"{plan.seed}; it sets the initial weights and the batch order).")
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


def torch_loop(plan: Plan) -> str:
    star = "" if len(plan.output_ids) == 1 else "*"
    bs = int(plan.training["batch_size"])
    return f'''def train(model, epochs, batch_size={bs}, seed={plan.seed}):
    """Mini-batch training with the graph's loss and optimizer; prints losses per epoch."""
    x_train, y_train, x_val, y_val = load_data()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    optimizer = make_optimizer(model)
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for idx in epoch_batches(len(x_train), batch_size, seed, epoch):
            xb = torch.from_numpy(x_train[idx]).to(device)
            yb = torch.from_numpy(y_train[idx]).to(device)
            loss = loss_fn({star}model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        line = f"epoch {{epoch}}/{{epochs}}  loss {{total / len(x_train):.4f}}"
        if len(x_val):
            model.eval()
            with torch.no_grad():
                xv, yv = torch.from_numpy(x_val).to(device), torch.from_numpy(y_val).to(device)
                val = loss_fn({star}model(xv), yv)
            line += f"  val_loss {{val.item():.4f}}"
        print(line)
    return model
'''


def tf_loop(plan: Plan) -> str:
    star = "" if len(plan.output_ids) == 1 else "*"
    bs = int(plan.training["batch_size"])
    return f'''def train(model, epochs, batch_size={bs}, seed={plan.seed}):
    """Mini-batch training with the graph's loss and optimizer; prints losses per epoch."""
    x_train, y_train, x_val, y_val = load_data()
    optimizer = make_optimizer()
    variables = [v for v in model.named_variables().values() if v.trainable]
    optimizer.build(variables)

    @tf.function(autograph=False)
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn({star}model.forward(xb, training=True), yb)
        optimizer.apply(tape.gradient(loss, variables), variables)
        return loss

    for epoch in range(1, epochs + 1):
        total = 0.0
        for idx in epoch_batches(len(x_train), batch_size, seed, epoch):
            total += float(step(tf.constant(x_train[idx]), tf.constant(y_train[idx]))) * len(idx)
        line = f"epoch {{epoch}}/{{epochs}}  loss {{total / len(x_train):.4f}}"
        if len(x_val):
            val = float(loss_fn({star}model(tf.constant(x_val)), tf.constant(y_val)))
            line += f"  val_loss {{val:.4f}}"
        print(line)
    return model
'''


def main_source(plan: Plan) -> str:
    epochs = int(plan.training["epochs"])
    return f'''if __name__ == "__main__":
    parser = argparse.ArgumentParser(description={literal(f"Train the {plan.doc_name} model.")})
    parser.add_argument("--epochs", type=int, default={epochs})
    parser.add_argument("--seed", type=int, default={plan.seed})
    main_args = parser.parse_args()
    train(Model(seed=main_args.seed), main_args.epochs, seed=main_args.seed)
'''


def templates(plan: Plan) -> list[str]:
    """Every fixed text this module adds (graphlab.compile.names reserves their names)."""
    return [batching_source(), torch_loop(plan), tf_loop(plan), main_source(plan)]


def with_training(gen: Generated, graph) -> str:
    """The generated file ``gen`` with data loading, a training loop and a CLI main."""
    plan = gen.plan
    _check(plan)
    data = _data_functions(graph)
    loop = torch_loop(plan) if gen.backend == "torch" else tf_loop(plan)
    sections = {name: gen.sections[name] for name in MODEL_SECTIONS}
    sections.update(header=_header(plan, gen.backend, data.packages),
                    stdlib_imports=_section("import argparse"),
                    data=_section(_rule("data"), "", data.functions),
                    training=_section(_rule("training"), "", batching_source(), "", loop),
                    main=_section(main_source(plan)))
    return compose(sections)[0]
