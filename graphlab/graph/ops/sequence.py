"""Ops: attention and recurrent layers over batch-first sequences [N, T, F].

The canonical weights are PyTorch's (nn.LSTM, nn.GRU, nn.MultiheadAttention's packed
in-projection): LSTM gates stacked i, f, g, o and GRU gates r, z, n in ``weight_ih``
[G*H, F] and ``weight_hh`` [G*H, H], with two bias vectors ``bias_ih`` and ``bias_hh``
(both added; GRU's reset multiplies ``W_hn h + b_hn``). TF writes the same recurrence
over these weights rather than using Keras: keras.layers.LSTM keeps a transposed kernel
and one bias, keras.layers.GRU orders its gates z, r, h.
"""

from __future__ import annotations

import math

from graphlab.graph.ops._rules import fs, need_float, need_rank
from graphlab.graph.ops.spec import (
    KIND_ANY,
    OPTIONAL,
    Attr,
    OpSpec,
    ParamSpec,
    Port,
    ShapeError,
)
from graphlab.graph.tensor_type import BOOL, FLOAT, INT_DTYPES, TensorType

MASK_DTYPES = (BOOL, *INT_DTYPES)  # a mask may come straight from an int64 Input
Y = (Port("y", doc="result"),)


def _need_mask(ctx, port: str, want: tuple[int, ...], what: str):
    """A mask on ``port`` (bool, or integers read as nonzero = True) whose shape
    broadcasts to ``want`` (numpy's rule)."""
    m = ctx.inputs.get(port)
    if m is None:
        return None
    if m.dtype not in MASK_DTYPES:
        raise ShapeError(port, f"expected a bool mask ({what}) or integers (nonzero: True), "
                         f"got {m.dtype}; feed it from an int64 Input or a Cast to bool")
    if m.rank > len(want) or any(a not in (1, b) for a, b in
                                 zip(reversed(m.shape), reversed(want), strict=False)):
        raise ShapeError(port, f"mask shape {fs(m.shape)} does not broadcast to {fs(want)} "
                         f"({what}); give it that shape or sizes of 1")
    return m


# --- ScaledDotProductAttention -------------------------------------------------------

def _sdpa_rule(ctx):
    q = need_float(ctx, "query")
    k, v = need_float(ctx, "key"), need_float(ctx, "value")
    for port, t in (("query", q), ("key", k), ("value", v)):
        if t.rank < 2:
            raise ShapeError(port, f"expected at least rank 2 ([..., T, D]), got shape "
                             f"{fs(t.shape)}; add a Reshape to [N, T, D]")
    if k.shape[:-2] != q.shape[:-2] or v.shape[:-2] != q.shape[:-2]:
        raise ShapeError("key", f"q {fs(q.shape)}, k {fs(k.shape)} and v {fs(v.shape)} must "
                         "share their leading (batch, head) dimensions")
    if k.shape[-1] != q.shape[-1]:
        raise ShapeError("key", f"k's last dim {k.shape[-1]} must equal q's {q.shape[-1]} "
                         "(queries and keys are compared by dot product)")
    if v.shape[-2] != k.shape[-2]:
        raise ShapeError("value", f"v has {v.shape[-2]} steps (dim -2), k has {k.shape[-2]}; "
                         "feed one value per key")
    scores = q.shape[:-1] + (k.shape[-2],)
    _need_mask(ctx, "mask", scores, "True where a query may attend to a key, "
               f"broadcast to [..., Tq, Tk] = {fs(scores)}")
    return {"y": TensorType(q.shape[:-1] + (v.shape[-1],), FLOAT)}


def _sdpa_derive(attrs, inputs, output):
    if attrs["scale"] is None:
        attrs["scale"] = 1.0 / math.sqrt(inputs["query"].shape[-1])
    return attrs


