"""Shared helpers for the compiler tests: example inputs and framework conversions."""

from __future__ import annotations

import contextlib

import numpy as np

from graphlab.compile.plan import Plan


def example_inputs(plan: Plan, seed: int = 0, batch: int = 5) -> dict[str, np.ndarray]:
    """Random arrays for every Input (features and targets), by python name."""
    rng = np.random.default_rng(seed)
    out = {}
    for s in plan.feature_steps() + plan.target_steps():
        shape = tuple(batch if d == -1 else d for d in s.attrs["shape"])
        if s.attrs["dtype"] == "int64":
            consumers = [c for c in plan.steps if any(src == s.id for src, _ in c.inputs.values())]
            high = min([c.attrs.get("num_embeddings") or 0 for c in consumers
                        if c.op == "Embedding"] or [0]) or _classes(plan, s.id) or 2
            out[s.name] = rng.integers(0, high, shape).astype(np.int64)
        elif s.attrs["role"] == "target":
            out[s.name] = rng.uniform(0.05, 0.95, shape).astype(np.float32)
        else:
            out[s.name] = rng.standard_normal(shape).astype(np.float32)
    return out


def _classes(plan: Plan, target_id: str) -> int:
    for c in plan.steps:
        if c.op == "CrossEntropyLoss" and c.inputs["target"][0] == target_id:
            return c.in_types["logits"].shape[1]
    return 0


def as_tuple(y):
    return y if isinstance(y, tuple) else (y,)


def to_numpy(v) -> np.ndarray:
    if hasattr(v, "detach"):
        return v.detach().cpu().numpy()
    return np.asarray(v.numpy() if hasattr(v, "numpy") else v)


def rel_err(got, want) -> float:
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, (got.shape, want.shape)
    if want.size == 0:
        return 0.0
    return float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-3))


@contextlib.contextmanager
def text_unchecked():
    """Let the model take text it refuses (line breaks, control characters), to test the
    compiler's own defence: generated source must stay inert for text that got past
    every earlier check (an importer's, a future bug's). Restored on exit."""
    import graphlab.graph.graph as model
    import graphlab.graph.ops.attr_check as attr_check

    saved = model.text_problem, attr_check.text_problem
    model.text_problem = attr_check.text_problem = lambda *args, **kwargs: None
    try:
        yield
    finally:
        model.text_problem, attr_check.text_problem = saved
