"""Regenerate the built-in example graphs in graphlab/examples/ from code.

Run: python scripts/make_examples.py [NAME ...]. The JSON files are what ships; this script is how
they were made, so a change to an example is a reviewable diff here.
"""

from __future__ import annotations

from pathlib import Path

from graphlab.graph import Graph
from graphlab.graph.blocks import BlockDef, BlockParam, ParamRef
from graphlab.graph.builders import chain, classifier_tail, target_tail
from graphlab.graph.fileformat import save
from graphlab.graph.layout import apply_layout

OUT = Path(__file__).resolve().parent.parent / "graphlab" / "examples"


def seed_mlp() -> Graph:
    g = Graph("seed_mlp", seed=0, training={
        "dataset": "seed_task", "optimizer": "adam", "lr": 0.01, "batch_size": 32,
        "epochs": 20})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 10]}, "x")
    y = chain(g, x,
              ("Linear", {"in_features": 10, "out_features": 10}, "fc1"),
              ("ReLU", {}, "relu1"),
              ("Linear", {"in_features": 10, "out_features": 10}, "fc2"),
              ("ReLU", {}, "relu2"),
              ("Linear", {"in_features": 10, "out_features": 1}, "fc3"),
              ("Sigmoid", {}, "sigmoid"))
    target_tail(g, y, "BCELoss")
    return g


def xor() -> Graph:
    g = Graph("xor", seed=1, training={
        "dataset": "xor", "optimizer": "adam", "lr": 0.05, "batch_size": 4, "epochs": 300,
        "val_fraction": 0.0, "standardize": False})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    y = chain(g, x,
              ("Linear", {"in_features": 2, "out_features": 4}, "hidden"),
              ("Tanh", {}, "tanh"),
              ("Linear", {"in_features": 4, "out_features": 1}, "logit"))
    target_tail(g, y, "BCEWithLogitsLoss")
    return g


def digits_mlp() -> Graph:
    g = Graph("digits_mlp", seed=0, training={
        "dataset": "digits", "optimizer": "adam", "lr": 0.001, "batch_size": 64,
        "epochs": 30})
    x = g.add_node("Input", {"name": "image", "shape": [-1, 64]}, "image")
    logits = chain(g, x,
                   ("Linear", {"in_features": 64, "out_features": 128}, "fc1"),
                   ("ReLU", {}, "relu"),
                   ("Linear", {"in_features": 128, "out_features": 10}, "fc2"))
    classifier_tail(g, logits)
    return g


def digits_cnn() -> Graph:
    g = Graph("digits_cnn", seed=0, training={
        "dataset": "digits", "optimizer": "adam", "lr": 0.002, "batch_size": 64,
        "epochs": 20})
    x = g.add_node("Input", {"name": "image", "shape": [-1, 64]}, "image")
    logits = chain(g, x,
                   ("Reshape", {"shape": [1, 8, 8]}, "to_image"),
                   ("Conv2d", {"in_channels": 1, "out_channels": 16, "kernel_size": 3,
                               "padding": 1}, "conv1"),
                   ("ReLU", {}, "relu1"),
                   ("MaxPool2d", {"kernel_size": 2}, "pool1"),
                   ("Conv2d", {"in_channels": 16, "out_channels": 32, "kernel_size": 3,
                               "padding": 1}, "conv2"),
                   ("ReLU", {}, "relu2"),
                   ("MaxPool2d", {"kernel_size": 2}, "pool2"),
                   ("Flatten", {}, "flatten"),
                   ("Linear", {"in_features": 128, "out_features": 10}, "fc"))
    classifier_tail(g, logits)
    return g


def define(g: Graph, name: str, params: tuple[BlockParam, ...], doc: str) -> Graph:
    """A new, empty block definition of ``g``'s file; returns its inside to build."""
    inner = Graph(name, blocks=g.blocks, definition=name)
    g.blocks.define(BlockDef(name, inner, params, doc))
    return inner


def instance(g: Graph, block: str, attrs: dict, label: str, src: str, port: str = "x") -> str:
    """An instance of ``block`` fed by ``src``'s output into input port ``port``."""
    n = g.add_node(block, attrs, label)
    g.connect(src, "y", n, port)
    return n


def res_block(g: Graph) -> None:
    """ResBlock(channels): two Linear layers beside the skip connection, added and passed
    through a ReLU; its input is ``channels`` wide."""
    inner = define(g, "ResBlock", (BlockParam("channels", "int", 16, "width"),),
                   "Two Linear layers beside a skip connection, joined by Add.")
    ch = ParamRef("channels")
    x = inner.add_node("Input", {"name": "x", "shape": [-1, 16]}, "x")
    branch = chain(inner, x, ("Linear", {"in_features": ch, "out_features": ch}, "fc1"),
                   ("ReLU", {}, "relu"),
                   ("Linear", {"in_features": ch, "out_features": ch}, "fc2"))
    add = inner.add_node("Add", {}, "skip_add")
    inner.connect(x, "y", add, "a")
    inner.connect(branch, "y", add, "b")
    y = chain(inner, add, ("ReLU", {}, "post_relu"))
    out = inner.add_node("Output", {"name": "y"}, "y")
    inner.connect(y, "y", out, "x")


