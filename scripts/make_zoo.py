"""Write the model zoo's example files (graphlab/examples/<name>.graphlab.json).

Each model is drawn with the graph API, with blocks where it repeats itself (a block
parameter such as ``channels`` lets one definition serve every stage), and carries a
training section that reaches the target in its description on both backends
(``docs/benchmarks.md`` records the full runs).

    python scripts/make_zoo.py            # every zoo example
    python scripts/make_zoo.py lenet5     # one
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphlab.graph import Graph  # noqa: E402
from graphlab.graph.blocks import BlockDef, BlockParam, ParamRef  # noqa: E402
from graphlab.graph.builders import classifier_tail  # noqa: E402
from graphlab.graph.fileformat import save  # noqa: E402
from graphlab.graph.layout import apply_layout  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "graphlab" / "examples"
ADAM = {"optimizer": "adam", "optimizer_params": {"betas": [0.9, 0.999], "eps": 1e-8,
                                                   "weight_decay": 0.0}}


class Chain:
    """Adds nodes one after another: ``c.then(op, attrs, label)`` wires the last value
    into the new node's first input."""

    def __init__(self, g: Graph, start: str) -> None:
        self.g, self.last = g, start

    def then(self, op: str, attrs: dict | None = None, label: str | None = None,
             port: str = "x", **more: str) -> str:
        n = self.g.add_node(op, attrs or {}, label)
        self.g.connect(self.last, "y", n, port)
        for p, src in more.items():
            self.g.connect(src, "y", n, p)
        self.last = n
        return n


def define(g: Graph, name: str, params: tuple[BlockParam, ...], doc: str,
           body: Callable[[Graph, str], str], shape: list[int]) -> None:
    """A block whose inside ``body(inner, input) -> last node`` builds, one input ``x``
    of ``shape`` (batch first, -1) and one output ``y``."""
    inner = Graph(name, blocks=g.blocks, definition=name)
    defn = BlockDef(name, inner, params, doc)
    g.blocks._defs[name] = defn  # its parameters are known while the inside is built
    try:
        x = inner.add_node("Input", {"name": "x", "shape": shape}, "x")
        last = body(inner, x)
        out = inner.add_node("Output", {"name": "y"}, "out_y")
        inner.connect(last, "y", out, "x")
        apply_layout(inner)
    finally:
        g.blocks._defs.pop(name)
    g.blocks.define(defn)


def classified(g: Graph, last: str, dataset: str, **training) -> None:
    """builders.classifier_tail on ``last``, and the training section."""
    classifier_tail(g, last)
    g.set_meta(training={**g.training, **ADAM, "dataset": dataset, "val_fraction": 0.2,
                         "backend": "torch", **training})


def digits_image(g: Graph) -> Chain:
    x = g.add_node("Input", {"name": "image", "shape": [-1, 64]}, "image")
    c = Chain(g, x)
    c.then("Reshape", {"shape": [1, 8, 8], "keep_batch": True}, "to_image")
    return c


# ----- the models ----------------------------------------------------------------------

def lenet5() -> Graph:
    g = Graph("lenet5", seed=5)

    def stage(inner, x):
        c = Chain(inner, x)
        c.then("Conv2d", {"out_channels": ParamRef("channels"), "kernel_size": 3,
                          "padding": 1}, "conv")
        c.then("Tanh", {}, "tanh")
        return c.then("AvgPool2d", {"kernel_size": 2}, "pool")

    define(g, "ConvTanhPool", (BlockParam("channels", "int", 6, "feature maps"),),
           "LeNet's unit: a 3x3 convolution, tanh, 2x2 average pooling", stage,
           [-1, 1, 8, 8])
    c = digits_image(g)
    c.then("ConvTanhPool", {"channels": 6}, "c1")
    c.then("ConvTanhPool", {"channels": 16}, "c3")
    c.then("Flatten", {}, "flatten")
    c.then("Linear", {"out_features": 120}, "f5")
    c.then("Tanh", {}, "tanh5")
    c.then("Linear", {"out_features": 84}, "f6")
    c.then("Tanh", {}, "tanh6")
    last = c.then("Linear", {"out_features": 10}, "out")
    classified(g, last, "digits", lr=0.002, batch_size=64, epochs=20)
    return g


