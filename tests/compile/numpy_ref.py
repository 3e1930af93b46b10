"""Float64 numpy references for every op, the third opinion in the parity tests.

Each reference takes the plan step's explicit attributes, the input arrays by port and
the parameters by name (canonical layout) and returns the op's output value. Conv,
pooling and LayerNorm references are in numpy_ref_spatial.py.
"""

from __future__ import annotations

import numpy as np
from scipy.special import erf


def _batch_norm(a, x, p, training):
    axes = tuple(i for i in range(x.ndim) if i != 1)
    shape = [1] * x.ndim
    shape[1] = -1
    if training:
        mean, var = x.mean(axes), x.var(axes)
    else:
        mean, var = p["running_mean"], p["running_var"]
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + a["eps"])
    if a["affine"]:
        y = y * p["weight"].reshape(shape) + p["bias"].reshape(shape)
    return y


def batch_norm_running(a, x, p):
    """Running statistics after one training step (torch convention, unbiased var)."""
    axes = tuple(i for i in range(x.ndim) if i != 1)
    n = x.size // x.shape[1]
    m = a["momentum"]
    return ((1 - m) * p["running_mean"] + m * x.mean(axes),
            (1 - m) * p["running_var"] + m * x.var(axes) * n / (n - 1))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def _log_softmax(x, axis):
    z = x - x.max(axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis, keepdims=True))


def _gelu(x, approx):
    if approx == "tanh":
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


def _div(a, x):
    q = x["a"] / x["b"]
    mode = a["rounding"]
    if mode == "floor":
        return np.floor_divide(x["a"], x["b"])
    if mode == "trunc":
        return np.trunc(q) if q.dtype.kind == "f" else (np.trunc(q)).astype(x["a"].dtype)
    return q


def _reduce(v, a):
    return v.mean() if a["reduction"] == "mean" else v.sum()


def _bce(p, t):
    return -(t * np.maximum(np.log(p), -100) + (1 - t) * np.maximum(np.log(1 - p), -100))


def _bce_logits(z, t):
    return np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))


def _cross_entropy(z, t):
    return -_log_softmax(z, 1)[np.arange(len(t)), t]


REFS = {
    "Input": lambda a, x, p, tr: x["x"],
    "Output": lambda a, x, p, tr: x["x"],
    "Constant": lambda a, x, p, tr: np.full(a["shape"], a["value"]),
    "Parameter": lambda a, x, p, tr: p["value"],
    "Linear": lambda a, x, p, tr: x["x"] @ p["weight"].T + (p["bias"] if a["bias"] else 0),
    "GlobalAvgPool": lambda a, x, p, tr: x["x"].mean((2, 3)),
    "BatchNorm": lambda a, x, p, tr: _batch_norm(a, x["x"], p, tr),
    "Dropout": lambda a, x, p, tr: x["x"],
    "Embedding": lambda a, x, p, tr: p["weight"][x["indices"]],
    "Flatten": lambda a, x, p, tr: x["x"].reshape(x["x"].shape[0], -1),
    "Reshape": lambda a, x, p, tr: x["x"].reshape(x["x"].shape[0], *a["shape"]),
    "ReLU": lambda a, x, p, tr: np.maximum(x["x"], 0),
    "LeakyReLU": lambda a, x, p, tr: np.where(x["x"] > 0, x["x"], a["negative_slope"] * x["x"]),
    "Sigmoid": lambda a, x, p, tr: 1 / (1 + np.exp(-x["x"])),
    "Tanh": lambda a, x, p, tr: np.tanh(x["x"]),
    "GELU": lambda a, x, p, tr: _gelu(x["x"], a["approximate"]),
    "Softmax": lambda a, x, p, tr: _softmax(x["x"], a["axis"]),
    "LogSoftmax": lambda a, x, p, tr: _log_softmax(x["x"], a["axis"]),
    "Add": lambda a, x, p, tr: x["a"] + x["b"],
    "Sub": lambda a, x, p, tr: x["a"] - x["b"],
    "Mul": lambda a, x, p, tr: x["a"] * x["b"],
    "Div": lambda a, x, p, tr: _div(a, x),
    "Pow": lambda a, x, p, tr: x["x"] ** a["exponent"],
    "Exp": lambda a, x, p, tr: np.exp(x["x"]),
    "Log": lambda a, x, p, tr: np.log(x["x"]),
    "Neg": lambda a, x, p, tr: -x["x"],
    "MatMul": lambda a, x, p, tr: np.matmul(x["a"], x["b"]),
    "Concat": lambda a, x, p, tr: np.concatenate([x[f"x{i}"] for i in range(a["n"])], a["axis"]),
    "Sum": lambda a, x, p, tr: x["x"].sum(tuple(a["axes"]), keepdims=a["keepdims"]),
    "Mean": lambda a, x, p, tr: x["x"].mean(tuple(a["axes"]), keepdims=a["keepdims"]),
    "Transpose": lambda a, x, p, tr: np.transpose(x["x"], a["perm"]),
    "MSELoss": lambda a, x, p, tr: _reduce((x["pred"] - x["target"]) ** 2, a),
    "BCELoss": lambda a, x, p, tr: _reduce(_bce(x["pred"], x["target"]), a),
    "BCEWithLogitsLoss": lambda a, x, p, tr: _reduce(_bce_logits(x["pred"], x["target"]), a),
    "CrossEntropyLoss": lambda a, x, p, tr: _reduce(_cross_entropy(x["logits"], x["target"]), a),
}


def numeric_grad(f, arrays: dict[str, np.ndarray], key: str, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar ``f()`` w.r.t. ``arrays[key]`` (in place)."""
    x = arrays[key]
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        orig = x[idx]
        x[idx] = orig + h
        fp = f()
        x[idx] = orig - h
        fm = f()
        x[idx] = orig
        g[idx] = (fp - fm) / (2 * h)
    return g
