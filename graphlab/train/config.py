"""Training configuration: the graph's ``training`` section plus the caller's overrides."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from graphlab.graph.training_settings import BY_NAME
from graphlab.train.checkpoints import unwritable
from graphlab.train.optimizers import resolve


def _default(name: str):
    """The file setting's default from graphlab/graph/training_settings.py."""
    return BY_NAME[name].default


class ConfigError(ValueError):
    """A setting that cannot be used; the message names it and the allowed values."""


class DeviceError(RuntimeError):
    """The requested device is not available to the chosen framework."""


@dataclass
class TrainConfig:
    """The settings a graph file holds (their defaults and rules come from
    ``graphlab.graph.training_settings``) plus those a run adds (probing, limits,
    checkpoints), which are not saved with the graph."""

    backend: str = _default("backend")
    dataset: str = _default("dataset")
    dataset_opts: dict[str, Any] = field(default_factory=dict)
    optimizer: str = _default("optimizer")
    optimizer_params: dict[str, Any] = field(default_factory=dict)  # complete after check()
    lr: float = _default("lr")
    batch_size: int = _default("batch_size")
    epochs: int = _default("epochs")
    seed: int = 0
    val_fraction: float = _default("val_fraction")
    standardize: bool = _default("standardize")
    device: str = _default("device")
    mixed_precision: bool = False  # on a CUDA GPU only (both backends)
    shuffle: bool = True
    probe_every: int = 0  # 0: never; k: every k-th step (step 1, k+1, ...)
    # with probe_every, the share of the run's time probes may take (the editor's live
    # panel: graphlab/train/cadence.py); None probes every k-th step exactly
    probe_budget: float | None = None
    max_steps: int | None = None  # stop after this many steps (e.g. for comparisons)
    checkpoint_path: str | None = None  # npz of canonical weights, written atomically
    checkpoint_every: int = 1  # epochs
    init_weights: str | None = None  # npz from get_weights (either backend)
    # in-memory weights keyed "fc1.weight" (the editor's document, a file's saved ones);
    # a subset is fine: the other parameters start from the seed. With init_weights too,
    # these are applied after that file's.
    initial_weights: dict[str, Any] | None = field(default=None, repr=False)
    memory_limit_mb: float | None = None  # refuse steps estimated to need more
    # check every gradient is finite before each optimizer step (a NaN never reaches the
    # weights); off saves a reduction per parameter per step. Losses are always checked.
    check_gradients: bool = True
    history: int = 512  # frames kept in the ring buffer

    @classmethod
    def from_graph(cls, graph, **overrides: Any) -> TrainConfig:
        """Defaults from ``graph.training`` (and its seed); ``None`` overrides are ignored.

        Choosing a different optimizer than the file's drops the file's optimizer
        parameters, which belong to the other optimizer.
        """
        t = dict(graph.training)
        known = {f.name for f in fields(cls)}
        base = {k: v for k, v in t.items() if k in known}
        base.setdefault("seed", graph.seed)
        if "dataset" in base:  # a name, a path (from the graph's folder) or {path, target}
            from graphlab.train.datasets.registry import split_spec

            base["dataset"], opts = split_spec(base["dataset"], graph.folder)
            if opts:
                base["dataset_opts"] = opts
        over = {k: v for k, v in overrides.items() if v is not None}
        if "dataset" in over and "dataset_opts" not in over:
            base.pop("dataset_opts", None)  # the file's target column is for the file's data
        unknown = set(over) - known
        if unknown:
            raise ConfigError(f"unknown training setting(s): {', '.join(sorted(unknown))}")
        if "optimizer" in over and str(over["optimizer"]).lower() != str(
                base.get("optimizer")).lower() and "optimizer_params" not in over:
            base["optimizer_params"] = {}
        cfg = cls(**{**base, **over})
        cfg.check()
        return cfg

    def check(self) -> None:
        """Validate and complete (optimizer parameters written out in full)."""
        for name in ("backend", "device", "lr", "batch_size", "epochs", "val_fraction",
                     "standardize"):
            value = getattr(self, name)
            if why := BY_NAME[name].problem(value):
                raise ConfigError(f"{name} {value!r}: {why}")
        for name, low in (("checkpoint_every", 1), ("history", 1)):
            if int(getattr(self, name)) < low:
                raise ConfigError(f"{name} must be at least {low}, got {getattr(self, name)}")
        if self.probe_every < 0:
            raise ConfigError("probe_every must be 0 (never) or a positive step count")
        if self.probe_budget is not None and not 0 < self.probe_budget < 1:
            raise ConfigError(f"probe_budget must be a share of the run between 0 and 1, "
                              f"got {self.probe_budget}")
        if int(self.seed) != self.seed or self.seed < 0:
            raise ConfigError(f"seed must be a whole number >= 0, got {self.seed}")
        if self.max_steps is not None and self.max_steps < 1:
            raise ConfigError(f"max_steps must be at least 1, got {self.max_steps}")
        if self.memory_limit_mb is not None and not self.memory_limit_mb > 0:
            raise ConfigError(f"memory_limit_mb must be positive, got {self.memory_limit_mb}")
        if self.init_weights and not Path(self.init_weights).is_file():
            raise ConfigError(f"weights file {self.init_weights} does not exist")
        if self.checkpoint_path and (why := unwritable(self.checkpoint_path)):
            raise ConfigError(f"cannot write checkpoints to {self.checkpoint_path}: {why}")
        self.optimizer = self.optimizer.lower()
        try:
            self.optimizer_params = resolve(self.optimizer, self.optimizer_params)
        except ValueError as err:
            raise ConfigError(str(err)) from None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
