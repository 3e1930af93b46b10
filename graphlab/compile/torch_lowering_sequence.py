"""PyTorch lowerings of the ops in graphlab/graph/ops/sequence.py: attention and recurrent layers."""

from __future__ import annotations

from graphlab.compile.torch_lowering_base import Lowering

LOWERINGS: dict[str, Lowering] = {}
