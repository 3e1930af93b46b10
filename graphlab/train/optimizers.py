"""The torch optimizer of a training session.

Hyperparameters come complete from :func:`resolve` (torch's defaults, which graphlab
adopts for both backends; see :mod:`graphlab.graph.optimizer_settings`). Torch sessions
use ``torch.optim`` with its fused kernels where there is one. TF sessions use the
``TorchOptimizer`` class of the generated TF module (:mod:`graphlab.compile.tf_optimizer`:
the same update rules as torch's single-tensor code paths), the very code an exported
file trains with.
"""

from __future__ import annotations

from typing import Any

from graphlab.graph.optimizer_settings import DEFAULTS, OptimizerError, resolve

__all__ = ["DEFAULTS", "FUSED", "LIVE", "OptimizerError", "live_changes", "resolve",
           "torch_optimizer"]


def torch_optimizer(name: str, params, lr: float, hp: dict[str, Any]):
    import torch

    key = name.lower()
    hp = dict(hp)
    if "betas" in hp:
        hp["betas"] = tuple(hp["betas"])
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop}[key]
    params = list(params)
    if key in FUSED and all(p.dtype.is_floating_point for p in params):
        # torch's fused kernel: the same update rule in one pass per parameter (on the CPU
        # 45 us for digits_mlp's Adam against 120-250 us for the per-op paths)
        try:
            return cls(params, lr=lr, fused=True, **hp)
        except (RuntimeError, TypeError, ValueError):
            pass  # a device or dtype without the fused kernel: the per-op path
    return cls(params, lr=lr, **hp)


FUSED = ("sgd", "adam", "adamw")
"""The optimizers torch has a fused kernel for (RMSprop has none)."""


LIVE = ("lr", "momentum")
"""What a run's optimizer lets change while it trains (at the next step)."""


def live_changes(name: str, hp: dict[str, Any], lr: float | None = None,
                 momentum: float | None = None) -> dict[str, float]:
    """The checked changes ``{"lr": ..., "momentum": ...}`` for a run of optimizer ``name``
    with hyperparameters ``hp``; OptimizerError says what is wrong. Momentum changes only
    where the optimizer has it and the run started with some (its buffers exist then)."""
    import math

    out: dict[str, float] = {}
    if lr is not None:
        if not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
            raise OptimizerError(f"learning rate must be a number above 0, got {lr!r}")
        out["lr"] = float(lr)
    if momentum is not None:
        if "momentum" not in hp:
            raise OptimizerError(f"{name} has no momentum; change the learning rate, or "
                                 "stop and choose sgd or rmsprop")
        if not isinstance(momentum, (int, float)) or not 0 <= momentum < 1:
            raise OptimizerError(f"momentum must be at least 0 and below 1, got {momentum!r}")
        if hp["momentum"] <= 0:
            raise OptimizerError("this run started without momentum, so it has no momentum "
                                 "buffers; set momentum before starting the run")
        if momentum == 0 and hp.get("nesterov"):
            raise OptimizerError("nesterov needs momentum above 0; keep some momentum")
        out["momentum"] = float(momentum)
    return out
