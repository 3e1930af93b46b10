"""Every tensor op exports to ONNX (write_onnx, through torch) and onnxruntime computes what
the torch model does, at a batch size other than the export's (the batch stays dynamic)."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.compile.export import write_onnx
from graphlab.graph import Graph

torch = pytest.importorskip("torch")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

X_SHAPE = [-1, 3, 4, 5]


def _graph(ops, outputs=("y",), with_indices=False):
    """Input x [N, 3, 4, 5] (and int64 indices [2, 3]) -> ``ops`` in a chain -> Outputs.

    ``ops``: (op, attrs, {port: source}) where a source is "x", "indices" or the index
    of an earlier op, optionally with ":port" for another output than the first."""
    g = Graph(name="onnx_ops", seed=1)
    nodes = {"x": (g.add_node("Input", {"name": "x", "shape": X_SHAPE}, "x"), "y")}
    if with_indices:
        nodes["indices"] = (g.add_node("Input", {"name": "indices", "shape": [2, 3],
                                                 "dtype": "int64"}, "indices"), "y")
    for i, (op, attrs, wires) in enumerate(ops):
        n = g.add_node(op, attrs, f"n{i}")
        for port, src in wires.items():
            key, _, out_port = str(src).partition(":")
            node, first = nodes[key]
            g.connect(node, out_port or first, n, port)
        nodes[str(i)] = (n, g.node(n).spec.outputs[0].name if g.node(n).spec.outputs else "")
    last = str(len(ops) - 1)
    for name in outputs:
        port = None if name == "y" else name
        out = g.add_node("Output", {"name": f"out_{name}"}, f"out_{name}")
        node, first = nodes[last]
        g.connect(node, port or first, out, "x")
    assert g.analysis.ok, g.analysis.errors()
    return g


X = {"x": "x"}
GRAPHS = {
    "Flatten": _graph([("Flatten", {"start_dim": 0, "end_dim": 1}, X)]),
    "Reshape": _graph([("Reshape", {"shape": [-1, 5], "keep_batch": False}, X)]),
    "Pad-constant": _graph([("Pad", {"pads": [1, 0, 2, 1], "value": 0.5}, X)]),
    "Pad-reflect": _graph([("Pad", {"pads": [1, 2], "mode": "reflect"}, X)]),
    "Pad-replicate": _graph([("Pad", {"pads": [0, 1, 2, 0, 1, 1], "mode": "replicate"}, X)]),
    "Slice": _graph([("Slice", {"starts": [1, -3], "ends": [3, 100], "axes": [1, -1],
                                "steps": [1, 2]}, X)]),
    "Split": _graph([("Split", {"axis": -1, "sizes": [2, -1, 1]}, X)], outputs=("y0", "y2")),
    "Squeeze-Unsqueeze": _graph([("Unsqueeze", {"axes": [2, -1]}, X),
                                 ("Squeeze", {}, {"x": 0})]),
    "Gather": _graph([("Gather", {"axis": 2}, {"x": "x", "indices": "indices"})],
                     with_indices=True),
    "Where-Cast": _graph([("Cast", {"to": "bool"}, X), ("Neg", {}, X),
                          ("Where", {}, {"cond": 0, "a": "x", "b": 1})]),
    "Cast-int": _graph([("Cast", {"to": "int32"}, X), ("Cast", {"to": "int64"}, {"x": 0}),
                        ("Cast", {"to": "float32"}, {"x": 1})]),
    "Clip-Abs-Sqrt": _graph([("Clip", {"min": -0.5, "max": 2.0}, X), ("Abs", {}, {"x": 0}),
                             ("Sqrt", {}, {"x": 1})]),
    "Maximum-Minimum": _graph([("Neg", {}, X), ("Maximum", {}, {"a": "x", "b": 0}),
                               ("Minimum", {}, {"a": 1, "b": "x"})]),
    "ReduceMax": _graph([("ReduceMax", {"axes": [-1, 1], "keepdims": True}, X)]),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_onnx_export_of_tensor_ops_matches_torch(name, tmp_path):
    g = GRAPHS[name]
    path = write_onnx(g, tmp_path / "model.onnx")
    cg = compile_graph(g, "torch")
    rng = np.random.default_rng(4)
    feeds = {"x": rng.standard_normal((3, 3, 4, 5)).astype(np.float32)}  # export batch is 2
    if any(s.name == "indices" for s in cg.plan.feature_steps()):
        feeds["indices"] = rng.integers(0, 4, (2, 3)).astype(np.int64)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, feeds)
    with torch.no_grad():
        want = cg.model.eval()(*[torch.from_numpy(feeds[s.name])
                                 for s in cg.plan.feature_steps()])
    want = [want] if isinstance(want, torch.Tensor) else list(want)
    assert [o.name for o in session.get_outputs()] == [cg.plan.output_names[o]
                                                       for o in cg.plan.output_ids]
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-6)
