"""Convolution, pooling, resampling and normalisation export to ONNX through torch
(write_onnx), and onnxruntime computes what the torch model computes, on a batch size
other than the export's (the batch axis stays dynamic): asymmetric pads, ceil_mode,
groups, dilation and both Upsample modes included."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.compile.export import write_onnx
from graphlab.graph import Graph
from tests.compile.cases_spatial import CASES

torch = pytest.importorskip("torch")
ort = pytest.importorskip("onnxruntime")

BATCH = 3  # write_onnx traces with 2
pytestmark = pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")


def _graph(case) -> Graph:
    g = Graph(name=f"onnx_{case.op.lower()}", seed=4)
    shape = [-1, *case.inputs["x"].shape[1:]]
    x = g.add_node("Input", {"name": "x", "shape": shape}, "x")
    node = g.add_node(case.op, case.attrs, "node")
    out = g.add_node("Output", {"name": "out"}, "out")
    g.connect(x, "y", node, "x")
    g.connect(node, "y", out, "x")
    assert g.analysis.ok, g.analysis.errors()
    return g


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_spatial_op_exports_to_onnx_and_onnxruntime_agrees(case, tmp_path):
    g = _graph(case)
    path = write_onnx(g, tmp_path / "op.onnx")
    cg = compile_graph(g, "torch")
    x = case.inputs["x"]
    feed = type(x)((BATCH, *x.shape[1:]), x.domain).draw(np.random.default_rng(7))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": feed})[0]
    with torch.no_grad():
        want = cg.model.eval()(torch.from_numpy(feed)).numpy()
    assert got.shape == want.shape and np.isfinite(want).all()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
