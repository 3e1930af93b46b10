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
    # the model zoo (scripts/make_zoo.py): each reaches what it says on both backends
    "lenet5": "LeNet-5 on the digits: two ConvTanhPool blocks and three Linear layers; "
              "validation accuracy 0.93 or more after 20 epochs",
    "resnet_digits": "a small ResNet on the digits: three ResBlocks (conv-BN twice beside a "
                     "skip; 16, 16, 32 channels); validation accuracy 0.95 or more",
    "mobilenet_digits": "MobileNet-style on the digits: three DepthwiseSeparable blocks "
                        "(depthwise 3x3, then pointwise 1x1); validation accuracy 0.9 or more",
    "transformer_waveforms": "a Transformer encoder (two EncoderLayer blocks: self-attention, "
                             "feed-forward) telling sine, square and sawtooth waves apart; "
                             "validation accuracy 0.9 or more",
    "lstm_waveforms": "an LSTM reading a noisy wave step by step, classified from its last "
                      "state; validation accuracy 0.9 or more after 30 epochs",
    "conv_autoencoder": "a convolutional autoencoder: digits squeezed to 16x2x2 by strided "
                        "convolutions, rebuilt by ConvTranspose2d and Upsample; validation "
                        "MSE 0.02 or less",
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
