"""A live run's optimizer state as numpy arrays, for the step-through's update step.

A paused run's next update depends on its optimizer's momentum and moment estimates,
not only on the gradient; these read them from torch.optim (torch sessions) or from
the TF session's optimizer class (:mod:`graphlab.compile.tf_optimizer`, same rule,
its own slot names) under torch's state names, in PyTorch's weight layout.
"""

from __future__ import annotations

import numpy as np

# graphlab's TF optimizer's slots -> torch.optim's state names
_TF_SLOTS = {"buf": "momentum_buffer", "m": "exp_avg", "v": "exp_avg_sq",
             "v_max": "max_exp_avg_sq", "sq": "square_avg", "g_avg": "grad_avg"}


def torch_state(opt, named: dict) -> tuple[dict, int]:
    """({weight key: {state name: array}}, updates taken) of a torch optimizer over the
    parameters ``named`` (weight key -> parameter)."""
    state, steps = {}, 0
    for key, p in named.items():
        s = opt.state.get(p, {})
        per = {}
        for name, v in s.items():
            if name == "step":
                steps = max(steps, int(float(v)))
            elif v is not None and hasattr(v, "detach"):
                per[name] = v.detach().cpu().numpy().copy()
        if per:
            state[key] = per
    return state, steps


def tf_state(opt, named: dict, layout: dict) -> tuple[dict, int]:
    """The same for graphlab's TF optimizer (``opt.variables`` in its own order)."""
    steps = int(opt.step.numpy())
    if steps == 0:
        return {}, 0  # its slots are zeros; torch's rule starts the momentum from g
    index = {id(v): i for i, v in enumerate(opt.variables)}
    state = {}
    for key, var in named.items():
        i = index.get(id(var))
        if i is None:
            continue
        per = {}
        for slot, name in _TF_SLOTS.items():
            slots = getattr(opt, slot, None)
            if slots:
                a = slots[i].numpy()
                perm = layout.get(key)
                per[name] = np.transpose(a, np.argsort(perm)) if perm is not None else a
        state[key] = per
    return state, steps
