"""Every op's shape rule: one case that infers and one that is refused with a reason."""

import pytest

from graphlab.graph.ops import REGISTRY
from tests.graph.helpers import messages, out_shape, wired

F = "float32"
I64 = "int64"

# op: (attrs, inputs, expected output shape)
GOOD = {
    "Linear": ({"out_features": 5}, {"x": [-1, 7]}, [32, 5]),
    "Conv2d": ({"out_channels": 4, "kernel_size": 3, "padding": 1}, {"x": [-1, 2, 8, 8]},
               [32, 4, 8, 8]),
    "MaxPool2d": ({"kernel_size": 2}, {"x": [-1, 3, 8, 6]}, [32, 3, 4, 3]),
    "AvgPool2d": ({"kernel_size": 3, "stride": 1, "padding": 1}, {"x": [-1, 3, 5, 5]},
                  [32, 3, 5, 5]),
    "GlobalAvgPool": ({}, {"x": [-1, 6, 4, 4]}, [32, 6]),
    "Conv1d": ({"out_channels": 4, "kernel_size": 3, "padding": 1}, {"x": [-1, 2, 8]},
               [32, 4, 8]),
    "ConvTranspose2d": ({"out_channels": 4, "kernel_size": 2, "stride": 2},
                        {"x": [-1, 2, 3, 3]}, [32, 4, 6, 6]),
    "MaxPool1d": ({"kernel_size": 2}, {"x": [-1, 3, 8]}, [32, 3, 4]),
    "AvgPool1d": ({"kernel_size": 3, "stride": 1, "padding": 1}, {"x": [-1, 3, 5]}, [32, 3, 5]),
    "Upsample": ({}, {"x": [-1, 2, 3, 4]}, [32, 2, 6, 8]),
    "GroupNorm": ({"num_groups": 2}, {"x": [-1, 4, 3, 3]}, [32, 4, 3, 3]),
    "BatchNorm": ({}, {"x": [-1, 6, 4, 4]}, [32, 6, 4, 4]),
    "LayerNorm": ({}, {"x": [-1, 9]}, [32, 9]),
    "Dropout": ({"p": 0.2}, {"x": [-1, 9]}, [32, 9]),
    "Embedding": ({"num_embeddings": 50, "embedding_dim": 8}, {"indices": ([-1, 5], I64)},
                  [32, 5, 8]),
    "Flatten": ({}, {"x": [-1, 2, 3, 4]}, [32, 24]),
    "Reshape": ({"shape": [2, -1]}, {"x": [-1, 12]}, [32, 2, 6]),
    "ReLU": ({}, {"x": [-1, 3]}, [32, 3]),
    "LeakyReLU": ({}, {"x": [-1, 3]}, [32, 3]),
    "Sigmoid": ({}, {"x": [-1, 3]}, [32, 3]),
    "Tanh": ({}, {"x": [-1, 3]}, [32, 3]),
    "GELU": ({}, {"x": [-1, 3]}, [32, 3]),
    "Softmax": ({}, {"x": [-1, 3]}, [32, 3]),
    "LogSoftmax": ({"axis": 1}, {"x": [-1, 3]}, [32, 3]),
    "Add": ({}, {"a": [-1, 4, 3], "b": [3]}, [32, 4, 3]),
    "Sub": ({}, {"a": [-1, 1], "b": [1, 5]}, [32, 5]),
    "Mul": ({}, {"a": [], "b": []}, []),
    "Div": ({}, {"a": [-1, 3], "b": [-1, 3]}, [32, 3]),
    "Pow": ({"exponent": 3.0}, {"x": [-1, 3]}, [32, 3]),
    "Exp": ({}, {"x": [-1, 3]}, [32, 3]),
    "Log": ({}, {"x": [-1, 3]}, [32, 3]),
    "Neg": ({}, {"x": [-1, 3]}, [32, 3]),
    "MatMul": ({}, {"a": [-1, 4, 5], "b": [5, 6]}, [32, 4, 6]),
    "Concat": ({"axis": 1, "n": 3}, {"x0": [-1, 2], "x1": [-1, 3], "x2": [-1, 4]}, [32, 9]),
    "Sum": ({"axes": [1]}, {"x": [-1, 3, 4]}, [32, 4]),
    "Mean": ({"axes": [], "keepdims": False}, {"x": [-1, 3]}, []),
    "Transpose": ({}, {"x": [-1, 3, 4]}, [32, 4, 3]),
    "MSELoss": ({}, {"pred": [-1, 1], "target": [-1, 1]}, []),
    "BCELoss": ({}, {"pred": [-1, 1], "target": [-1, 1]}, []),
    "BCEWithLogitsLoss": ({}, {"pred": [-1, 1], "target": [-1, 1]}, []),
    "CrossEntropyLoss": ({}, {"logits": [-1, 10], "target": ([-1], I64)}, []),
    "Constant": ({"shape": [2, 3]}, {}, [2, 3]),
    "Parameter": ({"shape": [4]}, {}, [4]),
    "Input": ({"shape": [-1, 3, 2]}, {}, [32, 3, 2]),
    "Pad": ({"pads": [1, 2, 0, 1]}, {"x": [-1, 3, 4, 5]}, [32, 3, 7, 6]),
    "Slice": ({"starts": [1, -2], "ends": [3, 100], "axes": [1, -1]}, {"x": [-1, 4, 5]},
              [32, 2, 2]),
    "Split": ({"sizes": [2, -1]}, {"x": [-1, 5]}, [32, 2]),
    "Squeeze": ({}, {"x": [-1, 1, 3, 1]}, [32, 3]),
    "Unsqueeze": ({"axes": [-1]}, {"x": [-1, 3]}, [32, 3, 1]),
    "Gather": ({"axis": 1}, {"x": [-1, 6, 2], "indices": ([4], "int32")}, [32, 4, 2]),
    "Where": ({}, {"cond": ([-1, 3], "bool"), "a": [-1, 3], "b": [3]}, [32, 3]),
    "Cast": ({"to": "int32"}, {"x": [-1, 3]}, [32, 3]),
    "Clip": ({"min": 0.0, "max": 6.0}, {"x": [-1, 3]}, [32, 3]),
    "Abs": ({}, {"x": [-1, 3]}, [32, 3]),
    "Sqrt": ({}, {"x": [-1, 3]}, [32, 3]),
    "Maximum": ({}, {"a": [-1, 3], "b": [1]}, [32, 3]),
    "Minimum": ({}, {"a": [-1, 3], "b": [3]}, [32, 3]),
    "ReduceMax": ({"axes": [-1], "keepdims": True}, {"x": [-1, 3, 4]}, [32, 3, 1]),
    "ScaledDotProductAttention": ({}, {"query": [-1, 4, 8], "key": [-1, 6, 8],
                                       "value": [-1, 6, 5]}, [32, 4, 5]),
    "MultiHeadAttention": ({"num_heads": 2}, {"query": [-1, 4, 8], "key": [-1, 6, 8]},
                           [32, 4, 8]),
    "LSTM": ({"hidden_size": 5, "bidirectional": True}, {"x": [-1, 7, 3]}, [32, 7, 10]),
    "GRU": ({"hidden_size": 5, "output": "last"}, {"x": [-1, 7, 3]}, [32, 5]),
}

