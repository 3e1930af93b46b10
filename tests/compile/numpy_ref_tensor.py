"""Float64 numpy references for the ops in graphlab/graph/ops/tensor_ops.py and the math
ops that came with them (merged by tests/compile/parity_tables.py); same signature as
tests/compile/numpy_ref.REFS. Integer and bool inputs arrive as the int64 the case's
Input feeds (its Cast is part of the graph), so the references cast them here."""

from __future__ import annotations

import numpy as np

NP_DTYPES = {"float32": np.float64, "int64": np.int64, "int32": np.int32, "bool": np.bool_}


def _flatten(a, x, p, t):
    v = x["x"]
    s, e = a["start_dim"], a["end_dim"]
    return v.reshape(v.shape[:s] + (-1,) + v.shape[e + 1:])


def _reshape(a, x, p, t):
    v = x["x"]
    if a["keep_batch"]:
        return v.reshape((v.shape[0], *a["shape"]))
    return v.reshape(a["shape"])


def _pad(a, x, p, t):
    pads = [tuple(pair) for pair in a["pads"]]
    if a["mode"] == "constant":
        return np.pad(x["x"], pads, constant_values=a["value"])
    return np.pad(x["x"], pads, mode={"reflect": "reflect", "replicate": "edge"}[a["mode"]])


def _slice(a, x, p, t):
    index = [slice(None)] * x["x"].ndim
    for ax, s, e, st in zip(a["axes"], a["starts"], a["ends"], a["steps"], strict=True):
        index[ax] = slice(s, e, st)
    return x["x"][tuple(index)]


def _split(a, x, p, t):
    cuts = np.cumsum(a["sizes"])[:-1]
    return {f"y{i}": part for i, part in enumerate(np.split(x["x"], cuts, axis=a["axis"]))}


def _squeeze(a, x, p, t):
    return np.squeeze(x["x"], axis=tuple(a["axes"])) if a["axes"] else x["x"]


def _unsqueeze(a, x, p, t):
    return np.expand_dims(x["x"], tuple(a["axes"]))


def _where(a, x, p, t):
    return np.where(x["cond"].astype(bool), x["a"], x["b"])


def _cast(a, x, p, t):
    v = x["x"]
    if a["to"] == "bool":
        return v != 0
    if a["to"] == "float32":
        return v.astype(np.float64)
    return np.trunc(v).astype(NP_DTYPES[a["to"]]) if v.dtype.kind == "f" else \
        v.astype(NP_DTYPES[a["to"]])


REFS: dict = {
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Pad": _pad,
    "Slice": _slice,
    "Split": _split,
    "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze,
    "Gather": lambda a, x, p, t: np.take(x["x"], x["indices"], axis=a["axis"]),
    "Where": _where,
    "Cast": _cast,
    "Clip": lambda a, x, p, t: np.clip(x["x"], a["min"], a["max"]),
    "Abs": lambda a, x, p, t: np.abs(x["x"]),
    "Sqrt": lambda a, x, p, t: np.sqrt(x["x"]),
    "Maximum": lambda a, x, p, t: np.maximum(x["a"], x["b"]),
    "Minimum": lambda a, x, p, t: np.minimum(x["a"], x["b"]),
    "ReduceMax": lambda a, x, p, t: np.max(x["x"], axis=tuple(a["axes"]),
                                           keepdims=a["keepdims"]),
}
