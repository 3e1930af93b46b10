"""The exported file is the model and nothing else: one forward body, what a careful
engineer would keep (ruff at line length 100 with E501, no repeated block, symbolic
batch in the shape comments, the one optimizer it uses), and the app's probing is the
export plus an appended subclass, derived from the same plan."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile.export import python_source
from graphlab.compile.source import generate

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).parent / "ruff"
BACKENDS = ("torch", "tf")


def _files() -> dict[str, str]:
    """Every example's export for both backends, and the exports with training."""
    out = {}
    for name in examples.names():
        for backend in BACKENDS:
            out[f"{name}_{backend}.py"] = python_source(examples.example(name), backend)
    for name in ("digits_mlp", "digits_cnn", "xor"):
        for backend in BACKENDS:
            out[f"train_{name}_{backend}.py"] = python_source(examples.example(name), backend,
                                                              True)
    return out


def _methods(tree: ast.Module) -> list[str]:
    return [f.name for c in tree.body if isinstance(c, ast.ClassDef) for f in c.body
            if isinstance(f, ast.FunctionDef)]


def test_every_export_has_one_forward_body_and_no_probing():
    for file, text in _files().items():
        tree = ast.parse(text)
        methods = _methods(tree)
        for cls in (c for c in tree.body if isinstance(c, ast.ClassDef)):  # a block's own
            own = [f.name for f in cls.body if isinstance(f, ast.FunctionDef)]
            assert own.count("forward") <= 1, (file, cls.name)
        assert "forward" in methods, file
        assert not {"trace", "trace_native"} & set(methods), file
        for banned in ("WEIGHTS", "TorchOptimizer", "NHWC_VALUES", "ProbedModel", "trace("):
            assert banned not in text, (file, banned)


def test_exports_pass_ruff_at_line_length_100_with_e501(tmp_path):
    for file, text in _files().items():
        (tmp_path / file).write_text(text)
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), "--line-length", "100",
                          "--extend-select", "E501", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:]


@pytest.mark.skipif(shutil.which("duplicates") is None, reason="needs the duplicates tool")
def test_no_export_repeats_a_block_inside_itself(tmp_path):
    for file, text in _files().items():
        folder = tmp_path / file.removesuffix(".py")
        folder.mkdir()
        # init_weights is a table of draws (data): same-shaped blocks list same-shaped rows
        (folder / file).write_text(re.sub(r"(?ms)^def init_weights\(.*?^    }\n", "", text))
        out = subprocess.run(["duplicates", "--repo", str(folder)], capture_output=True,
                             text=True, timeout=60)
        assert out.stdout.startswith("no duplicates"), (file, out.stdout)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_apps_source_is_the_export_plus_a_probe_subclass(backend):
    for name in examples.names():
        gen = generate(examples.example(name), backend)
        assert gen.app_source.startswith(gen.source), name
        added = ast.parse(gen.app_source[len(gen.source):])
        assert [type(n).__name__ for n in added.body] == ["ClassDef"], name
        probe = added.body[0]
        assert probe.name == "ProbedModel" and [b.id for b in probe.bases] == [
            gen.plan.class_name]
        assert [f.name for f in probe.body if isinstance(f, ast.FunctionDef)] == ["trace"]
        # every line of the probe that computes a node maps to it (errors name the node)
        first = gen.source.count("\n") + 1
        mapped = {n for ln, n in gen.line_map.items() if ln > first}
        assert mapped == {s.id for s in gen.plan.steps if not s.spec.is_input}, name


def test_shape_comments_use_a_symbolic_batch_and_the_layout_the_line_computes():
    mlp = python_source(examples.example("digits_mlp"), "torch")
    assert "  # [N, 10]" in mlp
    for backend in BACKENDS:
        for name in examples.names():
            g = examples.example(name)
            g.set_meta(training={**g.training, "batch_size": 37})  # no other size is 37
            text = python_source(g, backend)
            assert not re.search(r"# \[37,", text), (name, backend)
    torch_cnn = python_source(examples.example("digits_cnn"), "torch")
    tf_cnn = python_source(examples.example("digits_cnn"), "tf")
    assert re.search(r"conv1 = self\.conv1\(.*# \[N, 16, 8, 8\]", torch_cnn)
    # TF convolves channels-last: its comment says so; the Flatten is back in NCHW order
    assert "# [N, 8, 8, 16], SAME" in tf_cnn and "[N, 16, 8, 8]" not in tf_cnn
    assert re.search(r"flatten = .*# \[N, 128\]", tf_cnn)


