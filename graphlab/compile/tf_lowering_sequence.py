"""TensorFlow lowerings of the ops in graphlab/graph/ops/sequence.py: attention and recurrent
layers (``HELPERS``: functions they emit once into the generated file, by name).

Every weight stays in the canonical (PyTorch) layout, so no TF_LAYOUT entry: the helpers
write torch's math over it. The recurrences are tf.scan loops, not keras.layers.LSTM/GRU:
Keras's LSTM has a transposed kernel [F, 4H] and a single bias (torch's two summed), its
GRU the gate order z, r, h (torch: r, z, n)."""

from __future__ import annotations

from graphlab.compile.plan import Step
from graphlab.compile.tf_lowering_base import TFEntry, TFLowered, var_attr, variables


def _mask(s: Step, x, port: str) -> str:
    """The mask on ``port`` as bool (an integer mask: nonzero is True), or None."""
    if port not in x:
        return "None"
    return x[port] if s.in_types[port].dtype == "bool" else f"tf.cast({x[port]}, tf.bool)"


def _sdpa(s: Step, x, layout):
    a = s.attrs
    mask = _mask(s, x, "mask")
    return TFLowered(f"scaled_dot_product_attention({x['query']}, {x['key']}, {x['value']}, mask={mask}, "
                     f"causal={a['causal']}, scale={float(a['scale'])!r})",
                     helpers=("scaled_dot_product_attention",))


def _mha(s: Step, x, layout):
    a = s.attrs
    q = x["query"]
    k = x.get("key", q)
    v = x.get("value", k)
    names = {p.name for p in s.params}

    def ref(name):
        return f"self.{var_attr(s, name)}" if name in names else "None"

    return TFLowered(
        f"multi_head_attention({q}, {k}, {v}, {ref('in_proj_weight')}, {ref('in_proj_bias')}, "
        f"{ref('out_proj_weight')}, {ref('out_proj_bias')}, heads={a['num_heads']}, "
        f"key_padding_mask={_mask(s, x, 'key_padding_mask')}, causal={a['causal']})",
        variables(s), ("multi_head_attention", "scaled_dot_product_attention"))


def _rnn(cell: str, states: int):
    def lower(s: Step, x, layout):
        a = s.attrs
        groups = {}
        for p in s.params:  # weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (+ _reverse)
            groups.setdefault(p.name.split("_", 2)[2], []).append(f"self.{var_attr(s, p.name)}")
        weights = ", ".join(f"({', '.join(refs)})" for refs in groups.values())
        return TFLowered(f"recurrent({cell}, {x['x']}, [{weights}], "
                         f"states={states}, bidirectional={a['bidirectional']}, last={a['output'] == 'last'})",
                         variables(s), ("recurrent", cell))
    return lower


LOWERINGS: dict[str, TFEntry] = {
    "ScaledDotProductAttention": TFEntry(_sdpa),
    "MultiHeadAttention": TFEntry(_mha),
    "LSTM": TFEntry(_rnn("lstm_cell", 2)),
    "GRU": TFEntry(_rnn("gru_cell", 1)),
}

