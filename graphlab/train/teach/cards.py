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
    formula: str = ""  # the consumer op's local derivative (OpSpec.formula)


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
            if t.formula:
                out.append(f"    local derivative of {t.consumer_title}: {t.formula}")
        if len(self.terms) > 1:
            out.append("sum of contributions = " + " + ".join(
                f"{t.product:.6g}" for t in self.terms) + f" = {self.total:.6g}")
        out.append(f"dL/d{self.title}{at} = {self.grad:.6g}")
        return out


def chain_rule_card(node_id: str, title, value: np.ndarray, grad: np.ndarray,
                    parts: list, is_root: bool, index=None,
                    formula=lambda node_id: "") -> ChainRuleCard:
    """The card for one element (flat index or tuple; default the first): each
    consumer's upstream × local (elementwise) or its vector-Jacobian product, and their
    sum. ``parts`` are the node's Contributions; ``title`` maps a node id to its label,
    ``formula`` to its op's local derivative."""
    flat = flat_index(value.shape, index)
    idx = tuple(int(i) for i in np.unravel_index(flat, value.shape)) if value.shape else ()
    terms = []
    for p in parts:
        prod = float(p.grad.reshape(-1)[flat])
        norm = float(np.linalg.norm(p.upstream))
        if p.local is not None:
            terms.append(CardTerm(p.consumer, title(p.consumer),
                                  float(p.upstream.reshape(-1)[flat]),
                                  float(p.local.reshape(-1)[flat]), prod, norm, True,
                                  formula(p.consumer)))
        else:
            terms.append(CardTerm(p.consumer, title(p.consumer), None, None, prod, norm, False,
                                  formula(p.consumer)))
    total = sum(t.product for t in terms) + (1.0 if is_root else 0.0)
    return ChainRuleCard(node_id, title(node_id), idx, float(value.reshape(-1)[flat]),
                         float(grad.reshape(-1)[flat]), total, terms, is_root and not terms)


def flat_index(shape, index) -> int:
    if index is None:
        return 0
    if isinstance(index, (int, np.integer)):
        return int(index)
    return int(np.ravel_multi_index(tuple(index), shape)) if shape else 0


SHOWN_TERMS = 6  # terms of a weight's sum written out; the rest are counted


@dataclass
class ParamSum:
    """One element of a weight's gradient as the sum it is: over the elements m of the
    node's output, dL/dy[m] (what came back) times dy[m]/dW[k] (for Linear and Conv2d
    the input that W[k] multiplied there). Terms are in the output's order."""

    node_id: str
    key: str  # the weight key ("fc1.weight")
    index: tuple[int, ...]
    grad: float  # dL/dW[index] as autograd gives it
    terms: list[tuple[tuple[int, ...], float, float]]  # (m, dL/dy[m], dy[m]/dW[k]), nonzero
    total: float  # the sum of all the terms' products

    @classmethod
    def of(cls, node_id, key, grad: np.ndarray, flat: int, upstream: np.ndarray,
           column: np.ndarray) -> ParamSum:
        idx = tuple(int(i) for i in np.unravel_index(flat, grad.shape)) if grad.shape else ()
        up, col = np.asarray(upstream).reshape(-1), np.asarray(column).reshape(-1)
        ms = np.flatnonzero(col)
        shape = np.shape(upstream)
        terms = [(tuple(int(i) for i in np.unravel_index(m, shape)) if shape else (),
                  float(up[m]), float(col[m])) for m in ms]
        total = float(np.sum(up[ms].astype(np.float64) * col[ms].astype(np.float64)))
        return cls(node_id, key, idx, float(grad.reshape(-1)[flat]), terms, total)

    def lines(self, title: str) -> list[str]:
        at = "[" + ", ".join(str(i) for i in self.index) + "]" if self.index else ""
        out = [f"dL/d{self.key}{at} = Σ_m dL/d{title}[m] · ∂{title}[m]/∂{self.key}{at}"
               f"  ({len(self.terms)} nonzero term{'s' if len(self.terms) != 1 else ''})"]
        shown = self.terms[:SHOWN_TERMS]
        if shown:
            parts = " + ".join(f"{u:.4g}·{f:.4g}" for _, u, f in shown)
            more = len(self.terms) - len(shown)
            rest = f" + … ({more} more)" if more else ""
            out.append(f"  = {parts}{rest}")
            out.append("    m = " + ", ".join(
                "[" + ", ".join(str(i) for i in m) + "]" for m, _, _ in shown)
                + (", …" if more else ""))
        out.append(f"  = {self.total:.6g}   (autograd: {self.grad:.6g})")
        return out
