"""ONNX import: every example exported and imported back computes what onnxruntime
computes; a model with unsupported nodes is refused with all of them, writing nothing."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from graphlab import example as example_graph
from graphlab import examples
from graphlab.compile import compile_graph
from graphlab.compile.export import write_onnx
from graphlab.graph.fileformat import load
from graphlab.importers import ImportRefused, import_onnx

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
torch = pytest.importorskip("torch")

EXAMPLES = examples.names()  # lstm_waveforms and transformer_waveforms too (see
# test_onnx_sequence.py: the recurrent and attention patterns become one node each)


def _feeds(session, seed=0):
    rng = np.random.default_rng(seed)
    feeds = {}
    for i in session.get_inputs():
        shape = [5 if not isinstance(d, int) else d for d in i.shape]
        feeds[i.name] = rng.standard_normal(shape).astype(np.float32)
    return feeds


def _torch_outputs(imported, feeds, names):
    cg = compile_graph(imported.graph, "torch")
    cg.model.set_weights(imported.weights)
    out = cg.model.eval()(*[torch.from_numpy(feeds[n]) for n in names])
    if isinstance(out, tuple):
        return tuple(o.detach().numpy() for o in out)
    return out.detach().numpy()


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_exported_example_imports_back_with_equal_outputs(name, tmp_path):
    path = write_onnx(example_graph(name), tmp_path / f"{name}.onnx", seed=3)
    imported = import_onnx(path)
    assert imported.graph.analysis.ok
    session = ort.InferenceSession(str(path))
    feeds = _feeds(session)
    want = session.run(None, feeds)
    got = _torch_outputs(imported, feeds, [i.name for i in session.get_inputs()])
    got = got if isinstance(got, tuple) else (got,)  # the autoencoder returns two
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_a_torch_model_with_an_op_graphlab_lacks_is_refused_by_name(tmp_path):
    """torch.cumsum exports as ONNX CumSum, which graphlab has no op for."""
    import io

    class Running(torch.nn.Module):
        def forward(self, x):
            return torch.cumsum(torch.relu(x), dim=1)

    buf = io.BytesIO()
    torch.onnx.export(Running(), (torch.randn(2, 5),), buf, input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}},
                      opset_version=20, dynamo=False)
    with pytest.raises(ImportRefused, match=r"CumSum '/CumSum': the ONNX operator CumSum "
                                            r"is not supported"):
        import_onnx(onnx.load_from_string(buf.getvalue()))


def _model_with(nodes, inputs, outputs, initializers=()):
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        nodes, "m", [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in outputs],
        list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_every_unsupported_node_is_named_and_nothing_is_written(tmp_path):
    from onnx import helper

    model = _model_with([
        helper.make_node("Relu", ["x"], ["a"], name="ok_relu"),
        helper.make_node("TopK", ["a", "k"], ["b", "idx"], name="pick_best"),
        helper.make_node("LeakyRelu", ["b"], ["c"], name="leaky"),
        helper.make_node("Einsum", ["c", "c"], ["y"], name="mix", equation="ij,ij->ij"),
    ], [("x", ["N", 4]), ("k", [1])], ["y"])
    path = tmp_path / "bad.onnx"
    onnx.save(model, path)
    with pytest.raises(ImportRefused) as err:
        import_onnx(path)
    text = str(err.value)
    assert "TopK 'pick_best'" in text and "Einsum 'mix'" in text
    out = tmp_path / "bad.graphlab.json"
    run = subprocess.run([sys.executable, "-m", "graphlab", "import", str(path), "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Einsum 'mix'" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists() and not list(tmp_path.glob("*.npz"))


def test_an_unsupported_attribute_is_named():
    from onnx import helper

    model = _model_with([helper.make_node("Flatten", ["x"], ["y"], name="flat2", axis=2)],
                        [("x", ["N", 2, 3, 4])], ["y"])
    with pytest.raises(ImportRefused, match="Flatten 'flat2': axis=2 is not supported"):
        import_onnx(model)


def test_external_data_outside_the_models_folder_is_refused(tmp_path):
    from onnx import TensorProto, helper

    w = helper.make_tensor("w", TensorProto.FLOAT, [4, 4], np.ones(16, np.float32).tobytes(),
                           raw=True)
    model = _model_with([helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
                        [("x", ["N", 4])], ["y"], [w])
    t = model.graph.initializer[0]
    t.data_location = TensorProto.EXTERNAL
    t.ClearField("raw_data")
    entry = t.external_data.add()
    entry.key, entry.value = "location", "../../etc/passwd"
    path = tmp_path / "sneaky.onnx"
    path.write_bytes(model.SerializeToString())
    with pytest.raises(ImportRefused, match="not a file inside the model's folder"):
        import_onnx(path)


def test_a_file_that_is_not_onnx_is_refused(tmp_path):
    path = tmp_path / "junk.onnx"
    path.write_bytes(b"\x00\xffnot a protobuf at all" * 10)
    with pytest.raises(ImportRefused, match="not an ONNX model"):
        import_onnx(path)


def test_cli_import_writes_a_graph_and_its_weights_that_check_passes(tmp_path):
    src = write_onnx(example_graph("digits_cnn"), tmp_path / "cnn.onnx", seed=1)
    out = tmp_path / "cnn.graphlab.json"
    run = subprocess.run([sys.executable, "-m", "graphlab", "import", str(src), "-o", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    g = load(out)
    assert g.saved_weights and g.weights_problem is None
    check = subprocess.run([sys.executable, "-m", "graphlab", "check", str(out)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_imported_model_trains_and_exports_like_a_drawn_one(tmp_path):
    """digits_mlp out to ONNX and back: add a loss and a dataset, train from the imported
    weights, export to TF."""
    from graphlab.graph.fileformat import save

    src = write_onnx(example_graph("digits_mlp"), tmp_path / "mlp.onnx", seed=4)
    imported = import_onnx(src)
    g = imported.graph
    head = g.input_edge(g.find("logits"), "x").src
    label = g.add_node("Input", {"name": "label", "shape": [-1], "dtype": "int64",
                                 "role": "target"}, "label")
    loss = g.add_node("CrossEntropyLoss", {}, "loss")
    g.connect(head, "y", loss, "logits")
    g.connect(label, "y", loss, "target")
    g.set_meta(training={**g.training, "dataset": "digits", "epochs": 2, "lr": 0.01})
    path = tmp_path / "mlp.graphlab.json"
    save(g, path, imported.weights)
    run = subprocess.run([sys.executable, "-m", "graphlab", "train", str(path), "--json",
                          "--save-weights", str(tmp_path / "trained.npz")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    import json

    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["status"] == "finished" and result["val_accuracy"] > 0.8, result
    out = tmp_path / "mlp_tf.py"
    export = subprocess.run([sys.executable, "-m", "graphlab", "export", str(path), "--backend",
                             "tf", "--weights", str(tmp_path / "trained.npz"), "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert export.returncode == 0, export.stderr
    assert "class" in out.read_text()


@pytest.mark.parametrize("op", ["ConstantOfShape", "Expand"])
def test_a_constant_too_large_to_hold_is_not_folded_and_nothing_is_allocated(op):
    """A hostile file's constant of 2**27 elements (512 MB) is never computed: the node
    stays a node and is refused by name; folding would have made it a harmless 0."""
    from onnx import TensorProto, helper, numpy_helper

    shape = numpy_helper.from_array(np.array([2 ** 27], np.int64), "shape")
    one = numpy_helper.from_array(np.zeros((1,), np.float32), "one")
    make = (helper.make_node("ConstantOfShape", ["shape"], ["big"], name="huge",
                             value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.0]))
            if op == "ConstantOfShape" else
            helper.make_node("Expand", ["one", "shape"], ["big"], name="huge"))
    model = _model_with([
        make,
        helper.make_node("ReduceSum", ["big"], ["total"], name="sum", keepdims=1),
        helper.make_node("Add", ["x", "total"], ["y"], name="add"),
    ], [("x", ["N", 4])], ["y"], [shape, one])
    with pytest.raises(ImportRefused, match=f"{op} 'huge'"):
        import_onnx(model)


def test_a_pooled_value_read_by_an_op_other_than_flatten_imports():
    """GlobalAveragePool's [N, C, 1, 1] read by a Relu (not a Flatten) is made then."""
    from onnx import helper

    model = _model_with([
        helper.make_node("GlobalAveragePool", ["x"], ["p"], name="gap"),
        helper.make_node("Relu", ["p"], ["y"], name="act"),
    ], [("x", ["N", 3, 4, 4])], ["y"])
    imported = import_onnx(model)
    c = compile_graph(imported.graph, "torch")
    import torch

    x = np.random.default_rng(0).standard_normal((2, 3, 4, 4)).astype(np.float32)
    got = c.model(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(got, np.maximum(x.mean(axis=(2, 3), keepdims=True), 0),
                               rtol=1e-6)
