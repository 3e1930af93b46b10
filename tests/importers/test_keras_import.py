"""Keras models in: a functional model with a skip connection and a Sequential one come in
with their weights and compute what Keras computes, on torch and TF; a Lambda layer is
refused by name without its code ever running."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from graphlab.compile import compile_graph
from graphlab.importers import ImportRefused, from_keras, import_any

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")
tf = pytest.importorskip("tensorflow")


def _skip_model():
    keras.utils.set_random_seed(0)
    inp = keras.Input((8, 8, 3), name="image")
    x = keras.layers.Conv2D(4, 3, padding="same", name="conv1")(inp)
    x = keras.layers.BatchNormalization(name="bn")(x)
    y = keras.layers.ReLU(name="relu")(x)
    y = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv2")(y)
    z = keras.layers.Add(name="skip")([x, y])
    z = keras.layers.MaxPooling2D(2, name="pool")(z)
    z = keras.layers.Flatten(name="flat")(z)
    out = keras.layers.Dense(3, activation="softmax", name="head")(z)
    model = keras.Model(inp, out)
    bn = model.get_layer("bn")
    g, b, mean, var = bn.get_weights()
    bn.set_weights([g * 1.5, b + 0.1, mean + 0.2, var * 1.7])
    return model


def _run(imported, backend, x):
    cg = compile_graph(imported.graph, backend)
    cg.model.set_weights(imported.weights)
    if backend == "torch":
        return cg.model.eval()(torch.from_numpy(x)).detach().numpy()
    return cg.model(tf.constant(x)).numpy()


@pytest.mark.parametrize("backend, tol", [("torch", 1e-5), ("tf", 1e-5)])
def test_a_keras_file_with_a_skip_connection_imports_with_equal_outputs(tmp_path, backend, tol):
    model = _skip_model()
    path = tmp_path / "skip.keras"
    model.save(path)
    imported = import_any(str(path))
    ops = [imported.graph.node(n).op for n in imported.graph.node_ids()]
    assert ops.count("Conv2d") == 2 and "Add" in ops and "BatchNorm" in ops
    # NHWC -> NCHW once before the convs, back once before Flatten (Keras flattens NHWC)
    assert ops.count("Transpose") == 2
    x = np.random.default_rng(1).standard_normal((5, 8, 8, 3)).astype(np.float32)
    np.testing.assert_allclose(_run(imported, backend, x), model.predict(x, verbose=0),
                               rtol=tol, atol=1e-6)


def test_a_sequential_model_object_imports():
    keras.utils.set_random_seed(2)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="tanh"),
                              keras.layers.Dropout(0.3), keras.layers.Dense(2)])
    imported = from_keras(model)
    x = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    np.testing.assert_allclose(_run(imported, "torch", x), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_a_lambda_layer_is_refused_by_name_and_never_runs(tmp_path):
    marker = tmp_path / "ran.txt"
    inp = keras.Input((4,))
    out = keras.layers.Dense(2, name="dense")(inp)
    model = keras.Model(inp, out)
    path = tmp_path / "sneaky.keras"
    model.save(path)
    # put a Lambda layer into the saved config by hand, with code that leaves a marker
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    config = json.loads(files["config.json"])
    config["config"]["layers"].append({
        "module": "keras.layers", "class_name": "Lambda", "registered_name": None,
        "config": {"name": "evil", "function": f"open({str(marker)!r}, 'w')"},
        "inbound_nodes": []})
    files["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    with pytest.raises(ImportRefused, match="'evil' is a Lambda layer"):
        import_any(str(path))
    assert not marker.exists()
