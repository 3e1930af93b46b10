"""The chain-rule card: one element of a node's gradient, written out as the sum of what
each consumer sent back (upstream x local derivative where the op is elementwise).

Shared by the worker's :class:`~graphlab.train.teach.stepper.StepThrough` and the
editor's :class:`~graphlab.train.teach.record.Replay`, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class CardTerm:
    consumer: str
    consumer_title: str
    upstream: float | None  # dL/d out[i] (elementwise) — None when the op mixes elements
    local: float | None  # d out[i] / d in[i] (elementwise)
    product: float  # this consumer's contribution to dL/d in[i]
    upstream_norm: float
    elementwise: bool


@dataclass
class ChainRuleCard:
    node_id: str
    title: str
    index: tuple[int, ...]
    value: float
    grad: float  # the gradient the stepper shows for this element
    total: float  # sum of the terms' products (1 for the root)
    terms: list[CardTerm] = field(default_factory=list)
    is_root: bool = False

    def lines(self) -> list[str]:
        """The card as text: what a learner reads."""
        at = "[" + ", ".join(str(i) for i in self.index) + "]" if self.index else ""
        out = [f"{self.title}{at} = {self.value:.6g}"]
        if self.is_root:
            out.append(f"dL/d{self.title} = 1 (this is L)")
            return out
        for t in self.terms:
            if t.elementwise:
                out.append(f"via {t.consumer_title}: upstream {t.upstream:.6g} × local "
                           f"{t.local:.6g} = {t.product:.6g}")
            else:
                out.append(f"via {t.consumer_title}: vector-Jacobian product of upstream "
                           f"(norm {t.upstream_norm:.3g}) = {t.product:.6g}")
        if len(self.terms) > 1:
            out.append("sum of contributions = " + " + ".join(
                f"{t.product:.6g}" for t in self.terms) + f" = {self.total:.6g}")
        out.append(f"dL/d{self.title}{at} = {self.grad:.6g}")
        return out


def chain_rule_card(node_id: str, title, value: np.ndarray, grad: np.ndarray,
                    parts: list, is_root: bool, index=None) -> ChainRuleCard:
    """The card for one element (flat index or tuple; default the first): each
    consumer's upstream × local (elementwise) or its vector-Jacobian product, and their
    sum. ``parts`` are the node's Contributions; ``title`` maps a node id to its label."""
    flat = flat_index(value.shape, index)
    idx = tuple(int(i) for i in np.unravel_index(flat, value.shape)) if value.shape else ()
    terms = []
    for p in parts:
        prod = float(p.grad.reshape(-1)[flat])
        norm = float(np.linalg.norm(p.upstream))
        if p.local is not None:
            terms.append(CardTerm(p.consumer, title(p.consumer),
                                  float(p.upstream.reshape(-1)[flat]),
                                  float(p.local.reshape(-1)[flat]), prod, norm, True))
        else:
            terms.append(CardTerm(p.consumer, title(p.consumer), None, None, prod, norm, False))
    total = sum(t.product for t in terms) + (1.0 if is_root else 0.0)
    return ChainRuleCard(node_id, title(node_id), idx, float(value.reshape(-1)[flat]),
                         float(grad.reshape(-1)[flat]), total, terms, is_root and not terms)


def flat_index(shape, index) -> int:
    if index is None:
        return 0
    if isinstance(index, (int, np.integer)):
        return int(index)
    return int(np.ravel_multi_index(tuple(index), shape)) if shape else 0
