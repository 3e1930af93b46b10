"""StepThrough: forward and backward one node at a time, with per-consumer contributions.

Forward runs each node's block in topological order on leaf copies of its inputs.
Backward walks the reverse order: the root (the loss, or the Output of a graph
without loss nodes) gets gradient 1, and every other node's gradient is the sum over
its consumers of the vector-Jacobian product of that consumer's op at the consumer's
upstream gradient. Nothing here is an approximation of autograd; it is autograd cut
at every node so each contribution can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.teach.backends import ops_for
from graphlab.train.teach.blocks import node_blocks
from graphlab.train.teach.cards import ChainRuleCard, chain_rule_card, flat_index

FORWARD = "forward"
BACKWARD = "backward"


@dataclass(frozen=True)
class TeachStep:
    phase: str  # FORWARD | BACKWARD
    node_id: str


@dataclass
class Contribution:
    consumer: str  # node id of the consumer
    grad: np.ndarray  # this consumer's share of dL/d(node), same shape as the node's value
    local: np.ndarray | None  # d out_i / d in_i when the consumer is elementwise here
    upstream: np.ndarray  # dL/d(consumer output)


@dataclass
class GradCheck:
    node_id: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    rel_error: float
    eps: float


class StepThrough:
    """One batch (or one sample of it) of a compiled graph, differentiated node by node.

    ``features`` / ``targets`` are numpy arrays in the plan's order. ``sample`` picks
    one row of the batch. Runs in eval mode (dropout off, BatchNorm on running stats)
    so stepping twice gives the same numbers.
    """

    def __init__(self, compiled, features=(), targets=(), sample: int | None = None) -> None:
        self.compiled = compiled
        self.plan = compiled.plan
        self.ops = ops_for(compiled.backend)
        self.model = compiled.model
        self.ops.set_eval(self.model)
        feats = [np.asarray(a) for a in features]
        targs = [np.asarray(a) for a in targets]
        if sample is not None:
            feats = [a[sample:sample + 1] for a in feats]
            targs = [a[sample:sample + 1] for a in targs]
        self.sample = sample
        self.inputs = dict(zip(self.plan.feature_ids + self.plan.target_ids, feats + targs,
                               strict=False))
        names = {s.id: s.name for s in self.plan.steps}
        self.blocks = node_blocks(compiled.source, names)
        self.order = [s.id for s in self.plan.steps if s.id in self.blocks]
        missing = [i for i in self.plan.feature_ids + self.plan.target_ids
                   if i not in self.inputs]
        if missing:
            titles = ", ".join(self.plan.by_id[i].title for i in missing)
            raise ValueError(f"no data for {titles}; choose a dataset for the graph")
        self.consumers: dict[str, list[str]] = {n: [] for n in self.order}
        for n in self.order:
            for src in self._reads(n):
                self.consumers[src].append(n)
        self.roots = self._roots()
        self.values: dict[str, object] = {}
        self._runs: dict[str, tuple] = {}  # node -> (out, recorder, {src: leaf})
        self.grads: dict[str, object] = {}
        self.contributions: dict[str, list[Contribution]] = {}
        self.steps = ([TeachStep(FORWARD, n) for n in self.order]
                      + [TeachStep(BACKWARD, n) for n in reversed(self.order)
                         if n in self._reaches_root()])
        self.position = 0

    # ----- structure ---------------------------------------------------------------------
    def _reads(self, node_id: str) -> list[str]:
        ids = self.plan.ids_by_name
        return [ids[n] for n in self.blocks[node_id].reads]

    def _roots(self) -> list[str]:
        if self.plan.loss_ids:
            return [n for n in self.plan.loss_ids if n in self.blocks]
        return [self.plan.output_sources[o] for o in self.plan.output_ids
                if self.plan.output_sources[o] in self.blocks]

    def _reaches_root(self) -> set[str]:
        reach = set(self.roots)
        for n in reversed(self.order):
            if n not in self.plan.target_ids and any(c in reach for c in self.consumers[n]):
                reach.add(n)
        return reach

    def title(self, node_id: str) -> str:
        return self.plan.by_id[node_id].label if node_id in self.plan.by_id else node_id

    def op(self, node_id: str) -> str:
        return self.plan.by_id[node_id].op

    # ----- stepping ----------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)

    def step(self) -> TeachStep | None:
        """Do the next step (a node's forward value or its gradient); None at the end."""
        if self.done:
            return None
        s = self.steps[self.position]
        if s.phase == FORWARD:
            self._forward(s.node_id)
        else:
            self._backward(s.node_id)
        self.position += 1
        return s

    def run_all(self) -> StepThrough:
        while self.step() is not None:
            pass
        return self

    def run_forward(self) -> StepThrough:
        while not self.done and self.steps[self.position].phase == FORWARD:
            self.step()
        return self

    def _forward(self, node_id: str) -> None:
        block = self.blocks[node_id]
        ns = self._namespace()
        if block.code is None:  # an Input: the data itself
            out = self.ops.tensor(self.inputs[node_id])
            self.values[node_id] = out
            self._runs[node_id] = (out, None, {})
            return
        leaves = {}
        for src in self._reads(node_id):
            leaf = self.ops.leaf(self.values[src])
            leaves[src] = leaf
            ns[self.blocks[src].name] = leaf
        ns["__leaves__"] = list(leaves.values())
        out, recorder = self.ops.run(block, ns)
        self.values[node_id] = out
        self._runs[node_id] = (out, recorder, leaves)

    def _namespace(self, model=None) -> dict:
        ns = dict(vars(self.compiled.namespace))
        ns["self"] = self.model if model is None else model
        ns["training"] = False
        return ns

    def _backward(self, node_id: str) -> None:
        out = self.values[node_id]
        if not self.ops.is_float(out) or node_id in self.plan.target_ids:
            return  # labels and integer indices get no gradient
        parts: list[Contribution] = []
        for c in self.consumers[node_id]:
            if c not in self.grads:
                continue
            c_out, recorder, leaves = self._runs[c]
            upstream = self.grads[c]
            leaf = leaves[node_id]
            if not self.ops.is_float(leaf):
                continue
            (g,) = self.ops.vjp(c_out, recorder, [leaf], upstream)
            local = None
            if self._elementwise(c, node_id):
                (lg,) = self.ops.vjp(c_out, recorder, [leaf], self.ops.ones_like(c_out))
                local = self.ops.numpy(lg)
            parts.append(Contribution(c, self.ops.numpy(g), local, self.ops.numpy(upstream)))
        grads = [self.ops.tensor(p.grad) for p in parts]
        if node_id in self.roots:
            grads.append(self.ops.ones_like(out))
        if not grads:
            return
        self.grads[node_id] = self.ops.sum(grads)
        self.contributions[node_id] = parts

    def _elementwise(self, consumer: str, node_id: str) -> bool:
        # OpSpec.elementwise: output element i depends only on element i of each input
        return (self.plan.by_id[consumer].spec.elementwise
                and tuple(np.shape(self.ops.numpy(self.values[consumer])))
                == tuple(np.shape(self.ops.numpy(self.values[node_id]))))

    # ----- reading -----------------------------------------------------------------------
    def value(self, node_id: str) -> np.ndarray | None:
        v = self.values.get(node_id)
        return None if v is None else self.ops.numpy(v)

    def grad(self, node_id: str) -> np.ndarray | None:
        g = self.grads.get(node_id)
        return None if g is None else self.ops.numpy(g)

    def loss(self) -> float:
        return float(sum(np.sum(self.value(r)) for r in self.roots))

    def card(self, node_id: str, index=None) -> ChainRuleCard:
        """The chain-rule card for one element (flat index or tuple; default the first)."""
        value = self.value(node_id)
        grad = self.grad(node_id)
        if value is None or grad is None:
            raise ValueError(f'"{self.title(node_id)}" has no gradient yet; step further')
        return chain_rule_card(node_id, self.title, value, grad,
                               self.contributions.get(node_id, []), node_id in self.roots,
                               index)

    # ----- gradient check ----------------------------------------------------------------
    def grad_check(self, node_id: str, index=None, eps: float | None = None) -> GradCheck:
        """Central finite difference of L with respect to one element of a node's value.

        Torch recomputes in float64 (a double copy of the model); TF in float32 with a
        larger step, so its relative errors are larger.
        """
        grad = self.grad(node_id)
        if grad is None:
            raise ValueError(f'"{self.title(node_id)}" has no gradient to check')
        value = self.values[node_id]
        flat = flat_index(tuple(np.shape(grad)), index)
        if eps is None:
            eps = 1e-6 if self.ops.name == "torch" else 1e-2
        model64 = self.ops.float64_model(self.model)
        base = self._plain_forward(model64)
        x = self.ops.to_float64(base[node_id]) if node_id in base else self.ops.to_float64(value)
        plus = self._root_from(model64, base, node_id, self.ops.with_element(x, flat, eps))
        minus = self._root_from(model64, base, node_id, self.ops.with_element(x, flat, -eps))
        numeric = (plus - minus) / (2 * eps)
        analytic = float(grad.reshape(-1)[flat])
        denom = max(abs(analytic), abs(numeric), 1e-12)
        idx = tuple(int(i) for i in np.unravel_index(flat, grad.shape)) if grad.shape else ()
        return GradCheck(node_id, idx, analytic, numeric, abs(analytic - numeric) / denom, eps)

    def _plain_forward(self, model) -> dict:
        vals: dict[str, object] = {}
        ns = self._namespace(model)
        for n in self.order:
            b = self.blocks[n]
            if b.code is None:
                vals[n] = self.ops.to_float64(self.ops.tensor(self.inputs[n]))
                ns[b.name] = vals[n]
            else:
                vals[n] = self.ops.run_plain(b, ns)
                if self.ops.name == "torch" and self.ops.is_float(vals[n]):
                    vals[n] = vals[n].detach()
                    ns[b.name] = vals[n]
        return vals

    def _root_from(self, model, base: dict, node_id: str, replaced) -> float:
        ns = self._namespace(model)
        for n in self.order:
            ns[self.blocks[n].name] = base[n]
        ns[self.blocks[node_id].name] = replaced
        start = self.order.index(node_id) + 1
        changed = {node_id}
        for n in self.order[start:]:
            if changed & set(self._reads(n)):
                ns[self.blocks[n].name] = self.ops.run_plain(self.blocks[n], ns)
                changed.add(n)
        return float(sum(np.sum(self.ops.numpy(ns[self.blocks[r].name]).astype(np.float64))
                         for r in self.roots))

