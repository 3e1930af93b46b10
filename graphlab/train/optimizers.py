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

__all__ = ["DEFAULTS", "FUSED", "OptimizerError", "resolve", "torch_optimizer"]


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
