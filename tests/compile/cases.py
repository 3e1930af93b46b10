"""Single-op graphs for the parity tests: one or more cases for every registry op."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphlab.graph import Graph

# int32 and bool inputs: an int64 Input (values in [low, high)) and a Cast to the dtype
CAST = {"int32": "int32", "bool": "bool"}


@dataclass(frozen=True)
class In:
    shape: tuple[int, ...]
    # away (|x| in [0.2, 1.5], clear of kinks), pos, prob, int; mask: int64 0/1 with the
    # last axis's first entry 1 (one key always attended); padding: int64 0/1, each row
    # 0 then 1 from a random length on (the first key never padding); leftpad: 1 then 0
    # (the first key always padding, so causal attention leaves query 0 no key)
    domain: str = "away"
    high: int = 2  # for int inputs: values in [low, high)
    role: str = "feature"
    low: int = 0

    @property
    def dtype(self) -> str:
        return "int64" if self.domain in ("int", "mask", "padding", "leftpad", *CAST) \
            else "float32"

    @property
    def cast(self) -> str | None:
        """The dtype a Cast after the Input makes (Inputs feed only float32 and int64)."""
        return CAST.get(self.domain)

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        if self.domain in ("int", *CAST):
            return rng.integers(self.low, self.high, self.shape).astype(np.int64)
        if self.domain == "mask":
            bits = rng.integers(0, 2, self.shape)
            bits[..., 0] = 1
            return bits.astype(np.int64)
        if self.domain == "padding":
            lengths = rng.integers(1, self.shape[-1] + 1, self.shape[:-1])
            return (np.arange(self.shape[-1]) >= lengths[..., None]).astype(np.int64)
        if self.domain == "leftpad":  # 1 up to a random length >= 1: the first key padded
            lengths = rng.integers(1, self.shape[-1], self.shape[:-1])
            return (np.arange(self.shape[-1]) < lengths[..., None]).astype(np.int64)
        if self.domain == "pos":
            v = rng.uniform(0.5, 2.0, self.shape)
        elif self.domain == "prob":
            v = rng.uniform(0.1, 0.9, self.shape)
        else:
            v = rng.uniform(0.2, 1.5, self.shape) * rng.choice([-1.0, 1.0], self.shape)
        return v.astype(np.float32)


@dataclass(frozen=True)
class Case:
    op: str
    attrs: dict = field(default_factory=dict)
    inputs: dict = field(default_factory=dict)  # port -> In
    training: bool = False
    grad: bool = True  # False for piecewise-constant ops (rounding division)
    tag: str = ""
    port: str = ""  # the output port checked (empty: the first), through the model's Output

    @property
    def id(self) -> str:
        return self.op + (f"-{self.tag}" if self.tag else "")


def _x(*shape, domain="away"):
    return {"x": In(shape, domain)}


def _ab(sa, sb, domain="away", bdomain=None):
    return {"a": In(sa, domain), "b": In(sb, bdomain or domain)}


def _loss(pred, target):
    return {"pred": pred, "target": In(target.shape, target.domain, target.high, "target")}


CASES = [
    Case("Input", inputs=_x(3, 4)),
    Case("Output", inputs=_x(3, 4)),
    Case("Constant", {"value": 1.5, "shape": [2, 3]}),
    Case("Parameter", {"shape": [3], "init": "normal"}),
    Case("Parameter", {"shape": [], "init": "constant", "value": -2.0}, tag="scalar"),
    Case("Linear", {"out_features": 4}, _x(3, 5)),
    Case("Linear", {"out_features": 3, "bias": False}, _x(2, 3, 5), tag="rank3-nobias"),
    Case("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}, _x(2, 3, 6, 6)),
    Case("Conv2d", {"out_channels": 3, "kernel_size": 3, "stride": 2, "padding": "same"},
         _x(2, 2, 7, 7), tag="same-stride2"),
    Case("Conv2d", {"out_channels": 2, "kernel_size": 2, "dilation": 2, "bias": False},
         _x(1, 2, 6, 5), tag="dilated"),
    Case("Conv2d", {"out_channels": 3, "kernel_size": 3, "dilation": 2, "stride": 2,
                    "padding": 1}, _x(2, 2, 9, 8), tag="dilated-stride2-pad"),
    Case("Conv2d", {"out_channels": 2, "kernel_size": 3, "dilation": 3, "stride": 2,
                    "padding": "same"}, _x(1, 3, 7, 10), tag="dilated-same-stride2"),
    Case("MaxPool2d", {"kernel_size": 2}, _x(2, 3, 6, 6)),
    Case("MaxPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, _x(2, 2, 7, 7), tag="pad"),
    Case("AvgPool2d", {"kernel_size": 2}, _x(2, 3, 6, 6)),
    Case("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, _x(2, 2, 7, 7), tag="pad"),
    Case("GlobalAvgPool", {}, _x(2, 3, 4, 5)),
    Case("BatchNorm", {"momentum": 0.2, "eps": 1e-3}, _x(4, 3, 3, 3), training=True),
    Case("BatchNorm", {}, _x(6, 5), training=True, tag="2d"),
    Case("BatchNorm", {"affine": False}, _x(6, 5), tag="eval"),
    Case("LayerNorm", {}, _x(3, 6)),
    Case("Dropout", {"p": 0.3}, _x(3, 4)),
    Case("Embedding", {"num_embeddings": 7, "embedding_dim": 5},
         {"indices": In((3, 4), "int", high=7)}),
    Case("Flatten", {}, _x(2, 3, 2, 2)),
    Case("Reshape", {"shape": [3, -1]}, _x(2, 12)),
    Case("ReLU", {}, _x(3, 5)),
    Case("LeakyReLU", {"negative_slope": 0.1}, _x(3, 5)),
    Case("Sigmoid", {}, _x(3, 5)),
    Case("Tanh", {}, _x(3, 5)),
    Case("GELU", {}, _x(3, 5)),
    Case("GELU", {"approximate": "tanh"}, _x(3, 5), tag="tanh"),
    Case("Softmax", {"axis": 1}, _x(2, 3, 4)),
    Case("LogSoftmax", {}, _x(3, 5)),
    Case("Add", {}, _ab((3, 4), (4,))),
    Case("Sub", {}, _ab((3, 1), (1, 4))),
    Case("Mul", {}, _ab((2, 3, 4), (3, 1))),
    Case("Div", {}, _ab((3, 4), (3, 4))),
    Case("Div", {"rounding": "floor"}, _ab((3, 4), (3, 4)), grad=False, tag="floor"),
    Case("Div", {"rounding": "trunc"}, _ab((3, 4), (3, 4)), grad=False, tag="trunc"),
    Case("Div", {"rounding": "floor"}, {"a": In((3, 4), "int", high=20),
                                        "b": In((3, 4), "int", high=5, low=1)},
         grad=False, tag="int"),
    Case("Pow", {"exponent": 1.5}, _x(3, 4, domain="pos")),
    Case("Pow", {"exponent": 3.0}, _x(3, 4), tag="cube"),
    Case("Exp", {}, _x(3, 4)),
    Case("Log", {}, _x(3, 4, domain="pos")),
    Case("Neg", {}, _x(3, 4)),
    Case("MatMul", {}, _ab((2, 3, 4), (4, 5))),
    Case("Concat", {"n": 3, "axis": 1}, {"x0": In((2, 2)), "x1": In((2, 3)), "x2": In((2, 1))}),
    Case("Sum", {}, _x(2, 3, 4)),
    Case("Sum", {"axes": [1], "keepdims": True}, _x(2, 3, 4), tag="keepdims"),
    Case("Mean", {"axes": [0, 2]}, _x(2, 3, 4)),
    Case("Transpose", {}, _x(2, 3, 4)),
    Case("Transpose", {"perm": [2, 0, 1]}, _x(2, 3, 4), tag="perm"),
    Case("MSELoss", {}, _loss(In((4, 3)), In((4, 3)))),
    Case("BCELoss", {}, _loss(In((4, 1), "prob"), In((4, 1), "prob"))),
    Case("BCEWithLogitsLoss", {"reduction": "sum"}, _loss(In((4, 2)), In((4, 2), "prob"))),
    Case("CrossEntropyLoss", {}, {"logits": In((4, 5)), "target": In((4,), "int", 5, "target")}),
    Case("CrossEntropyLoss", {"reduction": "sum"},
         {"logits": In((4, 5)), "target": In((4,), "int", 5, "target")}, tag="sum"),
]


def build(case: Case) -> tuple[Graph, str]:
    """The case's graph: Inputs named after the ports -> op "node" -> Output.

    A loss op's prediction Input is also returned through an Output, as the compiler
    asks of values a loss reads.
    """
    g = Graph(name=f"case_{case.op.lower()}", seed=3)
    srcs = {}
    for port, spec in case.inputs.items():
        srcs[port] = g.add_node("Input", {"name": port, "shape": list(spec.shape),
                                          "dtype": spec.dtype, "role": spec.role}, port)
        if spec.cast:
            cast = g.add_node("Cast", {"to": spec.cast}, f"{port}_{spec.cast}")
            g.connect(srcs[port], "y", cast, "x")
            srcs[port] = cast
    if case.op == "Input":
        node = srcs["x"]
    elif case.op == "Output":
        node = g.add_node("Output", {"name": "node"}, "node")
        g.connect(srcs["x"], "y", node, "x")
        return g, node
    else:
        node = g.add_node(case.op, case.attrs, "node")
        for port, src in srcs.items():
            g.connect(src, "y", node, port)
    spec = g.node(node).spec
    if spec.is_loss:
        first = next(iter(case.inputs))
        out = g.add_node("Output", {"name": "out"}, "out")
        g.connect(srcs[first], "y", out, "x")
    else:
        out = g.add_node("Output", {"name": "out"}, "out")
        g.connect(node, case.port or spec.outputs[0].name, out, "x")
    assert g.analysis.ok, g.analysis.errors()
    return g, node
