"""Step-through in the worker: one batch of the current run (or the first batch of the
training split), differentiated node by node, recorded for the editor to replay."""

from __future__ import annotations

import numpy as np

from graphlab.train.teach.record import StepRecord

_SAME_DATA = ("dataset", "val_fraction", "standardize")


class StepThroughError(ValueError):
    """The step-through cannot start; the message says why."""


def record_step_through(graph, session, sample: int | None, document: dict | None = None):
    """(StepThrough, StepRecord) for ``graph`` with the weights of ``session`` (a paused or
    finished run of the same graph) when there is one, else the ``document``'s weights
    (keyed ``fc1.weight``; nodes without any start from the seed)."""
    from graphlab.compile import CompileError, compile_graph
    from graphlab.train.checkpoints import weights_misfit
    from graphlab.train.datasets import DatasetError
    from graphlab.train.teach import StepThrough

    try:
        compiled = compile_graph(graph, graph.training["backend"])
        weights = _run_weights(session)
        if weights and weights_misfit(compiled.model.get_weights(), weights):
            session, weights = None, None  # edited since that run: the document's weights
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
                feats = [data.x_train[idx]] if compiled.plan.feature_ids else []
                targs = [data.y_train[idx]] if compiled.plan.target_ids else []
        if sample is not None and feats and sample >= len(feats[0]):
            raise ValueError(f"sample {sample} is outside the batch of {len(feats[0])}")
        stepper = StepThrough(compiled, feats, targs, sample=sample)
        stepper.run_all()
    except (CompileError, DatasetError, ValueError) as err:
        raise StepThroughError(f"cannot step through: {err}") from None
    return stepper, StepRecord.of(stepper, source, idx, compiled.model.get_weights())


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
