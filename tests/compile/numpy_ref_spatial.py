"""Float64 numpy references for convolution, pooling, resampling and normalisation (merged
by tests/compile/parity_tables.py over numpy_ref's); same signature as numpy_ref.REFS.

Written from the definitions (loops over kernel taps, explicit interpolation weights),
not from either framework's formulas, and 1-D ops as the 2-D ones on a unit height.
"""

from __future__ import annotations

import numpy as np


def _pad(x, pads, fill=0.0):
    return np.pad(x, ((0, 0), (0, 0), *pads), constant_values=fill)


def _taps(xp, k, strides, dilations, out):
    """Every kernel tap's strided view of the padded input: [kh, kw] of [N, C, oh, ow]."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = k, strides, dilations, out
    return [[xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh, j * dw:j * dw + sw * (ow - 1) + 1:sw]
             for j in range(kw)] for i in range(kh)]


def _out(xp, k, strides, dilations):
    return tuple((xp.shape[2 + i] - dilations[i] * (k[i] - 1) - 1) // strides[i] + 1
                 for i in range(2))


def conv2d(x, w, b, strides, pads, dilations, groups):
    xp = _pad(x, pads)
    k = w.shape[2:]
    out = _out(xp, k, strides, dilations)
    taps = _taps(xp, k, strides, dilations, out)
    cin, cout = x.shape[1] // groups, w.shape[0] // groups
    y = np.zeros((x.shape[0], w.shape[0], *out))
    for g in range(groups):
        o, c = slice(g * cout, (g + 1) * cout), slice(g * cin, (g + 1) * cin)
        for i in range(k[0]):
            for j in range(k[1]):
                y[:, o] += np.einsum("nchw,oc->nohw", taps[i][j][:, c], w[o, :, i, j])
    return y if b is None else y + b[None, :, None, None]


def conv_transpose2d(x, w, b, strides, pads, output_pads, dilations, groups):
    """Each input cell scatters its kernel-weighted copy to stride * position."""
    n, cin_all, h, wd = x.shape
    k = w.shape[2:]
    cin, cout = cin_all // groups, w.shape[1]
    full = [(s - 1) * st + d * (kk - 1) + 1 + op
            for s, st, d, kk, op in zip((h, wd), strides, dilations, k, output_pads, strict=True)]
    y = np.zeros((n, cout * groups, *full))
    for g in range(groups):
        c, o = slice(g * cin, (g + 1) * cin), slice(g * cout, (g + 1) * cout)
        for i in range(k[0]):
            for j in range(k[1]):
                r0, c0 = i * dilations[0], j * dilations[1]
                y[:, o, r0:r0 + strides[0] * (h - 1) + 1:strides[0],
                  c0:c0 + strides[1] * (wd - 1) + 1:strides[1]] += np.einsum(
                    "nchw,co->nohw", x[:, c], w[c, :, i, j])
    (pt, _), (pl, _) = pads
    oh, ow = full[0] - 2 * pt, full[1] - 2 * pl
    y = y[:, :, pt:pt + oh, pl:pl + ow]
    return y if b is None else y + b[None, :, None, None]


def max_pool2d(x, a):
    xp = _pad(x, _with_ceil(a["pads"], a["ceil_pads"]), -np.inf)
    out = _out(xp, a["kernel"], a["strides"], a["dilations"])
    taps = _taps(xp, a["kernel"], a["strides"], a["dilations"], out)
    return np.max([t for row in taps for t in row], axis=0)


def avg_pool2d(x, a):
    """Sum over the window / the number of cells that count: input cells, padding when
    count_include_pad, never ceil_mode's trailing cells."""
    pads = _with_ceil(a["pads"], a["ceil_pads"])
    xp = _pad(x, pads)
    counted = _pad(np.pad(np.ones((1, 1, *x.shape[2:])), ((0, 0), (0, 0), *a["pads"]),
                          constant_values=1.0 if a["count_include_pad"] else 0.0),
                   [(0, e) for e in a["ceil_pads"]])
    one = (1, 1)
    out = _out(xp, a["kernel"], a["strides"], one)
    total = sum(t for row in _taps(xp, a["kernel"], a["strides"], one, out) for t in row)
    count = sum(t for row in _taps(counted, a["kernel"], a["strides"], one, out) for t in row)
    return total / count


