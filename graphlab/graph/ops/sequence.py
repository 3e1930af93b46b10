"""Ops: attention and recurrent layers."""

from __future__ import annotations

from graphlab.graph.ops.spec import OpSpec

OPS: tuple[OpSpec, ...] = ()
