"""PyTorch lowerings of the ops in graphlab/graph/ops/sequence.py: attention and recurrent
layers. LSTM and GRU are nn.LSTM / nn.GRU (their state_dict names are the canonical
weights); MultiHeadAttention keeps its four tensors in an nn.ParameterDict (nn.Module
names cannot hold the dot of nn.MultiheadAttention's ``out_proj.weight``) and runs
torch's own F.multi_head_attention_forward, the function nn.MultiheadAttention calls."""

from __future__ import annotations

from graphlab.compile.plan import Step
from graphlab.compile.source_writer import lit
from graphlab.compile.torch_lowering_base import Lowering, TorchLowered, self_ref


def _causal(rows: int, cols: int, device_of: str, keep: bool) -> str:
    """A [rows, cols] bool matrix: ``keep`` True where j <= i (allowed), else True where
    j > i (hidden, nn.MultiheadAttention's convention)."""
    band = "tril()" if keep else "triu(1)"
    return f"torch.ones({rows}, {cols}, dtype=torch.bool, device={device_of}.device).{band}"


def _mask(s: Step, x, port: str) -> str | None:
    """The mask on ``port`` as bool (an integer mask: nonzero is True), or None."""
    if port not in x:
        return None
    return x[port] if s.in_types[port].dtype == "bool" else f"{x[port]}.bool()"


def _sdpa(s: Step, x):
    a = s.attrs
    q, k, v = x["query"], x["key"], x["value"]
    tq, tk = s.in_types["query"].shape[-2], s.in_types["key"].shape[-2]
    mask, causal = _mask(s, x, "mask"), a["causal"]
    if mask is not None and causal:  # torch refuses both: fold the causal band into the mask
        mask, causal = f"torch.logical_and({mask}, {_causal(tq, tk, q, True)})", False
    extra = f", attn_mask={mask}" if mask is not None else ""
    expr = (f"F.scaled_dot_product_attention({q}, {k}, {v}{extra}, is_causal={causal}, "
            f"scale={float(a['scale'])!r})")
    if mask is None:  # (causal alone always leaves key 0)
        return TorchLowered(expr)
    # a query with no key allowed: torch's kernels give zeros, ONNX's softmax NaN; say it
    return TorchLowered(f"torch.where({mask}.any(-1, keepdim=True), {expr}, 0.0)")


def _mha(s: Step, x):
    a = s.attrs
    e, heads = a["embed_dim"], a["num_heads"]
    me = self_ref(s)
    shapes = {p.name: p.shape for p in s.params}
    init = ", ".join(f'"{name}": nn.Parameter(torch.empty{lit(shape)})'
                     for name, shape in shapes.items())
    q = x["query"]
    k = x.get("key", q)
    v = x.get("value", k)
    t, src = s.in_types["query"].shape[1], s.in_types.get("key", s.in_types["query"]).shape[1]

    def ref(name):
        return f"{me}.{name}" if name in shapes else "None"

    mask = _mask(s, x, "key_padding_mask")
    causal = _causal(t, src, q, False) if a["causal"] else "None"
    expr = (f"F.multi_head_attention_forward({q}.transpose(0, 1), {k}.transpose(0, 1), "
            f"{v}.transpose(0, 1), embed_dim_to_check={e}, num_heads={heads}, "
            f"in_proj_weight={ref('in_proj_weight')}, in_proj_bias={ref('in_proj_bias')}, "
            f"bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0.0, "
            f"out_proj_weight={ref('out_proj_weight')}, out_proj_bias={ref('out_proj_bias')}, "
            f"training=self.training, key_padding_mask={mask}, need_weights=False, "
            f"attn_mask={causal})[0].transpose(0, 1)")
    if mask is not None:  # a query with every key hidden: out_proj of zeros (see _sdpa)
        hidden = (f"torch.logical_or({mask}[:, None, :], {causal})" if a["causal"]
                  else f"{mask}[:, None, :]")
        bias = ref("out_proj_bias") if "out_proj_bias" in shapes else "0.0"
        expr = f"torch.where({hidden}.all(-1, keepdim=True), {bias}, {expr})"
    return TorchLowered(expr, f"{me} = nn.ParameterDict({{{init}}})")


def _rnn(cls: str, has_cell: bool) -> Lowering:
    def lower(s: Step, x):
        a = s.attrs
        me = self_ref(s)
        init = (f"{me} = nn.{cls}({s.in_types['x'].shape[-1]}, {a['hidden_size']}, "
                f"num_layers={a['num_layers']}, batch_first=True, "
                f"bidirectional={a['bidirectional']})")
        if a["output"] == "sequence":
            return TorchLowered(f"{me}({x['x']})[0]", init)
        h_n = f"{me}({x['x']})[1]" + ("[0]" if has_cell else "")  # [layers * D, N, H]
        if a["bidirectional"]:  # the top layer's two directions, side by side
            return TorchLowered(f"torch.cat({h_n}[-2:].unbind(0), dim=-1)", init)
        return TorchLowered(f"{h_n}[-1]", init)
    return lower


LOWERINGS: dict[str, Lowering] = {
    "ScaledDotProductAttention": _sdpa,
    "MultiHeadAttention": _mha,
    "LSTM": _rnn("LSTM", True),
    "GRU": _rnn("GRU", False),
}
