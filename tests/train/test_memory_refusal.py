"""A run that cannot fit in memory is refused before anything is compiled or allocated,
with the estimate and the budget in the message (exit 2 from `graphlab train`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graphlab import example
from graphlab.cli import main
from graphlab.graph.fileformat import save
from graphlab.train.memory import available_bytes, refusal
from graphlab.train.session import TrainingError, TrainingSession


def huge_graph():
    g = example("digits_mlp")  # fc1 64 -> 10**9 -> fc2: about 2 TiB to train
    fc1 = next(n for n in g.topo_order() if g.node(n).label == "fc1")
    fc2 = next(n for n in g.topo_order() if g.node(n).label == "fc2")
    g.set_attr(fc1, "out_features", 10**9)
    g.set_attr(fc2, "in_features", 10**9)
    assert not g.analysis.errors()
    return g


def test_a_huge_layer_is_refused_without_importing_the_framework(tmp_path):
    path = tmp_path / "huge.graphlab.json"
    save(huge_graph(), path)
    # in a fresh process, so we can see that torch was never imported (nothing compiled,
    # no weight created) by the time the refusal is printed
    script = ("import sys\nfrom graphlab.cli import main\ncode = main(['train', sys.argv[1]])\n"
              "print('torch imported' if 'torch' in sys.modules else 'no torch')\n"
              "sys.exit(code)\n")
    r = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert r.stdout.strip() == "no torch"
    assert "Traceback" not in r.stderr
    assert "the model needs about" in r.stderr and "TiB for weights, gradients, optimizer " \
        "state and activations at batch 64; this machine has" in r.stderr
    assert 'the largest node is Linear "fc1"' in r.stderr


def test_a_small_memory_limit_refuses_digits_cnn_with_the_numbers(capsys):
    assert main(["train", "digits_cnn", "--memory-limit-mb", "1", "--epochs", "1"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "Traceback" not in out.err
    assert out.err.startswith(
        "graphlab: the model needs about 1.9 MiB for weights, gradients, optimizer state and "
        "activations at batch 64; the limit is 1.0 MiB (--memory-limit-mb); lower the batch "
        "size (at 32 the estimate is 1.0 MiB) or the layer sizes")
    # the same graph fits once the batch is small enough, and trains
    assert main(["train", "digits_cnn", "--memory-limit-mb", "1", "--batch-size", "16",
                 "--max-steps", "2"]) == 0


@pytest.mark.parametrize("backend", ["torch", "tf"])
def test_the_session_refuses_before_compiling(backend):
    s = TrainingSession(example("digits_cnn"), backend=backend, memory_limit_mb=1.0)
    with pytest.raises(TrainingError, match=r"needs about 1\.9 MiB .* at batch 64"):
        s.prepare()
    with pytest.raises(TrainingError, match="the limit is 1.0 MiB"):
        s.start()  # start() checks again: the app gets the message, no worker starts
    assert s.result is None and s._thread is None


def test_the_free_memory_check_and_a_gpu_device():
    g = example("digits_cnn")
    free = available_bytes()
    assert free is None or free > 0
    assert refusal(g, 64, None, "cpu", available=10**12) is None
    assert "this machine has 1.0 KiB free" in refusal(g, 64, None, "cpu", available=1024)
    # on a GPU the activations live in its own memory; only the weights must fit here
    assert "needs about" in refusal(g, 64, None, "cuda", available=1024)
    assert "for the weights at batch 64" in refusal(g, 64, None, "cuda", available=1024)