def _with_ceil(pads, extra):
    return [(before, after + e) for (before, after), e in zip(pads, extra, strict=True)]


def _as_2d(a):
    """A 1-D op's window as the 2-D one on a unit height."""
    out = dict(a)
    for key in ("kernel", "strides", "dilations"):
        if key in a:
            out[key] = (1, *a[key])
    out["pads"] = ((0, 0), *a["pads"])
    out["ceil_pads"] = (0, *a.get("ceil_pads", (0,)))
    out.setdefault("dilations", (1, 1))
    return out


def _one_d(ref):
    def run(a, x):
        return ref(x[:, :, None], _as_2d(a))[:, :, 0]
    return run


def _conv(a, x, p):
    w = p["weight"] if p["weight"].ndim == 4 else p["weight"][:, :, None]
    a2 = a if w is p["weight"] else _as_2d(a)
    xx = x if x.ndim == 4 else x[:, :, None]
    y = conv2d(xx, w, p.get("bias"), a2["strides"], a2["pads"], a2["dilations"], a["groups"])
    return y if x.ndim == 4 else y[:, :, 0]


def _interp_matrix(n_in, n_out, align_corners):
    """[n_out, n_in] linear-interpolation weights (torch's source-index rules)."""
    m = np.zeros((n_out, n_in))
    for i in range(n_out):
        if align_corners:
            src = i * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        else:
            src = max((i + 0.5) * n_in / n_out - 0.5, 0.0)
        lo = min(int(np.floor(src)), n_in - 1)
        hi = min(lo + 1, n_in - 1)
        frac = src - lo
        m[i, lo] += 1 - frac
        m[i, hi] += frac
    return m


def _nearest_index(n_in, n_out):
    scale = np.float32(n_in) / np.float32(n_out)  # both frameworks compute it in float32
    return np.minimum(np.floor(np.arange(n_out, dtype=np.float32) * scale).astype(int),
                      n_in - 1)


def upsample(a, x):
    oh, ow = a["size"]
    if a["mode"] == "nearest":
        return x[:, :, _nearest_index(x.shape[2], oh)][:, :, :, _nearest_index(x.shape[3], ow)]
    mh = _interp_matrix(x.shape[2], oh, a["align_corners"])
    mw = _interp_matrix(x.shape[3], ow, a["align_corners"])
    return np.einsum("ih,nchw,jw->ncij", mh, x, mw)


def group_norm(a, x, p):
    n, c = x.shape[:2]
    g = x.reshape(n, a["num_groups"], -1)
    y = ((g - g.mean(-1, keepdims=True)) / np.sqrt(g.var(-1, keepdims=True) + a["eps"]))
    y = y.reshape(x.shape)
    if a["affine"]:
        shape = (1, c) + (1,) * (x.ndim - 2)
        y = y * p["weight"].reshape(shape) + p["bias"].reshape(shape)
    return y


def layer_norm(a, x, p):
    axes = tuple(range(-a["last_dims"], 0))
    y = (x - x.mean(axes, keepdims=True)) / np.sqrt(x.var(axes, keepdims=True) + a["eps"])
    return y * p["weight"] + p["bias"] if a["affine"] else y


REFS = {
    "Conv1d": lambda a, x, p, tr: _conv(a, x["x"], p),
    "Conv2d": lambda a, x, p, tr: _conv(a, x["x"], p),
    "ConvTranspose2d": lambda a, x, p, tr: conv_transpose2d(
        x["x"], p["weight"], p.get("bias"), a["strides"], a["pads"], a["output_pads"],
        a["dilations"], a["groups"]),
    "MaxPool1d": lambda a, x, p, tr: _one_d(max_pool2d)(a, x["x"]),
    "MaxPool2d": lambda a, x, p, tr: max_pool2d(x["x"], a),
    "AvgPool1d": lambda a, x, p, tr: _one_d(avg_pool2d)(a, x["x"]),
    "AvgPool2d": lambda a, x, p, tr: avg_pool2d(x["x"], {**a, "dilations": (1, 1)}),
    "Upsample": lambda a, x, p, tr: upsample(a, x["x"]),
    "GroupNorm": lambda a, x, p, tr: group_norm(a, x["x"], p),
    "LayerNorm": lambda a, x, p, tr: layer_norm(a, x["x"], p),
}
