"""The training settings a graph file holds: one table for every place that reads them.

Each :class:`Setting` says its name, kind, default, allowed values and what it means.
The file format validates a ``training`` section with :func:`problems`, the graph model
fills in :data:`DEFAULTS`, ``graphlab.train.config.TrainConfig`` takes its defaults and
checks from here, ``graphlab train`` builds its flags from :data:`SETTINGS`, and the
Train dock offers :data:`DEVICES` and the choices. Optimizer hyperparameters have their
own table (:mod:`graphlab.graph.optimizer_settings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphlab.graph.optimizer_settings import DEFAULTS as OPTIMIZERS
from graphlab.graph.optimizer_settings import finite_number

INT_LIMIT = 2**31 - 1
BACKENDS = ("torch", "tf")
DEVICES = ("auto", "cpu", "cuda", "mps")  # and cuda:N for the N-th CUDA device
_CUDA_N = re.compile(r"cuda:\d{1,3}")


@dataclass(frozen=True)
class Setting:
    """One training setting. ``kind``: choice, number (finite, > 0), count (whole,
    1 to 2**31-1), fraction ([0, 1)), bool, device, dataset or params."""

    name: str
    kind: str
    default: Any
    doc: str
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def problem(self, value: Any) -> str | None:
        """Why ``value`` cannot be this setting (None if it can)."""
        k = self.kind
        if k == "choice":
            ok = isinstance(value, str) and value in self.choices
            return None if ok else f"expected one of {', '.join(self.choices)}"
        if k == "device":
            return None if device_ok(value) else f"expected {', '.join(DEVICES)} or cuda:N"
        if k == "bool":
            return None if isinstance(value, bool) else "expected true or false"
        if k == "count":
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= INT_LIMIT
            return None if ok else f"expected a whole number from 1 to {INT_LIMIT:,}"
        num = finite_number(value)
        if k == "number":
            return None if num is not None and num > 0 else "expected a finite number > 0"
        if k == "fraction":
            ok = num is not None and 0 <= num < 1
            return None if ok else "expected a number from 0 up to (not including) 1"
        if k == "params":
            return None if isinstance(value, dict) else "expected an object"
        if k == "dataset":
            ok = isinstance(value, str | dict)
            return None if ok else "expected a dataset name, a file path or an object"
        raise AssertionError(f"unknown setting kind {k!r}")


def device_ok(value: Any) -> bool:
    return isinstance(value, str) and (value in DEVICES or bool(_CUDA_N.fullmatch(value)))


SETTINGS: tuple[Setting, ...] = (
    Setting("dataset", "dataset", "seed_task",
            "a built-in dataset or a .csv/.npz file (in a file also {path, target, task})"),
    Setting("backend", "choice", "torch", "framework that trains the graph", BACKENDS),
    Setting("optimizer", "choice", "adam", "update rule", tuple(OPTIMIZERS)),
    Setting("optimizer_params", "params", {"betas": [0.9, 0.999], "eps": 1e-8,
                                           "weight_decay": 0.0},
            "the optimizer's hyperparameters (see docs/format.md)"),
    Setting("lr", "number", 0.001, "learning rate"),
    Setting("batch_size", "count", 32, "samples per step"),
    Setting("epochs", "count", 10, "passes over the training set"),
    Setting("val_fraction", "fraction", 0.2, "share of the data held out for validation"),
    Setting("standardize", "bool", True, "scale features to mean 0, std 1 (from training data)"),
    Setting("device", "device", "auto", "auto (CUDA, then Apple MPS, then CPU), cpu, cuda, "
            "cuda:N or mps"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """A fresh complete training section (nested values copied)."""
    return {s.name: (dict(s.default) if isinstance(s.default, dict) else s.default)
            for s in SETTINGS}


DEFAULTS = defaults()


def problems(section: dict[str, Any]) -> list[tuple[str, str]]:
    """(setting, why) for each known setting of ``section`` that has a bad value; keys
    the table does not know are the caller's business (the file format keeps them)."""
    out = []
    for name, value in section.items():
        s = BY_NAME.get(name)
        if s is not None and (why := s.problem(value)):
            out.append((name, why))
    return out
