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


def _consumer_with_finite_grad(nid, grads, info, graph):
    """The node reading ``nid`` whose own output gradient is finite: its backward made it."""
    if graph is None:
        return None
    for e in graph.out_edges(nid):
        row = grads.get(e.dst)
        if e.dst in info.titles and row is not None and _bad(row) == 0 and not np.isnan(
                row[COL["count"]]):
            return e.dst
    for e in graph.out_edges(nid):  # a loss node has no gradient row of its own
        if e.dst in info.titles and graph.node(e.dst).spec.category == "loss":
            return e.dst
    return None


def locate_nonfinite(probe, info, param_titles: dict[str, str],
                     graph=None) -> tuple[str | None, str]:
    """(node id or None, message) for a probe whose step was not finite."""
    for nid, row in zip(info.node_ids, probe.values, strict=True):
        if _bad(row) > 0 and graph is not None and nid in graph and \
                graph.node(nid).spec.is_input:
            total = int(row[COL["count"]])
            return nid, (f"{info.titles[nid]}: the data fed to it holds "
                         f"{max(1, round(_bad(row) * total))} NaN or inf value(s) (of {total} "
                         "in this batch); the dataset needs cleaning (remove or fill those "
                         "samples), training cannot fix it")
        if _bad(row) > 0:
            return nid, (f"{info.titles[nid]}: its output is non-finite ({_what(row)} in "
                         f"{_bad(row):.0%} of its values); this is the first node where it "
                         "appears. Lower the learning rate, scale the inputs, or keep this "
                         "node's input in range (e.g. clamp before Exp/Log/Div)")
    grads = dict(zip(info.node_ids, probe.grads, strict=True))
    for nid in reversed(info.node_ids):
        row = grads[nid]
        if _bad(row) > 0:
            culprit = _consumer_with_finite_grad(nid, grads, info, graph)
            if culprit is not None:
                return culprit, (f"{info.titles[culprit]}: its backward pass makes the "
                                 f"gradient for its input from {info.titles[nid]} non-finite "
                                 f"({_bad(row):.0%} of its values) although every value is "
                                 "finite. This op has an infinite slope at these inputs (e.g. "
                                 "Pow with exponent < 1, Log or Div at 0, a saturated BCE); "
                                 "keep its inputs away from there or lower the learning rate")
            return nid, (f"{info.titles[nid]}: the gradient of the loss with respect to its "
                         f"output is non-finite ({_bad(row):.0%} of its values) although every "
                         "value is finite; it starts here in the backward pass. Lower the "
                         "learning rate")
    for name, row in zip(info.param_names, probe.param_grads, strict=True):
        if _bad(row) > 0:
            return None, (f"{param_titles.get(name, name)}: the gradient of parameter {name} "
                          "is non-finite; lower the learning rate")
    return None, ("the loss is non-finite but every value and gradient of a re-run of the "
                  "batch is finite; lower the learning rate")
