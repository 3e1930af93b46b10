"""The optimizer step, the step-through's last step, in numpy and in words.

After the backward pass every trainable weight has its gradient; the optimizer turns
(w, g, its state) into the new w. :func:`optimizer_update` applies torch.optim's
single-tensor rule (which graphlab's TF optimizer copies, see
:mod:`graphlab.compile.tf_optimizer`) in float32, in torch's order of operations, so
the numbers equal what torch's optimizer computes from the same state;
:meth:`OptimizerUpdate.lines` writes one element's update out with its numbers.
State keys are torch's: ``momentum_buffer``, ``exp_avg``, ``exp_avg_sq``,
``max_exp_avg_sq``, ``square_avg``, ``grad_avg``; ``steps`` is how many updates the
state has seen (0: a fresh optimizer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

F32 = np.float32


@dataclass
class OptimizerSetting:
    """What the update step needs besides the gradients: the optimizer, its
    hyperparameters and its state (per weight key; empty for a fresh optimizer)."""

    name: str
    lr: float
    hp: dict
    state: dict = field(default_factory=dict)
    steps: int = 0
    source: str = ""  # "the optimizer of the paused run, after 120 steps"

    @classmethod
    def of_training(cls, training: dict) -> OptimizerSetting:
        from graphlab.graph.optimizer_settings import resolve

        name = str(training.get("optimizer", "sgd")).lower()
        return cls(name, float(training.get("lr", 0.01)),
                   resolve(name, training.get("optimizer_params") or {}))


@dataclass
class ParamUpdate:
    key: str  # the weight key ("fc1.weight")
    w: np.ndarray  # before the step
    g: np.ndarray  # dL/dw from the backward pass
    new_w: np.ndarray
    before: dict[str, np.ndarray] = field(default_factory=dict)  # optimizer state
    after: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class OptimizerUpdate:
    name: str  # sgd | adam | adamw | rmsprop
    lr: float
    hp: dict  # every hyperparameter (graphlab.graph.optimizer_settings.resolve)
    steps: int  # updates the state had seen before this one
    params: dict[str, ParamUpdate]
    state_source: str = ""  # where the state came from, in words

    @property
    def t(self) -> int:
        return self.steps + 1

    def lines(self, key: str, index=0) -> list[str]:
        """One element's update written out: the rule with its numbers."""
        p = self.params[key]
        flat = _flat(p.w.shape, index)
        at = _at(p.w.shape, flat)
        e = {k: float(v.reshape(-1)[flat]) for k, v in p.before.items()}
        a = {k: float(v.reshape(-1)[flat]) for k, v in p.after.items()}
        w, g, new = (float(x.reshape(-1)[flat]) for x in (p.w, p.g, p.new_w))
        hp, lr = self.hp, self.lr
        out = [f"{self.name.upper()} step {self.t} ({self.state_source or 'a fresh optimizer'})",
               f"w = {key}{at} = {_n(w)}",
               f"g = dL/dw (from the backward pass) = {_n(g)}", f"lr = {_n(lr)}"]
        wd = float(hp.get("weight_decay", 0.0))
        if wd and self.name != "adamw":
            out.append(f"g ← g + weight_decay·w = {_n(g)} + {_n(wd)}·{_n(w)} = "
                       f"{_n(g + wd * w)}")
            g = g + wd * w
        rule = getattr(self, f"_{self.name}_lines")
        out += rule(w, g, e, a, hp, lr)
        out.append(f"new w = {_n(new)}  (change {_n(new - w)})")
        return out

    def _sgd_lines(self, w, g, e, a, hp, lr):
        mom = float(hp["momentum"])
        if not mom:
            return [f"new w = w − lr·g = {_n(w)} − {_n(lr)}·{_n(g)}"]
        buf = a["momentum_buffer"]
        if "momentum_buffer" not in e:
            out = [f"buf = g (the first step starts the momentum buffer) = {_n(buf)}"]
        else:
            d = 1 - float(hp["dampening"])
            out = [f"buf = momentum·buf + (1 − dampening)·g = {_n(mom)}·"
                   f"{_n(e['momentum_buffer'])} + {_n(d)}·{_n(g)} = {_n(buf)}"]
        if hp["nesterov"]:
            out.append(f"d = g + momentum·buf = {_n(g + mom * buf)} (Nesterov)")
            out.append(f"new w = w − lr·d = {_n(w)} − {_n(lr)}·{_n(g + mom * buf)}")
        else:
            out.append(f"new w = w − lr·buf = {_n(w)} − {_n(lr)}·{_n(buf)}")
        return out

    def _adam_lines(self, w, g, e, a, hp, lr):
        b1, b2 = (float(b) for b in hp["betas"])
        eps, t = float(hp["eps"]), self.t
        m, v = a["exp_avg"], a["exp_avg_sq"]
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        out = []
        if self.name == "adamw":
            wd = float(hp["weight_decay"])
            out.append(f"w ← w·(1 − lr·weight_decay) = {_n(w)}·(1 − {_n(lr)}·{_n(wd)}) = "
                       f"{_n(w * (1 - lr * wd))} (AdamW's decoupled decay)")
        out += [f"m = β1·m + (1 − β1)·g = {_n(b1)}·{_n(e.get('exp_avg', 0.0))} + "
                f"{_n(1 - b1)}·{_n(g)} = {_n(m)}",
                f"v = β2·v + (1 − β2)·g² = {_n(b2)}·{_n(e.get('exp_avg_sq', 0.0))} + "
                f"{_n(1 - b2)}·{_n(g * g)} = {_n(v)}"]
        if hp.get("amsgrad"):
            v = a["max_exp_avg_sq"]
            out.append(f"v ← max(v seen so far) = {_n(v)} (amsgrad)")
        mh, vh = m / c1, v / c2
        out += [f"m̂ = m / (1 − β1^{t}) = {_n(m)} / {_n(c1)} = {_n(mh)}  (bias correction)",
                f"v̂ = v / (1 − β2^{t}) = {_n(v)} / {_n(c2)} = {_n(vh)}",
                f"new w = w − lr·m̂ / (√v̂ + eps) = w − {_n(lr)}·{_n(mh)} / "
                f"({_n(math.sqrt(max(vh, 0.0)))} + {_n(eps)})"]
        return out

    _adamw_lines = _adam_lines

    def _rmsprop_lines(self, w, g, e, a, hp, lr):
        al, eps, mom = float(hp["alpha"]), float(hp["eps"]), float(hp["momentum"])
        sq = a["square_avg"]
        out = [f"s = α·s + (1 − α)·g² = {_n(al)}·{_n(e.get('square_avg', 0.0))} + "
               f"{_n(1 - al)}·{_n(g * g)} = {_n(sq)}"]
        denom = math.sqrt(max(sq, 0.0))
        if hp["centered"]:
            ga = a["grad_avg"]
            out.append(f"ḡ = α·ḡ + (1 − α)·g = {_n(ga)}; denominator √(s − ḡ²) + eps")
            denom = math.sqrt(max(sq - ga * ga, 0.0))
        if mom > 0:
            out.append(f"buf = momentum·buf + g / (√s + eps) = {_n(a['momentum_buffer'])}")
            out.append(f"new w = w − lr·buf = {_n(w)} − {_n(lr)}·{_n(a['momentum_buffer'])}")
        else:
            out.append(f"new w = w − lr·g / (√s + eps) = {_n(w)} − {_n(lr)}·{_n(g)} / "
                       f"({_n(denom)} + {_n(eps)})")
        return out