def resnet_digits() -> Graph:
    g = Graph("resnet_digits", seed=7)

    def block(inner, x):
        c = Chain(inner, x)
        c.then("Conv2d", {"out_channels": ParamRef("channels"), "kernel_size": 3,
                          "padding": 1, "bias": False}, "conv1")
        c.then("BatchNorm", {}, "bn1")
        c.then("ReLU", {}, "relu1")
        c.then("Conv2d", {"out_channels": ParamRef("channels"), "kernel_size": 3,
                          "padding": 1, "bias": False}, "conv2")
        c.then("BatchNorm", {}, "bn2")
        c.then("Add", {}, "add", port="a", b=x)
        return c.then("ReLU", {}, "relu2")

    define(g, "ResBlock", (BlockParam("channels", "int", 16, "channels in and out"),),
           "two 3x3 conv-BN layers beside an identity skip, joined by Add", block,
           [-1, 16, 8, 8])
    c = digits_image(g)
    c.then("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1, "bias": False},
           "stem")
    c.then("BatchNorm", {}, "stem_bn")
    c.then("ReLU", {}, "stem_relu")
    c.then("ResBlock", {"channels": 16}, "block1")
    c.then("ResBlock", {"channels": 16}, "block2")
    c.then("Conv2d", {"out_channels": 32, "kernel_size": 3, "stride": 2, "padding": 1},
           "widen")
    c.then("ResBlock", {"channels": 32}, "block3")
    c.then("GlobalAvgPool", {}, "pool")
    last = c.then("Linear", {"out_features": 10}, "fc")
    classified(g, last, "digits", lr=0.002, batch_size=64, epochs=15)
    return g


def mobilenet_digits() -> Graph:
    g = Graph("mobilenet_digits", seed=11)

    def separable(inner, x):
        c = Chain(inner, x)
        cin = ParamRef("channels_in")
        c.then("Conv2d", {"out_channels": cin, "groups": cin, "kernel_size": 3,
                          "stride": ParamRef("stride"), "padding": 1, "bias": False},
               "depthwise")
        c.then("BatchNorm", {}, "bn1")
        c.then("ReLU", {}, "relu1")
        c.then("Conv2d", {"out_channels": ParamRef("channels_out"), "kernel_size": 1,
                          "bias": False}, "pointwise")
        c.then("BatchNorm", {}, "bn2")
        return c.then("ReLU", {}, "relu2")

    define(g, "DepthwiseSeparable", (
        BlockParam("channels_in", "int", 16, "channels in (one 3x3 filter each)"),
        BlockParam("channels_out", "int", 32, "channels out (the 1x1 convolution's)"),
        BlockParam("stride", "int", 1, "the depthwise convolution's stride")),
        "MobileNet's unit: a depthwise 3x3 convolution, then a pointwise 1x1 one",
        separable, [-1, 16, 8, 8])
    c = digits_image(g)
    c.then("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1, "bias": False},
           "stem")
    c.then("BatchNorm", {}, "stem_bn")
    c.then("ReLU", {}, "stem_relu")
    c.then("DepthwiseSeparable", {"channels_in": 16, "channels_out": 32, "stride": 1}, "dw1")
    c.then("DepthwiseSeparable", {"channels_in": 32, "channels_out": 64, "stride": 2}, "dw2")
    c.then("DepthwiseSeparable", {"channels_in": 64, "channels_out": 64, "stride": 1}, "dw3")
    c.then("GlobalAvgPool", {}, "pool")
    last = c.then("Linear", {"out_features": 10}, "fc")
    classified(g, last, "digits", lr=0.003, batch_size=64, epochs=15)
    return g


