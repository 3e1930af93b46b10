"""The sequence ops' shape rules name the port and the fix; their parameter counts are
the frameworks' own (nn.LSTM, nn.GRU, nn.MultiheadAttention) and their weights load into
torch's modules under torch's names."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from tests.graph.helpers import messages, out_shape
from tests.graph.helpers import wired as _wired

torch = pytest.importorskip("torch")

Q = [-1, 4, 8]


def wired(op, attrs, inputs, batch=32):
    """The op fed by Inputs, its value returned by an Output (so it compiles)."""
    g, n = _wired(op, attrs, inputs, batch)
    out = g.add_node("Output", {"name": "out"}, "out")
    g.connect(n, "y", out, "x")
    return g, n


@pytest.mark.parametrize("op, attrs, inputs, port, words", [
    ("ScaledDotProductAttention", {}, {"query": [-1], "key": [-1], "value": [-1]},
     "query", "add a Reshape to [N, T, D]"),
    ("ScaledDotProductAttention", {}, {"query": Q, "key": [-1, 6, 8], "value": [-1, 5, 8]},
     "value", "v has 5 steps (dim -2), k has 6; feed one value per key"),
    ("ScaledDotProductAttention", {}, {"query": Q, "key": [-1, 6, 8], "value": [-1, 6, 8],
                                       "mask": [-1, 4, 6]},
     "mask", "expected a bool mask"),
    ("ScaledDotProductAttention", {}, {"query": Q, "key": [-1, 6, 8], "value": [-1, 6, 8],
                                       "mask": ([5, 6], "int64")},
     "mask", "mask shape [5, 6] does not broadcast to [32, 4, 6]"),
    ("MultiHeadAttention", {"embed_dim": 6}, {"query": Q}, "query",
     "expected embed_dim 6 (last dim), got 8 (shape [32, 4, 8]); set embed_dim to 8"),
    ("MultiHeadAttention", {}, {"query": [-1, 8]}, "query", "reshape to [N, T, E] first"),
    ("MultiHeadAttention", {}, {"query": Q, "key": [-1, 6, 4]}, "key",
     "expected [N, S, 8] with the query's batch 32, got [32, 6, 4]"),
    ("MultiHeadAttention", {}, {"query": Q, "key": [-1, 6, 8], "value": [-1, 5, 8]}, "value",
     "value has 5 steps, key has 6"),
    ("MultiHeadAttention", {}, {"query": Q, "key_padding_mask": ([-1, 5], "int64")},
     "key_padding_mask", "expected shape [32, 4] ([N, S]: one flag per key), got [32, 5]"),
    ("MultiHeadAttention", {}, {"query": Q, "key_padding_mask": [-1, 4]},
     "key_padding_mask", "expected a bool mask (True at padding keys, [N, S]) or integers"),
])
def test_a_misfit_names_the_port_and_the_fix(op, attrs, inputs, port, words):
    g, n = wired(op, attrs, inputs)
    (d,) = g.analysis.errors()
    assert d.node == n and d.port == port, d.message
    assert words in d.message and d.message.startswith(f'{op} "node"')


def test_self_and_cross_attention_shapes():
    g, n = wired("MultiHeadAttention", {"num_heads": 4, "causal": True},
                 {"query": [-1, 3, 8], "key": [-1, 7, 8],
                  "key_padding_mask": ([-1, 7], "int64")})
    assert messages(g) == [] and out_shape(g, n) == [32, 3, 8]
    g, n = wired("ScaledDotProductAttention", {"causal": True},
                 {"query": [-1, 2, 3, 4], "key": [-1, 2, 5, 4], "value": [-1, 2, 5, 6],
                  "mask": ([5], "int64")})
    assert messages(g) == [] and out_shape(g, n) == [32, 2, 3, 6]


@pytest.mark.parametrize("op, attrs, module", [
    ("LSTM", {"hidden_size": 5, "num_layers": 2, "bidirectional": True},
     lambda: torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)),
    ("GRU", {"hidden_size": 4, "num_layers": 1, "output": "last"},
     lambda: torch.nn.GRU(3, 4, batch_first=True)),
])
def test_recurrent_weights_are_torchs_own(op, attrs, module):
    g, n = wired(op, attrs, {"x": [-1, 6, 3]}, batch=2)
    ref = module()
    info = g.analysis.node_info(n)
    assert info.param_count == sum(p.numel() for p in ref.parameters())
    assert info.flops > 0
    weights = compile_graph(g, "torch").model.get_weights()
    state = {k.split(".", 1)[1]: v for k, v in weights.items()}
    assert {k: tuple(v.shape) for k, v in ref.state_dict().items()} == \
        {k: v.shape for k, v in state.items()}
    ref.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    x = np.random.default_rng(0).standard_normal((2, 6, 3)).astype(np.float32)
    model = compile_graph(g, "torch").model
    got = model(torch.from_numpy(x)).detach().numpy()
    seq, h_n = ref(torch.from_numpy(x))
    want = seq if attrs.get("output", "sequence") == "sequence" else h_n[-1]
    np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("bias", [True, False])
def test_attention_weights_are_nn_multihead_attentions(bias):
    g, n = wired("MultiHeadAttention", {"num_heads": 2, "bias": bias},
                 {"query": [-1, 3, 4], "key": [-1, 5, 4]}, batch=2)
    ref = torch.nn.MultiheadAttention(4, 2, bias=bias, batch_first=True)
    assert g.analysis.node_info(n).param_count == sum(p.numel() for p in ref.parameters())
    model = compile_graph(g, "torch").model
    state = {k.split(".", 1)[1].replace("out_proj_", "out_proj."): torch.from_numpy(v)
             for k, v in model.get_weights().items()}
    ref.load_state_dict(state)
    rng = np.random.default_rng(1)
    q, k = (torch.from_numpy(rng.standard_normal(s).astype(np.float32))
            for s in ((2, 3, 4), (2, 5, 4)))
    want = ref(q, k, k, need_weights=False)[0].detach().numpy()
    np.testing.assert_allclose(model(q, k).detach().numpy(), want, rtol=1e-5, atol=1e-6)
