"""What the step-through's card says about weights: a layer's dL/dW and dL/db, one
element's sum written out, and the optimizer's update of one element.

Text only (the panel lays it out); numbers come from the recorded step-through
(:class:`~graphlab.train.teach.record.Replay`), a sum the record lacks from the worker.
"""

from __future__ import annotations

import numpy as np

from graphlab.ui.i18n import translate
from graphlab.ui.i18n.messages import translate_message
from graphlab.ui.live import encode


def _at(shape, flat: int) -> str:
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]" \
        if shape else ""


def weight_lines(title: str, grads: dict, key: str | None, flat: int, param_sum,
                 pending: bool, error: str = "") -> list[str]:
    """A layer's weight gradients, and ``key``'s element ``flat`` as its sum."""
    out = ["", translate(
        "StepPanel", "weights of {title} (what the optimizer step will use):").format(
        title=title)]
    for k, g in grads.items():
        big = int(np.argmax(np.abs(g))) if np.size(g) else 0
        out.append("  " + translate(
            "StepPanel", "dL/d{key}: shape {shape}, norm {norm}, largest |element| {big} at "
            "{at}").format(
            key=k, shape=list(np.shape(g)), norm=encode.num(float(np.linalg.norm(g))),
            big=encode.num(float(np.ravel(g)[big])), at=_at(np.shape(g), big)))
    if key is None or key not in grads:
        return out
    g = grads[key]
    out.append("")
    if error:
        out.append(f"  {error}")
    elif param_sum is not None:
        out += ["  " + translate_message(s) for s in param_sum.lines(title)]
    elif pending:
        out.append("  " + translate("StepPanel", "writing out dL/d{key} as its sum…").format(
            key=f"{key}{_at(np.shape(g), flat)}"))
    else:
        out.append(f"  dL/d{key}{_at(np.shape(g), flat)} = {float(np.ravel(g)[flat]):.6g}")
    return out


def update_lines(update, key: str | None, flat: int) -> list[str]:
    """The optimizer step: what it does to every weight, then one element in numbers."""
    if update is None:
        return [translate("StepPanel",
                          "(the optimizer step needs the gradients of the weights)")]
    n = sum(int(np.size(p.w)) for p in update.params.values())
    total = float(np.sqrt(sum(float(np.sum((p.new_w.astype(np.float64) - p.w) ** 2))
                              for p in update.params.values())))
    out = [translate(
        "StepPanel", "optimizer step: {name} updates {n} weights in {tensors} tensors (size of "
        "the whole change {total})").format(
        name=update.name.upper(), n=n, tensors=len(update.params), total=encode.num(total)), ""]
    if key in update.params:
        out += [translate_message(s) for s in update.lines(key, flat)]
    return out
