"""The op registry: every op graphlab knows, by name."""

from __future__ import annotations

import difflib

from graphlab.graph.ops import activations, layers, losses, math_ops, sources
from graphlab.graph.ops.spec import CATEGORIES, OpSpec

REGISTRY: dict[str, OpSpec] = {}
for _module in (sources, layers, activations, math_ops, losses):
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


def ops_by_category() -> dict[str, list[OpSpec]]:
    out: dict[str, list[OpSpec]] = {c: [] for c in CATEGORIES}
    for spec in REGISTRY.values():
        out[spec.category].append(spec)
    return out


__all__ = ["REGISTRY", "get_op", "ops_by_category", "unknown_op_message", "OpSpec"]