def optimizer_update(name: str, lr: float, hp: dict, weights: dict, grads: dict,
                     state: dict | None = None, steps: int = 0,
                     state_source: str = "") -> OptimizerUpdate:
    """The update of every weight in ``grads`` (weights and grads keyed alike; state
    per key, torch's names; ``steps`` updates seen before)."""
    key = name.lower()
    rule = _RULES[key]
    params = {}
    for k, g in grads.items():
        w = np.asarray(weights[k], F32)
        before = {s: np.asarray(v, F32).copy() for s, v in (state or {}).get(k, {}).items()}
        after = {s: v.copy() for s, v in before.items()}
        new = rule(w.copy(), np.asarray(g, F32), after, hp, F32(lr), steps + 1)
        params[k] = ParamUpdate(k, w, np.asarray(g, F32), new, before, after)
    return OptimizerUpdate(key, float(lr), dict(hp), steps, params, state_source)


def _sgd(p, g, s, hp, lr, t):
    if hp["weight_decay"]:
        g = g + F32(hp["weight_decay"]) * p
    mom = hp["momentum"]
    if mom:
        if "momentum_buffer" not in s:
            buf = g.copy()
        else:
            buf = s["momentum_buffer"] * F32(mom) + g * F32(1 - hp["dampening"])
        s["momentum_buffer"] = buf
        g = g + F32(mom) * buf if hp["nesterov"] else buf
    return p - lr * g


def _adam(p, g, s, hp, lr, t, decoupled=False):
    b1, b2 = (float(b) for b in hp["betas"])
    wd = float(hp["weight_decay"])
    if decoupled:
        p = p * F32(1 - float(lr) * wd)
    elif wd:
        g = g + F32(wd) * p
    m = s.get("exp_avg", np.zeros_like(p))
    v = s.get("exp_avg_sq", np.zeros_like(p))
    m = m + (g - m) * F32(1 - b1)  # torch's lerp
    v = v * F32(b2) + F32(1 - b2) * g * g
    s["exp_avg"], s["exp_avg_sq"] = m, v
    c1, c2 = 1 - b1 ** t, 1 - b2 ** t
    if hp["amsgrad"]:
        v = np.maximum(s.get("max_exp_avg_sq", np.zeros_like(p)), v)
        s["max_exp_avg_sq"] = v
    denom = np.sqrt(v) / F32(math.sqrt(c2)) + F32(hp["eps"])
    return p - F32(float(lr) / c1) * (m / denom)


def _adamw(p, g, s, hp, lr, t):
    return _adam(p, g, s, hp, lr, t, decoupled=True)


def _rmsprop(p, g, s, hp, lr, t):
    if hp["weight_decay"]:
        g = g + F32(hp["weight_decay"]) * p
    a = F32(hp["alpha"])
    sq = s.get("square_avg", np.zeros_like(p)) * a + F32(1 - hp["alpha"]) * g * g
    s["square_avg"] = sq
    if hp["centered"]:
        ga = s.get("grad_avg", np.zeros_like(p))
        ga = ga + (g - ga) * F32(1 - hp["alpha"])
        s["grad_avg"] = ga
        avg = np.sqrt(sq - ga * ga)
    else:
        avg = np.sqrt(sq)
    avg = avg + F32(hp["eps"])
    if hp["momentum"] > 0:
        buf = s.get("momentum_buffer", np.zeros_like(p)) * F32(hp["momentum"]) + g / avg
        s["momentum_buffer"] = buf
        return p - lr * buf
    return p - lr * (g / avg)


_RULES = {"sgd": _sgd, "adam": _adam, "adamw": _adamw, "rmsprop": _rmsprop}


def _flat(shape, index) -> int:
    if isinstance(index, (int, np.integer)):
        return int(index)
    return int(np.ravel_multi_index(tuple(index), shape)) if shape else 0


def _at(shape, flat: int) -> str:
    if not shape:
        return ""
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]"


def _n(x: float) -> str:
    return f"{x:.6g}"
