"""Every sequence op exports to ONNX through torch (write_onnx) and onnxruntime computes
what the torch model computes, on a batch size other than the export's (the batch axis
stays dynamic) and with masks that hide some keys."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.compile.export import write_onnx
from graphlab.graph import Graph
from tests.compile.cases_sequence import CASES

torch = pytest.importorskip("torch")
ort = pytest.importorskip("onnxruntime")

BATCH = 3  # write_onnx traces with 2
# torch's own size checks inside nn.LSTM and the attention functions, constant for a trace
pytestmark = pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")


def _graph(case) -> Graph:
    """The parity case's op with batch-first Inputs of any batch size (-1); a mask
    without a batch axis (it broadcasts) keeps its shape."""
    g = Graph(name=f"onnx_{case.op.lower()}", seed=4)
    node = g.add_node(case.op, case.attrs, "node")
    first = next(iter(case.inputs.values())).shape[0]
    for port, spec in case.inputs.items():
        shape = list(spec.shape)
        if len(shape) > 2 or port == "key_padding_mask":
            shape[0] = -1 if shape[0] == first else shape[0]
        src = g.add_node("Input", {"name": port, "shape": shape, "dtype": spec.dtype}, port)
        if spec.cast:  # a bool mask: an int64 Input and a Cast
            cast = g.add_node("Cast", {"to": spec.cast}, f"{port}_{spec.cast}")
            g.connect(src, "y", cast, "x")
            src = cast
        g.connect(src, "y", node, port)
    out = g.add_node("Output", {"name": "out"}, "out")
    g.connect(node, "y", out, "x")
    assert g.analysis.ok, g.analysis.errors()
    return g


def _arrays(case, plan, rng):
    out = {}
    for s in plan.feature_steps():
        spec = case.inputs[s.label]
        shape = tuple(BATCH if d == -1 else d for d in s.attrs["shape"])
        out[s.name] = type(spec)(shape, spec.domain, spec.high, low=spec.low).draw(rng)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sequence_op_exports_to_onnx_and_onnxruntime_agrees(case, tmp_path):
    g = _graph(case)
    path = write_onnx(g, tmp_path / "op.onnx")
    cg = compile_graph(g, "torch")
    feats = _arrays(case, cg.plan, np.random.default_rng(7))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, feats)[0]
    with torch.no_grad():
        want = cg.model.eval()(*[torch.from_numpy(a) for a in feats.values()]).numpy()
    assert got.shape == want.shape and np.isfinite(want).all()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
