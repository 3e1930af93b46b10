"""Exploding gradients near float32's limit (issue 19, defect 2).

A gradient whose values all fit in float32 but whose float32 sum does not, or one that
has overflowed in part or in whole, belongs to the layers that explode most. Its
statistics must stay the float64 ones on every reduction path, and the health cue must
name it instead of dropping it (the deep chain lesson named fc5-fc6, not fc1-fc4).
"""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.train.frames import PROBE, Frame
from graphlab.train.stats_layout import COL
from graphlab.train.teach.health import EXPLODING, cues
from tests.train.stats_reference import assert_row_matches
from tests.train.test_stats_and_ring import BACKENDS, rows

ORDER = ["x", "fc1", "fc2", "fc3", "fc4", "fc5", "fc6", "head", "loss"]
OPS = {"x": "Input", "loss": "MSELoss", **{n: "Linear" for n in ORDER[1:-1]}}


def chain_gradients() -> dict[str, np.ndarray]:
    """What a deep Linear chain's gradients look like one step before NaN."""
    rng = np.random.default_rng(7)
    f32 = np.float32
    huge = (rng.standard_normal(20_000) * 2e37 + 1e37).astype(f32)  # float32 sum overflows
    part = huge.copy()
    part[::97] = np.inf  # overflowed in part
    return {"x": rng.standard_normal(64).astype(f32),
            "fc1": np.full(512, np.inf, f32),  # overflowed entirely
            "fc2": part, "fc3": huge,
            "fc4": (rng.standard_normal(512) * 1e30).astype(f32),
            "fc5": (rng.standard_normal(512) * 1e6).astype(f32),
            "fc6": (rng.standard_normal(512) * 1e4).astype(f32),
            "head": (rng.standard_normal(64) * 0.1).astype(f32),
            "loss": np.ones(1, f32)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_statistics_do_not_overflow_where_the_values_do_not(backend):
    g = chain_gradients()
    arrays = [g["fc2"], g["fc3"], -g["fc3"], np.concatenate([g["fc3"], -g["fc3"][:5000]])]
    for i, (row, a) in enumerate(zip(rows(backend, arrays), arrays, strict=True)):
        assert_row_matches(row, a, f"{backend} tensor {i}")
        assert np.isfinite(row[[COL["mean"], COL["std"]]]).all()


@pytest.mark.parametrize("backend", BACKENDS)
def test_exploding_cue_names_the_layers_that_explode_most(backend):
    g = chain_gradients()
    rng = np.random.default_rng(8)
    values = [rng.standard_normal(64).astype(np.float32) for _ in ORDER]
    frame = Frame(PROBE, 11, 1, 1.0, {}, tuple(ORDER), rows(backend, values),
                  rows(backend, [g[n] for n in ORDER]))
    found = [c for c in cues([frame], ORDER, OPS) if c.kind == EXPLODING]
    assert [c.node_id for c in found] == ["fc1", "fc2", "fc3", "fc4", "fc5", "fc6"]
    assert "100% of its gradient is inf or NaN" in found[0].text
    assert "overflowed float32" in found[1].text
