"""Naming the node where a non-finite value or gradient started.

Values are checked in topological order (the first non-finite output is where a NaN
or inf was made; everything after it only inherits it). If every value is finite the
gradients are checked in backward order, from the loss towards the inputs, since the
backward pass creates them in that order; then the parameter gradients.
"""

from __future__ import annotations

import numpy as np

from graphlab.train.stats_layout import COL


def _bad(row) -> float:
    f = row[COL["nonfinite_fraction"]]
    return 0.0 if np.isnan(f) else float(f)


def _what(row) -> str:
    samples = row[-8:]
    kinds = {"nan" if np.isnan(v) else "inf" for v in samples if not np.isfinite(v)}
    return "/".join(sorted(kinds)) or "non-finite"


def locate_nonfinite(probe, info, param_titles: dict[str, str]) -> tuple[str | None, str]:
    """(node id or None, message) for a probe whose step was not finite."""
    for nid, row in zip(info.node_ids, probe.values, strict=True):
        if _bad(row) > 0:
            return nid, (f"{info.titles[nid]}: its output is non-finite ({_what(row)} in "
                         f"{_bad(row):.0%} of its values); this is the first node where it "
                         "appears. Lower the learning rate, scale the inputs, or keep this "
                         "node's input in range (e.g. clamp before Exp/Log/Div)")
    for nid, row in reversed(list(zip(info.node_ids, probe.grads, strict=True))):
        if _bad(row) > 0:
            return nid, (f"{info.titles[nid]}: the gradient of the loss with respect to its "
                         f"output is non-finite ({_bad(row):.0%} of its values) although every "
                         "value is finite; it starts here in the backward pass. Lower the "
                         "learning rate or avoid ops with infinite slope at these values "
                         "(e.g. Pow with exponent < 1 at 0)")
    for name, row in zip(info.param_names, probe.param_grads, strict=True):
        if _bad(row) > 0:
            return None, (f"{param_titles.get(name, name)}: the gradient of parameter {name} "
                          "is non-finite; lower the learning rate")
    return None, ("the loss is non-finite but every value and gradient of a re-run of the "
                  "batch is finite; lower the learning rate")