def residual() -> Graph:
    g = Graph("residual", seed=0, training={
        "dataset": "moons", "optimizer": "adam", "lr": 0.01, "batch_size": 32, "epochs": 30})
    res_block(g)
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    h = chain(g, x, ("Linear", {"in_features": 2, "out_features": 8}, "stem"),
              ("ReLU", {}, "stem_relu"))
    for i, width in enumerate((8, 16, 32), 1):
        if i > 1:  # widen to the next block's width
            h = chain(g, h, ("Linear", {"in_features": width // 2, "out_features": width},
                             f"widen{i}"))
        h = instance(g, "ResBlock", {"channels": width}, f"block{i}", h)
    logits = chain(g, h, ("Linear", {"in_features": 32, "out_features": 2}, "head"))
    classifier_tail(g, logits)
    return g


def conv_stages() -> Graph:
    """Nested blocks: a Stage is two ConvBNReLU units and a pool; two Stages on digits."""
    g = Graph("conv_stages", seed=0, training={
        "dataset": "digits", "optimizer": "adam", "lr": 0.002, "batch_size": 64,
        "epochs": 20})
    unit = define(g, "ConvBNReLU", (BlockParam("channels", "int", 8, "output channels"),),
                  "3x3 convolution, batch norm, ReLU.")
    x = unit.add_node("Input", {"name": "x", "shape": [-1, 8, 8, 8]}, "x")
    y = chain(unit, x, ("Conv2d", {"out_channels": ParamRef("channels"), "kernel_size": 3,
                                   "padding": 1, "bias": False}, "conv"),
              ("BatchNorm", {}, "bn"), ("ReLU", {}, "relu"))
    out = unit.add_node("Output", {"name": "y"}, "y")
    unit.connect(y, "y", out, "x")
    stage = define(g, "Stage", (BlockParam("channels", "int", 8, "output channels"),),
                   "Two ConvBNReLU units, then 2x2 max pooling.")
    sx = stage.add_node("Input", {"name": "x", "shape": [-1, 1, 8, 8]}, "x")
    a = instance(stage, "ConvBNReLU", {"channels": ParamRef("channels")}, "unit1", sx)
    b = instance(stage, "ConvBNReLU", {"channels": ParamRef("channels")}, "unit2", a)
    pooled = chain(stage, b, ("MaxPool2d", {"kernel_size": 2}, "pool"))
    sout = stage.add_node("Output", {"name": "y"}, "y")
    stage.connect(pooled, "y", sout, "x")
    image = g.add_node("Input", {"name": "image", "shape": [-1, 64]}, "image")
    h = chain(g, image, ("Reshape", {"shape": [1, 8, 8]}, "to_image"))
    h = instance(g, "Stage", {"channels": 8}, "stage1", h)
    h = instance(g, "Stage", {"channels": 16}, "stage2", h)
    logits = chain(g, h, ("Flatten", {}, "flatten"),
                   ("Linear", {"in_features": 64, "out_features": 10}, "fc"))
    classifier_tail(g, logits)
    return g


def scalar_expr() -> Graph:
    g = Graph("scalar_expr", seed=0, training={
        "dataset": "none", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 0.01, "batch_size": 1, "epochs": 1, "val_fraction": 0.0,
        "standardize": False})
    vals = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}
    p = {k: g.add_node("Parameter", {"shape": [], "init": "constant", "value": v}, k)
         for k, v in vals.items()}
    e = g.add_node("Mul", {}, "e")
    g.connect(p["a"], "y", e, "a")
    g.connect(p["b"], "y", e, "b")
    d = g.add_node("Add", {}, "d")
    g.connect(e, "y", d, "a")
    g.connect(p["c"], "y", d, "b")
    L = g.add_node("Mul", {}, "L")
    g.connect(d, "y", L, "a")
    g.connect(p["f"], "y", L, "b")
    out = g.add_node("Output", {"name": "L"}, "L_out")
    g.connect(L, "y", out, "x")
    return g


def deep_sigmoid() -> Graph:
    g = Graph("deep_sigmoid", seed=0, training={
        "dataset": "circles", "optimizer": "sgd", "optimizer_params": {"momentum": 0.0},
        "lr": 0.1, "batch_size": 32, "epochs": 20})
    x = g.add_node("Input", {"name": "x", "shape": [-1, 2]}, "x")
    cur, width = x, 2
    for i in range(1, 11):
        cur = chain(g, cur, ("Linear", {"in_features": width, "out_features": 16}, f"fc{i}"),
                    ("Sigmoid", {}, f"sig{i}"))
        width = 16
    logits = chain(g, cur, ("Linear", {"in_features": 16, "out_features": 1}, "head"))
    target_tail(g, logits, "BCEWithLogitsLoss")
    return g


BUILDERS = [seed_mlp, xor, digits_mlp, digits_cnn, residual, scalar_expr, deep_sigmoid,
            conv_stages]

if __name__ == "__main__":
    import sys

    wanted = set(sys.argv[1:])  # example names to write (default: every one)
    for build in BUILDERS:
        if wanted and build.__name__ not in wanted:
            continue
        graph = build()
        apply_layout(graph)
        errs = graph.analysis.errors()
        assert not errs, (build.__name__, [str(e) for e in errs])
        save(graph, OUT / f"{build.__name__}.graphlab.json")
        print("wrote", build.__name__, len(graph), "nodes")