def _sdpa_flops(attrs, inputs, outputs):
    q, tk = inputs["query"], inputs["key"].shape[-2]
    return 2 * q.numel * tk + 2 * outputs["y"].numel * tk + 5 * (q.numel // q.shape[-1]) * tk


SDPA = OpSpec(
    name="ScaledDotProductAttention", category="layer",
    doc="softmax(q k^T * scale + mask) v over the last two dims of q [..., Tq, D], k "
    "[..., Tk, D] and v [..., Tk, Dv]. The optional `mask` (bool, or integers read as "
    "nonzero = True; broadcast to [..., Tq, Tk]) is True where a query may attend to a key "
    "(PyTorch's convention); `causal` also hides key j from query i when j > i. A query "
    "with every key hidden gets zeros and no gradient (PyTorch's rule, written out for TF). "
    "scale empty: 1/sqrt(D).",
    inputs=(Port("query", doc="queries [..., Tq, D]"), Port("key", doc="keys [..., Tk, D]"),
            Port("value", doc="values [..., Tk, Dv]"),
            Port("mask", OPTIONAL, KIND_ANY, "bool, True where attending is allowed")),
    outputs=Y,
    attrs=(
        Attr("causal", "bool", False, "hide later keys from each query (j > i)"),
        Attr("scale", "float", None, "multiplies q k^T (empty: 1/sqrt(D))", min=0,
             optional=True),
    ),
    infer=_sdpa_rule, flops=_sdpa_flops, label_prefix="sdpa", elementwise=False,
    derive=_sdpa_derive,
)


# --- MultiHeadAttention ----------------------------------------------------------------

def _embed(attrs, q: TensorType) -> int:
    return attrs["embed_dim"] if attrs["embed_dim"] is not None else q.shape[-1]


def _mha_rule(ctx):
    q = need_rank(ctx, "query", (3,), "N, T, E", "reshape to [N, T, E] first")
    need_float(ctx, "query")
    e = _embed(ctx.attrs, q)
    if q.shape[-1] != e:
        raise ShapeError("query", f"expected embed_dim {e} (last dim), got {q.shape[-1]} "
                         f"(shape {fs(q.shape)}); set embed_dim to {q.shape[-1]}")
    heads = ctx.attrs["num_heads"]
    if e % heads:
        raise ShapeError("query", f"num_heads {heads} does not divide embed_dim {e}; choose "
                         "a num_heads that divides it")
    k = ctx.inputs.get("key", q)
    v = ctx.inputs.get("value", k)
    for port, t in (("key", k), ("value", v)):
        if port in ctx.inputs:
            need_rank(ctx, port, (3,), "N, S, E", "reshape to [N, S, E] first")
            need_float(ctx, port)
        if t.shape[0] != q.shape[0] or t.shape[-1] != e:
            raise ShapeError(port, f"expected [N, S, {e}] with the query's batch "
                             f"{q.shape[0]}, got {fs(t.shape)}")
    if v.shape[1] != k.shape[1]:
        raise ShapeError("value", f"value has {v.shape[1]} steps, key has {k.shape[1]}; feed "
                         "one value per key")
    m = ctx.inputs.get("key_padding_mask")
    if m is not None:
        if m.shape != (q.shape[0], k.shape[1]):
            raise ShapeError("key_padding_mask", f"expected shape {fs((q.shape[0], k.shape[1]))}"
                             f" ([N, S]: one flag per key), got {fs(m.shape)}")
        _need_mask(ctx, "key_padding_mask", m.shape, "True at padding keys, [N, S]")
    return {"y": TensorType(q.shape, FLOAT)}


def _mha_params(attrs, inputs):
    e = _embed(attrs, inputs["query"])
    ps = [ParamSpec("in_proj_weight", (3 * e, e), "kaiming_uniform", e)]
    if attrs["bias"]:
        ps.append(ParamSpec("in_proj_bias", (3 * e,), "zeros"))
    ps.append(ParamSpec("out_proj_weight", (e, e), "kaiming_uniform", e))
    if attrs["bias"]:
        ps.append(ParamSpec("out_proj_bias", (e,), "zeros"))
    return ps


def _mha_derive(attrs, inputs, output):
    attrs["embed_dim"] = _embed(attrs, inputs["query"])
    return attrs


def _mha_flops(attrs, inputs, outputs):
    q = inputs["query"]
    n, t, e = q.shape
    s = inputs.get("key", q).shape[1]
    proj = 2 * n * (t + 2 * s + t) * e * e
    return proj + 4 * n * t * s * e + 5 * n * attrs["num_heads"] * t * s


MHA = OpSpec(
    name="MultiHeadAttention", category="layer",
    doc="Multi-head attention over batch-first [N, T, E], PyTorch's nn.MultiheadAttention: "
    "q, k, v = the query, key and value times the rows of in_proj_weight [3E, E] (+ "
    "in_proj_bias), num_heads heads of E/num_heads, softmax(q k^T / sqrt(E/heads)) v, then "
    "out_proj. Self-attention with only `query` wired; cross-attention with `key` (and "
    "`value`, else the key). key_padding_mask [N, S] (bool, or integers read as nonzero = "
    "True) is True at padding keys, which no query attends to; `causal` hides key j from "
    "query i when j > i. A query left with no key gets zeros before out_proj. Initial "
    "weights: uniform(+-1/sqrt(E)), biases zero.",
    inputs=(Port("query", doc="[N, T, E]"),
            Port("key", OPTIONAL, doc="[N, S, E] (empty: the query)"),
            Port("value", OPTIONAL, doc="[N, S, E] (empty: the key)"),
            Port("key_padding_mask", OPTIONAL, KIND_ANY, "bool [N, S], True at padding")),
    outputs=Y,
    attrs=(
        Attr("embed_dim", "int", None, "size of the last dimension (empty: inferred)", min=1,
             optional=True),
        Attr("num_heads", "int", 2, "number of heads; must divide embed_dim", min=1),
        Attr("causal", "bool", False, "hide later keys from each query (j > i)"),
        Attr("bias", "bool", True, "learnable biases on the projections"),
    ),
    infer=_mha_rule, params=_mha_params, flops=_mha_flops, label_prefix="mha",
    elementwise=False, derive=_mha_derive,
)


# --- LSTM and GRU -------------------------------------------------------------------------

def _rnn_rule(ctx):
    x = need_rank(ctx, "x", (3,), "N, T, F: batch-first sequences",
                  "reshape to [N, T, F] first (one feature per step: [N, T, 1])")
    need_float(ctx, "x")
    h = ctx.attrs["hidden_size"] * (2 if ctx.attrs["bidirectional"] else 1)
    if ctx.attrs["output"] == "last":
        return {"y": TensorType((x.shape[0], h), FLOAT)}
    return {"y": TensorType((x.shape[0], x.shape[1], h), FLOAT)}


def _rnn_params(gates: int):
    def params(attrs, inputs):
        h, d = attrs["hidden_size"], 2 if attrs["bidirectional"] else 1
        ps = []
        for layer in range(attrs["num_layers"]):
            width = inputs["x"].shape[-1] if layer == 0 else d * h
            for sfx in ("", "_reverse")[:d]:
                ps += [ParamSpec(f"weight_ih_l{layer}{sfx}", (gates * h, width),
                                 "kaiming_uniform", h),
                       ParamSpec(f"weight_hh_l{layer}{sfx}", (gates * h, h), "kaiming_uniform", h),
                       ParamSpec(f"bias_ih_l{layer}{sfx}", (gates * h,), "kaiming_uniform", h),
                       ParamSpec(f"bias_hh_l{layer}{sfx}", (gates * h,), "kaiming_uniform", h)]
        return ps
    return params


def _rnn_flops(gates: int):
    def flops(attrs, inputs, outputs):
        n, t, f = inputs["x"].shape
        h, d = attrs["hidden_size"], 2 if attrs["bidirectional"] else 1
        total = 0
        for layer in range(attrs["num_layers"]):
            width = f if layer == 0 else d * h
            total += d * n * t * (2 * gates * h * (width + h) + 6 * gates * h)
        return total
    return flops


def _rnn_attrs():
    return (
        Attr("hidden_size", "int", 16, "size of the hidden state H", min=1),
        Attr("num_layers", "int", 1, "stacked layers (each reads the one below)", min=1, max=8),
        Attr("bidirectional", "bool", False, "also run backwards in time; features 2H"),
        Attr("output", "choice", "sequence", "sequence: every step [N, T, D*H]; last: the "
             "final hidden state of the top layer [N, D*H] (backward direction: after "
             "reading step 0)", choices=("sequence", "last")),
    )


LSTM = OpSpec(
    name="LSTM", category="layer",
    doc="Long short-term memory over batch-first x [N, T, F], PyTorch's nn.LSTM: gates "
    "i, f, g, o stacked in weight_ih_lK [4H, F] and weight_hh_lK [4H, H], two biases "
    "bias_ih_lK and bias_hh_lK (both added), zero initial state; c = f*c + i*g, h = "
    "o*tanh(c). `_reverse` weights run the backward direction. Initial weights: "
    "uniform(+-1/sqrt(H)).",
    inputs=(Port("x", doc="[N, T, F]"),), outputs=Y, attrs=_rnn_attrs(),
    infer=_rnn_rule, params=_rnn_params(4), flops=_rnn_flops(4), label_prefix="lstm",
    elementwise=False,
)

GRU = OpSpec(
    name="GRU", category="layer",
    doc="Gated recurrent unit over batch-first x [N, T, F], PyTorch's nn.GRU: gates r, z, "
    "n stacked in weight_ih_lK [3H, F] and weight_hh_lK [3H, H], biases bias_ih_lK and "
    "bias_hh_lK; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h = (1 - z) * n + z * h, "
    "zero initial state. Initial weights: uniform(+-1/sqrt(H)).",
    inputs=(Port("x", doc="[N, T, F]"),), outputs=Y, attrs=_rnn_attrs(),
    infer=_rnn_rule, params=_rnn_params(3), flops=_rnn_flops(3), label_prefix="gru",
    elementwise=False,
)

OPS: tuple[OpSpec, ...] = (SDPA, MHA, LSTM, GRU)
