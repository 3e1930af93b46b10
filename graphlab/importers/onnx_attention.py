"""torch's exported multi-head attention as one graphlab MultiHeadAttention node.

``nn.MultiheadAttention`` (and ``F.multi_head_attention_forward``, which graphlab's own
lowering calls) runs sequence-first: the exported graph transposes the batch-first input
to ``[T, N, E]``, projects q, k and v (three MatMul + Add, or one packed [E, 3E] MatMul),
reshapes them to ``[T, N*H, d]`` with sizes read by Shape/Gather/Mul from the running
tensor, attends (MatMul, Softmax, MatMul), projects out (Gemm) and transposes back. The
batch sits inside ``N*H``, which graphlab's shapes cannot say, so the pattern is
recognised whole rather than folded:

1. from each Softmax: the MatMul before it, the MatMul after it, the out projection and
   the exit Transpose ``[1, 0, 2]``; back along q, k and v to their projections and the
   entry Transposes (whose inputs are the op's batch-first query, key and value). Where
   torch's constant folding cancelled an exit or entry Transpose against a neighbouring
   recurrent layer or attention, the sequence-first tensor stands for the batch-first
   one (:class:`~graphlab.importers.onnx_fuse.Views`);
2. the region is every node the exit depends on up to those inputs; nothing outside may
   read inside it (no attention weights returned, no mask input);
3. the weights come from the projections, the head count from the Softmax's shape, and
   the region is *run* (onnx's reference evaluator) on random inputs at two batch sizes
   and compared with graphlab's op (causal or not): only a match is fused. A Softmax
   that does not match stays unfused (batch-first attention imports as its ops); one
   in torch's sequence-first form is refused with the reason, its nodes listed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphlab.importers.builder import clean_name
from graphlab.importers.onnx_convert import Convert, Refuse, describe
from graphlab.importers.onnx_fuse import FusedNode, Index, Views, attr, transposed_reader
from graphlab.importers.shape_math import BATCH

OP_TYPE = "graphlab.MultiHeadAttention"  # no ONNX operator has a dot in its name
MAX_REGION = 400
# what torch's attention is made of; nothing here can grow a tensor beyond its inputs'
# sizes and the [N*H, T, S] scores (a Concat only of shape vectors)
REGION_OPS = {"MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Sqrt", "Cast", "Transpose",
              "Reshape", "Softmax", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat",
              "Slice", "Split", "Identity", "Where", "Neg", "Not", "Equal", "Trilu",
              "Less", "Greater", "And", "Or", "IsInf", "IsNaN", "Exp", "Max", "ReduceMax",
              "ReduceSum", "ReduceMean"}
SIZED = {"ConstantOfShape", "Expand", "Tile"}  # checked: a constant size is not huge
MAX_CHECK = 2**31  # N x T x S x E elements: larger regions are not run at import
# ops a q/k/v branch passes through between its projection and the attention MatMul
BRANCH = {"Mul", "Div", "Transpose", "Reshape", "Add", "Squeeze", "Unsqueeze", "Gather",
          "Slice", "Identity", "Cast", "Split"}


class NoMatch(Exception):
    """Not torch's attention (or not one graphlab's op computes): left unfused."""


@dataclass
class AttentionPlan:
    sources: list = field(default_factory=list)  # query, key, value (batch-first)
    end: str = ""
    embed: int = 0
    heads: int = 0
    causal: bool = False
    bias: bool = True
    params: dict = field(default_factory=dict)
    label: str = ""
    inputs: list = field(default_factory=list)  # what the region reads for each source
    views_read: list = field(default_factory=list)  # [T, N, E] inputs standing for sources
    seq_view: str = ""  # the [T, N, E] output when no exit Transpose follows
    materialize: bool = False  # something else reads seq_view: give it its value
    out_shape: tuple | None = None


def plan_at(m, b, ix: Index, order, soft, views: Views) -> None:
    """Fuse the attention around ``soft`` if it is torch's (else leave it be)."""
    try:
        plan, region = _match(m, ix, soft, views)
    except NoMatch as why:
        if str(why):
            b.refuse(f"{describe(soft)}: looks like torch's multi-head attention but {why}")
        return
    for seq_first in plan.views_read:
        views.cover(seq_first, region)
    if plan.seq_view:
        named = plan.end if plan.end != plan.seq_view else ""
        plan.end = views.add(plan.seq_view, plan, plan.out_shape, named)
        views.cover(plan.seq_view, region)  # its own exit Transpose
    last = max(region, key=lambda n: order[id(n)])
    b.skip.update(id(n) for n in region if n is not last)
    srcs = list(dict.fromkeys(plan.sources))
    m.nodes[order[id(last)]] = FusedNode(soft, plan, OP_TYPE, srcs, [plan.end])


