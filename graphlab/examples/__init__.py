"""Built-in example graphs, shipped as ``.graphlab.json`` files next to this module."""

from __future__ import annotations

from pathlib import Path

from graphlab.graph.fileformat import load

HERE = Path(__file__).resolve().parent

DESCRIPTIONS = {
    "seed_mlp": "the seed document's network: 10-10-10-1, ReLU, ReLU, Sigmoid, BCE, Adam",
    "xor": "2-4-1 with Tanh on the four XOR points",
    "digits_mlp": "64-128-10 MLP for scikit-learn's 8x8 digits, cross-entropy",
    "digits_cnn": "small CNN on the digits as 1x8x8 images",
    "residual": "a ResBlock (two Linear layers beside a skip connection, joined by Add) "
                "used three times, 8, 16 and 32 wide (two moons)",
    "scalar_expr": "micrograd-style scalar graph L = (a*b + c) * f, for teaching",
    "deep_sigmoid": "ten Sigmoid layers: the vanishing-gradient lesson",
    "conv_stages": "blocks inside blocks: two Stages of two ConvBNReLU units each (digits)",
}

DEFAULT = "seed_mlp"


def names() -> list[str]:
    return list(DESCRIPTIONS)


def path(name: str) -> Path:
    if name not in DESCRIPTIONS:
        raise KeyError(f"no example named {name!r}; choose one of {', '.join(DESCRIPTIONS)}")
    return HERE / f"{name}.graphlab.json"


def example(name: str = DEFAULT):
    return load(path(name))
