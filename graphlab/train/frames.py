"""Frames: what a training session reports, small and of fixed size for a given graph.

A frame carries the step, epoch, loss and metrics, and on probe steps one stats row
(see :mod:`graphlab.train.stats_layout`) per node value, per node gradient and per
parameter gradient. Rows are in the order of ``node_ids`` / ``param_names``, which a
session fixes once, so a frame's arrays never change shape during a run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from graphlab.train.stats_layout import TensorStats

STEP = "step"
PROBE = "probe"
EPOCH = "epoch"
END = "end"
FAULT = "fault"
HYPER = "hyper"  # a live hyperparameter change; metrics hold the new values from its step


@dataclass(frozen=True)
class Frame:
    kind: str
    step: int
    epoch: int
    loss: float
    metrics: dict[str, float] = field(default_factory=dict)
    node_ids: tuple[str, ...] = ()
    values: np.ndarray | None = None  # [len(node_ids), ROW]
    grads: np.ndarray | None = None  # [len(node_ids), ROW]; NaN rows: no gradient
    param_names: tuple[str, ...] = ()
    param_grads: np.ndarray | None = None  # [len(param_names), ROW]
    message: str | None = None

    @property
    def has_stats(self) -> bool:
        return self.values is not None

    def value_stats(self, node_id: str) -> TensorStats | None:
        return self._row(self.values, self.node_ids, node_id)

    def grad_stats(self, node_id: str) -> TensorStats | None:
        return self._row(self.grads, self.node_ids, node_id)

    def param_grad_stats(self, name: str) -> TensorStats | None:
        return self._row(self.param_grads, self.param_names, name)

    @staticmethod
    def _row(rows, keys, key):
        if rows is None or key not in keys:
            return None
        return TensorStats.from_row(rows[keys.index(key)])

    def to_dict(self) -> dict:
        def num(v):
            return float(v) if v is not None and np.isfinite(v) else None

        d = {"kind": self.kind, "step": self.step, "epoch": self.epoch, "loss": num(self.loss),
             "metrics": {k: num(v) for k, v in self.metrics.items()}}
        if self.message:
            d["message"] = self.message
        if self.has_stats:
            d["nodes"] = {
                nid: {"value": _maybe(self.value_stats(nid)), "grad": _maybe(self.grad_stats(nid))}
                for nid in self.node_ids}
            d["params"] = {p: _maybe(self.param_grad_stats(p)) for p in self.param_names}
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict())


def _maybe(stats: TensorStats | None):
    return None if stats is None else stats.to_dict()
