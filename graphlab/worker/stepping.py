"""Step-through in the worker: one batch of the current run (or the first batch of the
training split, one training row, or an input the user typed), differentiated node by
node and ended by the optimizer's update with the run's optimizer state (a fresh
optimizer without a run), recorded for the editor to replay."""

from __future__ import annotations

import numpy as np

from graphlab.train.teach.record import StepRecord

_SAME_DATA = ("dataset", "val_fraction", "standardize")


class StepThroughError(ValueError):
    """The step-through cannot start; the message says why."""


def record_step_through(graph, session, sample: int | None, document: dict | None = None,
                        row: int | None = None, typed: str = ""):
    """(StepThrough, StepRecord) for ``graph`` with the weights of ``session`` (a paused or
    finished run of the same graph) when there is one, else the ``document``'s weights
    (keyed ``fc1.weight``; nodes without any start from the seed). ``row`` picks one
    training row instead of the batch; ``typed`` is an input the user typed."""
    stepper, source, idx = _stepper(graph, session, sample, document, row, typed)
    try:
        stepper.run_all()
    except ValueError as err:
        raise StepThroughError(f"cannot step through: {err}") from None
    if modal := _eval_mode_ops(graph):  # the panel says so: the numbers differ in training
        source = f"{source}, in evaluation mode ({', '.join(modal)} as at inference)"
    return stepper, StepRecord.of(stepper, source, idx, stepper.model.get_weights())


def _eval_mode_ops(graph) -> list[str]:
    """The ops of ``graph`` (blocks flattened) that compute otherwise in training."""
    from graphlab.train.weights_store import flat_graph

    flat = flat_graph(graph)
    return sorted({flat.node(n).op for n in flat.node_ids()
                   if flat.spec_of(flat.node(n).op).training_behaviour})


def record_feature_maps(graph, session, node_id: str, sample: int | None,
                        document: dict | None = None, row: int | None = None, typed: str = ""):
    """The feature maps of ``node_id`` for the sample the step-through would use (the
    first of the batch when it steps through the whole batch)."""
    from graphlab.train.teach.feature_maps import feature_maps

    stepper, source, _ = _stepper(graph, session, sample, document, row, typed)
    if node_id not in stepper.blocks:
        raise StepThroughError("cannot show feature maps: that node is not computed")
    try:
        while not stepper.done and node_id not in stepper.values:
            stepper.step()
        if stepper.sample is None and row is None and not typed.strip():
            source = f"sample 0 of {source}" if source else "sample 0"
        return feature_maps(stepper, node_id, source or "this input", 0)
    except ValueError as err:
        raise StepThroughError(f"cannot show feature maps: {err}") from None


def _stepper(graph, session, sample, document, row, typed):
    """A StepThrough (nothing computed yet) on the chosen data, and which data in words."""
    from graphlab.compile import CompileError, compile_graph
    from graphlab.graph.optimizer_settings import OptimizerError
    from graphlab.train.checkpoints import weights_misfit
    from graphlab.train.datasets import DatasetError
    from graphlab.train.teach import StepThrough

    try:
        compiled = compile_graph(graph, graph.training["backend"])
        weights = _run_weights(session)
        if weights and weights_misfit(compiled.model.get_weights(), weights):
            session, weights = None, None  # edited since that run: the document's weights
        run_weights = bool(weights)
        if not weights and document:
            have = compiled.model.get_weights()
            if not weights_misfit({k: have[k] for k in document if k in have}, document):
                weights = document
        if weights:
            compiled.model.set_weights(weights)
        feats, targs, source, idx = [], [], "", None
        if compiled.plan.feature_ids or compiled.plan.target_ids:
            data, idx, source = _batch(graph, session)
            if data.x_train is not None:
                if typed.strip():
                    x, y, source = _typed(typed, data, row)
                    idx, sample = None, None
                elif row is not None:
                    if not 0 <= row < data.n_train:
                        raise ValueError(f"row {row} is outside the training set (rows 0 to "
                                         f"{data.n_train - 1})")
                    idx, sample, source = np.array([row]), None, f"training row {row}"
                if not typed.strip():
                    x, y = data.x_train[idx], data.y_train[idx]
                feats = [x] if compiled.plan.feature_ids else []
                targs = [y] if compiled.plan.target_ids else []
        elif row is not None or typed.strip():
            raise ValueError("the graph reads no data, so there is no row to pick; choose a "
                             "dataset and an Input node first")
        if sample is not None and feats and sample >= len(feats[0]):
            raise ValueError(f"sample {sample} is outside the batch of {len(feats[0])}")
        setting = _optimizer(graph, session if run_weights else None)
        return (StepThrough(compiled, feats, targs, sample=sample, optimizer=setting),
                source, idx)
    except (CompileError, DatasetError, OptimizerError, ValueError) as err:
        raise StepThroughError(f"cannot step through: {err}") from None