def transformer_waveforms() -> Graph:
    g = Graph("transformer_waveforms", seed=13)
    width = 16

    def layer(inner, x):
        c = Chain(inner, x)
        c.then("MultiHeadAttention", {"num_heads": 2}, "attention", port="query")
        c.then("Add", {}, "add1", port="a", b=x)
        n1 = c.then("LayerNorm", {}, "norm1")
        c.then("Linear", {"out_features": 2 * width}, "ff1")
        c.then("GELU", {}, "gelu")
        c.then("Linear", {"out_features": width}, "ff2")
        c.then("Add", {}, "add2", port="a", b=n1)
        return c.then("LayerNorm", {}, "norm2")

    define(g, "EncoderLayer", (), "a Transformer encoder layer: self-attention and a "
           "feed-forward net, each added to its input and layer-normalised", layer,
           [-1, 32, width])
    x = g.add_node("Input", {"name": "wave", "shape": [-1, 32, 1]}, "wave")
    c = Chain(g, x)
    c.then("Linear", {"out_features": width}, "embed")
    pos = g.add_node("Parameter", {"shape": [32, width], "init": "normal"}, "position")
    c.then("Add", {}, "add_position", port="a", b=pos)
    c.then("EncoderLayer", {}, "layer1")
    c.then("EncoderLayer", {}, "layer2")
    c.then("Mean", {"axes": [1]}, "over_time")
    last = c.then("Linear", {"out_features": 3}, "head")
    classified(g, last, "waveforms", lr=0.003, batch_size=64, epochs=15,
                    standardize=False)
    return g


def lstm_waveforms() -> Graph:
    g = Graph("lstm_waveforms", seed=17)
    x = g.add_node("Input", {"name": "wave", "shape": [-1, 32, 1]}, "wave")
    c = Chain(g, x)
    c.then("LSTM", {"hidden_size": 32, "output": "last"}, "lstm")
    last = c.then("Linear", {"out_features": 3}, "head")
    classified(g, last, "waveforms", lr=0.003, batch_size=64, epochs=30,
                    standardize=False)
    return g


def conv_autoencoder() -> Graph:
    g = Graph("conv_autoencoder", seed=19)
    c = digits_image(g)
    image = g.find("image")
    c.then("Conv2d", {"out_channels": 8, "kernel_size": 3, "stride": 2, "padding": 1},
           "encode1")
    c.then("ReLU", {}, "relu1")
    c.then("Conv2d", {"out_channels": 16, "kernel_size": 3, "stride": 2, "padding": 1},
           "encode2")
    c.then("ReLU", {}, "relu2")
    c.then("ConvTranspose2d", {"out_channels": 8, "kernel_size": 2, "stride": 2}, "decode1")
    c.then("ReLU", {}, "relu3")
    c.then("Upsample", {"mode": "nearest", "scale_factor": 2}, "upsample")
    c.then("Conv2d", {"out_channels": 1, "kernel_size": 3, "padding": 1}, "decode2")
    c.then("Sigmoid", {}, "pixels")
    last = c.then("Flatten", {}, "flatten")  # compared with the 64 input pixels
    out = g.add_node("Output", {"name": "image"}, "reconstruction")
    g.connect(last, "y", out, "x")
    given = g.add_node("Output", {"name": "given"}, "given")  # the loss reads model outputs
    g.connect(image, "y", given, "x")
    loss = g.add_node("MSELoss", {}, "loss")
    g.connect(last, "y", loss, "pred")
    g.connect(image, "y", loss, "target")
    g.set_meta(training={**g.training, **ADAM, "dataset": "digits", "val_fraction": 0.2,
                         "backend": "torch", "lr": 0.005, "batch_size": 64, "epochs": 20,
                         "standardize": False})
    return g


ZOO = {"lenet5": lenet5, "resnet_digits": resnet_digits, "mobilenet_digits": mobilenet_digits,
       "transformer_waveforms": transformer_waveforms, "lstm_waveforms": lstm_waveforms,
       "conv_autoencoder": conv_autoencoder}


def main(names: list[str]) -> int:
    for name in names or list(ZOO):
        g = ZOO[name]()
        errors = g.analysis.errors()
        if errors:
            print(f"{name}: {errors[0].message}", file=sys.stderr)
            return 1
        apply_layout(g)
        path = save(g, HERE / f"{name}.graphlab.json")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
