"""Every optimizer's hyperparameters and their defaults: what a graph's training
section may say.

graphlab adopts torch's defaults for both backends. The file format checks the names,
the compiler writes every setting out in generated code, the training session runs
them; all of them read this table. Pure Python (the graph layer imports no framework).
"""

from __future__ import annotations

import math
from typing import Any

DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0},
    "adam": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False},
    "adamw": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01, "amsgrad": False},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False,
                "weight_decay": 0.0},
}


# what each parameter may hold: ("number", lowest allowed) | ("betas", None) | ("bool", None);
# the bounds are torch's own checks, so a value passing here never fails in torch.optim
RULES: dict[str, tuple[str, float | None]] = {
    "momentum": ("number", 0.0), "dampening": ("number", None), "weight_decay": ("number", 0.0),
    "eps": ("number", 0.0), "alpha": ("number", 0.0), "betas": ("betas", None),
    "nesterov": ("bool", None), "amsgrad": ("bool", None), "centered": ("bool", None),
}


class OptimizerError(ValueError):
    """Unknown optimizer or hyperparameter; the message lists what is allowed."""


def finite_number(v: Any) -> float | None:
    """``v`` as a finite float, or None (text, null, true/false, NaN, inf, 10**400)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    try:
        f = float(v)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


def value_problem(key: str, v: Any) -> str | None:
    """Why ``v`` cannot be optimizer parameter ``key`` (None if it can)."""
    kind, low = RULES[key]
    if kind == "bool":
        return None if isinstance(v, bool) else f"{key} must be true or false, got {_show(v)}"
    if kind == "betas":
        ok = isinstance(v, list | tuple) and len(v) == 2 and all(
            (f := finite_number(b)) is not None and 0 <= f < 1 for b in v)
        return None if ok else (f"betas must be two numbers from 0 up to (not including) 1, "
                                f"e.g. [0.9, 0.999], got {_show(v)}")
    f = finite_number(v)
    if f is None or (low is not None and f < low):
        bound = "a finite number" if low is None else f"a finite number >= {low:g}"
        return f"{key} must be {bound}, got {_show(v)}"
    return None


def problems(name: Any, params: Any) -> list[tuple[str, str]]:
    """(parameter, reason) for every setting of ``params`` optimizer ``name`` refuses."""
    key = name.lower() if isinstance(name, str) else name
    if key not in DEFAULTS:
        return []  # the optimizer's own name is reported where it is read
    if not isinstance(params, dict):
        return [("", f"expected an object of parameters, got {_show(params)}")]
    out = []
    for k, v in params.items():
        if k not in DEFAULTS[key]:
            out.append((k, f"optimizer {key} has no parameter {k!r}; its parameters are "
                           f"{', '.join(DEFAULTS[key])}"))
        elif why := value_problem(k, v):
            out.append((k, why))
    if key == "sgd" and not out:
        full = {**DEFAULTS["sgd"], **params}
        if full["nesterov"] and (full["momentum"] <= 0 or full["dampening"] != 0):
            out.append(("nesterov", "sgd: nesterov needs momentum > 0 and dampening 0"))
    return out


def _show(v: Any) -> str:
    from graphlab.graph.file_limits import show

    return show(v)


def resolve(name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The complete hyperparameters of optimizer ``name`` (lr excluded)."""
    key = name.lower()
    if key not in DEFAULTS:
        raise OptimizerError(f"no optimizer named {name!r}; choose one of "
                             f"{', '.join(DEFAULTS)}")
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS[key].items()}
    if found := problems(key, params or {}):
        raise OptimizerError(found[0][1])
    for k, v in (params or {}).items():
        out[k] = list(v) if isinstance(v, (list, tuple)) else v
    return out
