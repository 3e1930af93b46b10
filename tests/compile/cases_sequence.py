"""Parity cases for the ops in graphlab/graph/ops/sequence.py (merged by
tests/compile/parity_tables.py). The attribute values are covered pairwise: SDPA's
causal x mask x scale x rank, MultiHeadAttention's self / key / key+value x heads x
causal x bias x key padding mask, LSTM's and GRU's layers x bidirectional x output; the
masks as int64 (nonzero: True) and as bool through a Cast."""

from __future__ import annotations

from tests.compile.cases import Case, In


def _sdpa(tag, q, k, v, mask=None, domain="mask", **attrs):
    inputs = {"query": In(q), "key": In(k), "value": In(v)}
    if mask is not None:
        inputs["mask"] = In(mask, domain, low=1)  # bool: all True (the int cases vary it)
    return Case("ScaledDotProductAttention", attrs, inputs, tag=tag)


def _mha(tag, mode, heads, causal, bias, padded, n=2, t=3, s=4, e=4, domain="padding"):
    inputs = {"query": In((n, t, e))}
    if mode != "self":
        inputs["key"] = In((n, s, e))
    if mode == "key-value":
        inputs["value"] = In((n, s, e))
    if padded:
        # bool: a Cast of zeros, no key padded (the int cases pad some)
        inputs["key_padding_mask"] = In((n, s if mode != "self" else t), domain, high=1)
    return Case("MultiHeadAttention", {"num_heads": heads, "causal": causal, "bias": bias},
                inputs, tag=tag)


def _rnn(op, layers, bidirectional, output):
    tag = f"l{layers}{'-bi' if bidirectional else ''}-{output}"
    return Case(op, {"hidden_size": 3, "num_layers": layers, "bidirectional": bidirectional,
                     "output": output}, {"x": In((2, 3, 3))}, tag=tag)


RNN_GRID = [(1, False, "sequence"), (1, True, "last"), (2, False, "last"), (2, True, "sequence")]

CASES: list[Case] = [
    _sdpa("", (2, 3, 4), (2, 5, 4), (2, 5, 3)),
    _sdpa("causal-mask-scale", (2, 3, 4), (2, 5, 4), (2, 5, 3), mask=(2, 3, 5), causal=True,
          scale=0.5),
    _sdpa("causal-heads", (2, 2, 3, 4), (2, 2, 3, 4), (2, 2, 3, 2), causal=True),
    _sdpa("mask-broadcast-heads", (2, 2, 3, 4), (2, 2, 4, 4), (2, 2, 4, 3), mask=(3, 4)),
    _sdpa("scale-heads", (1, 2, 3, 2), (1, 2, 4, 2), (1, 2, 4, 2), scale=0.5),
    _sdpa("causal-bool-mask", (2, 3, 4), (2, 4, 4), (2, 4, 2), mask=(2, 3, 4), domain="bool",
          causal=True),
    _mha("self", "self", 2, False, True, False),
    _mha("key-causal-bool-padding", "key", 2, True, True, True, domain="bool"),
    # left padding under causal attention: query 0 has no key left, and gets zeros
    _mha("self-causal-leftpad", "self", 2, True, True, True, domain="leftpad"),
    # hidden up to a random length >= 1 (False then True): causal query 0 sees no key
    _sdpa("causal-hidden-first", (2, 3, 4), (2, 4, 4), (2, 4, 2), mask=(2, 1, 4),
          domain="padding", causal=True),
    _mha("self-causal-nobias-padded", "self", 1, True, False, True),
    _mha("key-causal-padded", "key", 2, True, True, True),
    _mha("key-nobias", "key", 1, False, False, False),
    _mha("key-value-padded", "key-value", 1, False, True, True),
    _mha("key-value-causal-nobias", "key-value", 2, True, False, False),
    *[_rnn(op, *grid) for op in ("LSTM", "GRU") for grid in RNN_GRID],
]
