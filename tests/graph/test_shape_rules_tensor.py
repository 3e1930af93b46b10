"""The tensor ops' shape rules refuse what the frameworks would not run, each with the port
and the fix, and infer the shapes of their less common settings."""

import pytest

from tests.graph.helpers import out_shape, wired

F, I64 = "float32", "int64"

REFUSED = [
    ("Flatten", {"start_dim": 2, "end_dim": 1}, {"x": [-1, 2, 3]}, "x", "swap them"),
    ("Reshape", {"shape": [-1, 5], "keep_batch": False}, {"x": [-1, 3]}, "x",
     "not a multiple of 5"),
    ("Reshape", {"shape": [7, 3], "keep_batch": False}, {"x": [-1, 3]}, "x", "counts must match"),
    ("Pad", {"pads": [1, 1, 1, 1, 1, 1]}, {"x": [-1, 3, 4]}, "x", "give fewer pairs"),
    ("Pad", {"pads": [-1, 1]}, {"x": [-1, 3]}, "x", "use a Slice to crop"),
    ("Pad", {"pads": [3, 0], "mode": "reflect"}, {"x": [-1, 3]}, "x", "less than its size"),
    ("Pad", {"pads": [1, 1, 1, 1, 1, 1, 1, 1], "mode": "replicate"}, {"x": [-1, 2, 2, 2, 2]},
     "x", "PyTorch's limit"),
    ("Pad", {}, {"x": ([-1, 3], "bool")}, "x", "add a Cast to float32"),
    ("Slice", {"starts": [3], "ends": [1]}, {"x": [-1, 4]}, "x", "is empty"),
    ("Slice", {"starts": [0, 0], "ends": [1]}, {"x": [-1, 4]}, "x", "same number of entries"),
    ("Slice", {"starts": [0, 0], "ends": [1, 1]}, {"x": [-1, 4]}, "x", "set axes"),
    ("Slice", {"starts": [0, 0], "ends": [1, 1], "axes": [1, -1]}, {"x": [-1, 4]}, "x",
     "twice"),
    ("Split", {"sizes": [5, -1]}, {"x": [-1, 5]}, "x", "leave nothing for the -1"),
    ("Split", {"sizes": [1, 1, 1, 1, 1]}, {"x": [-1, 5]}, "x", "2 to 4 entries"),
    ("Split", {"sizes": [-1, -1]}, {"x": [-1, 4]}, "x", "one of them may be -1"),
    ("Unsqueeze", {"axes": [1, 1]}, {"x": [-1, 3]}, "x", "each once"),
    ("Unsqueeze", {"axes": []}, {"x": [-1, 3]}, "x", "at least one"),
    ("Gather", {"axis": 2}, {"x": [-1, 3], "indices": ([2], I64)}, "x", "out of range"),
    ("Where", {}, {"cond": ([-1, 3], "bool"), "a": [-1, 3], "b": ([-1, 3], I64)}, "b",
     "add a Cast to float32"),
    ("Where", {}, {"cond": ([-1, 2], "bool"), "a": [-1, 3], "b": [-1, 3]}, "b",
     "cannot broadcast"),
    ("Add", {}, {"a": ([-1, 3], "bool"), "b": [-1, 3]}, "a", "add a Cast to float32"),
    ("Mul", {}, {"a": ([-1, 3], "int32"), "b": [-1, 3]}, "b", "add a Cast to int32"),
    ("Concat", {"axis": 1}, {"x0": [-1, 2], "x1": ([-1, 2], I64)}, "x1", "add a Cast to float32"),
    ("Concat", {"axis": 0}, {"x0": [], "x1": []}, "x0", "add an Unsqueeze"),
    ("Softmax", {}, {"x": ([-1, 3], "bool")}, "x", "add a Cast to float32"),
    ("Linear", {}, {"x": ([-1, 3], "bool")}, "x", "add a Cast to float32"),
]


@pytest.mark.parametrize("op, attrs, inputs, port, words", REFUSED,
                         ids=[f"{r[0]}-{r[4][:20]}" for r in REFUSED])
def test_refused_with_the_port_and_the_fix(op, attrs, inputs, port, words):
    g, n = wired(op, attrs, inputs)
    errors = g.analysis.errors()
    assert len(errors) == 1, errors
    assert errors[0].node == n and errors[0].port == port
    assert words in errors[0].message, errors[0].message


INFERRED = [
    ("Flatten", {"start_dim": 0}, {"x": [-1, 2, 3]}, "y", [192]),
    ("Flatten", {"start_dim": 1, "end_dim": -2}, {"x": [-1, 2, 3, 4]}, "y", [32, 6, 4]),
    ("Reshape", {"shape": [-1, 6], "keep_batch": False}, {"x": [-1, 2, 3]}, "y", [32, 6]),
    ("Pad", {"pads": [1, 1], "mode": "reflect"}, {"x": [-1, 3, 4]}, "y", [32, 3, 6]),
    ("Slice", {"starts": [-1], "ends": [2**31 - 1], "axes": [-1], "steps": [2]},
     {"x": [-1, 3, 5]}, "y", [32, 3, 1]),
    ("Split", {"axis": -1, "sizes": [1, 2, -1]}, {"x": [-1, 3, 6]}, "y2", [32, 3, 3]),
    ("Squeeze", {"axes": [0]}, {"x": [1, 3]}, "y", [3]),
    ("Unsqueeze", {"axes": [0]}, {"x": [4, 3]}, "y", [1, 4, 3]),
    ("Gather", {}, {"x": [7, 5], "indices": ([-1, 4], I64)}, "y", [32, 4, 5]),
    ("Cast", {"to": "bool"}, {"x": ([-1, 2], I64)}, "y", [32, 2]),
    ("Add", {}, {"a": ([-1, 3], I64), "b": [-1, 3]}, "y", [32, 3]),
    ("Maximum", {}, {"a": ([-1, 3], "int32"), "b": ([3], "int32")}, "y", [32, 3]),
    ("ReduceMax", {}, {"x": [-1, 3]}, "y", []),
    ("Concat", {"axis": -1}, {"x0": [-1, 2, 1], "x1": [-1, 2, 3]}, "y", [32, 2, 4]),
]


@pytest.mark.parametrize("op, attrs, inputs, port, shape", INFERRED,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(INFERRED)])
def test_inferred_shape(op, attrs, inputs, port, shape):
    g, n = wired(op, attrs, inputs)
    assert g.analysis.ok, g.analysis.errors()
    assert out_shape(g, n, port) == shape


def test_cast_sets_the_dtype_and_int32_wires_as_integers():
    g, n = wired("Cast", {"to": "int32"}, {"x": [-1, 3]})
    assert g.analysis.output_type(n, "y").dtype == "int32"
    emb = g.add_node("Embedding", {"num_embeddings": 4, "embedding_dim": 2}, "emb")
    relu = g.add_node("ReLU", {}, "relu")
    assert g.can_connect(n, "y", emb, "indices") is None  # an int32 value is an integer
    assert "takes float tensors" in g.can_connect(n, "y", relu, "x")
