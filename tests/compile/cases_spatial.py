"""Parity cases for convolution, pooling, resampling and normalisation (merged by
tests/compile/parity_tables.py).

Each op lists the values of each attribute worth telling apart; :func:`pairwise` picks
a small set of cases in which every value of every attribute, and every pair of values
of two attributes, occurs at least once among the combinations the shape rule accepts
(greedy, deterministic).
"""

from __future__ import annotations

import itertools

from graphlab.graph.ops import REGISTRY
from graphlab.graph.ops.spec import InferContext, ShapeError
from graphlab.graph.tensor_type import TensorType
from tests.compile.cases import Case, In


def _accepted(op: str, attrs: dict, shape) -> bool:
    spec = REGISTRY[op]
    try:
        spec.infer(InferContext({**spec.defaults(), **attrs}, {"x": TensorType(shape)}, 1))
    except ShapeError:
        return False
    return True


def _tag(attrs: dict) -> str:
    def short(v):
        return "x".join(str(i) for i in v) if isinstance(v, list) else str(v)
    return "-".join(f"{k[:4]}{short(v)}" for k, v in attrs.items())


def pairwise(op: str, shape, factors: dict, fixed: dict | None = None) -> list[Case]:
    names = list(factors)
    combos = [dict(zip(names, values, strict=True))
              for values in itertools.product(*factors.values())]
    combos = [c for c in combos if _accepted(op, {**(fixed or {}), **c}, shape)]

    def pairs(c):
        items = [(n, repr(c[n])) for n in names]
        return set(itertools.combinations(items, 2)) | {(i,) for i in items}

    wanted = set().union(*(pairs(c) for c in combos))
    chosen = []
    while wanted:
        best = max(combos, key=lambda c: len(pairs(c) & wanted))
        chosen.append(best)
        wanted -= pairs(best)
    return [Case(op, {**(fixed or {}), **c}, {"x": In(tuple(shape))}, tag=_tag(c))
            for c in chosen]


CASES: list[Case] = [
    *pairwise("Conv2d", (2, 4, 7, 6), {
        "kernel_size": [3, [2, 3]],
        "stride": [1, 2, [2, 1]],
        "padding": [0, 1, "same", "valid", [1, 0], [0, 1, 2, 1]],
        "dilation": [1, 2, [2, 1]],
        "groups": [1, 2, 4],
        "out_channels": [4, 8],
        "bias": [True, False],
    }),
    *pairwise("Conv1d", (2, 4, 9), {
        "kernel_size": [1, 3],
        "stride": [1, 2],
        "padding": [0, 2, "same", "valid", [0, 2]],
        "dilation": [1, 2],
        "groups": [1, 2, 4],
        "out_channels": [4, 8],
        "bias": [True, False],
    }),
    *pairwise("ConvTranspose2d", (2, 4, 4, 3), {
        "kernel_size": [3, [2, 3]],
        "stride": [1, 2, [2, 1]],
        "padding": [0, 1, [1, 0]],
        "output_padding": [0, 1],
        "dilation": [1, 2],
        "groups": [1, 2],
        "bias": [True, False],
    }, {"out_channels": 4}),
    *pairwise("MaxPool2d", (2, 3, 7, 6), {
        "kernel_size": [2, 3, [2, 3]],
        "stride": [None, 1, [2, 1]],
        "padding": [0, 1, "same", "valid", [0, 1, 1, 0]],
        "ceil_mode": [False, True],
        "dilation": [1, 2],
    }),
    *pairwise("AvgPool2d", (2, 3, 7, 6), {
        "kernel_size": [2, 3, [2, 3]],
        "stride": [None, 1, [2, 1]],
        "padding": [0, 1, "same", "valid", [0, 1, 1, 0]],
        "ceil_mode": [False, True],
        "count_include_pad": [True, False],
    }),
    *pairwise("MaxPool1d", (2, 3, 9), {
        "kernel_size": [2, 3],
        "stride": [None, 1, 2],
        "padding": [0, 1, "same", [0, 1]],
        "ceil_mode": [False, True],
        "dilation": [1, 2],
    }),
    *pairwise("AvgPool1d", (2, 3, 9), {
        "kernel_size": [2, 3],
        "stride": [None, 1, 2],
        "padding": [0, 1, "same", [0, 1]],
        "ceil_mode": [False, True],
        "count_include_pad": [True, False],
    }),
    *pairwise("Upsample", (2, 2, 3, 4), {
        "mode": ["nearest", "bilinear"],
        "scale_factor": [2, [1, 3], None],
        "size": [None, [5, 7], [2, 3]],
        "align_corners": [False, True],
    }),
    *pairwise("GroupNorm", (3, 6, 2, 3), {
        "num_groups": [1, 3, 6],
        "affine": [True, False],
        "eps": [1e-5, 1e-2],
    }),
    Case("GroupNorm", {"num_groups": 2}, {"x": In((4, 8))}, tag="rank2"),
    Case("GroupNorm", {"num_groups": 2}, {"x": In((2, 4, 5))}, tag="rank3"),
    # BatchNorm after a Conv1d: statistics per channel over the batch and the length
    Case("BatchNorm", {"momentum": 0.3}, {"x": In((4, 3, 5))}, training=True, tag="rank3"),
    Case("BatchNorm", {}, {"x": In((4, 3, 5))}, tag="rank3-eval"),
    Case("LayerNorm", {"last_dims": 2}, {"x": In((2, 3, 4))}, tag="last2"),
    Case("LayerNorm", {"last_dims": 3, "affine": False}, {"x": In((2, 3, 2, 2))},
         tag="last3-noaffine"),
    Case("LayerNorm", {"last_dims": 1, "eps": 1e-3}, {"x": In((2, 3, 4))}, tag="last1-rank3"),
]
