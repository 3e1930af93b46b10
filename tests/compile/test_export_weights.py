"""ONNX and SavedModel exports carry the weights they are given and the graph's names."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile import compile_graph
from graphlab.compile.export import write_onnx, write_saved_model
from tests.compile.helpers import example_inputs


def _other_weights(cg, seed: int = 11) -> dict[str, np.ndarray]:
    """Weights unlike the seed's (as a run would leave them), keyed like get_weights()."""
    rng = np.random.default_rng(seed)
    return {k: (v + rng.standard_normal(v.shape)).astype(np.float32)
            for k, v in cg.model.get_weights().items()}


def test_onnx_keeps_output_names_when_folding_removes_every_op(tmp_path):
    pytest.importorskip("torch")
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    g = examples.example("scalar_expr")  # every value is a weight: it all folds away
    path = write_onnx(g, tmp_path / "s.onnx")
    proto = onnx.load(str(path))
    cg = compile_graph(g, "torch")
    want = [cg.plan.output_names[o] for o in cg.plan.output_ids]
    assert [o.name for o in proto.graph.output] == want == ["L_2"]  # the Output "L"
    got = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(want, {})
    assert float(got[0]) == pytest.approx(float(cg.model().detach()))


def test_onnx_export_holds_the_weights_it_is_given(tmp_path):
    torch = pytest.importorskip("torch")
    ort = pytest.importorskip("onnxruntime")
    g = examples.example("digits_cnn")
    cg = compile_graph(g, "torch")
    trained = _other_weights(cg)
    path = write_onnx(g, tmp_path / "cnn.onnx", weights=trained)
    cg.model.set_weights(trained)
    x = example_inputs(cg.plan, seed=3, batch=4)["image"]
    got = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(
        None, {"image": x})[0]
    with torch.no_grad():
        want = cg.model.eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    seed_out = compile_graph(g, "torch").model.eval()(torch.from_numpy(x)).detach().numpy()
    assert not np.allclose(got, seed_out, atol=1e-3)  # not the seed's weights


def test_saved_model_holds_the_weights_it_is_given(tmp_path):
    tf = pytest.importorskip("tensorflow")
    g = examples.example("digits_mlp")
    cg = compile_graph(g, "tf")
    trained = _other_weights(cg)
    path = write_saved_model(g, tmp_path / "saved", weights=trained)
    cg.model.set_weights(trained)
    x = example_inputs(cg.plan, seed=6, batch=3)[cg.plan.feature_steps()[0].name]
    serve = tf.saved_model.load(str(path)).signatures["serving_default"]
    name = cg.plan.feature_steps()[0].name
    got = next(iter(serve(**{name: tf.constant(x)}).values())).numpy()
    np.testing.assert_allclose(got, cg.model(tf.constant(x)).numpy(), rtol=1e-5, atol=1e-6)


def test_an_exported_model_loads_the_file_graphlab_train_writes(tmp_path):
    """graphlab train --save-weights stores the step and epoch beside the weights; the
    exported load_weights takes the weights and leaves those out."""
    pytest.importorskip("torch")
    from graphlab.train.checkpoints import save_checkpoint

    cg = compile_graph(examples.example("seed_mlp"), "torch", seed=3)
    trained = {k: v + 0.5 for k, v in cg.model.get_weights().items()}
    path = save_checkpoint(tmp_path / "w.npz", trained, step=7, epoch=1, backend="torch")
    fresh = compile_graph(examples.example("seed_mlp"), "torch", seed=4)
    fresh.model.load_weights(str(path))
    for k, v in fresh.model.get_weights().items():
        np.testing.assert_array_equal(v, trained[k])
