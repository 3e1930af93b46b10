"""Trained weights travel from the CLI: train --save-weights, export --weights to torch,
TF, ONNX and SavedModel, and every export predicts what the trained model predicts."""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import numpy as np
import pytest

from graphlab import example
from graphlab.cli import main
from graphlab.graph.fileformat import load, save


def _module(path):
    spec = importlib.util.spec_from_file_location(f"exported_{abs(hash(str(path)))}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _model_of(mod):
    if hasattr(mod, "Model"):
        return mod.Model(seed=0)
    cls = next(v for v in vars(mod).values()
               if isinstance(v, type) and hasattr(v, "get_weights") and v.__module__ == mod.__name__)
    return cls(seed=0)


def _load_into(model, weights_path):
    if hasattr(model, "load_weights"):
        model.load_weights(str(weights_path))
    else:
        with np.load(weights_path, allow_pickle=False) as f:
            model.set_weights({k: f[k] for k in f.files})


def _close(a, b, rtol):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    err = np.abs(a - b).max() / max(np.abs(b).max(), 1e-12)
    assert err < rtol, err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """digits_cnn trained 15 steps from the CLI; (graph file, weights, reference logits)."""
    import torch

    from graphlab.compile.compiled import compile_graph

    tmp = tmp_path_factory.mktemp("cnn")
    path = save(example("digits_cnn"), tmp / "cnn.graphlab.json")
    w = tmp / "w.npz"
    assert main(["train", str(path), "--max-steps", "15", "--save-weights", str(w),
                 "--json"]) == 0
    with np.load(w) as f:
        weights = {k: f[k] for k in f.files if not k.startswith("__")}
    x = np.random.default_rng(0).standard_normal((5, 64)).astype(np.float32)
    cg = compile_graph(load(path), "torch")
    seed_logits = cg.model.eval()(torch.from_numpy(x)).detach().numpy()
    cg.model.set_weights(weights)
    logits = cg.model.eval()(torch.from_numpy(x)).detach().numpy()
    assert np.abs(logits - seed_logits).max() > 1e-3  # training changed the predictions
    return path, w, x, logits


def test_torch_export_writes_the_weights_beside_it_and_predicts_the_same(trained, tmp_path,
                                                                          capsys):
    import torch

    path, w, x, logits = trained
    out = tmp_path / "model.py"
    assert main(["export", str(path), "--weights", str(w), "-o", str(out)]) == 0
    beside = tmp_path / "model.weights.npz"
    assert str(beside) in capsys.readouterr().out
    model = _model_of(_module(out))
    _load_into(model, beside)
    got = model.eval()(torch.from_numpy(x)).detach().numpy()
    _close(got, logits, 1e-5)


def test_tf_export_predicts_what_the_torch_trained_model_does(trained, tmp_path):
    path, w, x, logits = trained
    out = tmp_path / "model_tf.py"
    assert main(["export", str(path), "--backend", "tf", "--weights", str(w), "-o",
                 str(out)]) == 0
    model = _model_of(_module(out))
    _load_into(model, tmp_path / "model_tf.weights.npz")
    got = model(x, training=False)
    _close(np.asarray(got), logits, 1e-4)


def test_onnx_export_holds_the_trained_weights(trained, tmp_path):
    import onnxruntime as ort

    path, w, x, logits = trained
    out = tmp_path / "model.onnx"
    assert main(["export", str(path), "--backend", "onnx", "--weights", str(w), "-o",
                 str(out)]) == 0
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    _close(got, logits, 1e-4)


def test_saved_model_alias_and_weights(trained, tmp_path):
    import tensorflow as tf

    path, w, x, logits = trained
    out = tmp_path / "saved"
    assert main(["export", str(path), "--saved-model", "--weights", str(w), "-o",
                 str(out)]) == 0
    serve = tf.saved_model.load(str(out)).signatures["serving_default"]
    got = list(serve(tf.constant(x)).values())[0].numpy()
    _close(got, logits, 1e-4)


def test_a_graph_file_with_saved_weights_exports_and_trains_from_them(trained, tmp_path,
                                                                      capsys):
    import onnxruntime as ort

    path, w, x, logits = trained
    with np.load(w) as f:
        weights = {k: f[k] for k in f.files if not k.startswith("__")}
    g = load(path)
    saved = save(g, tmp_path / "kept.graphlab.json", weights=weights)
    assert json.loads(saved.read_text())["training"]["weights"] == "kept.weights.npz"
    assert (tmp_path / "kept.weights.npz").is_file()
    out = tmp_path / "kept.onnx"
    assert main(["export", str(saved), "--backend", "onnx", "-o", str(out)]) == 0
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    _close(sess.run(None, {sess.get_inputs()[0].name: x})[0], logits, 1e-4)
    # train starts from the file's weights: one step at a tiny rate leaves them as they were
    after = tmp_path / "after.npz"
    assert main(["train", str(saved), "--max-steps", "1", "--lr", "1e-12", "--json",
                 "--save-weights", str(after)]) == 0
    with np.load(after) as f:
        np.testing.assert_allclose(f["fc.weight"], weights["fc.weight"], rtol=0, atol=1e-6)
    assert "starting from the trained weights in kept.weights.npz" in capsys.readouterr().err
    assert main(["train", str(saved), "--max-steps", "1", "--lr", "1e-12", "--json",
                 "--from-seed", "--save-weights", str(after)]) == 0
    with np.load(after) as f:
        assert np.abs(f["fc.weight"] - weights["fc.weight"]).max() > 1e-3
    capsys.readouterr()


def _with_ref(tmp_path, ref, name="g.graphlab.json"):
    g = example("xor")
    path = save(g, tmp_path / name)
    d = json.loads(path.read_text())
    d["training"]["weights"] = ref
    path.write_text(json.dumps(d))
    return path


@pytest.mark.parametrize("ref", ["/etc/passwd.npz", "../outside.npz", "sub/../../x.npz",
                                 "C:\\w.npz", 7])
def test_a_weights_path_outside_the_graphs_folder_is_refused(tmp_path, capsys, ref):
    path = _with_ref(tmp_path, ref)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "$.training.weights" in err and "Traceback" not in err


def test_a_symlink_out_of_the_folder_is_refused(tmp_path, capsys):
    outside = tmp_path / "outside.npz"
    np.savez(outside, x=np.zeros(1))
    (tmp_path / "g").mkdir()
    os.symlink(outside, tmp_path / "g" / "w.npz")
    path = _with_ref(tmp_path / "g", "w.npz")
    assert main(["train", str(path), "--max-steps", "1"]) == 2
    assert "leads out of the graph's folder" in capsys.readouterr().err


def test_missing_or_misfit_weights_name_the_node(tmp_path, capsys):
    path = _with_ref(tmp_path, "g.weights.npz")
    assert main(["train", str(path), "--max-steps", "1"]) == 2
    err = capsys.readouterr().err
    assert "the weights file \"g.weights.npz\" is missing" in err and "--from-seed" in err
    assert main(["train", str(path), "--max-steps", "1", "--from-seed", "--json"]) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 1  # what train and export refuse, check reports
    assert "error: weights: $.training.weights: the weights file" in capsys.readouterr().out
    g = load(path)
    names = g.analysis.node_info(g.find("hidden")).params
    bad = {f"hidden.{p.name}": np.zeros(p.shape, np.float32) for p in names}
    bad["hidden.weight"] = np.zeros((1, 1), np.float32)
    np.savez(tmp_path / "g.weights.npz", **bad)
    assert main(["export", str(path), "-o", str(tmp_path / "m.py")]) == 2
    err = capsys.readouterr().err
    assert 'Linear "hidden": hidden.weight is [1, 1]' in err
    assert "has no logit.weight" in err and "Traceback" not in err


def test_export_flag_clashes_are_messages(tmp_path, capsys):
    out = str(tmp_path / "m")
    assert main(["export", "xor", "--saved-model", "--backend", "torch", "-o", out]) == 2
    assert "--saved-model is a TF SavedModel" in capsys.readouterr().err
    assert main(["export", "xor", "--backend", "savedmodel", "--with-training", "-o", out]) == 2
    assert "--with-training applies to Python source" in capsys.readouterr().err
    np.savez(tmp_path / "w.npz", **{"nope.weight": np.zeros(2)})
    assert main(["export", "xor", "--weights", str(tmp_path / "w.npz"), "-o", out]) == 2
    assert '"nope.weight" is no weight of this graph' in capsys.readouterr().err
