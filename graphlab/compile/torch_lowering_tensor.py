"""PyTorch lowerings of the ops in graphlab/graph/ops/tensor_ops.py: shape and elementwise tensor ops."""

from __future__ import annotations

from graphlab.compile.torch_lowering_base import Lowering

LOWERINGS: dict[str, Lowering] = {}