@pytest.mark.parametrize("optimizer,cls", [("adam", "Adam"), ("sgd", "SGD"),
                                           ("adamw", "AdamW"), ("rmsprop", "RMSprop")])
def test_a_tf_export_carries_only_the_optimizer_it_uses(optimizer, cls):
    g = examples.example("digits_mlp")
    g.set_meta(training={**g.training, "optimizer": optimizer, "optimizer_params": {}})
    tree = ast.parse(text := python_source(g, "tf"))
    classes = [c.name for c in tree.body if isinstance(c, ast.ClassDef)]
    assert classes == [g.name.title().replace("_", ""), cls]
    assert "tf.Variable(0, dtype=tf.int64, trainable=False)" in text  # an integer step
    opt = next(c for c in tree.body if isinstance(c, ast.ClassDef) and c.name == cls)
    assert f"torch.optim.{cls}'s rule" in ast.get_docstring(opt).splitlines()[0]
    make = next(f for f in tree.body if isinstance(f, ast.FunctionDef)
                and f.name == "make_optimizer")
    assert [a.arg for a in make.args.args] == ["model", "lr"]


def _load(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_both_files_offer_the_same_small_api_and_share_weight_files(tmp_path):
    torch = pytest.importorskip("torch")
    tf = pytest.importorskip("tensorflow")
    g = examples.example("digits_cnn")
    mods = {}
    for backend in BACKENDS:
        (tmp_path / f"cnn_{backend}.py").write_text(python_source(g, backend))
        mods[backend] = _load(tmp_path / f"cnn_{backend}.py")
    t = mods["torch"].Model(seed=3)
    f = mods["tf"].Model(seed=0)
    keys = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias"]
    assert list(t.get_weights()) == keys == list(f.get_weights())
    assert [k for k, _ in t.named_parameters()] == keys  # the attribute paths themselves
    t.save_weights(tmp_path / "w.npz")
    f.load_weights(tmp_path / "w.npz")
    x = np.random.default_rng(1).standard_normal((3, 64)).astype(np.float32)
    with torch.no_grad():
        want = t.eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(f(tf.constant(x)).numpy(), want, rtol=1e-4, atol=1e-5)
    for backend in BACKENDS:
        opt = mods[backend].make_optimizer(t if backend == "torch" else f, lr=0.5)
        assert type(opt).__name__ == "Adam"
        lr = opt.param_groups[0]["lr"] if backend == "torch" else opt.lr
        assert lr == 0.5
    # a file of another graph is refused by name, before anything is copied
    np.savez(tmp_path / "bad.npz", **{**t.get_weights(), "fc.weight": np.zeros((3, 3))},
             extra=np.zeros(2))
    before = f.get_weights()
    for model in (t, f):
        with pytest.raises(ValueError, match=r"fc\.weight has shape \[3, 3\], the model's "
                                             r"is \[10, 128\]; extra is not a weight"):
            model.load_weights(tmp_path / "bad.npz")
    np.testing.assert_array_equal(f.get_weights()["conv1.weight"], before["conv1.weight"])
    np.savez(tmp_path / "part.npz", **{"fc.bias": np.zeros(10, np.float32)})
    with pytest.raises(ValueError, match="conv1.weight is missing"):
        t.load_weights(tmp_path / "part.npz")


def test_training_file_says_what_it_does_saves_checkpoints_and_resumes(tmp_path):
    pytest.importorskip("torch")
    g = examples.example("xor")
    g.set_meta(training={**g.training, "epochs": 2})
    text = python_source(g, "torch", True)
    doc = ast.get_docstring(ast.parse(text))
    for words in ("trains the model", "loss and accuracy", "--save-weights PATH",
                  "--init-weights PATH", "PyTorch"):
        assert words in " ".join(doc.split()), words
    file = tmp_path / "train_xor.py"
    file.write_text(text)

    def run(*args):
        out = subprocess.run([sys.executable, str(file), *args], capture_output=True,
                             text=True, timeout=300, cwd=tmp_path)
        assert out.returncode == 0, out.stderr[-3000:]
        return re.findall(r"epoch (\d)/2  loss (\S+)  acc (\S+)", out.stdout)

    first = run("--save-weights", "ckpt.npz")
    assert [e for e, _, _ in first] == ["1", "2"]
    saved = dict(np.load(tmp_path / "ckpt.npz", allow_pickle=False))
    model = _load(file).Model(seed=0)
    assert set(saved) == set(model.get_weights())
    assert not np.allclose(saved["hidden.weight"], model.get_weights()["hidden.weight"])
    resumed = run("--init-weights", "ckpt.npz")
    assert float(resumed[0][1]) < float(first[0][1])  # it starts where the first run ended
