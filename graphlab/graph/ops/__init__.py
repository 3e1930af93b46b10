"""The op registry: every op graphlab knows, by name, and the check on lowering tables."""

from __future__ import annotations

import difflib
from typing import TypeVar

from graphlab.graph.ops import (
    activations,
    layers,
    losses,
    math_ops,
    sequence,
    sources,
    spatial,
    tensor_ops,
)
from graphlab.graph.ops.spec import CATEGORIES, OpSpec

REGISTRY: dict[str, OpSpec] = {}
for _module in (sources, layers, spatial, sequence, activations, math_ops, tensor_ops, losses):
    for _spec in _module.OPS:
        assert _spec.name not in REGISTRY, _spec.name
        REGISTRY[_spec.name] = _spec


def get_op(name: str) -> OpSpec:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(unknown_op_message(name)) from None


def unknown_op_message(name: str) -> str:
    lower = {k.lower(): k for k in REGISTRY}
    close = [lower[str(name).lower()]] if str(name).lower() in lower else \
        difflib.get_close_matches(str(name), REGISTRY, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown op {name!r}{hint}"


T = TypeVar("T")


def lowering_table(backend: str, table: dict[str, T]) -> dict[str, T]:
    """``table`` (op name -> one backend's lowering), refused at import when it names an
    op the registry lacks. :func:`missing_lowerings` says which ops it does not cover;
    the op table test fails on any."""
    unknown = [name for name in table if name not in REGISTRY]
    if unknown:
        raise KeyError(f"{backend} lowering for {unknown_op_message(unknown[0])}")
    return table


def missing_lowerings(table: dict[str, object]) -> list[str]:
    """Registry ops that ``table`` has no lowering for, in registry order."""
    return [name for name in REGISTRY if name not in table]


def ops_by_category() -> dict[str, list[OpSpec]]:
    out: dict[str, list[OpSpec]] = {c: [] for c in CATEGORIES}
    for spec in REGISTRY.values():
        out[spec.category].append(spec)
    return out


__all__ = ["REGISTRY", "get_op", "lowering_table", "missing_lowerings", "ops_by_category",
           "unknown_op_message", "OpSpec"]
