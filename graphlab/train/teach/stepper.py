"""StepThrough: forward and backward one node at a time, with per-consumer contributions.

Forward runs each node's block in topological order on leaf copies of its inputs.
Backward walks the reverse order: the root (the loss, or the Output of a graph
without loss nodes) gets gradient 1, and every other node's gradient is the sum over
its consumers of the vector-Jacobian product of that consumer's op at the consumer's
upstream gradient. Nothing here is an approximation of autograd; it is autograd cut
at every node so each contribution can be shown. A node that owns weights also gets
dL/dW and dL/db (the same vector-Jacobian product, taken with respect to its
parameters), and when an optimizer is given the last step is its update
(:mod:`~graphlab.train.teach.update`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphlab.train.teach.backends import ops_for
from graphlab.train.teach.blocks import node_blocks
from graphlab.train.teach.cards import ChainRuleCard, ParamSum, chain_rule_card, flat_index
from graphlab.train.teach.update import OptimizerSetting, OptimizerUpdate, optimizer_update

FORWARD = "forward"
BACKWARD = "backward"
UPDATE = "update"  # the optimizer step; its node_id is ""


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
    precision: str = "float64"  # what the finite difference was computed in
    tolerance: float = 1e-4  # the relative error below which the two agree

    @property
    def agrees(self) -> bool:
        return self.rel_error < self.tolerance

    def lines(self) -> list[str]:
        """The verdict and why the two numbers are not identical, for the card."""
        verdict = "agrees" if self.agrees else "differs"
        out = [f"gradient check {verdict}: backpropagation {self.analytic:.6g}, finite "
               f"difference {self.numeric:.6g} (relative error {self.rel_error:.1e}, "
               f"{verdict} {'within' if self.agrees else 'beyond'} {self.tolerance:g})",
               f"the finite difference is (L(x + h) − L(x − h)) / 2h with step h = "
               f"{self.eps:g}, recomputed in {self.precision}."]
        if self.precision == "float64":
            out.append("Backpropagation ran in float32 (about 7 significant digits), so "
                       "the two agree to about that many digits, not exactly.")
        else:
            out.append("TensorFlow's variables stay float32 (about 7 digits): a small h "
                       "would be lost in rounding (error about 1e-7·|L|/h), a large one "
                       "bends with the curve (error about h²), so h is 0.01 and a few "
                       "digits of agreement are all one can expect.")
        return out


class StepThrough:
    """One batch (or one sample of it) of a compiled graph, differentiated node by node.

    ``features`` / ``targets`` are numpy arrays in the plan's order. ``sample`` picks
    one row of the batch. Runs in eval mode (dropout off, BatchNorm on running stats)
    so stepping twice gives the same numbers.
    """

    def __init__(self, compiled, features=(), targets=(), sample: int | None = None,
                 optimizer: OptimizerSetting | None = None) -> None:
        self.compiled = compiled
        self.plan = compiled.plan
        several = [s.title for s in self.plan.steps if len(s.spec.outputs) > 1]
        if several:  # its value is a tuple: no single tensor to show or differentiate
            raise ValueError(f"it does not yet follow an op with several outputs ({several[0]}); "
                             "train the graph, or step through one without that op")
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
        reach = self._reaches_root()
        self.steps = ([TeachStep(FORWARD, n) for n in self.order]
                      + [TeachStep(BACKWARD, n) for n in reversed(self.order) if n in reach])
        # the trainable weights each node owns, by weight key ("fc1.weight")
        self.param_keys = {s.id: [s.weight_key(p.name) for p in s.params if p.trainable]
                           for s in self.plan.steps if s.id in reach and s.params}
        self.param_keys = {n: ks for n, ks in self.param_keys.items() if ks}
        self.param_grads: dict[str, dict[str, np.ndarray]] = {}
        self.optimizer = optimizer
        self.update: OptimizerUpdate | None = None
        if optimizer is not None and self.param_keys:
            self.steps.append(TeachStep(UPDATE, ""))
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

    def where(self, node_id: str) -> str:
        """The block instance a node runs inside, ``block1 (ResBlock)``; "" at the top."""
        step = self.plan.by_id.get(node_id)
        return (step.where or "") if step is not None else ""

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
        elif s.phase == BACKWARD:
            self._backward(s.node_id)
        else:
            self._update()
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
        if node_id in self.param_keys:
            self._param_grads(node_id)

    # ----- weights -----------------------------------------------------------------------
    def _params(self, node_id: str) -> list:
        named = self.ops.named_params(self.model)
        return [named[k] for k in self.param_keys[node_id]]

    def _layout(self, key: str):
        """The axes from PyTorch's layout to the backend's (TF stores some transposed)."""
        return getattr(self.compiled.namespace, "TF_LAYOUT", {}).get(key)

    def _param_grads(self, node_id: str) -> None:
        out, recorder, _ = self._runs[node_id]
        grads = self.ops.vjp(out, recorder, self._params(node_id), self.grads[node_id])
        shown = {}
        for key, g in zip(self.param_keys[node_id], grads, strict=True):
            a = self.ops.numpy(g)
            perm = self._layout(key)
            shown[key] = np.transpose(a, np.argsort(perm)) if perm is not None else a
        self.param_grads[node_id] = shown

    def param_sum(self, node_id: str, key: str, index=None) -> ParamSum:
        """One element of dL/dW written as its sum: every element m of the node's output
        gradient times d(output[m])/dW[index], the input it met there."""
        grads = self.param_grads.get(node_id, {})
        if key not in grads:
            raise ValueError(f'"{self.title(node_id)}" has no gradient for {key} yet; '
                             "step further")
        g = grads[key]
        flat = flat_index(g.shape, index)
        out, recorder, _ = self._runs[node_id]
        param = self.ops.named_params(self.model)[key]
        col = self.ops.weight_column(out, recorder, param, self.grads[node_id], flat,
                                     self._layout(key))
        return ParamSum.of(node_id, key, g, flat, self.ops.numpy(self.grads[node_id]), col)

    def _update(self) -> None:
        o = self.optimizer
        grads = {k: g for per in self.param_grads.values() for k, g in per.items()}
        self.update = optimizer_update(o.name, o.lr, o.hp, self.model.get_weights(), grads,
                                       o.state, o.steps, o.source)

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
                               index, lambda n: self.plan.by_id[n].spec.formula)

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
        double = self.ops.name == "torch"
        if eps is None:
            eps = 1e-6 if double else 1e-2
        model64 = self.ops.float64_model(self.model)
        base = self._plain_forward(model64)
        x = self.ops.to_float64(base[node_id]) if node_id in base else self.ops.to_float64(value)
        plus = self._root_from(model64, base, node_id, self.ops.with_element(x, flat, eps))
        minus = self._root_from(model64, base, node_id, self.ops.with_element(x, flat, -eps))
        numeric = (plus - minus) / (2 * eps)
        analytic = float(grad.reshape(-1)[flat])
        denom = max(abs(analytic), abs(numeric), 1e-12)
        idx = tuple(int(i) for i in np.unravel_index(flat, grad.shape)) if grad.shape else ()
        return GradCheck(node_id, idx, analytic, numeric, abs(analytic - numeric) / denom, eps,
                         "float64" if double else "float32", 1e-4 if double else 1e-2)

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

