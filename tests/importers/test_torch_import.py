"""PyTorch modules in: a ResNet-18 and a Transformer encoder written in plain torch come in
as blocks with their weights, compute what the module computes, and convert to TF."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.compile.source import generate_source as source
from graphlab.importers import ImportRefused, from_torch, import_any, import_onnx
from tests.importers.models import Encoder, ResNet18, with_batchnorm_statistics

torch = pytest.importorskip("torch")


def _outputs(imported, backend, x):
    cg = compile_graph(imported.graph, backend)
    cg.model.set_weights(imported.weights)
    if backend == "torch":
        return cg.model.eval()(torch.from_numpy(x)).detach().numpy()
    import tensorflow as tf

    return cg.model(tf.constant(x)).numpy()


def _rel(a, b):
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-12))


@pytest.fixture(scope="module")
def resnet():
    torch.manual_seed(0)
    model = with_batchnorm_statistics(ResNet18(width=8))
    return model, from_torch(model, torch.randn(2, 3, 32, 32))


@pytest.fixture(scope="module")
def encoder():
    torch.manual_seed(1)
    model = Encoder().eval()
    return model, from_torch(model, torch.randn(4, 5, 6))


def test_resnet18_imports_as_stages_of_blocks(resnet):
    _, imported = resnet
    g = imported.graph
    tops = sorted(g.node(n).op for n in g.node_ids())
    assert tops.count("Conv2d") == 1  # the stem; the rest is inside blocks
    stages = [g.node(n) for n in g.node_ids() if g.is_instance(n)]
    assert [s.label for s in stages] == ["layer1", "layer2", "layer3", "layer4"]
    assert "BasicBlock" in g.blocks
    # equal blocks share a definition: layer1's two BasicBlocks are one class
    layer1 = g.blocks[stages[0].op].graph
    inner = [layer1.node(n).op for n in layer1.node_ids() if layer1.is_instance(n)]
    assert len(inner) == 2 and inner[0] == inner[1]
    assert "layer1.basicblock0.conv1.weight" in imported.weights
    assert "layer1.basicblock0.bn1.running_var" in imported.weights
    text = source(g, "torch")
    assert "class BasicBlock(nn.Module):" in text


@pytest.mark.parametrize("backend, tol", [("torch", 1e-5), ("tf", 1e-4)])
def test_resnet18_computes_what_the_module_computes(resnet, backend, tol):
    model, imported = resnet
    x = np.random.default_rng(2).standard_normal((3, 3, 32, 32)).astype(np.float32)
    want = model(torch.from_numpy(x)).detach().numpy()
    assert _rel(_outputs(imported, backend, x), want) < tol


@pytest.mark.parametrize("backend, tol", [("torch", 1e-5), ("tf", 1e-4)])
def test_a_transformer_encoder_imports_and_runs_at_any_batch_size(encoder, backend, tol):
    model, imported = encoder
    assert {"Attention", "EncoderLayer"} <= set(imported.graph.blocks)
    for n in (4, 7):
        x = np.random.default_rng(n).standard_normal((n, 5, 6)).astype(np.float32)
        want = model(torch.from_numpy(x)).detach().numpy()
        assert _rel(_outputs(imported, backend, x), want) < tol


@pytest.mark.parametrize("which", ["resnet", "encoder"])
def test_the_same_models_through_an_onnx_file(which, request, tmp_path):
    ort = pytest.importorskip("onnxruntime")
    model, _ = request.getfixturevalue(which)
    x = torch.randn(2, 3, 32, 32) if which == "resnet" else torch.randn(2, 5, 6)
    path = tmp_path / f"{which}.onnx"
    torch.onnx.export(model, (x,), str(path), input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "n"}, "y": {0: "n"}}, dynamo=False,
                      opset_version=20, do_constant_folding=False)
    imported = import_onnx(path)
    feed = np.random.default_rng(3).standard_normal((5, *x.shape[1:])).astype(np.float32)
    want = ort.InferenceSession(str(path)).run(None, {"x": feed})[0]
    assert _rel(_outputs(imported, "torch", feed), want) < 1e-5


def test_a_module_with_an_op_graphlab_lacks_is_refused_naming_it():
    class Ranked(torch.nn.Module):
        def forward(self, x):
            return torch.cumsum(torch.relu(x), dim=1)

    with pytest.raises(ImportRefused, match="CumSum"):
        from_torch(Ranked(), torch.randn(2, 4))


MODEL_FILE = '''
import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))
'''


def test_cli_imports_a_class_from_a_python_file(tmp_path):
    (tmp_path / "net.py").write_text(MODEL_FILE)
    out = tmp_path / "net.graphlab.json"
    help_text = subprocess.run([sys.executable, "-m", "graphlab", "import", "--help"],
                               capture_output=True, text=True, timeout=60).stdout
    assert "runs that file" in help_text
    run = subprocess.run([sys.executable, "-m", "graphlab", "import", f"{tmp_path}/net.py:Net",
                          "--input", "2,6", "-o", str(out)], capture_output=True, text=True,
                         timeout=180)
    assert run.returncode == 0, run.stderr
    assert out.exists() and (tmp_path / "net.weights.npz").exists()
    with pytest.raises(ImportRefused, match="'Nope' is not a torch.nn.Module"):
        import_any(f"{tmp_path}/net.py:Nope", input_shape=(2, 6))
    with pytest.raises(ImportRefused, match="needs --input"):
        import_any(f"{tmp_path}/net.py:Net")


def test_an_imported_model_with_blocks_saves_and_reopens_with_its_weights(resnet, tmp_path):
    from graphlab.graph.fileformat import load, save

    _, imported = resnet
    path = tmp_path / "resnet.graphlab.json"
    save(imported.graph, path, imported.weights)
    again = load(path)
    assert again.weights_problem is None
    assert set(again.saved_weights) == set(imported.weights)
    key = "layer2.basicblock0.downsample.conv.weight"
    np.testing.assert_array_equal(again.saved_weights[key], imported.weights[key])
    assert {"Layer1", "BasicBlock", "Downsample"} <= set(again.blocks)