def convert(c: Convert) -> None:
    plan = getattr(c.node, "plan", None)
    if not isinstance(plan, AttentionPlan):
        raise Refuse("this operator is graphlab's own and cannot come from a file")
    q, k, v = plan.sources
    inputs = {"query": q}
    if k != q or v != q:
        inputs["key"] = k
        if v != k:
            inputs["value"] = v
    c.add("MultiHeadAttention", {"embed_dim": plan.embed, "num_heads": plan.heads,
                                 "causal": plan.causal, "bias": plan.bias},
          inputs, plan.params, {"y": plan.end}, label=plan.label or c.label)
    if plan.materialize:
        c.add("Transpose", {"perm": [1, 0, 2]}, {"x": plan.end},
              outputs={"y": plan.seq_view}, label=f"{plan.label or c.label}_seq_first")
    c.b.notes.append(f"attention {c.node.name[:40]!r} became one MultiHeadAttention "
                     f"({plan.heads} heads)")


# ----- matching ---------------------------------------------------------------------------

def _producer(ix: Index, t: str, op_type: str | None = None):
    p = ix.producer.get(t)
    if p is None or (op_type and p.op_type != op_type):
        return None
    return p


def _is_perm(node, perm) -> bool:
    return node is not None and node.op_type == "Transpose" and \
        list(attr(node, "perm", [])) == perm