HELPERS: dict[str, str] = {
    "scaled_dot_product_attention": '''def scaled_dot_product_attention(q, k, v, mask, causal, scale):
    """softmax(q k^T * scale) v over the last two axes, as torch computes it: a bool `mask`
    is True where a query may attend, `causal` hides key j from query i when j > i, and a
    query that may attend to no key gets zeros (and no gradient), not NaN."""
    scores = tf.matmul(q, k, transpose_b=True) * scale
    allowed = None if mask is None else tf.broadcast_to(mask, tf.shape(scores))
    if causal:
        band = tf.linalg.band_part(tf.ones(tf.shape(scores)[-2:], tf.bool), -1, 0)
        allowed = band if allowed is None else tf.logical_and(allowed, band)
    if allowed is None:
        return tf.matmul(tf.nn.softmax(scores, axis=-1), v)
    some = tf.reduce_any(allowed, axis=-1, keepdims=True)
    # hidden scores at -inf; a row with none allowed stays finite, then its weights are 0
    scores = tf.where(allowed, scores, tf.constant(-np.inf, scores.dtype))
    scores = tf.where(some, scores, tf.zeros_like(scores))
    weights = tf.where(some, tf.nn.softmax(scores, axis=-1), tf.zeros_like(scores))
    return tf.matmul(weights, v)''',
    "multi_head_attention": '''def multi_head_attention(query, key, value, w_in, b_in, w_out, b_out, heads,
                         key_padding_mask, causal):
    """torch's nn.MultiheadAttention (batch-first, no dropout) over its own weights:
    w_in [3E, E] packs the q, k, v projections; key_padding_mask [N, S] is True at
    padding keys."""
    e = w_out.shape[0]
    depth = e // heads
    projected = []
    for i, x in enumerate((query, key, value)):
        y = tf.tensordot(x, w_in[i * e:(i + 1) * e], [[2], [1]])
        if b_in is not None:
            y = y + b_in[i * e:(i + 1) * e]
        shape = tf.shape(y)
        projected.append(tf.transpose(tf.reshape(y, [shape[0], shape[1], heads, depth]),
                                      [0, 2, 1, 3]))  # [N, heads, T, depth]
    mask = None
    if key_padding_mask is not None:
        mask = tf.logical_not(key_padding_mask)[:, None, None, :]
    out = scaled_dot_product_attention(*projected, mask=mask, causal=causal,
                                       scale=1.0 / float(np.sqrt(depth)))
    shape = tf.shape(out)
    out = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [shape[0], shape[2], e])
    out = tf.tensordot(out, w_out, [[2], [1]])
    return out if b_out is None else out + b_out''',
    "recurrent": '''def recurrent(cell, x, weights, states, bidirectional, last):
    """A stacked recurrent layer over batch-first x [N, T, F] in torch's layout: `cell`
    steps a tuple of `states` tensors (LSTM: h, c; GRU: h) from zeros; `weights` holds
    (weight_ih, weight_hh, bias_ih, bias_hh) per layer and direction (forward, then
    backward). Returns [N, T, D*H], or with `last` the top layer's final hidden state
    per direction, side by side [N, D*H]."""
    directions = 2 if bidirectional else 1
    for layer in range(len(weights) // directions):
        seqs, finals = [], []
        for d in range(directions):
            w_ih, w_hh, b_ih, b_hh = weights[layer * directions + d]
            steps = tf.transpose(x, [1, 0, 2])  # time first: [T, N, F]
            if d == 1:
                steps = tf.reverse(steps, [0])
            inputs = tf.tensordot(steps, w_ih, [[2], [1]]) + b_ih  # [T, N, G*H]
            zeros = tf.zeros([tf.shape(x)[0], w_hh.shape[1]], x.dtype)
            state = (zeros,) * states
            hs = tf.scan(lambda st, xt, w=w_hh, b=b_hh: cell(st, xt, w, b), inputs,
                         initializer=state)[0]
            finals.append(hs[-1])
            seqs.append(tf.reverse(hs, [0]) if d == 1 else hs)
        x = tf.transpose(tf.concat(seqs, axis=-1), [1, 0, 2])
    return tf.concat(finals, axis=-1) if last else x''',
    "lstm_cell": '''def lstm_cell(state, xt, w_hh, b_hh):
    """One LSTM step in torch's gate order i, f, g, o; xt is W_ih x + b_ih."""
    h, c = state
    i, f, g, o = tf.split(xt + tf.matmul(h, w_hh, transpose_b=True) + b_hh, 4, axis=1)
    c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
    return tf.sigmoid(o) * tf.tanh(c), c''',
    "gru_cell": '''def gru_cell(state, xt, w_hh, b_hh):
    """One GRU step in torch's gate order r, z, n; the reset gate multiplies
    (W_hn h + b_hn), torch's form; xt is W_ih x + b_ih."""
    (h,) = state
    x_r, x_z, x_n = tf.split(xt, 3, axis=1)
    h_r, h_z, h_n = tf.split(tf.matmul(h, w_hh, transpose_b=True) + b_hh, 3, axis=1)
    r = tf.sigmoid(x_r + h_r)
    z = tf.sigmoid(x_z + h_z)
    n = tf.tanh(x_n + r * h_n)
    return ((1.0 - z) * n + z * h,)''',
}
