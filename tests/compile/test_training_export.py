"""Exports with training: composed from the model's own sections, lint-clean for every
example, saying what they need, and trained on the batches a session with the same seed
uses."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile.errors import CompileError
from graphlab.compile.export import python_source
from graphlab.compile.source import SECTIONS, compose, generate
from graphlab.compile.source_writer import SourceWriter
from graphlab.train.batching import epoch_batches
from tests.compile.test_export import ROOT, RUFF, run_without_graphlab

# Runs where graphlab (and scikit-learn: the file says it needs only numpy and the
# framework) cannot be imported: trains the exported file for two epochs and writes down
# every batch its loop asked for (the real function runs; it is only watched).
BATCH_DRIVER = '''
import importlib.util, json, sys
try:
    import graphlab  # noqa: F401
    raise SystemExit("graphlab is importable here; the test would prove nothing")
except ImportError:
    pass
sys.modules["sklearn"] = None  # import sklearn now raises ImportError
spec = importlib.util.spec_from_file_location("exported", "exported.py")
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
seen, real = [], mod.epoch_batches
def watched(n, batch_size, seed, epoch, *args):
    batches = real(n, batch_size, seed, epoch, *args)
    seen.append([epoch, [b.tolist() for b in batches]])
    return batches
mod.epoch_batches = watched
mod.train(mod.Model(seed=7), 2)
open("batches.json", "w").write(json.dumps(seen))
'''


def _graph():
    g = examples.example("seed_mlp")  # 800 training samples: 9 batches, the last of 32
    g.set_meta(seed=7, training={**g.training, "batch_size": 96, "epochs": 2})
    return g


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_exported_loop_trains_on_the_sessions_batches_in_the_sessions_order(tmp_path,
                                                                            backend):
    pytest.importorskip("torch" if backend == "torch" else "tensorflow")
    from graphlab.train import frames as F
    from graphlab.train.session import TrainingSession

    g = _graph()
    text = python_source(g, backend, with_training=True)
    framework = {"torch": "PyTorch", "tf": "TensorFlow"}[backend]
    assert f"Needs only numpy and {framework}. Run `python FILE`:" in " ".join(text.split())
    (tmp_path / "exported.py").write_text(text)
    proc = run_without_graphlab(tmp_path, BATCH_DRIVER)
    assert proc.returncode == 0, proc.stderr[-3000:]
    exported: dict[int, list] = {}
    for epoch, batches in json.loads((tmp_path / "batches.json").read_text()):
        exported[epoch] = batches

    session = TrainingSession(g, backend=backend, device="cpu")
    trained: dict[int, list] = {}

    def record(frame):  # called after each step, while last_batch is that step's batch
        if frame.kind in (F.STEP, F.PROBE):
            trained.setdefault(frame.epoch, []).append(session.last_batch[1].tolist())

    session.subscribe(record)
    session.start()
    assert session.wait(timeout=300).status == "finished"

    assert sorted(exported) == sorted(trained) == [1, 2]
    for epoch in (1, 2):
        assert exported[epoch] == trained[epoch], f"epoch {epoch}"
    assert [len(b) for b in trained[1]] == [96] * 8 + [32]
    assert trained[1] != trained[2]  # each epoch is shuffled anew


def _training_exports():
    for name in examples.names():
        for backend in ("torch", "tf"):
            g = examples.example(name)
            try:
                yield name, backend, generate(g, backend), python_source(g, backend, True)
            except CompileError as err:
                assert "with training" in str(err), err  # e.g. scalar_expr has no loss


def test_training_exports_keep_the_models_sections_verbatim_and_pass_ruff(tmp_path):
    files = []
    for name, backend, gen, text in _training_exports():
        for section in ("imports", "model", "loss", "optimizer"):
            lines = "\n".join(gen.sections[section].lines).strip("\n")
            assert lines and lines in text, (name, backend, section)
        for section in ("header", "main"):  # the forward-pass demo gives way to training
            lines = "\n".join(gen.sections[section].lines).strip("\n")
            assert lines not in text, (name, backend, section)
        doc = text[:text.index('"""', 3)]
        assert "It trains the model" in doc and "forward pass" not in doc, name
        assert ("scikit-learn" in doc) == ("from sklearn" in text), (name, backend)
        assert "import argparse\n\nimport numpy as np\n" in text, (name, backend)
        assert text.count("def epoch_batches(") == 1, (name, backend)
        path = tmp_path / f"{name}_{backend}.py"
        path.write_text(text)
        files.append(str(path))
    assert len(files) >= 10
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    out = subprocess.run([sys.executable, "-m", "py_compile", *files], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr


def _probe(gen):
    from graphlab.compile import tf_emit, torch_emit

    return (torch_emit if gen.backend == "torch" else tf_emit).probe_section(gen.plan)


def test_plain_sources_are_their_sections_composed():
    for name in examples.names():
        for backend in ("torch", "tf"):
            gen = generate(examples.example(name), backend)
            assert set(gen.sections) <= set(SECTIONS)
            assert compose(gen.sections)[0] == gen.source
            # the app's source: the same sections and the probe subclass after them
            assert compose({**gen.sections, "probe": _probe(gen)}) == (gen.app_source,
                                                                       gen.line_map)
            assert gen.source.endswith("\n") and not gen.source.endswith("\n\n")


def test_compose_orders_sections_skips_empty_ones_and_refuses_unknown_names():
    def part(*lines):
        w = SourceWriter()
        for line in lines:
            w.add(line, node="n" if line.startswith("x") else None)
        return w

    text, line_map = compose({"main": part("x = 2", ""), "loss": part(),
                              "header": part('"""Doc."""', ""), "imports": part("import os")})
    assert text == '"""Doc."""\n\nimport os\n\n\nx = 2\n'
    assert line_map == {6: "n"}
    with pytest.raises(ValueError, match="unknown sections \\['extra'\\]"):
        compose({"extra": part("x = 1")})


def test_epoch_batches_visit_every_sample_once_per_epoch_in_a_seeded_order():
    a = epoch_batches(10, 4, seed=3, epoch=1)
    assert [len(b) for b in a] == [4, 4, 2]
    assert sorted(np.concatenate(a).tolist()) == list(range(10))
    again = epoch_batches(10, 4, seed=3, epoch=1)
    assert [b.tolist() for b in a] == [b.tolist() for b in again]
    assert np.concatenate(a).tolist() != np.concatenate(epoch_batches(10, 4, 3, 2)).tolist()
    assert np.concatenate(a).tolist() != np.concatenate(epoch_batches(10, 4, 4, 1)).tolist()
    assert [b.tolist() for b in epoch_batches(5, 2, 3, 1, shuffle=False)] == [[0, 1], [2, 3],
                                                                              [4]]
    assert epoch_batches(0, 4, 3, 1) == []


def test_a_dataset_path_in_the_data_modules_docstring_runs_nothing(tmp_path):
    from graphlab.train.datasets import dataset_source

    rng = np.random.default_rng(2)
    path = tmp_path / 'd"""; raise SystemExit("the path ran"); """.csv'
    np.savetxt(path, np.column_stack([rng.integers(0, 2, 40), rng.normal(size=(40, 10))]),
               delimiter=",", header="label," + ",".join(f"f{i}" for i in range(10)),
               comments="")
    src = dataset_source(str(path), graph=examples.example("seed_mlp"), target="label")
    ns: dict = {}
    exec(compile(src, "data.py", "exec"), ns)  # noqa: S102 - the text under test
    x_train, y_train, x_val, y_val = ns["load_data"]()
    assert len(x_train) + len(x_val) == 40 and x_train.shape[1] == 10
