"""Parity cases for the ops in graphlab/graph/ops/tensor_ops.py, the math ops that came with
them, and the axes of Softmax/LogSoftmax/Concat/Sum/Mean (merged by
tests/compile/parity_tables.py). Every attribute value appears, and attributes that meet
appear together pairwise (Pad: each mode with one, two and three padded dimensions)."""

from __future__ import annotations

from tests.compile.cases import Case, In


def _x(*shape, domain="away", high=2, low=0):
    return {"x": In(shape, domain, high, low=low)}


def _ab(sa, sb, domain="away", high=2):
    return {"a": In(sa, domain, high), "b": In(sb, domain, high)}


def _where(sc, sa, sb, domain="away"):
    return {"cond": In(sc, "bool"), "a": In(sa, domain, 9), "b": In(sb, domain, 9)}


CASES: list[Case] = [
    # Flatten: the default (from 1 to the end), through the batch, a middle range
    Case("Flatten", {}, _x(2, 3, 2, 2), tag="default"),
    Case("Flatten", {"start_dim": 0}, _x(2, 3, 2), tag="start0"),
    Case("Flatten", {"start_dim": 1, "end_dim": 2}, _x(2, 3, 2, 2), tag="middle"),
    Case("Flatten", {"start_dim": -2, "end_dim": -1}, _x(2, 3, 2, 2), tag="negative"),
    Case("Flatten", {"start_dim": 0, "end_dim": -2}, _x(2, 3, 4), tag="start0-end-2"),
    # Reshape: per sample (keep_batch) with and without -1, the whole tensor with -1
    Case("Reshape", {"shape": [2, 6]}, _x(2, 12), tag="explicit"),
    Case("Reshape", {"shape": [-1, 4], "keep_batch": False}, _x(2, 3, 4), tag="batch-merged"),
    Case("Reshape", {"shape": [6, -1], "keep_batch": False}, _x(2, 3, 4), tag="batch-minus1-last"),
    Case("Reshape", {"shape": [4, 6], "keep_batch": False}, _x(2, 3, 4), tag="batch-explicit"),
    # Pad: every mode with 1, 2 and 3 padded dimensions, asymmetric pads, zero pairs
    Case("Pad", {"pads": [1, 2]}, _x(2, 3), tag="constant-1"),
    Case("Pad", {"pads": [0, 1, 2, 0], "value": 0.5}, _x(2, 2, 3, 3), tag="constant-2-value"),
    Case("Pad", {"pads": [1, 0, 0, 0, 2, 1], "value": -1.0}, _x(2, 2, 3, 4),
         tag="constant-3"),
    Case("Pad", {"pads": [2, 1], "mode": "reflect"}, _x(2, 3, 4), tag="reflect-1"),
    Case("Pad", {"pads": [1, 0, 2, 3], "mode": "reflect"}, _x(2, 2, 3, 4), tag="reflect-2"),
    Case("Pad", {"pads": [1, 1, 0, 2, 1, 0], "mode": "reflect"}, _x(2, 2, 3, 3),
         tag="reflect-3"),
    Case("Pad", {"pads": [1, 2], "mode": "replicate"}, _x(2, 3), tag="replicate-1"),
    Case("Pad", {"pads": [2, 0, 1, 1], "mode": "replicate"}, _x(2, 3, 2), tag="replicate-2"),
    Case("Pad", {"pads": [1, 0, 0, 1, 1, 1], "mode": "replicate"}, _x(2, 1, 2, 2, 3),
         tag="replicate-3-rank5"),
    Case("Pad", {"pads": [1, 1], "mode": "replicate"}, _x(2, 2, 3, 2), tag="replicate-1-rank4"),
    # Slice: default axes, explicit and negative axes, steps, negative and clipped bounds
    Case("Slice", {"starts": [1], "ends": [3]}, _x(2, 4, 3), tag="default-axes"),
    Case("Slice", {"starts": [0, 1], "ends": [3, 100], "axes": [-1, 1], "steps": [2, 1]},
         _x(2, 4, 5), tag="axes-steps-clipped"),
    Case("Slice", {"starts": [-3], "ends": [-1], "axes": [2]}, _x(2, 3, 5), tag="negative"),
    Case("Slice", {"starts": [1, 0], "ends": [2, 4], "steps": [1, 3]}, _x(2, 3, 5, 2),
         tag="steps-default-axes"),
    Case("Slice", {"starts": [0], "ends": [1], "axes": [0]}, _x(2, 3), tag="axis0"),
    # Split: every output port, sizes with and without -1, negative and inner axes
    Case("Split", {"sizes": [2, 3]}, _x(2, 5, 2), tag="y0"),
    Case("Split", {"sizes": [2, 3]}, _x(2, 5, 2), port="y1", tag="y1"),
    Case("Split", {"axis": -1, "sizes": [1, -1, 2]}, _x(2, 3, 6), port="y1", tag="minus1-y1"),
    Case("Split", {"axis": -1, "sizes": [1, -1, 2]}, _x(2, 3, 6), port="y2", tag="minus1-y2"),
    Case("Split", {"axis": 2, "sizes": [1, 1, 1, 2]}, _x(2, 2, 5), port="y3", tag="four-y3"),
    # Squeeze: all size-1 dims after the batch, chosen negative axes, nothing to squeeze
    Case("Squeeze", {}, _x(2, 1, 3, 1), tag="all"),
    Case("Squeeze", {"axes": [-1]}, _x(2, 1, 3, 1), tag="axes"),
    Case("Squeeze", {}, _x(2, 3), tag="none"),
    Case("Unsqueeze", {}, _x(2, 3), tag="default"),
    Case("Unsqueeze", {"axes": [0, -1]}, _x(2, 3), tag="two"),
    Case("Unsqueeze", {"axes": [-2]}, _x(2, 3, 4), tag="negative"),
    # Gather: int64 and int32 indices, axes 0, 1 and -1, indices of rank 1 and 2
    Case("Gather", {}, {"x": In((5, 3)), "indices": In((2, 4), "int", 5)}, tag="axis0"),
    Case("Gather", {"axis": 1}, {"x": In((2, 4, 3)), "indices": In((3,), "int32", 4)},
         tag="axis1-int32"),
    Case("Gather", {"axis": -1}, {"x": In((2, 3, 4)), "indices": In((2, 2), "int32", 4)},
         tag="axis-1-int32"),
    Case("Gather", {}, {"x": In((4, 3)), "indices": In((3,), "int32", 4)}, tag="axis0-int32"),
    Case("Gather", {"axis": 1}, {"x": In((2, 5)), "indices": In((2, 3), "int", 5)},
         tag="axis1-int64"),
    Case("Embedding", {"num_embeddings": 6, "embedding_dim": 3},
         {"indices": In((2, 4), "int32", 6)}, tag="int32-indices"),
    # Where: broadcast condition and operands, float and int32 values
    Case("Where", {}, _where((3, 4), (3, 4), (4,)), tag="float"),
    Case("Where", {}, _where((3, 1), (1, 4), (3, 4)), tag="broadcast"),
    Case("Where", {}, _where((2, 3), (2, 3), (2, 3), "int32"), tag="int32"),
    # Cast: every target from float, and from int64, int32 and bool
    Case("Cast", {}, _x(3, 4), tag="float32"),
    Case("Cast", {"to": "int32"}, _x(3, 4), tag="to-int32"),
    Case("Cast", {"to": "int64"}, _x(3, 4), tag="to-int64"),
    Case("Cast", {"to": "bool"}, _x(3, 4), tag="to-bool"),
    Case("Cast", {"to": "float32"}, _x(3, 4, domain="int", high=9), tag="int64-float32"),
    Case("Cast", {"to": "int64"}, _x(3, 4, domain="int32", high=9), tag="int32-int64"),
    Case("Cast", {"to": "float32"}, _x(3, 4, domain="bool"), tag="bool-float32"),
    Case("Cast", {"to": "int32"}, _x(3, 4, domain="bool"), tag="bool-int32"),
    # elementwise math
    Case("Clip", {}, _x(3, 4), tag="default"),
    Case("Clip", {"min": -0.1, "max": 0.7}, _x(3, 4), tag="bounds"),
    Case("Abs", {}, _x(3, 4), tag="float"),
    Case("Abs", {}, _x(3, 4, domain="int32", high=5, low=-5), tag="int32"),
    Case("Sqrt", {}, _x(3, 4, domain="pos")),
    Case("Maximum", {}, _ab((3, 4), (4,)), tag="broadcast"),
    Case("Maximum", {}, _ab((2, 3), (2, 3), "int", 9), tag="int"),
    Case("Minimum", {}, _ab((3, 1), (1, 4)), tag="broadcast"),
    Case("Minimum", {}, _ab((2, 3), (2, 3), "int32", 9), tag="int32"),
    # reductions on any axes
    Case("ReduceMax", {}, _x(2, 3, 4), tag="all"),
    Case("ReduceMax", {"keepdims": True}, _x(2, 3), tag="all-keepdims"),
    Case("ReduceMax", {"axes": [1], "keepdims": True}, _x(2, 3, 4), tag="keepdims"),
    Case("ReduceMax", {"axes": [-1, 0]}, _x(2, 3, 4), tag="negative"),
    Case("Sum", {"axes": [-1, -3]}, _x(2, 3, 4), tag="negative"),
    Case("Sum", {"axes": [0], "keepdims": True}, _x(2, 3, 4), tag="batch-keepdims"),
    Case("Mean", {"axes": [-2], "keepdims": True}, _x(2, 3, 4, 2), tag="negative-keepdims"),
    Case("Mean", {"axes": [0, 3]}, _x(2, 3, 2, 2), tag="batch-and-last"),
    # softmax family and concat on any axis
    Case("Softmax", {"axis": 0}, _x(3, 4), tag="batch"),
    Case("Softmax", {"axis": -2}, _x(2, 3, 2, 2), tag="negative-rank4"),
    Case("LogSoftmax", {"axis": 1}, _x(2, 3, 2, 2), tag="channels"),
    Case("LogSoftmax", {"axis": -3}, _x(2, 3, 4), tag="negative"),
    Case("Concat", {"axis": -1}, {"x0": In((2, 3, 2)), "x1": In((2, 3, 1))}, tag="negative"),
    Case("Concat", {"axis": 0}, {"x0": In((2, 3)), "x1": In((1, 3))}, tag="batch"),
    Case("Concat", {"axis": 2, "n": 3}, {"x0": In((2, 2, 1, 2)), "x1": In((2, 2, 2, 2)),
                                         "x2": In((2, 2, 3, 2))}, tag="rank4-height"),
]