# op: (attrs, inputs, the port the diagnostic is pinned to, words it must contain)
BAD = {
    "Linear": ({"in_features": 4, "out_features": 5}, {"x": [-1, 7]}, "x", "expected last dim 4"),
    "Conv2d": ({}, {"x": [-1, 8]}, "x", "rank-4"),
    "MaxPool2d": ({"kernel_size": 9}, {"x": [-1, 1, 4, 4]}, "x", "larger than the input"),
    "AvgPool2d": ({}, {"x": [-1, 4]}, "x", "rank-4"),
    "GlobalAvgPool": ({}, {"x": [-1, 4]}, "x", "rank-4"),
    "Conv1d": ({}, {"x": [-1, 8]}, "x", "rank-3"),
    "ConvTranspose2d": ({"groups": 3}, {"x": [-1, 4, 3, 3]}, "x", "divisor of 4"),
    "MaxPool1d": ({"kernel_size": 9}, {"x": [-1, 1, 4]}, "x", "larger than the input"),
    "AvgPool1d": ({}, {"x": [-1, 4]}, "x", "rank-3"),
    "Upsample": ({}, {"x": [-1, 4]}, "x", "rank-4"),
    "GroupNorm": ({"num_groups": 3}, {"x": [-1, 4]}, "x", "divisor of 4"),
    "BatchNorm": ({"num_features": 3}, {"x": [-1, 4]}, "x", "expected 3 features"),
    "LayerNorm": ({}, {"x": []}, "x", "scalar"),
    "Flatten": ({}, {"x": []}, "x", "scalar"),
    "Reshape": ({"shape": [5]}, {"x": [-1, 12]}, "x", "cannot reshape"),
    "Softmax": ({"axis": 3}, {"x": [-1, 3]}, "x", "out of range"),
    "LogSoftmax": ({"axis": -3}, {"x": [-1, 3]}, "x", "out of range"),
    "Add": ({}, {"a": [-1, 3], "b": [-1, 4]}, "b", "cannot broadcast"),
    "Sub": ({}, {"a": [-1, 3], "b": [2]}, "b", "cannot broadcast"),
    "Mul": ({}, {"a": [2, 3], "b": [3, 2]}, "b", "cannot broadcast"),
    "Div": ({}, {"a": [4], "b": [5]}, "b", "cannot broadcast"),
    "MatMul": ({}, {"a": [-1, 4, 5], "b": [4, 6]}, "b", "add a Transpose"),
    "Concat": ({"axis": 1}, {"x0": [-1, 2, 3], "x1": [-1, 2, 4]}, "x1", "except along axis 1"),
    "Sum": ({"axes": [0, 0]}, {"x": [-1, 3]}, "x", "twice"),
    "Mean": ({"axes": [4]}, {"x": [-1, 3]}, "x", "out of range"),
    "Transpose": ({"perm": [0, 0]}, {"x": [-1, 3]}, "x", "not a permutation"),
    "MSELoss": ({}, {"pred": [-1, 1], "target": [-1, 2]}, "target", "same shape"),
    "BCELoss": ({}, {"pred": [-1, 1], "target": [-1]}, "target", "same shape"),
    "BCEWithLogitsLoss": ({}, {"pred": [-1, 2], "target": [-1, 1]}, "target", "same shape"),
    "CrossEntropyLoss": ({}, {"logits": [-1, 10], "target": ([-1, 1], I64)}, "target",
                         "class indices of shape [32]"),
    "Input": ({"shape": [3, -1]}, {}, None, "only the first"),
    "Pad": ({"pads": [1, 1, 1]}, {"x": [-1, 3, 4]}, "x", "even number"),
    "Slice": ({"starts": [0], "ends": [1], "steps": [-1]}, {"x": [-1, 4]}, "x",
              "must be 1 or more"),
    "Split": ({"sizes": [2, 2]}, {"x": [-1, 5]}, "x", "add up to 4"),
    "Squeeze": ({"axes": [1]}, {"x": [-1, 3]}, "x", "only size-1 dimensions"),
    "Unsqueeze": ({"axes": [5]}, {"x": [-1, 3]}, "x", "out of range"),
    "Gather": ({}, {"x": [-1, 3], "indices": ([4], "bool")}, "indices", "add a Cast to int64"),
    "Where": ({}, {"cond": [-1, 3], "a": [-1, 3], "b": [-1, 3]}, "cond", "add a Cast to bool"),
    "Clip": ({"min": 2.0, "max": 1.0}, {"x": [-1, 3]}, None, "swap them"),
    "Abs": ({}, {"x": ([-1, 3], "bool")}, "x", "add a Cast to float32"),
    "Sqrt": ({}, {"x": ([-1, 3], "bool")}, "x", "add a Cast to float32"),
    "Maximum": ({}, {"a": [-1, 3], "b": ([-1, 3], I64)}, "b", "add a Cast to float32"),
    "Minimum": ({}, {"a": [-1, 3], "b": [-1, 4]}, "b", "cannot broadcast"),
    "ReduceMax": ({"axes": [3]}, {"x": [-1, 3]}, "x", "out of range"),
    "ScaledDotProductAttention": ({}, {"query": [-1, 4, 8], "key": [-1, 6, 7],
                                       "value": [-1, 6, 5]}, "key", "must equal q's 8"),
    "MultiHeadAttention": ({"num_heads": 3}, {"query": [-1, 4, 8]}, "query",
                           "num_heads 3 does not divide embed_dim 8"),
    "LSTM": ({}, {"x": [-1, 7]}, "x", "reshape to [N, T, F] first"),
    "GRU": ({}, {"x": [-1, 2, 3, 4]}, "x", "batch-first sequences"),
}

