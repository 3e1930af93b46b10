"""Exported files run where graphlab cannot be imported and give the in-app outputs;
ONNX and SavedModel exports match the torch / TF models; the export command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from graphlab import examples
from graphlab.cli import main as cli_main
from graphlab.compile import compile_graph
from graphlab.compile.export import python_source, write_onnx, write_saved_model
from tests.compile.helpers import as_tuple, example_inputs, to_numpy

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).parent / "ruff"

# Runs inside the bare interpreter: imports each exported file by path, builds
# Model(seed) and saves its outputs for the inputs the test wrote.
DRIVER = '''
import importlib.util, io, json, runpy, sys, contextlib
import numpy as np
try:
    import graphlab  # noqa: F401
    raise SystemExit("graphlab is importable here; the test would prove nothing")
except ImportError:
    pass
jobs = json.loads(open("jobs.json").read())
for job in jobs["models"]:
    spec = importlib.util.spec_from_file_location(job["module"], job["file"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Model(seed=job["seed"])
    data = np.load(job["inputs"])
    if job["backend"] == "torch":
        import torch
        model.eval()
        with torch.no_grad():
            outs = model(*[torch.from_numpy(data[n]) for n in job["features"]])
    else:
        import tensorflow as tf
        outs = model(*[tf.constant(data[n]) for n in job["features"]])
    outs = outs if isinstance(outs, tuple) else (outs,)
    for i, o in enumerate(outs):
        arr = o.detach().numpy() if hasattr(o, "detach") else o.numpy()
        np.save(f"{job['module']}_out{i}.npy", arr)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        runpy.run_path(job["file"], run_name="__main__")
    open(f"{job['module']}_main.txt", "w").write(buf.getvalue())
for job in jobs["training"]:
    sys.argv = [job["file"], "--epochs", "1"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        runpy.run_path(job["file"], run_name="__main__")
    open(job["log"], "w").write(buf.getvalue())
'''


def run_without_graphlab(cwd: Path, driver: str = DRIVER) -> subprocess.CompletedProcess:
    """Run ``driver`` (as driver.py in ``cwd``) with the venv's packages but without
    graphlab (no .pth processing)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    (cwd / "driver.py").write_text(driver)
    return subprocess.run([sys.executable, "-S", "driver.py"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_exported_files_run_without_graphlab_and_match_the_app(tmp_path, backend):
    if backend == "torch":
        pytest.importorskip("torch")
    else:
        pytest.importorskip("tensorflow")
    jobs, expected = {"models": [], "training": []}, {}
    for name in examples.names():
        g = examples.example(name)
        module = f"{name}_{backend}"
        (tmp_path / f"{module}.py").write_text(python_source(g, backend))
        cg = compile_graph(g, backend)
        arrays = example_inputs(cg.plan, seed=4)
        np.savez(tmp_path / f"{module}_in.npz", **arrays)
        features = [s.name for s in cg.plan.feature_steps()]
        if backend == "torch":
            import torch

            cg.model.eval()
            with torch.no_grad():
                outs = as_tuple(cg.model(*[torch.from_numpy(arrays[n]) for n in features]))
        else:
            import tensorflow as tf

            outs = as_tuple(cg.model(*[tf.constant(arrays[n]) for n in features]))
        # What the file's own __main__ prints: each output's shape at the training batch.
        shapes = [f"{cg.plan.output_names[o]} "
                  f"{tuple(g.analysis.output_type(cg.plan.output_sources[o], 'y').shape)}"
                  for o in cg.plan.output_ids]
        expected[module] = ([to_numpy(o) for o in outs], shapes)
        jobs["models"].append({"module": module, "file": f"{module}.py", "seed": g.seed,
                               "inputs": f"{module}_in.npz", "features": features,
                               "backend": backend})
    train_file = tmp_path / f"train_{backend}.py"
    train_file.write_text(python_source(examples.example("seed_mlp"), backend, True))
    jobs["training"].append({"file": train_file.name, "log": f"train_{backend}.log"})
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))

    proc = run_without_graphlab(tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for module, (outs, shapes) in expected.items():
        for i, want in enumerate(outs):
            got = np.load(tmp_path / f"{module}_out{i}.npy")
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7, err_msg=module)
        assert (tmp_path / f"{module}_main.txt").read_text().splitlines() == shapes
    log = (tmp_path / f"train_{backend}.log").read_text()
    assert "epoch 1/1" in log and "val_loss" in log
    # the exported loop sees the same data, batches, weights and optimizer as the app
    from graphlab.train.session import TrainingSession

    session = TrainingSession(examples.example("seed_mlp"), backend=backend, epochs=1)
    session.start()
    metrics = session.wait(timeout=300).metrics
    exported = re.search(r"epoch 1/1  loss (\S+)  acc (\S+)  val_loss (\S+)  val_acc (\S+)",
                         log)
    assert float(exported.group(1)) == pytest.approx(metrics["train_loss"], abs=1e-4)
    assert float(exported.group(2)) == pytest.approx(metrics["train_accuracy"], abs=1e-4)
    assert float(exported.group(3)) == pytest.approx(metrics["val_loss"], abs=1e-4)
    assert float(exported.group(4)) == pytest.approx(metrics["val_accuracy"], abs=1e-4)
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), str(train_file)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


