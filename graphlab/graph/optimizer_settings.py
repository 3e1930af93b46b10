"""Every optimizer's hyperparameters and their defaults: what a graph's training
section may say.

graphlab adopts torch's defaults for both backends. The file format checks the names,
the compiler writes every setting out in generated code, the training session runs
them; all of them read this table. Pure Python (the graph layer imports no framework).
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0},
    "adam": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False},
    "adamw": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01, "amsgrad": False},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False,
                "weight_decay": 0.0},
}


class OptimizerError(ValueError):
    """Unknown optimizer or hyperparameter; the message lists what is allowed."""


def resolve(name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The complete hyperparameters of optimizer ``name`` (lr excluded)."""
    key = name.lower()
    if key not in DEFAULTS:
        raise OptimizerError(f"no optimizer named {name!r}; choose one of "
                             f"{', '.join(DEFAULTS)}")
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS[key].items()}
    for k, v in (params or {}).items():
        if k not in out:
            raise OptimizerError(f"optimizer {key} has no parameter {k!r}; its parameters are "
                                 f"{', '.join(out)}")
        out[k] = list(v) if isinstance(v, (list, tuple)) else v
    if key == "sgd" and out["nesterov"] and (out["momentum"] <= 0 or out["dampening"] != 0):
        raise OptimizerError("sgd: nesterov needs momentum > 0 and dampening 0")
    return out
