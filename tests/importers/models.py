"""Plain-torch models for the import tests (no model hub: nothing is downloaded)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        skip = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(y)) + skip)


class ResNet18(nn.Module):
    """torchvision's resnet18 layout (7x7 stem, four stages of two BasicBlocks)."""

    def __init__(self, classes=10, width=64):
        super().__init__()
        w = width
        self.conv1 = nn.Conv2d(3, w, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(w, w), BasicBlock(w, w))
        self.layer2 = nn.Sequential(BasicBlock(w, 2 * w, 2), BasicBlock(2 * w, 2 * w))
        self.layer3 = nn.Sequential(BasicBlock(2 * w, 4 * w, 2), BasicBlock(4 * w, 4 * w))
        self.layer4 = nn.Sequential(BasicBlock(4 * w, 8 * w, 2), BasicBlock(8 * w, 8 * w))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8 * w, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class Attention(nn.Module):
    def __init__(self, e, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(e, 3 * e)
        self.proj = nn.Linear(e, e)

    def forward(self, x):
        b, t, e = x.shape
        d = e // self.heads
        q, k, v = (z.view(b, t, self.heads, d).transpose(1, 2)
                   for z in self.qkv(x).split(e, dim=-1))
        a = torch.softmax(q @ k.transpose(-2, -1) / d ** 0.5, dim=-1)
        return self.proj((a @ v).transpose(1, 2).reshape(b, t, e))


class EncoderLayer(nn.Module):
    def __init__(self, e, heads):
        super().__init__()
        self.attn = Attention(e, heads)
        self.norm1 = nn.LayerNorm(e)
        self.ff1 = nn.Linear(e, 2 * e)
        self.ff2 = nn.Linear(2 * e, e)
        self.norm2 = nn.LayerNorm(e)

    def forward(self, x):
        x = self.norm1(x + self.attn(x))
        return self.norm2(x + self.ff2(F.gelu(self.ff1(x))))


class Encoder(nn.Module):
    """A two-layer Transformer encoder classifier over [N, T, 6] sequences."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(6, 16)
        self.layers = nn.Sequential(EncoderLayer(16, 2), EncoderLayer(16, 2))
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        return self.head(self.layers(self.embed(x)).mean(1))


def with_batchnorm_statistics(model: nn.Module, seed: int = 0) -> nn.Module:
    """Running statistics that are not 0 and 1, so a lost buffer shows."""
    gen = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=gen) - 0.5)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
    return model.eval()