# Every optimizer setting that is not a default somewhere: exported training must follow it
# exactly as the app does (Keras's own optimizers would not: eps placement, dampening,
# centered, amsgrad).
OPTIMIZER_SETTINGS = [
    ("sgd", 0.05, {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd", 0.05, {"momentum": 0.5, "dampening": 0.3}),
    ("adam", 0.01, {"amsgrad": True, "weight_decay": 0.01, "eps": 1e-4}),
    ("adamw", 0.01, {"amsgrad": True, "betas": [0.8, 0.99]}),
    ("rmsprop", 0.002, {"alpha": 0.9, "momentum": 0.8, "centered": True, "weight_decay": 0.01}),
]


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_exported_training_follows_every_optimizer_setting_like_the_app(tmp_path, backend):
    pytest.importorskip("torch" if backend == "torch" else "tensorflow")
    from graphlab.train.session import TrainingSession

    jobs, app = {"models": [], "training": []}, []
    for i, (name, lr, params) in enumerate(OPTIMIZER_SETTINGS):
        g = examples.example("seed_mlp")
        g.set_meta(training={**g.training, "optimizer": name, "lr": lr,
                             "optimizer_params": params, "epochs": 1})
        (tmp_path / f"opt{i}.py").write_text(python_source(g, backend, True))
        jobs["training"].append({"file": f"opt{i}.py", "log": f"opt{i}.log"})
        session = TrainingSession(g, backend=backend, device="cpu")
        session.start()
        app.append(session.wait(timeout=300).metrics)
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    proc = run_without_graphlab(tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for i, metrics in enumerate(app):
        log = (tmp_path / f"opt{i}.log").read_text()
        got = re.search(r"epoch 1/1  loss (\S+)  acc \S+  val_loss (\S+)", log)
        setting = OPTIMIZER_SETTINGS[i]
        assert float(got.group(1)) == pytest.approx(metrics["train_loss"], abs=1e-4), setting
        assert float(got.group(2)) == pytest.approx(metrics["val_loss"], abs=1e-4), setting


def test_onnx_export_matches_torch(tmp_path):
    pytest.importorskip("torch")
    ort = pytest.importorskip("onnxruntime")
    import torch

    for name in examples.names():
        g = examples.example(name)
        path = write_onnx(g, tmp_path / f"{name}.onnx")
        cg = compile_graph(g, "torch")
        arrays = example_inputs(cg.plan, seed=5, batch=7)  # not the export's batch
        feats = {s.name: arrays[s.name] for s in cg.plan.feature_steps()}
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        got = session.run(None, feats)
        with torch.no_grad():
            want = cg.model.eval()(*[torch.from_numpy(a) for a in feats.values()])
        want = want if isinstance(want, tuple) else (want,)  # a model may return several
        assert len(got) == len(want), name
        for g_out, w_out in zip(got, want, strict=True):
            np.testing.assert_allclose(g_out, w_out.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


def test_saved_model_export_matches_tf(tmp_path):
    tf = pytest.importorskip("tensorflow")
    g = examples.example("digits_cnn")
    path = write_saved_model(g, tmp_path / "saved")
    loaded = tf.saved_model.load(str(path))
    cg = compile_graph(g, "tf")
    x = example_inputs(cg.plan, seed=6, batch=3)["image"]
    got = loaded.signatures["serving_default"](image=tf.constant(x))["logits"].numpy()
    np.testing.assert_allclose(got, cg.model(tf.constant(x)).numpy(), rtol=1e-5, atol=1e-6)


def test_export_command_writes_files_and_explains_failures(tmp_path, capsys):
    out = tmp_path / "seed.py"
    assert cli_main(["export", "seed_mlp", "--backend", "torch", "-o", str(out)]) == 0
    assert out.read_text() == python_source(examples.example("seed_mlp"), "torch")
    assert cli_main(["export", str(tmp_path / "missing.graphlab.json"), "-o",
                     str(tmp_path / "x.py")]) == 2
    bad = tmp_path / "bad.graphlab.json"
    g = examples.example("seed_mlp")
    g.set_attr(g.find("fc2"), "in_features", 7)
    from graphlab import save

    save(g, bad)
    capsys.readouterr()
    assert cli_main(["export", str(bad), "--backend", "tf", "-o", str(tmp_path / "b.py")]) == 1
    err = capsys.readouterr().err
    assert 'Linear "fc2"' in err and "Traceback" not in err
    assert cli_main(["export", "scalar_expr", "-o", str(tmp_path / "s.py"),
                     "--with-training"]) == 1
    err = capsys.readouterr().err
    assert 'cannot export "scalar_expr" with training: it has no loss node\n' in err
    g = examples.example("xor")
    g.set_meta(training={**g.training, "dataset": "gone.csv"})
    save(g, tmp_path / "gone.graphlab.json")
    assert cli_main(["export", str(tmp_path / "gone.graphlab.json"), "-o",
                     str(tmp_path / "g.py"), "--with-training"]) == 1
    err = capsys.readouterr().err
    assert 'cannot export "xor" with training: dataset file gone.csv does not exist' in err
    assert "Traceback" not in err
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    for extra in (["--backend", "onnx"], ["--backend", "tf", "--saved-model"]):
        assert cli_main(["export", "xor", *extra, "-o", str(blocker / "out")]) == 2, extra
        err = capsys.readouterr().err
        assert f"cannot write {blocker / 'out'}" in err and "Traceback" not in err
    # --saved-model is an alias of --backend savedmodel
    assert cli_main(["export", "seed_mlp", "--saved-model", "-o", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "saved_model.pb").is_file()