def _weight(m, node):
    """(W [out, in] in torch's layout, bias or None) of a projection node, else None."""
    if node.op_type == "Gemm":
        if attr(node, "alpha", 1.0) != 1.0 or attr(node, "beta", 1.0) != 1.0 or \
                attr(node, "transA", 0):
            return None
        w = m.constants.get(node.input[1])
        if w is None or w.ndim != 2:
            return None
        bias = m.constants.get(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        return (w if attr(node, "transB", 0) else w.T), bias
    if node.op_type == "MatMul":
        w = m.constants.get(node.input[1])
        if w is None or w.ndim != 2 or node.input[0] in m.constants:
            return None
        return w.T, None
    return None


def _with_bias(m, ix: Index, node, width: int):
    """A MatMul's bias: the Add that is its only reader, with a constant [width]."""
    add = ix.only_reader(node.output[0], "Add")
    if add is None:
        return None
    other = add.input[1] if add.input[0] == node.output[0] else add.input[0]
    b = m.constants.get(other)
    return b.reshape(width) if b is not None and b.size == width else None


def _branch(m, ix: Index, t: str, views: Views):
    """Back from an attention MatMul input to its projection: (projection, the batch-first
    source, the tensor the region reads for it)."""
    for _ in range(12):
        p = ix.producer.get(t)
        if p is None or isinstance(p, FusedNode):
            raise NoMatch("")
        if _weight(m, p) is not None:
            x = p.input[0]
            if x in views.batch_first:  # a recognised layer's [T, N, F] output
                return p, views.batch_first[x], x
            entry = _producer(ix, x)
            if not _is_perm(entry, [1, 0, 2]):
                raise NoMatch("")  # batch-first attention imports as its ops already
            return p, entry.input[0], entry.input[0]
        if p.op_type not in BRANCH:
            raise NoMatch("")
        live = [i for i in p.input if i and i not in m.constants and i not in m.symbolic]
        if not live:
            raise NoMatch("")
        t = live[0] if len(live) == 1 or p.op_type != "Add" else p.input[0]
    raise NoMatch("")


def _match(m, ix: Index, soft, views: Views):
    m1 = _producer(ix, soft.input[0])
    if m1 is not None and m1.op_type == "Add":  # a constant mask (causal) added first
        m1 = next((_producer(ix, i) for i in m1.input if i not in m.constants), None)
    # the MatMul with v (another reader, e.g. the weights returned, is refused below)
    m2s = [r for r, i in ix.reads(soft.output[0])
           if r is not None and r.op_type == "MatMul" and i == 0]
    if m1 is None or m1.op_type != "MatMul" or len(m2s) != 1:
        raise NoMatch("")
    m2 = m2s[0]
    projs, sources, reads = [], [], []
    for t in (m1.input[0], m1.input[1], m2.input[1]):
        p, src, read = _branch(m, ix, t, views)
        projs.append(p)
        sources.append(src)
        reads.append(read)
    out_proj, end, seq_view = _exit(m, ix, m2)
    region = _region(m, ix, end, set(reads), seq_view)
    plan = AttentionPlan(sources=sources, end=end, inputs=reads,
                         views_read=[r for r, s in zip(reads, sources, strict=True) if r != s],
                         seq_view=seq_view)
    _weights(m, ix, plan, projs, out_proj)
    name = out_proj.input[1]  # torch names it attn.out_proj.weight (graphlab: attn.out_proj_weight)
    module = name.rsplit(".", 1)[0].removesuffix(".out_proj") if "." in name else ""
    plan.label = clean_name(module, "") if module else ""
    _verify(m, ix, plan, region, soft, views)
    return plan, region


def _data_reader(ix: Index, t: str):
    """The one node reading ``t`` other than for its shape."""
    rs = [r for r, _ in ix.reads(t) if r is None or r.op_type != "Shape"]
    return rs[0] if len(rs) == 1 else None


def _exit(m, ix: Index, m2):
    """The out projection after the attention, the output tensor, and the sequence-first
    [T, N, E] tensor that another recognised layer reads (torch folded its entry
    Transpose away), if any: then without an exit Transpose the output is that tensor."""
    t, proj = m2.output[0], None
    for _ in range(10):
        n = _data_reader(ix, t)
        if proj is None and n is not None and _weight(m, n) is not None:
            proj = n
        elif proj is not None and (n is None or n.op_type not in ("Reshape", "Add")):
            exit_ = transposed_reader(ix, t)
            if exit_ is None:
                return proj, t, t  # checked by running it: [T, N, E]
            return proj, exit_.output[0], (t if len(ix.reads(t)) > 1 else "")
        elif n is None or n.op_type not in ("Reshape", "Transpose", "Add"):
            raise NoMatch("")
        t = n.output[0]
    raise NoMatch("")


def _bounded(m, p) -> None:
    """Refuse a node that could make a tensor larger than the attention's own when the
    region is run (a hostile file's Expand to a huge constant shape, Concat doubling)."""
    if p.op_type in SIZED:
        sizes = m.constants.get(p.input[1]) if len(p.input) > 1 else None
        if sizes is not None and np.prod(np.abs(sizes.astype(np.float64))) > MAX_CHECK:
            raise NoMatch(f"its {p.op_type} makes {int(np.prod(sizes))} elements")
    elif p.op_type not in REGION_OPS or (p.op_type == "Concat"
                                         and m.dtypes.get(p.output[0]) != 7):
        raise NoMatch(f"it holds a {p.op_type[:40]} node, which torch's attention has not")


def _region(m, ix: Index, end: str, sources: set[str], view: str) -> list:
    """Every node ``end`` depends on back to ``sources``, read by nothing outside (but
    ``view``, which a recognised layer reads)."""
    seen, todo, region = set(), [end], []
    while todo:
        t = todo.pop()
        if not t or t in sources or t in m.constants or t in m.symbolic or t in seen:
            continue
        seen.add(t)
        p = ix.producer.get(t)
        if p is None or isinstance(p, FusedNode):
            raise NoMatch("it reads another input (an attention or padding mask fed to "
                          "the model), which the importer does not take; export the model "
                          "without it")
        if p not in region:
            region.append(p)
            todo.extend(p.input)
        if len(region) > MAX_REGION:
            raise NoMatch("")
    for p in region:
        _bounded(m, p)
    ids = {id(n) for n in region}
    for n in region:
        for o in n.output:
            if o and o not in (end, view) and any(r is None or id(r) not in ids
                                                  for r, _ in ix.reads(o)):
                raise NoMatch("its attention weights or another inside value are read "
                              "outside it (need_weights=True?); graphlab's op gives the "
                              "output only")
    return region


def _weights(m, ix: Index, plan: AttentionPlan, projs, out_proj) -> None:
    wo, bo = _weight(m, out_proj)
    e = wo.shape[0]
    if wo.shape != (e, e):
        raise NoMatch(f"its out projection is {list(wo.shape)}, not [E, E]")
    if out_proj.op_type == "MatMul":
        bo = _with_bias(m, ix, out_proj, e)
    ws, bs = [], []
    packed = {}
    for k, p in enumerate(projs):
        w, b = _weight(m, p)
        if p.op_type == "MatMul":
            b = _with_bias(m, ix, p, w.shape[0])
        if w.shape[0] != e:  # packed: rows of [2E | 3E, E], in branch order
            first = packed.setdefault(id(p), k)
            rows = slice((k - first) * e, (k - first + 1) * e)
            w, b = w[rows], (b[rows] if b is not None else None)
        if w.shape != (e, e):
            raise NoMatch(f"its projections are {list(w.shape)}, not [E, E]")
        ws.append(w)
        bs.append(b)
    plan.embed = e
    plan.bias = any(b is not None for b in bs + [bo])
    zero = np.zeros(e, np.float32)
    plan.params = {"in_proj_weight": np.concatenate(ws, 0),
                   "out_proj_weight": wo}
    if plan.bias:
        plan.params["in_proj_bias"] = np.concatenate([zero if b is None else b for b in bs])
        plan.params["out_proj_bias"] = zero if bo is None else bo


# ----- checking by running it ------------------------------------------------------------

def _verify(m, ix: Index, plan: AttentionPlan, region: list, soft, views: Views) -> None:
    """Run the region and graphlab's op on the same random inputs; find the head count.
    A source standing for a sequence-first tensor is fed to the region transposed."""
    pairs = list(dict.fromkeys(zip(plan.sources, plan.inputs, strict=True)))
    shapes = [views.shape(m, src) for src, _ in pairs]
    if any(s is None or len(s) != 3 or any(d is None for d in s[1:]) for s in shapes):
        raise NoMatch("its inputs are not [N, T, E] with a known T and E")
    plan.out_shape = shapes[0]
    fixed = shapes[0][0]
    batches = [fixed] if isinstance(fixed, int) else [2, 3]
    size = max(batches) * shapes[0][1] * shapes[-1][1] * shapes[0][2]
    if size > MAX_CHECK:
        raise NoMatch(f"it is too large to check at import (batch x T x S x E = {size})")
    rng = np.random.default_rng(0)
    runs = []
    for n in batches:
        feeds = {src: rng.standard_normal((n, *sh[1:])).astype(np.float32)
                 for (src, _), sh in zip(pairs, shapes, strict=True)}
        region_feeds = {read: feeds[src].transpose(1, 0, 2) if src != read else feeds[src]
                        for src, read in pairs}
        try:
            got, weights = _run_region(m, region, list(region_feeds), plan.end,
                                       soft.output[0], region_feeds, n)
        except Exception as err:  # the reference evaluator refuses: not one we know
            raise NoMatch(f"it could not be evaluated ({type(err).__name__})") from None
        if plan.end == plan.seq_view and got.ndim == 3:  # no exit Transpose
            got = got.transpose(1, 0, 2)
        runs.append((feeds, got, weights))
    probs = runs[0][2]
    heads = probs.shape[1] if probs.ndim == 4 else probs.shape[0] // batches[0]
    if heads < 1 or plan.embed % heads:
        raise NoMatch(f"{heads} heads do not divide embed_dim {plan.embed}")
    plan.heads = heads
    for causal in (False, True):
        if all(_close(_reference(plan, [f[s] for s in plan.sources], heads, causal), got)
               for f, got, _ in runs):
            plan.causal = causal
            return
    raise NoMatch("it does not compute what graphlab's MultiHeadAttention computes with "
                  "its weights (a mask or another variant)")


def _run_region(m, region, srcs, end, probs, feeds, batch):
    from onnx import TensorProto, helper, numpy_helper
    from onnx.reference import ReferenceEvaluator

    order = {id(n): i for i, n in enumerate(m.nodes)}
    nodes = sorted(region, key=lambda n: order[id(n)])
    inputs = {i for n in nodes for i in n.input if i}
    inits = [numpy_helper.from_array(np.asarray(m.constants[i]), i)
             for i in sorted(inputs) if i in m.constants]
    for i in sorted(inputs):
        if i in m.symbolic and i not in m.constants:
            value = [batch if d == BATCH else d for d in m.symbolic[i]]
            arr = np.array(value, np.int64).reshape(() if i in m.scalars else (-1,))
            inits.append(numpy_helper.from_array(arr, i))
    graph = helper.make_graph(
        nodes, "attention", [helper.make_tensor_value_info(s, TensorProto.FLOAT, None)
                             for s in srcs],
        [helper.make_tensor_value_info(t, TensorProto.FLOAT, None) for t in (end, probs)],
        inits)
    model = helper.make_model(graph, opset_imports=list(m.proto.opset_import))
    got, weights = ReferenceEvaluator(model).run(None, feeds)
    return np.asarray(got, np.float64), np.asarray(weights)


def _reference(plan: AttentionPlan, xs, heads: int, causal: bool) -> np.ndarray:
    """graphlab's MultiHeadAttention (torch's) in float64 numpy, batch-first."""
    p = {k: v.astype(np.float64) for k, v in plan.params.items()}
    e, d = plan.embed, plan.embed // heads
    bias = p.get("in_proj_bias", np.zeros(3 * e))
    q, k, v = (x.astype(np.float64) @ p["in_proj_weight"][i * e:(i + 1) * e].T
               + bias[i * e:(i + 1) * e] for i, x in enumerate(xs))

    def split(t):
        return t.reshape(t.shape[0], t.shape[1], heads, d).transpose(0, 2, 1, 3)
    s = split(q) @ split(k).transpose(0, 1, 3, 2) / np.sqrt(d)
    if causal:
        s = np.where(np.triu(np.ones(s.shape[-2:], bool), 1), -np.inf, s)
    a = np.exp(s - s.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    o = (a @ split(v)).transpose(0, 2, 1, 3).reshape(q.shape[0], q.shape[1], e)
    return o @ p["out_proj_weight"].T + p.get("out_proj_bias", 0.0)


def _close(want: np.ndarray, got: np.ndarray) -> bool:
    return want.shape == got.shape and bool(
        np.allclose(got, want, rtol=1e-4, atol=1e-5 * max(1.0, float(np.abs(want).max()))))
