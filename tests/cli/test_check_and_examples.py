"""`graphlab check` and `graphlab examples`, run as a user runs them: a real subprocess."""

import json
import subprocess
import sys

import pytest

import graphlab
from graphlab.examples import names
from graphlab.graph.fileformat import save


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphlab", *args], capture_output=True,
                          text=True, timeout=120)


def test_examples_lists_every_example_and_the_zoo():
    r = run("examples")
    assert r.returncode == 0
    listed = [line.split()[0] for line in r.stdout.splitlines()]
    assert listed == ["seed_mlp", "xor", "digits_mlp", "digits_cnn", "residual", "scalar_expr",
                      "deep_sigmoid", "conv_stages", "lenet5", "resnet_digits",
                      "mobilenet_digits", "transformer_waveforms", "lstm_waveforms",
                      "conv_autoencoder"]


@pytest.mark.parametrize("name", names())
def test_check_passes_every_example(name):
    r = run("check", name, "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["valid"] and report["diagnostics"] == []
    assert report["totals"]["params"] > 0


def test_check_reports_errors_with_exit_1(tmp_path):
    g = graphlab.example("digits_mlp")
    g.set_attr(g.find("fc2"), "in_features", 100)
    path = save(g, tmp_path / "bad.graphlab.json")
    r = run("check", str(path))
    assert r.returncode == 1
    assert 'error: Linear "fc2", input x: expected last dim 100, got 128' in r.stdout


def test_check_unreadable_file_exit_2_without_traceback(tmp_path):
    path = tmp_path / "broken.graphlab.json"
    path.write_text('{"format": 2, "nodes": [', encoding="utf-8")
    r = run("check", str(path))
    assert r.returncode == 2
    assert "not valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_a_missing_file_names_the_examples_and_a_folder_is_not_read(tmp_path):
    r = run("check", str(tmp_path / "typo.graphlab.json"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "no file" in r.stderr and "digits_mlp" in r.stderr  # what could have been meant
    r = run("train", str(tmp_path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "a folder, not a graph file" in r.stderr


def test_check_memory_follows_batch_size():
    small = json.loads(run("check", "digits_mlp", "--json", "--batch-size", "1").stdout)
    big = json.loads(run("check", "digits_mlp", "--json", "--batch-size", "100").stdout)
    assert big["totals"]["param_bytes"] == small["totals"]["param_bytes"]
    relu = {n["label"]: n for n in small["nodes"]}["relu"]["memory_bytes"]
    assert {n["label"]: n for n in big["nodes"]}["relu"]["memory_bytes"] == 100 * relu
    assert big["totals"]["activation_bytes"] > 90 * small["totals"]["activation_bytes"]


def test_graph_layer_imports_no_qt_and_no_framework():
    code = ("import sys, graphlab, graphlab.graph, graphlab.examples\n"
            "from graphlab.cli import main\n"
            "main(['check', 'seed_mlp'])\n"
            "bad = [m for m in ('PySide6', 'torch', 'tensorflow') if m in sys.modules]\n"
            "assert not bad, bad\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_output_into_a_closed_pipe_is_not_an_error():
    # the reader closes its end before graphlab writes, as `| head` does on a long listing
    p = subprocess.Popen([sys.executable, "-m", "graphlab", "datasets"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_check_refuses_what_train_would_refuse_about_the_dataset(tmp_path):
    g = graphlab.example("xor")
    cases = {"missing.csv": "does not exist", "folder.npz": "is a folder",
             "no_such_set": "unknown dataset 'no_such_set'"}
    (tmp_path / "folder.npz").mkdir()
    for dataset, message in cases.items():
        g.set_meta(training={**g.training, "dataset": dataset})
        path = save(g, tmp_path / f"{dataset}.graphlab.json")
        r = run("check", str(path))
        assert r.returncode == 1, r.stdout + r.stderr
        assert "error: dataset:" in r.stdout and message in r.stdout, r.stdout
        trained = run("train", str(path), "--epochs", "1")
        assert trained.returncode == 2 and "Traceback" not in trained.stderr, trained.stderr