# A dtype changed after wiring is caught by the shape rule (the wire was fine when drawn).
RETYPED = {
    "Embedding": ("indices", I64, F, "int64"),
    "ReLU": ("x", F, I64, "float"),
    "CrossEntropyLoss": ("target", I64, F, "int64"),
}


def test_every_op_has_a_good_case():
    assert set(GOOD) | {"Output"} == set(REGISTRY)


@pytest.mark.parametrize("op", sorted(GOOD))
def test_shape_rule_infers(op):
    attrs, inputs, expected = GOOD[op]
    g, n = wired(op, attrs, inputs)
    assert messages(g) == [] or all("warning" for _ in messages(g))
    port = "loss" if REGISTRY[op].is_loss else REGISTRY[op].outputs[0].name
    assert out_shape(g, n, port) == expected


@pytest.mark.parametrize("op", sorted(BAD))
def test_shape_rule_refuses_with_reason(op):
    attrs, inputs, port, words = BAD[op]
    g, n = wired(op, attrs, inputs)
    diags = g.analysis.errors()
    assert len(diags) == 1
    d = diags[0]
    assert d.node == n and d.port == port
    assert words in d.message
    assert d.message.startswith(f'{op} "node"')
    assert g.analysis.output_type(n, "y") is None


def test_same_padding_is_explicit_and_ceil():
    g, n = wired("Conv2d", {"out_channels": 2, "kernel_size": 3, "stride": 2, "padding": "same"},
                 {"x": [-1, 1, 7, 8]})
    assert out_shape(g, n) == [32, 2, 4, 4]
    from graphlab.graph.ops._rules import same_pads
    assert same_pads(8, 3, 2) == (0, 1)  # TF's rule: the extra pixel goes at the end
    assert same_pads(7, 3, 1) == (1, 1)


def test_costs_of_linear():
    g, n = wired("Linear", {"out_features": 5}, {"x": [-1, 7]}, batch=4)
    info = g.analysis.node_info(n)
    assert info.param_count == 7 * 5 + 5
    assert info.flops == 2 * 4 * 5 * 7
    assert info.activation_bytes == 4 * 5 * 4


@pytest.mark.parametrize("op", sorted(RETYPED))
def test_dtype_changed_after_wiring_is_diagnosed(op):
    port, good, bad, words = RETYPED[op]
    inputs = {port: ([-1, 4], good)} if op != "CrossEntropyLoss" else {
        "logits": [-1, 4], "target": ([-1], good)}
    g, n = wired(op, {}, inputs)
    assert g.analysis.errors() == []
    src = g.input_edge(n, port).src
    g.set_attr(src, "dtype", bad)
    (d,) = g.analysis.errors()
    assert d.node == n and d.port == port and words in d.message
