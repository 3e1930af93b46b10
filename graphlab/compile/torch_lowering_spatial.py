"""PyTorch lowerings of the ops in graphlab/graph/ops/spatial.py: 1-D/2-D convolution, pooling, resampling and normalisation."""

from __future__ import annotations

from graphlab.compile.torch_lowering_base import Lowering

LOWERINGS: dict[str, Lowering] = {}
