"""Ops: 1-D/2-D convolution, pooling, resampling and normalisation."""

from __future__ import annotations

from graphlab.graph.ops.spec import OpSpec

OPS: tuple[OpSpec, ...] = ()