def _run_weights(session):
    if session is None:
        return None
    try:
        return session.current_weights()
    except Exception:  # a run that failed while building its model has none
        return session.result.weights if session.result is not None else None


def _batch(graph, session):
    """(dataset, batch indices, words for the panel): the batch the paused (or finished)
    run trained last, on the data it trained on; the first batch of the training split
    when there is no run of this graph."""
    from graphlab.train.datasets import prepare, split_spec

    t = graph.training
    if session is not None and session.data is not None and session.last_batch is not None \
            and session.graph.seed == graph.seed and all(
                session.graph.training.get(k) == t.get(k) for k in _SAME_DATA):
        step, idx = session.last_batch
        return session.data, idx, f"the batch of step {step}"
    name, opts = split_spec(t["dataset"], graph.folder)
    data = prepare(graph, name, t["val_fraction"], t["standardize"], graph.seed, **opts)
    return data, np.arange(min(int(t["batch_size"]), data.n_train)), "the first training batch"


def _typed(text: str, data, row: int | None):
    """(x, y, words) of one input typed as ``"0.5, -1.2"`` or ``"0.5, -1.2; 1"`` (with its
    label); without a label it takes the label of ``row`` (row 0 when none is picked)."""
    head, _, label = text.partition(";")
    want = int(np.prod(data.x_train.shape[1:]))
    try:
        values = [float(v) for v in head.replace(",", " ").split()]
    except ValueError:
        raise ValueError(f"the typed input {head.strip()!r} is not a list of numbers; type "
                         f"{want} numbers separated by commas, e.g. "
                         f"{', '.join(['0.5'] * min(want, 3))}") from None
    if len(values) != want:
        raise ValueError(f"the typed input has {len(values)} number(s); this dataset's inputs "
                         f"have {want} (shape {list(data.x_train.shape[1:])})")
    x = np.asarray(values, data.x_train.dtype).reshape((1, *data.x_train.shape[1:]))
    if label.strip():
        try:
            lab = [float(v) for v in label.replace(",", " ").split()]
            y = np.asarray(lab, data.y_train.dtype).reshape((1, *data.y_train.shape[1:]))
        except ValueError:
            raise ValueError(f"the label after ';' must be {int(np.prod(data.y_train.shape[1:]))} "
                             f"number(s), got {label.strip()!r}") from None
        return x, y, "the input you typed"
    r = 0 if row is None or not 0 <= row < data.n_train else row
    return x, data.y_train[r:r + 1], f"the input you typed (with the label of training row {r})"


def _optimizer(graph, session):
    """The update step's optimizer: the run's, with its state, when the weights are the
    run's; else a fresh one from the graph's training settings."""
    from graphlab.train.teach.opt_state import tf_state, torch_state
    from graphlab.train.teach.update import OptimizerSetting

    setting = OptimizerSetting.of_training(graph.training)
    runner = getattr(session, "_runner", None) if session is not None else None
    opt = getattr(runner, "opt", None)
    if opt is None:
        return setting
    if graph.training["backend"] == "torch":
        state, steps = torch_state(opt, dict(runner.model.named_parameters()))
        setting.lr = float(opt.param_groups[0]["lr"])
    else:
        state, steps = tf_state(opt, runner.model.named_variables(), runner.tf_layout)
        setting.lr = float(opt.lr)
    if session.last_batch is not None and not steps:
        steps = int(session.last_batch[0])  # SGD keeps no count of its own
    setting.state, setting.steps = state, steps
    setting.source = f"the paused run's optimizer, after {steps} updates"
    return setting
