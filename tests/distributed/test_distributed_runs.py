"""Exported distributed scripts (export --distributed) on 2 processes train exactly like
on one: gloo ranks for torch, 2 MultiWorkerMirroredStrategy workers on localhost for TF,
each started as a bare interpreter that cannot import graphlab."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from graphlab import examples
from graphlab.compile.distributed import distributed_file
from tests.compile.test_export import ROOT, RUFF
from tests.distributed.helpers import assert_close, bare_env, digits_runs, weights

FRAMEWORK = {"torch": "torch", "tf": "tensorflow"}


@pytest.fixture(scope="module", params=["torch", "tf"])
def runs(request, tmp_path_factory):
    backend = request.param
    pytest.importorskip(FRAMEWORK[backend])
    folder = tmp_path_factory.mktemp(f"dist_{backend}")
    bare = subprocess.run([sys.executable, "-S", "-c", "import graphlab"], cwd=folder,
                          env=bare_env(), capture_output=True, timeout=60)
    assert bare.returncode != 0, "graphlab is importable there; the runs would prove nothing"
    return backend, folder, digits_runs(folder, backend)


def _init(folder, backend):
    """The seed's initial weights, from the exported file itself."""
    ns: dict = {}
    exec((folder / f"digits_mlp_{backend}_dist.py").read_text().split("\nclass ")[0], ns)  # noqa: S102
    return ns["init_weights"](0)


def test_one_step_on_two_processes_gives_the_one_process_update(runs):
    backend, folder, _ = runs
    one, two = weights(folder / "one1.npz"), weights(folder / "one2.npz")
    start = _init(folder, backend)
    assert all(not np.allclose(one[k], start[k], rtol=0, atol=1e-6) for k in one)  # it moved
    assert_close(two, one, rtol=1e-6)


def test_an_epoch_on_two_processes_matches_one_process_and_learns(runs):
    backend, folder, r = runs
    one, two = r["epoch1"].records[0], r["two"].records[0]
    for key in ("loss", "acc", "val_loss", "val_acc"):
        assert two[key] == pytest.approx(one[key], rel=1e-4), key
    assert one["val_acc"] > 0.6 and one["loss"] < math.log(10)  # chance: 0.1, ln 10
    assert_close(weights(folder / "two_1.npz", "weights/"),
                 weights(folder / "epoch1_1.npz", "weights/"), rtol=1e-4)
    # rank 0 alone reports: one line per epoch, the one-process run's format
    lines = r["two"].out.splitlines()
    assert [ln.split("  ")[0] for ln in lines if ln.startswith("epoch")] == ["epoch 1/2",
                                                                            "epoch 2/2"]
    assert "on 2 process(es)" in lines[-1]
    first = next(ln for ln in r["epoch1"].out.splitlines() if ln.startswith("epoch 1/1"))
    assert first.split("  ")[1:] == lines[0].split("  ")[1:]


def test_resuming_a_two_process_checkpoint_continues_the_uninterrupted_run(runs):
    backend, folder, r = runs
    resumed, straight = r["resumed"].records, r["two"].records
    assert [rec["epoch"] for rec in resumed] == [2]
    for key in ("loss", "acc", "val_loss"):
        assert resumed[0][key] == pytest.approx(straight[1][key], rel=1e-5), key
    assert straight[1]["loss"] < straight[0]["loss"]
    assert_close(weights(folder / "resumed_2.npz", "weights/"),
                 weights(folder / "two_2.npz", "weights/"), rtol=1e-5)
    assert [ln for ln in r["resumed"].out.splitlines() if ln.startswith("epoch")][0].startswith(
        "epoch 2/2")


def test_distributed_exports_of_every_example_pass_ruff(tmp_path):
    files = []
    for name in examples.names():
        for backend in ("torch", "tf"):
            try:
                text = distributed_file(examples.example(name), backend)
            except Exception as err:  # noqa: BLE001 - only "no loss" may refuse
                assert "with training" in str(err), (name, err)
                continue
            assert text.count("def epoch_batches(") == 1, (name, backend)
            path = tmp_path / f"{name}_{backend}.py"
            path.write_text(text)
            files.append(str(path))
    assert len(files) >= 10
    out = subprocess.run([str(RUFF), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), *files], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
