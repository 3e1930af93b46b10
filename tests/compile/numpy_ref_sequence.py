"""Float64 numpy references for the ops in graphlab/graph/ops/sequence.py (merged by
tests/compile/parity_tables.py); same signature as tests/compile/numpy_ref.REFS.

Written from the papers' equations in torch's weight layout, step by step in plain
loops, so they share no code with either lowering."""

from __future__ import annotations

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def attention(q, k, v, allowed, scale):
    """softmax(q k^T * scale) v with hidden scores (allowed False) at -inf; a query with
    no key allowed gets zeros (torch's rule)."""
    scores = np.einsum("...id,...jd->...ij", q, k) * scale
    if allowed is None:
        return np.einsum("...ij,...jd->...id", _softmax(scores), v)
    allowed = np.broadcast_to(allowed, scores.shape)
    some = allowed.any(-1, keepdims=True)
    finite = np.where(some, np.where(allowed, scores, -np.inf), 0.0)
    weights = np.where(some, _softmax(finite), 0.0)
    return np.einsum("...ij,...jd->...id", weights, v)


def _causal(tq, tk):
    return np.arange(tk)[None, :] <= np.arange(tq)[:, None]


def _sdpa(a, x, p, tr):
    q, k, v = x["query"], x["key"], x["value"]
    allowed = x["mask"] != 0 if "mask" in x else None
    if a["causal"]:
        band = _causal(q.shape[-2], k.shape[-2])
        allowed = band if allowed is None else allowed & band
    return attention(q, k, v, allowed, a["scale"])


def _mha(a, x, p, tr):
    q_in = x["query"]
    k_in = x.get("key", q_in)
    v_in = x.get("value", k_in)
    e, heads = a["embed_dim"], a["num_heads"]
    d = e // heads
    w, b = p["in_proj_weight"], p.get("in_proj_bias", np.zeros(3 * e))

    def project(t, i):  # [N, T, E] -> [N, heads, T, d]
        y = t @ w[i * e:(i + 1) * e].T + b[i * e:(i + 1) * e]
        return y.reshape(y.shape[0], y.shape[1], heads, d).transpose(0, 2, 1, 3)

    q, k, v = project(q_in, 0), project(k_in, 1), project(v_in, 2)
    allowed = np.ones((q_in.shape[0], 1, 1, k_in.shape[1]), bool)
    if "key_padding_mask" in x:
        allowed = (x["key_padding_mask"] == 0)[:, None, None, :]
    if a["causal"]:
        allowed = allowed & _causal(q_in.shape[1], k_in.shape[1])
    out = attention(q, k, v, allowed, 1.0 / np.sqrt(d))
    out = out.transpose(0, 2, 1, 3).reshape(q_in.shape[0], q_in.shape[1], e)
    return out @ p["out_proj_weight"].T + p.get("out_proj_bias", 0.0)


def _lstm_step(h, c, xt, w_ih, w_hh, b_ih, b_hh):
    hs = h.shape[1]
    z = xt @ w_ih.T + b_ih + h @ w_hh.T + b_hh
    i, f = _sigmoid(z[:, :hs]), _sigmoid(z[:, hs:2 * hs])
    g, o = np.tanh(z[:, 2 * hs:3 * hs]), _sigmoid(z[:, 3 * hs:])
    c = f * c + i * g
    return o * np.tanh(c), c


def _gru_step(h, c, xt, w_ih, w_hh, b_ih, b_hh):
    hs = h.shape[1]
    gx, gh = xt @ w_ih.T + b_ih, h @ w_hh.T + b_hh
    r = _sigmoid(gx[:, :hs] + gh[:, :hs])
    z = _sigmoid(gx[:, hs:2 * hs] + gh[:, hs:2 * hs])
    n = np.tanh(gx[:, 2 * hs:] + r * gh[:, 2 * hs:])
    return (1 - z) * n + z * h, c


def _rnn(step):
    def ref(a, x, p, tr):
        seq = x["x"]
        n, t, _ = seq.shape
        hs = a["hidden_size"]
        finals = []
        for layer in range(a["num_layers"]):
            outs, finals = [], []
            for sfx in ("", "_reverse")[:2 if a["bidirectional"] else 1]:
                w = [p[f"{name}_l{layer}{sfx}"] for name in
                     ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
                h, c = np.zeros((n, hs)), np.zeros((n, hs))
                out = np.zeros((n, t, hs))
                order = range(t - 1, -1, -1) if sfx else range(t)
                for i in order:
                    h, c = step(h, c, seq[:, i], *w)
                    out[:, i] = h
                outs.append(out)
                finals.append(h)
            seq = np.concatenate(outs, axis=-1)
        return np.concatenate(finals, axis=-1) if a["output"] == "last" else seq
    return ref


REFS: dict = {
    "ScaledDotProductAttention": _sdpa,
    "MultiHeadAttention": _mha,
    "LSTM": _rnn(_lstm_step),
    "GRU": _rnn(_gru_step),
}
