"""A step-through as plain numbers, and a cursor that replays it node by node.

The training worker runs :class:`~graphlab.train.teach.stepper.StepThrough` to the end
(it needs the framework) and sends a :class:`StepRecord`: every node's value, gradient
and per-consumer contributions as numpy arrays. The editor, which never imports torch
or TensorFlow, steps a :class:`Replay` over it: the same steps, revealed one at a time,
so going back is moving a cursor, not recomputing. Stepping is deterministic (eval mode),
so a recorded step-through is the step-through. Layers' weight gradients come with one
element's sum already written out (the largest); another element's sum is a request to
the worker (:meth:`StepThrough.param_sum`). The optimizer's update is numpy, recorded
whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphlab.train.teach.cards import ChainRuleCard, ParamSum, chain_rule_card
from graphlab.train.teach.stepper import BACKWARD, FORWARD, UPDATE, Contribution, TeachStep
from graphlab.train.teach.update import OptimizerUpdate


@dataclass
class StepRecord:
    steps: list[TeachStep]
    order: list[str]  # node ids in forward order
    texts: dict[str, str]  # node id -> the generated statement(s) it runs
    names: dict[str, str]  # node id -> the Python name it has in the generated code
    titles: dict[str, str]
    ops: dict[str, str]
    roots: list[str]
    values: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    contributions: dict[str, list[Contribution]]
    inputs: dict[str, np.ndarray]  # the data fed to each Input, after choosing the sample
    feature_ids: list[str]
    target_ids: list[str]
    backend: str
    sample: int | None = None
    source: str = ""  # which data it ran on, in words ("the batch of step 120")
    batch: np.ndarray | None = None  # training-set indices of that batch
    weights: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    formulas: dict[str, str] = field(default_factory=dict)  # node id -> OpSpec.formula
    param_grads: dict[str, dict[str, np.ndarray]] = field(default_factory=dict, repr=False)
    param_sums: dict[str, dict[str, ParamSum]] = field(default_factory=dict, repr=False)
    update: OptimizerUpdate | None = field(default=None, repr=False)
    wheres: dict[str, str] = field(default_factory=dict)  # node id -> its block instance

    @classmethod
    def of(cls, st, source: str = "", batch=None, weights=None) -> StepRecord:
        """Record a :class:`StepThrough` that has run to the end."""
        if not st.done:
            st.run_all()
        plan = st.plan
        ids = st.order
        return cls(
            steps=list(st.steps), order=list(ids),
            texts={n: st.blocks[n].text for n in ids},
            names={n: st.blocks[n].name for n in ids},
            titles={n: st.title(n) for n in ids}, ops={n: st.op(n) for n in ids},
            roots=list(st.roots),
            values={n: st.value(n) for n in ids if st.value(n) is not None},
            grads={n: st.grad(n) for n in ids if st.grad(n) is not None},
            contributions={n: list(p) for n, p in st.contributions.items()},
            inputs={k: np.asarray(v) for k, v in st.inputs.items()},
            feature_ids=list(plan.feature_ids), target_ids=list(plan.target_ids),
            backend=st.compiled.backend, sample=st.sample, source=source,
            batch=None if batch is None else np.asarray(batch),
            weights=dict(weights or {}),
            formulas={n: plan.by_id[n].spec.formula for n in ids if n in plan.by_id},
            param_grads={n: dict(p) for n, p in st.param_grads.items()},
            param_sums={n: {k: st.param_sum(n, k, int(np.argmax(np.abs(g))))
                            for k, g in per.items()} for n, per in st.param_grads.items()},
            update=st.update, wheres={n: st.where(n) for n in ids if st.where(n)})


class Replay:
    """The stepping interface the panel drives, over a :class:`StepRecord`."""

    def __init__(self, record: StepRecord) -> None:
        self.record = record
        self.steps = record.steps
        self.order = record.order
        self.inputs = record.inputs
        self.position = 0
        self.values: dict[str, np.ndarray] = {}  # what has been revealed so far
        self.grads: dict[str, np.ndarray] = {}
        self.contributions: dict[str, list[Contribution]] = {}
        self.param_grads: dict[str, dict[str, np.ndarray]] = {}
        self.update: OptimizerUpdate | None = None

    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)

    def step(self) -> TeachStep | None:
        if self.done:
            return None
        s = self.steps[self.position]
        r = self.record
        n = s.node_id
        if s.phase == FORWARD and n in r.values:
            self.values[n] = r.values[n]
        elif s.phase == BACKWARD and n in r.grads:
            self.grads[n] = r.grads[n]
            self.contributions[n] = r.contributions.get(n, [])
            if n in r.param_grads:
                self.param_grads[n] = r.param_grads[n]
        elif s.phase == UPDATE:
            self.update = r.update
        self.position += 1
        return s

    def seek(self, position: int) -> None:
        """Go to ``position`` (0: nothing computed) by replaying from the start."""
        self.position = 0
        self.values, self.grads, self.contributions = {}, {}, {}
        self.param_grads, self.update = {}, None
        while self.position < min(position, len(self.steps)):
            self.step()

    def value(self, node_id: str) -> np.ndarray | None:
        return self.values.get(node_id)

    def grad(self, node_id: str) -> np.ndarray | None:
        return self.grads.get(node_id)

    def title(self, node_id: str) -> str:
        return self.record.titles.get(node_id, node_id)

    def where(self, node_id: str) -> str:
        return self.record.wheres.get(node_id, "")

    def op(self, node_id: str) -> str:
        return self.record.ops[node_id]

    def text(self, node_id: str) -> str:
        return self.record.texts[node_id]

    def card(self, node_id: str, index=None) -> ChainRuleCard:
        value, grad = self.value(node_id), self.grad(node_id)
        if value is None or grad is None:
            raise ValueError(f'"{self.title(node_id)}" has no gradient yet; step further')
        return chain_rule_card(node_id, self.title, value, grad,
                               self.contributions.get(node_id, []),
                               node_id in self.record.roots, index,
                               lambda n: self.record.formulas.get(n, ""))

    def param_sum(self, node_id: str, key: str) -> ParamSum | None:
        """The recorded written-out sum of ``key``'s gradient (its largest element)."""
        if node_id not in self.param_grads:
            return None
        return self.record.param_sums.get(node_id, {}).get(key)

