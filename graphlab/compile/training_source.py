"""The training section of an exported file (``graphlab export --with-training``).

It appends the data loading (``graphlab.train.datasets.source.dataset_functions``) and a
plain mini-batch loop over the generated ``Model``, ``loss_fn`` and ``make_optimizer``,
so ``python FILE --epochs N`` trains without graphlab.
"""

from __future__ import annotations

import ast

from graphlab.compile.errors import CompileError
from graphlab.compile.escape import check_source, comment, literal
from graphlab.compile.plan import Plan

MAIN = '\n\nif __name__ == "__main__":\n'


def _data_source(graph) -> str:
    from graphlab.train.datasets import DatasetError, split_spec
    from graphlab.train.datasets.source import dataset_functions

    name, opts = split_spec(graph.training.get("dataset"), graph.folder)
    try:
        text = dataset_functions(name, graph=graph, **opts)
    except DatasetError as err:
        raise CompileError([], f'cannot export "{comment(graph.name)}" with training: {err}') from None
    _check_data_source(text, graph)
    return "# ----- data " + "-" * 74 + "\n\n" + text.strip("\n") + "\n"


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


def torch_loop(plan: Plan) -> str:
    star = "" if len(plan.output_ids) == 1 else "*"
    bs = int(plan.training["batch_size"])
    return f'''def train(model, epochs, batch_size={bs}, seed={plan.seed}):
    """Mini-batch training with the graph's loss and optimizer; prints losses per epoch."""
    x_train, y_train, x_val, y_val = load_data()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    optimizer = make_optimizer(model)
    for epoch in range(epochs):
        model.train()
        # the same batches as a graphlab training session with this seed
        order = np.random.default_rng([seed, epoch + 1]).permutation(len(x_train))
        total = 0.0
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            xb = torch.from_numpy(x_train[idx]).to(device)
            yb = torch.from_numpy(y_train[idx]).to(device)
            loss = loss_fn({star}model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        line = f"epoch {{epoch + 1}}/{{epochs}}  loss {{total / len(order):.4f}}"
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

    for epoch in range(epochs):
        # the same batches as a graphlab training session with this seed
        order = np.random.default_rng([seed, epoch + 1]).permutation(len(x_train))
        total = 0.0
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            total += float(step(tf.constant(x_train[idx]), tf.constant(y_train[idx]))) * len(idx)
        line = f"epoch {{epoch + 1}}/{{epochs}}  loss {{total / len(order):.4f}}"
        if len(x_val):
            val = float(loss_fn({star}model(tf.constant(x_val)), tf.constant(y_val)))
            line += f"  val_loss {{val:.4f}}"
        print(line)
    return model
'''


def with_training(source: str, graph, plan: Plan, backend: str) -> str:
    """``source`` (a generated file) with data loading, a training loop and a CLI main."""
    _check(plan)
    head, sep, _ = source.partition(MAIN)
    if not sep:
        raise ValueError("generated source has no __main__ block")
    head = head.replace("import numpy as np\n", "import argparse\n\nimport numpy as np\n", 1)
    loop = torch_loop(plan) if backend == "torch" else tf_loop(plan)
    epochs = int(plan.training["epochs"])
    main = f'''

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description={literal(f"Train the {plan.doc_name} model.")})
    parser.add_argument("--epochs", type=int, default={epochs})
    parser.add_argument("--seed", type=int, default={plan.seed})
    main_args = parser.parse_args()
    train(Model(seed=main_args.seed), main_args.epochs, seed=main_args.seed)
'''
    return check_source(head.rstrip("\n") + "\n\n\n" + _data_source(graph) + "\n\n"
                        + "# ----- training " + "-" * 70 + "\n\n" + loop.rstrip("\n") + "\n"
                        + main)
